import { createContext, useCallback, useContext } from 'react';
import { DEFAULT_LANG, format, type Lang, type Params, type Texts } from './texts';

export const LangContext = createContext<Lang>(DEFAULT_LANG);

export function useLang(): Lang {
  return useContext(LangContext);
}

/** `const t = useT(texts); t('key', { n: 3 })` in the current UI language. */
export function useT<K extends string>(texts: Texts<K>): (key: K, params?: Params) => string {
  const lang = useLang();
  return useCallback((key: K, params?: Params) => format(texts[lang][key], params, lang), [lang, texts]);
}
