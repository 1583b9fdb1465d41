/**
 * Typed, per-module texts. Each module (a section, a shared widget) declares its strings once with
 * `defineTexts({ ru: {...}, en: {...} })`. The type demands that every key exists in both languages,
 * and `registry` lets the completeness test check all modules at run time as well.
 *
 * Placeholders: `{name}` in a string is replaced by `params.name` in `format()`.
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

export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/** Placeholders used in a template, sorted: both languages of a key must use the same ones. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
