import type { Lang } from '../../i18n/texts';

/** A table number in the reader's language: 1 decimal ≥ 1, 2 decimals below, 2 significant digits under 0.1; null → —. */
export function formatNum(v: number | null, lang: Lang): string {
  if (v === null) return '—';
  const opts: Intl.NumberFormatOptions =
    v < 0.1 ? { maximumSignificantDigits: 2 } : v >= 1 ? { minimumFractionDigits: Number.isInteger(v) && v >= 10 ? 0 : 1, maximumFractionDigits: 1 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  return v.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US', opts);
}
