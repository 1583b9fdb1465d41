/**
 * Batch normalization, the arithmetic (reference for the tf version and the page's numbers).
 * For a conv output [N, H, W, C] BN keeps one mean and one variance per channel (filter), taken over
 * all N·H·W values of that channel in the batch — the lecture's 32×32×16 output with batch 64 gives
 * 16 means and 16 variances, each over 64·32·32 = 65 536 numbers. For a dense layer [N, D]: D of each.
 * Variance is the biased one (divide by the count), as in training-mode BN; y = γ·(x − μ)/√(σ² + ε) + β.
 * Inference uses running averages: r ← m·r + (1 − m)·batch (momentum m, 0.9 here, like Keras' 0.99
 * but faster to watch; PyTorch writes the same rule with 1 − m = 0.1).
 */

export const BN_EPSILON = 1e-3;

export interface BnStatShape {
  /** Number of means (= number of variances): one per channel. */
  readonly channels: number;
  /** Values each mean is taken over. */
  readonly valuesPerStat: number;
  /** Axes reduced, in NHWC (or ND) terms. */
  readonly axes: readonly number[];
}

/** Shape of BN's statistics for an activation of `shape` ([N, H, W, C] or [N, D]). */
export function bnStatShape(shape: readonly number[]): BnStatShape {
  if (shape.length < 2) throw new Error('BN needs a batch axis and a channel axis');
  const channels = shape[shape.length - 1]!;
  const axes = shape.slice(0, -1).map((_, i) => i);
  return { channels, valuesPerStat: shape.slice(0, -1).reduce((a, b) => a * b, 1), axes };
}

export interface BnStats {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/** Per-channel mean and biased variance of channel-last data (`channels` = the last axis). Two-pass, in float64. */
export function batchStats(data: ArrayLike<number>, channels: number): BnStats {
  const n = data.length / channels;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${data.length} values are not a whole number of ${channels}-channel rows`);
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let i = 0; i < data.length; i++) mean[i % channels]! += data[i]!;
  for (let c = 0; c < channels; c++) mean[c]! /= n;
  for (let i = 0; i < data.length; i++) {
    const d = data[i]! - mean[i % channels]!;
    variance[i % channels]! += d * d;
  }
  for (let c = 0; c < channels; c++) variance[c]! /= n;
  return { mean, variance };
}

/** y = γ(x − μ)/√(σ² + ε) + β per channel (γ = 1, β = 0 when omitted). */
export function normalize(data: ArrayLike<number>, stats: BnStats, gamma?: ArrayLike<number>, beta?: ArrayLike<number>, eps = BN_EPSILON): Float32Array {
  const c = stats.mean.length;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const ch = i % c;
    out[i] = (gamma ? gamma[ch]! : 1) * ((data[i]! - stats.mean[ch]!) / Math.sqrt(stats.variance[ch]! + eps)) + (beta ? beta[ch]! : 0);
  }
  return out;
}

/** One running-average update r ← m·r + (1 − m)·b, for means and variances. */
export function updateRunning(running: BnStats, batch: BnStats, momentum: number): BnStats {
  const mix = (r: Float64Array, b: Float64Array) => r.map((v, i) => momentum * v + (1 - momentum) * b[i]!);
  return { mean: mix(running.mean, batch.mean), variance: mix(running.variance, batch.variance) };
}

export interface Histogram {
  readonly lo: number;
  readonly hi: number;
  readonly counts: Uint32Array;
}

/** Counts of `data` in `bins` equal bins over [lo, hi]; values outside go to the end bins. */
export function histogram(data: ArrayLike<number>, bins: number, lo: number, hi: number): Histogram {
  const counts = new Uint32Array(bins);
  const w = (hi - lo) / bins;
  for (let i = 0; i < data.length; i++) {
    const b = Math.floor((data[i]! - lo) / w);
    counts[Math.min(bins - 1, Math.max(0, b))]!++;
  }
  return { lo, hi, counts };
}
