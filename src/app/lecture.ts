/**
 * Shell-level settings of a lecture: the theme (light / dark / projector / high contrast), lecturer mode
 * (`?present=1`), the remembered language, and the remembered page state per section (so leaving a
 * section and coming back by any link keeps its photo, step and settings).
 */
import { isLang, type Lang } from '../i18n/texts';

export const THEMES = ['light', 'dark', 'projector', 'contrast'] as const;
export type Theme = (typeof THEMES)[number];

export function isTheme(x: unknown): x is Theme {
  return typeof x === 'string' && (THEMES as readonly string[]).includes(x);
}

function storageGet(store: 'local' | 'session', key: string): string | null {
  try {
    return (store === 'local' ? localStorage : sessionStorage).getItem(key);
  } catch {
    return null;
  }
}

function storageSet(store: 'local' | 'session', key: string, value: string): void {
  try {
    (store === 'local' ? localStorage : sessionStorage).setItem(key, value);
  } catch {
    // private mode: nothing remembered
  }
}

const LANG_KEY = 'cv-lecture.lang';
const THEME_KEY = 'cv-lecture.theme';
const QUERY_KEY = 'cv-lecture.queries';

/** `?lang=` wins; else the language chosen last time; else the default. */
export function resolveLang(param: string | null, fallback: Lang): Lang {
  if (isLang(param)) return param;
  const stored = storageGet('local', LANG_KEY);
  return isLang(stored) ? stored : fallback;
}

export function rememberLang(lang: Lang): void {
  storageSet('local', LANG_KEY, lang);
}

/** `?theme=` wins; lecturer mode defaults to the projector theme; else the theme chosen last time, else light (or dark from the system). */
export function resolveTheme(param: string | null, present: boolean): Theme {
  if (isTheme(param)) return param;
  const stored = storageGet('local', THEME_KEY);
  if (present) return stored === 'contrast' ? 'contrast' : 'projector';
  if (isTheme(stored)) return stored;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function rememberTheme(theme: Theme): void {
  storageSet('local', THEME_KEY, theme);
}

/** The last page query of each section in this tab (sessionStorage). */
export function rememberedQuery(path: string): string {
  try {
    const all = JSON.parse(storageGet('session', QUERY_KEY) ?? '{}') as Record<string, string>;
    return typeof all[path] === 'string' ? all[path] : '';
  } catch {
    return '';
  }
}

export function rememberQuery(path: string, query: string): void {
  let all: Record<string, string>;
  try {
    all = JSON.parse(storageGet('session', QUERY_KEY) ?? '{}') as Record<string, string>;
  } catch {
    all = {};
  }
  const next = Object.fromEntries(Object.entries(all).filter(([p]) => p !== path));
  if (query) next[path] = query;
  storageSet('session', QUERY_KEY, JSON.stringify(next));
}

/** Focus is on something that takes keys itself: section keys must not fire. */
export function isControl(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t === document.body || t.tagName === 'MAIN') return false;
  if (t.isContentEditable) return true;
  if (['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY', 'AUDIO', 'VIDEO'].includes(t.tagName)) return true;
  const role = t.getAttribute('role');
  if (role && ['slider', 'button', 'link', 'tab', 'spinbutton', 'listbox', 'option', 'radio', 'checkbox', 'menuitem', 'grid', 'gridcell', 'textbox', 'combobox', 'application'].includes(role)) return true;
  // A focusable widget of its own (tabindex ≥ 0), e.g. a canvas picking cells with the arrows.
  return t.tabIndex >= 0 && t.hasAttribute('tabindex');
}

/** Touch-first device (phones, tablets): hints speak of tapping, not of keys or hovering. */
export function isTouch(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;
}
