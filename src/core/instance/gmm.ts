/**
 * Gaussian mixture colour models (full 3×3 covariances) as GrabCut uses them: k-means++ start
 * (seeded), hard assignment of each pixel to its most likely component, refit from the assignment.
 */
import { mulberry32 } from '../random';

export interface Gmm {
  readonly k: number;
  readonly weights: Float64Array;
  readonly means: Float64Array; // k × 3
  /** Inverse covariances, k × 9. */
  readonly inv: Float64Array;
  /** log(weight) − ½ log det Σ − 3/2 log 2π, per component. */
  readonly logNorm: Float64Array;
}

const EPS = 0.01;

/** Fit a GMM to the colours `rgb[3i..3i+2]` of samples `idx`, given a component label per sample. */
export function fitGmm(rgb: Float32Array, idx: Int32Array, labels: Int32Array, k: number): Gmm {
  const cnt = new Float64Array(k), sum = new Float64Array(k * 3), prod = new Float64Array(k * 9);
  for (let s = 0; s < idx.length; s++) {
    const c = labels[s]!, p = idx[s]! * 3;
    const r = rgb[p]!, g = rgb[p + 1]!, b = rgb[p + 2]!;
    cnt[c] = cnt[c]! + 1;
    sum[c * 3] = sum[c * 3]! + r; sum[c * 3 + 1] = sum[c * 3 + 1]! + g; sum[c * 3 + 2] = sum[c * 3 + 2]! + b;
    const o = c * 9;
    prod[o] = prod[o]! + r * r; prod[o + 1] = prod[o + 1]! + r * g; prod[o + 2] = prod[o + 2]! + r * b;
    prod[o + 4] = prod[o + 4]! + g * g; prod[o + 5] = prod[o + 5]! + g * b; prod[o + 8] = prod[o + 8]! + b * b;
  }
  const weights = new Float64Array(k), means = new Float64Array(k * 3), inv = new Float64Array(k * 9), logNorm = new Float64Array(k);
  const total = idx.length;
  for (let c = 0; c < k; c++) {
    const n = cnt[c]!;
    if (n === 0) {
      logNorm[c] = -Infinity;
      inv[c * 9] = inv[c * 9 + 4] = inv[c * 9 + 8] = 1;
      continue;
    }
    weights[c] = n / total;
    const m0 = sum[c * 3]! / n, m1 = sum[c * 3 + 1]! / n, m2 = sum[c * 3 + 2]! / n;
    means[c * 3] = m0; means[c * 3 + 1] = m1; means[c * 3 + 2] = m2;
    const o = c * 9;
    const a = prod[o]! / n - m0 * m0 + EPS, bq = prod[o + 1]! / n - m0 * m1, cq = prod[o + 2]! / n - m0 * m2;
    const d = prod[o + 4]! / n - m1 * m1 + EPS, e = prod[o + 5]! / n - m1 * m2, f = prod[o + 8]! / n - m2 * m2 + EPS;
    // symmetric [[a b c] [b d e] [c e f]]
    const A = d * f - e * e, B = -(bq * f - e * cq), C = bq * e - d * cq;
    let det = a * A + bq * B + cq * C;
    if (!(det > 1e-12)) det = 1e-12;
    inv[o] = A / det; inv[o + 1] = B / det; inv[o + 2] = C / det;
    inv[o + 3] = B / det; inv[o + 4] = (a * f - cq * cq) / det; inv[o + 5] = -(a * e - bq * cq) / det;
    inv[o + 6] = C / det; inv[o + 7] = inv[o + 5]!; inv[o + 8] = (a * d - bq * bq) / det;
    logNorm[c] = Math.log(weights[c]!) - 0.5 * Math.log(det) - 1.5 * Math.log(2 * Math.PI);
  }
  return { k, weights, means, inv, logNorm };
}

/** log N_c(z) + log π_c for component c. */
export function componentLogLik(g: Gmm, c: number, r: number, gr: number, b: number): number {
  const ln = g.logNorm[c]!;
  if (ln === -Infinity) return -Infinity;
  const d0 = r - g.means[c * 3]!, d1 = gr - g.means[c * 3 + 1]!, d2 = b - g.means[c * 3 + 2]!;
  const o = c * 9, I = g.inv;
  const q = d0 * (I[o]! * d0 + I[o + 1]! * d1 + I[o + 2]! * d2)
    + d1 * (I[o + 3]! * d0 + I[o + 4]! * d1 + I[o + 5]! * d2)
    + d2 * (I[o + 6]! * d0 + I[o + 7]! * d1 + I[o + 8]! * d2);
  return ln - 0.5 * q;
}

