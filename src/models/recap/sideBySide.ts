/**
 * Trains several DeepNets on the same two-spirals batch side by side, a few steps per animation frame
 * (`tf.nextFrame()`), so the page stays responsive; reports loss and accuracy as plain numbers and
 * stops when the signal aborts. Also: per-layer gradient norms of the three variants on one batch.
 */
import * as tf from '@tensorflow/tfjs';
import { accuracy, twoSpirals } from '../../core/recap/spirals';
import { dataTensors, DeepNet, VARIANTS, type DeepNetConfig, type GradientNorms, type Variant } from './deepNet';

export const SPIRAL_N = 256;

export interface NormsByVariant {
  readonly norms: Readonly<Record<Variant, GradientNorms>>;
}

/** Gradient norms of the plain, BN and residual versions of `cfg` (same seed, same batch). */
export async function gradientNormsByVariant(cfg: Omit<DeepNetConfig, 'variant'>, dataSeed = 1): Promise<Record<Variant, GradientNorms>> {
  const d = twoSpirals(SPIRAL_N, dataSeed);
  const { x, y } = dataTensors(d.x, d.y);
  const out: Partial<Record<Variant, GradientNorms>> = {};
  try {
    for (const variant of VARIANTS) {
      const net = new DeepNet({ ...cfg, variant });
      try {
        out[variant] = await net.gradientNorms(x, y);
      } finally {
        net.dispose();
      }
    }
  } finally {
    x.dispose();
    y.dispose();
  }
  return out as Record<Variant, GradientNorms>;
}

export interface TrainPoint {
  readonly step: number;
  readonly loss: Readonly<Record<Variant, number>>;
  /** With BN on the batch's statistics, as in the loss. */
  readonly accuracy: Readonly<Record<Variant, number>>;
  /** In inference mode (BN on the running averages); the same as `accuracy` without BN. */
  readonly inferenceAccuracy: Readonly<Record<Variant, number>>;
}

export interface TrainOptions {
  readonly steps: number;
  readonly lr: number;
  /** Steps of every net between two reports (and two yields to the page). */
  readonly every: number;
  readonly dataSeed?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: TrainPoint) => void;
}

/** Trains the three variants of `cfg` on the spirals; resolves with all points (stopped early when aborted). */
export async function trainVariants(cfg: Omit<DeepNetConfig, 'variant'>, o: TrainOptions): Promise<TrainPoint[]> {
  const d = twoSpirals(SPIRAL_N, o.dataSeed ?? 1);
  const { x, y } = dataTensors(d.x, d.y);
  const nets = VARIANTS.map((variant) => new DeepNet({ ...cfg, variant }));
  const points: TrainPoint[] = [];
  try {
    for (let step = 0; step < o.steps && !o.signal?.aborted; ) {
      const n = Math.min(o.every, o.steps - step);
      const losses: tf.Scalar[] = [];
      for (const net of nets) {
        for (let i = 0; i < n; i++) {
          const l = net.trainStep(x, y, o.lr);
          if (i === n - 1) losses.push(l);
          else l.dispose();
        }
      }
      step += n;
      const lossValues = await Promise.all(losses.map((l) => l.data()));
      losses.forEach((l) => l.dispose());
      const probs = await Promise.all(nets.map((net) => net.predict(x, true)));
      const inferProbs = await Promise.all(nets.map((net) => (net.config.variant === 'bn' ? net.predict(x) : null)));
      const rec = <T,>(f: (i: number) => T) => Object.fromEntries(VARIANTS.map((v, i) => [v, f(i)])) as Record<Variant, T>;
      const p: TrainPoint = { step, loss: rec((i) => lossValues[i]![0]!), accuracy: rec((i) => accuracy(probs[i]!, d.y)), inferenceAccuracy: rec((i) => accuracy(inferProbs[i] ?? probs[i]!, d.y)) };
      points.push(p);
      o.onProgress?.(p);
      await tf.nextFrame();
    }
  } finally {
    nets.forEach((n) => n.dispose());
    x.dispose();
    y.dispose();
  }
  return points;
}
