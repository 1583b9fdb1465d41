/**
 * Training of the mask head (`maskHead.ts`) on precomputed RoI inputs: plain arrays in (features
 * [n·14·14·128], box RGB [n·28·28·3], soft 28×28 targets), seeded shuffles, Adam with warm-up and
 * cosine decay, binary cross-entropy. Deterministic on one backend: the same samples and seed give
 * bit-identical weights (tests/unit/maskHead-train.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../core/random';
import { createMaskHead, MASK_IN_CHANNELS, MASK_SIDE, maskLoss, ROI_SIDE, type MaskHeadNet } from './maskHead';
import { AdjustableAdam } from './train/adam';

export const FEAT_LEN = ROI_SIDE * ROI_SIDE * MASK_IN_CHANNELS;
export const RGB_LEN = MASK_SIDE * MASK_SIDE * 3;
export const TARGET_LEN = MASK_SIDE * MASK_SIDE;

export interface MaskSamples {
  readonly count: number;
  readonly features: Float32Array;
  readonly rgb: Float32Array;
  readonly targets: Float32Array;
}

export interface MaskTrainOptions {
  readonly steps: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
  /** Called every `logEvery` steps with the mean loss since the last call. */
  readonly onLog?: (step: number, loss: number) => void;
  readonly logEvery?: number;
}

export function learningRate(step: number, total: number, peak: number): number {
  const warm = Math.min(20, Math.max(1, Math.floor(total / 10)));
  if (step < warm) return (peak * (step + 1)) / warm;
  const t = Math.min(1, (step - warm) / Math.max(1, total - warm));
  return peak * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t)));
}

/** A seeded permutation of 0…n−1 (Fisher–Yates). */
export function permutation(n: number, rand: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

function gather(src: Float32Array, len: number, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * len);
  for (let i = 0; i < idx.length; i++) out.set(src.subarray(idx[i]! * len, (idx[i]! + 1) * len), i * len);
  return out;
}

/** Trains a fresh head (seeded) on `samples`; returns it and the loss every `logEvery` steps. */
export async function trainMaskHead(samples: MaskSamples, o: MaskTrainOptions): Promise<{ net: MaskHeadNet; losses: number[] }> {
  if (samples.count === 0) throw new Error('mask head: no training samples');
  const net = createMaskHead(o.seed);
  const opt = new AdjustableAdam(o.lr);
  const rand = mulberry32(o.seed ^ 0x5bd1e995);
  const losses: number[] = [];
  const logEvery = o.logEvery ?? 10;
  let order = permutation(samples.count, rand);
  let pos = 0;
  let acc = 0;
  let accN = 0;
  try {
    for (let step = 0; step < o.steps; step++) {
      const idx: number[] = [];
      while (idx.length < Math.min(o.batch, samples.count)) {
        if (pos >= order.length) {
          order = permutation(samples.count, rand);
          pos = 0;
        }
        idx.push(order[pos++]!);
      }
      const b = idx.length;
      opt.setLearningRate(learningRate(step, o.steps, o.lr));
      const f = tf.tensor4d(gather(samples.features, FEAT_LEN, idx), [b, ROI_SIDE, ROI_SIDE, MASK_IN_CHANNELS]);
      const r = tf.tensor4d(gather(samples.rgb, RGB_LEN, idx), [b, MASK_SIDE, MASK_SIDE, 3]);
      const t = tf.tensor4d(gather(samples.targets, TARGET_LEN, idx), [b, MASK_SIDE, MASK_SIDE, 1]);
      try {
        const loss = opt.minimize(() => maskLoss(net.forward(f, r), t), true, [...net.variables]);
        if (!loss) throw new Error('optimizer returned no loss');
        acc += (await loss.data())[0]!;
        accN++;
        loss.dispose();
      } finally {
        tf.dispose([f, r, t]);
      }
      if ((step + 1) % logEvery === 0 || step === o.steps - 1) {
        losses.push(acc / accN);
        o.onLog?.(step + 1, acc / accN);
        acc = 0;
        accN = 0;
      }
    }
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    opt.dispose();
  }
  return { net, losses };
}

/** σ probabilities of the head on `samples` (in chunks), [n·28·28]. */
export async function predictSamples(net: MaskHeadNet, s: MaskSamples, chunk = 64): Promise<Float32Array> {
  const out = new Float32Array(s.count * TARGET_LEN);
  for (let a = 0; a < s.count; a += chunk) {
    const m = Math.min(chunk, s.count - a);
    const f = tf.tensor4d(s.features.subarray(a * FEAT_LEN, (a + m) * FEAT_LEN), [m, ROI_SIDE, ROI_SIDE, MASK_IN_CHANNELS]);
    const r = tf.tensor4d(s.rgb.subarray(a * RGB_LEN, (a + m) * RGB_LEN), [m, MASK_SIDE, MASK_SIDE, 3]);
    const p = tf.tidy(() => tf.sigmoid(net.forward(f, r)));
    out.set(await p.data(), a * TARGET_LEN);
    tf.dispose([f, r, p]);
  }
  return out;
}

/** Mean IoU on the 28×28 grid of (probs ≥ 0.5) vs (target ≥ 0.5), and of the full box vs the target. */
export function gridIou(probs: Float32Array, targets: Float32Array, count: number): { head: number; box: number } {
  let head = 0, box = 0;
  for (let i = 0; i < count; i++) {
    let inter = 0, uni = 0, tgt = 0;
    for (let k = i * TARGET_LEN; k < (i + 1) * TARGET_LEN; k++) {
      const a = probs[k]! >= 0.5, b = targets[k]! >= 0.5;
      if (a && b) inter++;
      if (a || b) uni++;
      if (b) tgt++;
    }
    head += uni > 0 ? inter / uni : 1;
    box += tgt / TARGET_LEN;
  }
  return { head: head / Math.max(1, count), box: box / Math.max(1, count) };
}

/**
 * Folds a paste threshold `t` into the head's last bias: afterwards σ(logit) ≥ 0.5 exactly where it
 * was ≥ `t` before (σ(z − ln(t/(1−t))) ≥ ½ ⟺ σ(z) ≥ t), so every consumer keeps pasting at 0.5.
 */
export function foldThreshold(net: MaskHeadNet, t: number): void {
  if (!(t > 0 && t < 1)) throw new Error(`paste threshold must be in (0, 1), got ${t}`);
  const k = net.names.indexOf('logit/bias');
  const v = net.variables[k];
  if (!v) throw new Error('mask head: no logit/bias');
  const shift = Math.log(t / (1 - t));
  const nb = tf.tidy(() => tf.sub(v, shift));
  v.assign(nb);
  nb.dispose();
}