/** −log Σ_c π_c N_c(z): the data cost of a colour under the mixture. */
export function gmmNegLogLik(g: Gmm, r: number, gr: number, b: number): number {
  // log-sum-exp over at most a handful of components, without allocating
  let max = -Infinity;
  for (let c = 0; c < g.k; c++) {
    const ll = componentLogLik(g, c, r, gr, b);
    if (ll > max) max = ll;
  }
  if (max === -Infinity) return 1e3;
  let s = 0;
  for (let c = 0; c < g.k; c++) s += Math.exp(componentLogLik(g, c, r, gr, b) - max);
  return -(max + Math.log(s));
}

/** The most likely component of each sample. */
export function assignComponents(g: Gmm, rgb: Float32Array, idx: Int32Array, labels: Int32Array): void {
  for (let s = 0; s < idx.length; s++) {
    const p = idx[s]! * 3;
    let best = 0, bestLl = -Infinity;
    for (let c = 0; c < g.k; c++) {
      const ll = componentLogLik(g, c, rgb[p]!, rgb[p + 1]!, rgb[p + 2]!);
      if (ll > bestLl) { bestLl = ll; best = c; }
    }
    labels[s] = best;
  }
}

/** k-means++ seeding and a few Lloyd iterations: the initial component of each sample. */
export function kmeansLabels(rgb: Float32Array, idx: Int32Array, k: number, seed: number, iterations = 5): Int32Array {
  const n = idx.length;
  const labels = new Int32Array(n);
  if (n === 0) return labels;
  const rnd = mulberry32(seed);
  const centers = new Float64Array(k * 3);
  const d2 = new Float64Array(n).fill(Infinity);
  const setCenter = (c: number, s: number) => {
    const p = idx[s]! * 3;
    centers[c * 3] = rgb[p]!; centers[c * 3 + 1] = rgb[p + 1]!; centers[c * 3 + 2] = rgb[p + 2]!;
  };
  setCenter(0, Math.floor(rnd() * n));
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let s = 0; s < n; s++) {
      const p = idx[s]! * 3;
      const a = rgb[p]! - centers[(c - 1) * 3]!, b = rgb[p + 1]! - centers[(c - 1) * 3 + 1]!, e = rgb[p + 2]! - centers[(c - 1) * 3 + 2]!;
      d2[s] = Math.min(d2[s]!, a * a + b * b + e * e);
      total += d2[s]!;
    }
    let pick = rnd() * total, s = 0;
    for (; s < n - 1; s++) {
      pick -= d2[s]!;
      if (pick <= 0) break;
    }
    setCenter(c, s);
  }
  const sums = new Float64Array(k * 3), cnt = new Float64Array(k);
  for (let it = 0; it <= iterations; it++) {
    for (let s = 0; s < n; s++) {
      const p = idx[s]! * 3;
      let best = 0, bd = Infinity;
      for (let c = 0; c < k; c++) {
        const a = rgb[p]! - centers[c * 3]!, b = rgb[p + 1]! - centers[c * 3 + 1]!, e = rgb[p + 2]! - centers[c * 3 + 2]!;
        const d = a * a + b * b + e * e;
        if (d < bd) { bd = d; best = c; }
      }
      labels[s] = best;
    }
    if (it === iterations) break;
    sums.fill(0); cnt.fill(0);
    for (let s = 0; s < n; s++) {
      const c = labels[s]!, p = idx[s]! * 3;
      sums[c * 3] = sums[c * 3]! + rgb[p]!; sums[c * 3 + 1] = sums[c * 3 + 1]! + rgb[p + 1]!; sums[c * 3 + 2] = sums[c * 3 + 2]! + rgb[p + 2]!; cnt[c] = cnt[c]! + 1;
    }
    for (let c = 0; c < k; c++) {
      if (cnt[c]! > 0) for (let j = 0; j < 3; j++) centers[c * 3 + j] = sums[c * 3 + j]! / cnt[c]!;
    }
  }
  return labels;
}
