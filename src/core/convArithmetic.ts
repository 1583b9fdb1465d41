/**
 * Convolution arithmetic (Dumoulin & Visin, "A guide to convolution arithmetic"), with TensorFlow's
 * padding conventions, per axis: output sizes, paddings, which input cells feed an output cell, how a
 * transposed convolution "stamps" its kernel, and small reference implementations on plain arrays
 * (the page computes the numbers with tf.conv2d / tf.conv2dTranspose; the tests check both agree).
 *
 * Square grids throughout: an `n × n` grid is a row-major array of length n².
 */
import { mulberry32 } from './random';

/** 'valid' (no padding), 'same' (TF: out = ⌈i/s⌉, extra pad at the end) or explicit symmetric p. */
export type Padding = 'valid' | 'same' | number;

/** Effective kernel size of a dilated kernel: k + (k − 1)(d − 1). */
export function effectiveKernel(k: number, dilation = 1): number {
  return k + (k - 1) * (dilation - 1);
}

/** o = ⌊(i + 2p − k_eff)/s⌋ + 1 (explicit, symmetric padding p). May be ≤ 0 when the kernel does not fit. */
export function convOutputSize(i: number, k: number, s = 1, p = 0, dilation = 1): number {
  return Math.floor((i + 2 * p - effectiveKernel(k, dilation)) / s) + 1;
}

/** o = s(i − 1) + k − 2p + output_padding (the transposed convolution of `convOutputSize`). */
export function transposedOutputSize(i: number, k: number, s = 1, p = 0, outputPadding = 0): number {
  return s * (i - 1) + k - 2 * p + outputPadding;
}

export interface AxisGeometry {
  /** Input length. */
  readonly input: number;
  /** Output length (≤ 0: the kernel does not fit). */
  readonly output: number;
  /** Zero padding before (top/left) and after (bottom/right) the input. */
  readonly padBefore: number;
  readonly padAfter: number;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
}

/** One axis of tf.conv2d with TF's padding rules (SAME puts the odd extra pixel at the end). */
export function convAxis(i: number, k: number, s: number, padding: Padding, dilation = 1): AxisGeometry {
  const ke = effectiveKernel(k, dilation);
  if (padding === 'valid') {
    return { input: i, output: Math.floor((i - ke) / s) + 1, padBefore: 0, padAfter: 0, kernel: k, stride: s, dilation };
  }
  if (padding === 'same') {
    const output = Math.ceil(i / s);
    const total = Math.max((output - 1) * s + ke - i, 0);
    const padBefore = Math.floor(total / 2);
    return { input: i, output, padBefore, padAfter: total - padBefore, kernel: k, stride: s, dilation };
  }
  return { input: i, output: convOutputSize(i, k, s, padding, dilation), padBefore: padding, padAfter: padding, kernel: k, stride: s, dilation };
}

/**
 * One axis of tf.conv2dTranspose(x, w, outputShape, s, padding): the gradient of a convolution whose
 * input has `output` cells and whose output has `input` cells. `outputPadding` (0 ≤ a < s) picks
 * among the output sizes that convolve back to `input` (PyTorch's output_padding; in TF you pass
 * the output shape). 'same' gives o = i·s + a.
 */
export function transposedAxis(i: number, k: number, s: number, padding: Padding, outputPadding = 0): AxisGeometry {
  const output =
    padding === 'same' ? i * s + outputPadding : transposedOutputSize(i, k, s, padding === 'valid' ? 0 : padding, outputPadding);
  const fwd = convAxis(output, k, s, padding);
  return { input: i, output, padBefore: fwd.padBefore, padAfter: fwd.padAfter, kernel: k, stride: s, dilation: 1 };
}

/** Does the forward convolution of the transposed axis give back exactly `input` cells? */
export function transposedIsConsistent(g: AxisGeometry): boolean {
  return g.output > 0 && forwardOf(g) === g.input;
}

function forwardOf(g: AxisGeometry): number {
  return Math.floor((g.output + g.padBefore + g.padAfter - effectiveKernel(g.kernel, g.dilation)) / g.stride) + 1;
}

/** A kernel tap: input index `at` (may be in the padding: < 0 or ≥ input) multiplied by kernel tap `tap`. */
export interface Tap {
  readonly at: number;
  readonly tap: number;
}

/** Input positions that output cell `o` of a convolution reads (padding positions included). */
export function convTaps(g: AxisGeometry, o: number): Tap[] {
  const out: Tap[] = [];
  for (let t = 0; t < g.kernel; t++) out.push({ at: o * g.stride - g.padBefore + t * g.dilation, tap: t });
  return out;
}

/** Output positions that input cell `x` of a transposed convolution writes to (inside the output only). */
export function stampTaps(g: AxisGeometry, x: number): Tap[] {
  const out: Tap[] = [];
  for (let t = 0; t < g.kernel; t++) {
    const at = x * g.stride - g.padBefore + t;
    if (at >= 0 && at < g.output) out.push({ at, tap: t });
  }
  return out;
}

/** For each output cell of a transposed convolution (one axis): how many input cells' stamps cover it. */
export function stampCounts1d(g: AxisGeometry): Int32Array {
  const c = new Int32Array(Math.max(g.output, 0));
  for (let x = 0; x < g.input; x++) for (const { at } of stampTaps(g, x)) c[at]! += 1;
  return c;
}

/**
 * Overlap map of a 2-D transposed convolution (same geometry on both axes): the count at (r, c) is
 * the number of kernel stamps covering that output pixel. Uneven counts (k not divisible by s) are
 * the checkerboard artifact of Odena et al. (2016).
 */
export function overlapMap(g: AxisGeometry): Int32Array {
  const c1 = stampCounts1d(g);
  const n = c1.length;
  const m = new Int32Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) m[r * n + c] = c1[r]! * c1[c]!;
  return m;
}

/** Interior cells of the overlap map are even when every interior count is the same. */
export function hasCheckerboard(k: number, s: number): boolean {
  return k % s !== 0;
}

/** Reference conv2d (cross-correlation, as in deep learning) on a square single-channel grid. */
export function conv2dRef(x: ArrayLike<number>, g: AxisGeometry, w: ArrayLike<number>): Float64Array {
  const n = g.input;
  const o = Math.max(g.output, 0);
  const y = new Float64Array(o * o);
  for (let r = 0; r < o; r++) {
    for (let c = 0; c < o; c++) {
      let sum = 0;
      for (const tr of convTaps(g, r)) {
        if (tr.at < 0 || tr.at >= n) continue;
        for (const tc of convTaps(g, c)) {
          if (tc.at < 0 || tc.at >= n) continue;
          sum += x[tr.at * n + tc.at]! * w[tr.tap * g.kernel + tc.tap]!;
        }
      }
      y[r * o + c] = sum;
    }
  }
  return y;
}

/** Reference transposed conv: each input cell adds (value × kernel) into the output at stride s. */
export function conv2dTransposeRef(x: ArrayLike<number>, g: AxisGeometry, w: ArrayLike<number>): Float64Array {
  const n = g.input;
  const o = Math.max(g.output, 0);
  const y = new Float64Array(o * o);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = x[r * n + c]!;
      for (const tr of stampTaps(g, r)) for (const tc of stampTaps(g, c)) y[tr.at * o + tc.at]! += v * w[tr.tap * g.kernel + tc.tap]!;
    }
  }
  return y;
}

/** `count` integers in [lo, hi] from a seed. */
export function randomInts(seed: number, count: number, lo: number, hi: number): number[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: count }, () => lo + Math.floor(rnd() * (hi - lo + 1)));
}
