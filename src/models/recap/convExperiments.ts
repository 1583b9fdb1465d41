/**
 * The recap's tf experiments on conv tensors: the lecture's batch-norm example (a 32×32×16 conv output
 * for a batch of 64 → 16 means and 16 variances) and grouped convolution as split → conv2d per group
 * → concat, against one dense conv2d with the block-diagonal kernel. Results are plain arrays; every
 * tensor is disposed before the promise resolves.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../core/random';
import { BN_EPSILON } from '../../core/recap/batchNorm';
import { blockDiagonalKernel, validGroups, type GroupedConvShape } from '../../core/recap/groupedConv';

function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

export interface BnExampleOptions {
  readonly batch: number;
  readonly size: number;
  readonly inChannels: number;
  readonly filters: number;
  readonly seed: number;
  /** Batches averaged into the running statistics. */
  readonly runningBatches: number;
}

export const LECTURE_BN: BnExampleOptions = { batch: 64, size: 32, inChannels: 3, filters: 16, seed: 1, runningBatches: 20 };

export interface BnExampleResult {
  readonly shape: readonly [number, number, number, number];
  /** The conv output, [N, H, W, C] channel-last (for the page's own statistics and histograms). */
  readonly conv: Float32Array;
  /** tf.moments over axes [0, 1, 2]: one per filter. */
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  /** The output of tf.batchNorm with those statistics (γ = 1, β = 0). */
  readonly normalized: Float32Array;
  /** Running averages after `runningBatches` batches (momentum 0.9) from the same image source. */
  readonly runningMean: Float32Array;
  readonly runningVariance: Float32Array;
  /** Image 0's normalized output, filter 0, in training mode inside batch A and inside another batch B, and in inference mode. */
  readonly image0TrainA: Float32Array;
  readonly image0TrainB: Float32Array;
  readonly image0Infer: Float32Array;
}

/**
 * Images: per-channel brightness and contrast vary per image (like real photos); the conv has
 * per-filter biases, so the 16 channels have visibly different means and variances.
 */
function imageBatch(o: BnExampleOptions, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const { batch, size, inChannels } = o;
    const noise = tf.tensor4d(uniform(batch * size * size * inChannels, seed), [batch, size, size, inChannels]);
    const gain = tf.tensor4d(uniform(batch * inChannels, seed + 1, 0.5, 1.5), [batch, 1, 1, inChannels]);
    const offset = tf.tensor4d(uniform(batch * inChannels, seed + 2, 0, 1), [batch, 1, 1, inChannels]);
    return tf.add(tf.mul(noise, gain), offset) as tf.Tensor4D;
  });
}

export async function runBnExample(o: BnExampleOptions = LECTURE_BN): Promise<BnExampleResult> {
  const { filters, inChannels } = o;
  const outs = tf.tidy(() => {
    const kernel = tf.tensor4d(uniform(9 * inChannels * filters, o.seed + 10), [3, 3, inChannels, filters]);
    const bias = tf.tensor1d(uniform(filters, o.seed + 11, -2, 2));
    const conv = (x: tf.Tensor4D) => tf.add(tf.conv2d(x, kernel, 1, 'same'), bias) as tf.Tensor4D;
    const y = conv(imageBatch(o, o.seed));
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    const bn = (t: tf.Tensor4D, m: tf.Tensor, v: tf.Tensor) => tf.batchNorm(t, m as tf.Tensor1D, v as tf.Tensor1D, undefined, undefined, BN_EPSILON);
    const normalized = bn(y, mean, variance);
    let rm: tf.Tensor = tf.zeros([filters]);
    let rv: tf.Tensor = tf.ones([filters]);
    for (let b = 0; b < o.runningBatches; b++) {
      const yb = conv(imageBatch(o, o.seed + 100 * (b + 1)));
      const m = tf.moments(yb, [0, 1, 2]);
      rm = tf.add(tf.mul(rm, 0.9), tf.mul(m.mean, 0.1));
      rv = tf.add(tf.mul(rv, 0.9), tf.mul(m.variance, 0.1));
    }
    // Batch B: image 0 of batch A with 63 other images.
    const other = imageBatch(o, o.seed + 7);
    const batchB = tf.concat([y.slice([0, 0, 0, 0], [1, -1, -1, -1]), conv(other).slice([1, 0, 0, 0], [-1, -1, -1, -1])]) as tf.Tensor4D;
    const mB = tf.moments(batchB, [0, 1, 2]);
    const first = (t: tf.Tensor4D) => t.slice([0, 0, 0, 0], [1, -1, -1, 1]).reshape([-1]);
    return [y, mean, variance, normalized, rm, rv, first(normalized), first(bn(batchB, mB.mean, mB.variance)), first(bn(y, rm, rv))];
  });
  try {
    const d = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    return {
      shape: outs[0]!.shape as [number, number, number, number],
      conv: d[0]!,
      mean: d[1]!,
      variance: d[2]!,
      normalized: d[3]!,
      runningMean: d[4]!,
      runningVariance: d[5]!,
      image0TrainA: d[6]!,
      image0TrainB: d[7]!,
      image0Infer: d[8]!,
    };
  } finally {
    outs.forEach((t) => t.dispose());
  }
}

