/**
 * Typed, per-module texts. Each module (a section, a shared widget) declares its strings once with
 * `defineTexts({ ru: {...}, en: {...} })`. The type demands that every key exists in both languages,
 * and `registry` lets the completeness test check all modules at run time as well.
 *
 * Placeholders: `{name}` in a string is replaced by `params.name` in `format()`; counts take their
 * grammatical form from `{name, plural, one {…} few {…} many {…} other {…}}` (see `format`).
 */
export const LANGS = ['ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'ru';

export type TextTable<K extends string> = Readonly<Record<K, string>>;
export interface Texts<K extends string> {
  readonly id: string;
  readonly ru: TextTable<K>;
  readonly en: TextTable<K>;
}

const registry = new Map<string, Texts<string>>();

/** Declare a module's texts. `id` must be unique (it names the module in the completeness test). */
export function defineTexts<K extends string>(id: string, tables: { ru: TextTable<K>; en: TextTable<K> }): Texts<K> {
  const texts: Texts<K> = { id, ru: tables.ru, en: tables.en };
  registry.set(id, texts as Texts<string>);
  return texts;
}

export function registeredTexts(): readonly Texts<string>[] {
  return [...registry.values()];
}

export type Params = Readonly<Record<string, string | number>>;

/**
 * `{name, plural, one {# объект} few {# объекта} many {# объектов} other {# объекта}}`: the form chosen
 * by `Intl.PluralRules(lang)` for `params.name` (`#` is the number). Russian needs one/few/many/other
 * (1, 21 объект · 2–4 объекта · 5–20 объектов · 1.5 объекта), English one/other; the completeness test
 * checks each plural of each language has exactly its language's forms.
 */
const PLURAL = /\{(\w+), plural,((?:\s*\w+\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(\w+)\s*\{([^{}]*)\}/g;

const pluralRules = new Map<string, Intl.PluralRules>();
function rulesFor(lang: Lang): Intl.PluralRules {
  let r = pluralRules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang);
    pluralRules.set(lang, r);
  }
  return r;
}

/** The plural forms of a template: `[{ name, forms: { one: '…', few: '…', … } }]`. */
export function pluralBlocks(template: string): { name: string; forms: Record<string, string> }[] {
  return [...template.matchAll(PLURAL)].map((m) => ({
    name: m[1]!,
    forms: Object.fromEntries([...m[2]!.matchAll(PLURAL_FORM)].map((f) => [f[1]!, f[2]!])),
  }));
}

/** The plural categories a language distinguishes (ru: few, many, one, other; en: one, other). */
export function pluralCategories(lang: Lang): string[] {
  return [...rulesFor(lang).resolvedOptions().pluralCategories].sort();
}

/** A count given as a number or as a number already formatted for display ("1 179 648", "25,557,032", "1,5"). */
function countOf(v: string | number | undefined, lang: Lang): number {
  if (typeof v === 'number') return v;
  if (v === undefined) return NaN;
  const digits = v.replace(/[\s\u00a0\u202f]/g, '');
  return Number(lang === 'ru' ? digits.replace(',', '.') : digits.replace(/,/g, ''));
}

export function format(template: string, params?: Params, lang: Lang = DEFAULT_LANG): string {
  if (!params) return template;
  const withPlurals = template.replace(PLURAL, (whole, name: string, body: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    const n = countOf(v, lang);
    const forms = Object.fromEntries([...body.matchAll(PLURAL_FORM)].map((f) => [f[1]!, f[2]!]));
    // Not a number ("—"): the general form.
    const form = (Number.isFinite(n) ? forms[rulesFor(lang).select(n)] : undefined) ?? forms.other ?? '';
    return form.replace(/#/g, String(v));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/** Placeholders used in a template (plain and plural ones), sorted: both languages of a key must use the same ones. */
export function placeholders(template: string): string[] {
  const plural = pluralBlocks(template).map((b) => b.name);
  const plain = [...template.replace(PLURAL, '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return [...new Set([...plural, ...plain])].sort();
}
