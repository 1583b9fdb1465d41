/**
 * Pure helpers of the vanishing / exploding gradients experiment.
 *
 * Backprop through a dense layer z = W·h, h' = f(z) multiplies the error by diag(f'(z))·Wᵀ, so
 * ‖δ_l‖ ≤ max|f'| · ‖W_{l+1}‖₂ · ‖δ_{l+1}‖. For the sigmoid max σ' = σ'(0) = 1/4, so from the last
 * hidden layer back to the first the gradient shrinks by at least Π (‖W_l‖₂ / 4) — the lecture's
 * "σ'(x) ≤ 1/4, and a product of many numbers below one goes to zero".
 */

/** Largest singular value of a row-major [rows, cols] matrix, by power iteration on WᵀW (float64). */
export function spectralNorm(w: ArrayLike<number>, rows: number, cols: number, iterations = 200): number {
  let v = new Float64Array(cols).map((_, i) => 1 + ((i * 7919) % 13) / 13);
  let sigma = 0;
  for (let it = 0; it < iterations; it++) {
    const u = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += w[r * cols + c]! * v[c]!;
      u[r] = s;
    }
    const next = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) next[c]! += w[r * cols + c]! * u[r]!;
    const norm = Math.hypot(...next);
    if (norm === 0) return 0;
    sigma = Math.sqrt(norm / Math.hypot(...v));
    v = next.map((x) => x / norm);
  }
  return sigma;
}

/** The sigmoid bound on ‖δ_first‖ / ‖δ_last‖: Π over the matrices between them of ‖W‖₂ / 4. */
export function sigmoidShrinkBound(spectralNorms: readonly number[]): number {
  return spectralNorms.reduce((p, s) => p * (s / 4), 1);
}

/** log10 of each value (−∞ for 0), for plotting norms that span many orders of magnitude. */
export function log10s(values: readonly number[]): number[] {
  return values.map((v) => (v > 0 ? Math.log10(v) : Number.NEGATIVE_INFINITY));
}

/** Orders of magnitude between the last and the first layer's norms: log10(last / first). */
export function ordersOfMagnitude(norms: readonly number[]): number {
  const first = norms[0]!;
  const last = norms[norms.length - 1]!;
  return Math.log10(last) - Math.log10(first);
}