export interface GroupedConvResult {
  readonly outShape: readonly number[];
  /** max |grouped − dense| over all outputs, and max |output| for scale. */
  readonly maxAbsDiff: number;
  readonly maxAbs: number;
  /** Shapes of one group's input slice and kernel. */
  readonly sliceShape: readonly number[];
  readonly groupKernelShape: readonly number[];
  /** Output channel 0 … 7 at position (0, 0)… no: at the centre, from both computations. */
  readonly sampleGrouped: Float32Array;
  readonly sampleDense: Float32Array;
  /** For the hand computation: group 0's 3×3×(cin/G) input window at the centre and filter 0's kernel. */
  readonly window: Float32Array;
  readonly kernel0: Float32Array;
  /** Wall time of each path on this backend (ms), for the page only. */
  readonly msGrouped: number;
  readonly msDense: number;
}

/** Grouped conv as split → conv2d → concat vs one dense conv2d with the block-diagonal kernel ('same', stride 1). */
export async function runGroupedConv(s: GroupedConvShape, seed = 1): Promise<GroupedConvResult> {
  if (!validGroups(s.cin, s.cout, s.groups)) throw new Error(`${s.cin} → ${s.cout} channels cannot be split into ${s.groups} groups`);
  const ci = s.cin / s.groups;
  const co = s.cout / s.groups;
  const groupKernels = Array.from({ length: s.groups }, (_, g) => uniform(s.k * s.k * ci * co, seed * 7919 + g));
  const dense = blockDiagonalKernel(groupKernels, s.k, s.cin, s.cout);
  const x = tf.tensor4d(uniform(s.h * s.w * s.cin, seed), [1, s.h, s.w, s.cin]);
  const kernels = groupKernels.map((gk) => tf.tensor4d(gk, [s.k, s.k, ci, co]));
  const denseK = tf.tensor4d(dense, [s.k, s.k, s.cin, s.cout]);
  try {
    let t0 = performance.now();
    const grouped = tf.tidy(() => {
      const slices = tf.split(x, s.groups, 3);
      return tf.concat(slices.map((sl, g) => tf.conv2d(sl as tf.Tensor4D, kernels[g]!, 1, 'same')), 3);
    });
    await grouped.data();
    const msGrouped = performance.now() - t0;
    t0 = performance.now();
    const full = tf.conv2d(x, denseK, 1, 'same');
    await full.data();
    const msDense = performance.now() - t0;
    const cy = s.h >> 1;
    const cx = s.w >> 1;
    const half = (s.k - 1) >> 1;
    const [diff, amax, sg, sd, win] = tf.tidy(() => [
      tf.max(tf.abs(tf.sub(grouped, full))),
      tf.max(tf.abs(full)),
      grouped.slice([0, cy, cx, 0], [1, 1, 1, Math.min(8, s.cout)]).reshape([-1]),
      full.slice([0, cy, cx, 0], [1, 1, 1, Math.min(8, s.cout)]).reshape([-1]),
      x.slice([0, cy - half, cx - half, 0], [1, s.k, s.k, ci]).reshape([-1]),
    ]);
    const d = await Promise.all([diff!, amax!, sg!, sd!, win!].map((t) => t.data() as Promise<Float32Array>));
    [grouped, full, diff!, amax!, sg!, sd!, win!].forEach((t) => t.dispose());
    const kernel0 = new Float32Array(s.k * s.k * ci);
    for (let p = 0; p < s.k * s.k * ci; p++) kernel0[p] = groupKernels[0]![p * co]!;
    return {
      outShape: [1, s.h, s.w, s.cout],
      maxAbsDiff: d[0]![0]!,
      maxAbs: d[1]![0]!,
      sliceShape: [1, s.h, s.w, ci],
      groupKernelShape: [s.k, s.k, ci, co],
      sampleGrouped: d[2]!,
      sampleDense: d[3]!,
      window: d[4]!,
      kernel0,
      msGrouped,
      msDense,
    };
  } finally {
    [x, denseK, ...kernels].forEach((t) => t.dispose());
  }
}
