/**
 * Locale completeness: every text module has the same keys in ru and en, no empty string, and the
 * same {placeholders} in both languages. Modules register themselves on import, so import them all.
 */
import { describe, expect, it } from 'vitest';
import { placeholders, registeredTexts, format } from '../../src/i18n/texts';
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
});
