/**
 * Locale completeness: every text module has the same keys in ru and en, no empty string, and the
 * same {placeholders} in both languages, every plural with exactly its language's forms (Intl.PluralRules),
 * and no count in the Russian UI left without its plural form. Modules register themselves on import, so import them all.
 */
import { describe, expect, it } from 'vitest';
import { placeholders, pluralBlocks, pluralCategories, registeredTexts, format, LANGS } from '../../src/i18n/texts';
import { RU_COCO_NAMES } from '../../src/i18n/cocoNames';
import { COCO_CATEGORIES } from '../../src/core/cocoClasses';

const modules = import.meta.glob(['../../src/**/*texts.ts', '../../src/**/meta.ts', '../../src/**/*.texts.ts'], { eager: true });

describe('i18n', () => {
  it('found the text modules', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(3);
    expect(registeredTexts().length).toBeGreaterThan(3);
  });

  it.each(registeredTexts().map((t) => [t.id, t] as const))('%s: same keys, non-empty, same placeholders', (_id, t) => {
    expect(Object.keys(t.ru).sort()).toEqual(Object.keys(t.en).sort());
    for (const k of Object.keys(t.en)) {
      const ru = t.ru[k]!;
      const en = t.en[k]!;
      expect(ru.trim(), `${k} (ru)`).not.toBe('');
      expect(en.trim(), `${k} (en)`).not.toBe('');
      expect(placeholders(ru), k).toEqual(placeholders(en));
    }
  });

  it('Russian texts are Russian: each module has Cyrillic in most of its strings', () => {
    for (const t of registeredTexts()) {
      const values = Object.values(t.ru);
      const cyr = values.filter((v) => /[а-яё]/i.test(v)).length;
      expect(cyr / values.length, t.id).toBeGreaterThan(0.6);
    }
  });

  it('every COCO class has a Russian name', () => {
    for (const [id] of COCO_CATEGORIES) expect(RU_COCO_NAMES[id], String(id)).toBeTruthy();
  });

  it('format fills placeholders and leaves unknown ones', () => {
    expect(format('{a} + {b} = {c}', { a: 1, b: 2 })).toBe('1 + 2 = {c}');
  });

  it.each(registeredTexts().map((t) => [t.id, t] as const))('%s: every plural has exactly its language’s forms', (_id, t) => {
    for (const lang of LANGS) {
      for (const [k, v] of Object.entries(t[lang])) {
        for (const b of pluralBlocks(v)) expect(Object.keys(b.forms).sort(), `${k} (${lang}) {${b.name}}`).toEqual(pluralCategories(lang));
      }
    }
  });

  it('Russian needs one/few/many/other and English one/other (CLDR)', () => {
    expect(pluralCategories('ru')).toEqual(['few', 'many', 'one', 'other']);
    expect(pluralCategories('en')).toEqual(['one', 'other']);
  });

  it('plural forms follow Russian grammar: 1, 21 объект · 2–4, 22 объекта · 5–20, 25, 111 объектов · 1,5 объекта', () => {
    const ru = '{n, plural, one {# объект} few {# объекта} many {# объектов} other {# объекта}}';
    const cases: [number | string, string][] = [
      [1, '1 объект'], [21, '21 объект'], [101, '101 объект'], [2, '2 объекта'], [4, '4 объекта'], [22, '22 объекта'],
      [0, '0 объектов'], [5, '5 объектов'], [11, '11 объектов'], [12, '12 объектов'], [14, '14 объектов'], [25, '25 объектов'],
      [111, '111 объектов'], [1.5, '1.5 объекта'], ['1 179 648', '1 179 648 объектов'], ['1\u00a0181', '1\u00a0181 объект'],
    ];
    for (const [n, want] of cases) expect(format(ru, { n }, 'ru'), String(n)).toBe(want);
    const en = '{n, plural, one {# object} other {# objects}}';
    expect([0, 1, 2, 21].map((n) => format(en, { n }, 'en'))).toEqual(['0 objects', '1 object', '2 objects', '21 objects']);
    expect(format('Готово: {n, plural, one {# шаг} few {# шага} many {# шагов} other {# шага}} за {s} с.', { n: 3, s: 2 }, 'ru')).toBe('Готово: 3 шага за 2 с.');
    expect(placeholders('{a} и {n, plural, one {# x} other {# y}}')).toEqual(['a', 'n']);
  });

  it('no count in the Russian UI without its plural form («{n} объектов» must be a plural)', () => {
    const counted = /\{(?!name\}|file\})\w+\}\)?\s+(?:[а-яё]+(?:ых|их|ой|ей)\s+)?(?:объект|рамк|рамок|маск|масок|шаг|батч|вес|параметр|произведени|клетк|клеток|вход|картин|точ|пар\b|изображени|якор|значени)/i;
    const bare: string[] = [];
    for (const t of registeredTexts()) {
      for (const [k, v] of Object.entries(t.ru)) if (counted.test(v.replace(/\{\w+, plural,(?:\s*\w+\s*\{[^{}]*\})+\s*\}/g, ''))) bare.push(`${t.id}.${k}: ${v.slice(0, 90)}`);
    }
    expect(bare).toEqual([]);
  });
});
