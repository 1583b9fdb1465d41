/** Number formatting for the arithmetic views (KaTeX strings are built from numbers only). */
export function fx(v: number, digits = 4): string {
  return Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

/** A number for a formula: negative values in parentheses, so "· (−0.12)" reads right. */
export function tx(v: number, digits = 4): string {
  const s = fx(v, digits);
  return v < 0 ? `(${s})` : s;
}

export function sci(v: number): string {
  return v === 0 ? '0' : v.toExponential(1);
}
