/**
 * The recap's deep network: an MLP of chosen depth, width, activation and init scale, in three
 * variants — plain, with batch normalization before each activation, and with residual blocks
 * `f(w·f(v·x)) + x` (every two hidden layers). Per-layer gradient norms come from one
 * `tf.variableGrads` on one batch; training is SGD with momentum (not Adam: Adam rescales every
 * gradient to about the same size and would hide the vanishing the experiment is about).
 *
 * Layers: hidden layer 1 maps the 2-D input to `width`; hidden layers 2…depth are width→width; the
 * output layer maps to one logit (two spirals: class 1 vs 0, sigmoid cross-entropy).
 * Init: W ~ N(0, (scale / √fan_in)²), b = 0 — scale 1 is LeCun's init, √2 He's.
 * BN: y = γ(z − μ_B)/√(σ²_B + ε) + β on the pre-activation z (no bias: β plays its part); training
 * mode uses the batch's μ_B, σ²_B and updates running averages (momentum 0.9), inference mode uses
 * the running averages.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../core/random';
import { BN_EPSILON } from '../../core/recap/batchNorm';
import { normalValues } from '../paramInit';

export type Activation = 'sigmoid' | 'tanh' | 'relu';
export type Variant = 'plain' | 'bn' | 'residual';
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu'];
export const VARIANTS: readonly Variant[] = ['plain', 'bn', 'residual'];

export interface DeepNetConfig {
  /** Hidden layers (2–100). */
  readonly depth: number;
  readonly width: number;
  readonly activation: Activation;
  /** Weight std × √fan_in. */
  readonly initScale: number;
  readonly variant: Variant;
  readonly seed: number;
}

export const BN_MOMENTUM = 0.9;
/** SGD momentum. */
export const MOMENTUM = 0.9;

/** Gaussian numbers from the project's seeded generator (Box–Muller). */
function gaussians(n: number, std: number, seed: number): Float32Array {
  return normalValues(mulberry32(seed), n, std);
}

function act(a: Activation, z: tf.Tensor): tf.Tensor {
  return a === 'sigmoid' ? tf.sigmoid(z) : a === 'tanh' ? tf.tanh(z) : tf.relu(z);
}

export interface LayerWeights {
  readonly rows: number;
  readonly cols: number;
  /** Row-major [rows = fan_in, cols = fan_out]: z = h·W. */
  readonly data: Float32Array;
}

export interface GradientNorms {
  /** ‖∂L/∂W_l‖_F for hidden layers 1…depth, then the output layer. */
  readonly weight: readonly number[];
  /** ‖∂L/∂b_l‖ (plain and residual) or ‖∂L/∂β_l‖ (BN), same order. */
  readonly bias: readonly number[];
  readonly loss: number;
}

export class DeepNet {
  readonly config: DeepNetConfig;
  readonly weights: tf.Variable[] = [];
  /** Biases (plain, residual) or β (BN), one per layer; the output layer always has a bias. */
  readonly biases: tf.Variable[] = [];
  readonly gammas: tf.Variable[] = [];
  private runningMean: tf.Tensor[] = [];
  private runningVar: tf.Tensor[] = [];
  private velocity: tf.Variable[] = [];

  constructor(config: DeepNetConfig) {
    if (!(config.depth >= 1 && Number.isInteger(config.depth))) throw new Error('depth must be a whole number ≥ 1');
    this.config = config;
    const { depth, width, initScale, seed } = config;
    const bn = config.variant === 'bn';
    // Inside tidy: tf.variable keeps its own copy, the initial tensors are disposed.
    tf.tidy(() => {
      for (let l = 0; l <= depth; l++) {
        const fanIn = l === 0 ? 2 : width;
        const fanOut = l === depth ? 1 : width;
        this.weights.push(tf.variable(tf.tensor2d(gaussians(fanIn * fanOut, initScale / Math.sqrt(fanIn), seed * 1000 + l), [fanIn, fanOut]), true));
        this.biases.push(tf.variable(tf.zeros([fanOut]), true));
        if (bn && l < depth) {
          this.gammas.push(tf.variable(tf.ones([width]), true));
          this.runningMean.push(tf.keep(tf.zeros([width])));
          this.runningVar.push(tf.keep(tf.ones([width])));
        }
      }
    });
  }

  get depth(): number {
    return this.config.depth;
  }

  get trainable(): tf.Variable[] {
    return [...this.weights, ...this.biases, ...this.gammas];
  }

  get paramCount(): number {
    return this.trainable.reduce((s, v) => s + v.size, 0);
  }

  /**
   * Logits [n] for inputs [n, 2]. `training` selects batch statistics (BN); the batch means and
   * variances used are pushed to `stats` when given.
   */
  forward(x: tf.Tensor2D, training: boolean, stats?: { mean: tf.Tensor[]; variance: tf.Tensor[] }): tf.Tensor1D {
    const { depth, activation, variant } = this.config;
    let h: tf.Tensor = x;
    let skip: tf.Tensor | null = null;
    for (let l = 0; l < depth; l++) {
      let z = tf.matMul(h as tf.Tensor2D, this.weights[l]!);
      if (variant === 'bn') {
        let mean: tf.Tensor;
        let variance: tf.Tensor;
        if (training) {
          const m = tf.moments(z, 0);
          mean = m.mean;
          variance = m.variance;
          stats?.mean.push(mean);
          stats?.variance.push(variance);
        } else {
          mean = this.runningMean[l]!;
          variance = this.runningVar[l]!;
        }
        z = tf.add(tf.mul(this.gammas[l]!, tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPSILON)))), this.biases[l]!);
      } else {
        z = tf.add(z, this.biases[l]!);
      }
      let a = act(activation, z);
      // Residual blocks: hidden layers (2, 3), (4, 5), … compute f(w·f(v·x)) + x with x = h_{l−2}.
      if (variant === 'residual' && l >= 2 && l % 2 === 0 && skip) a = tf.add(a, skip);
      if (variant === 'residual' && (l === 0 || l % 2 === 0)) skip = a;
      h = a;
    }
    return tf.add(tf.matMul(h as tf.Tensor2D, this.weights[depth]!), this.biases[depth]!).reshape([-1]) as tf.Tensor1D;
  }

  /** Mean sigmoid cross-entropy of the logits against 0/1 labels (numerically stable form). */
  loss(x: tf.Tensor2D, y: tf.Tensor1D, training: boolean, stats?: { mean: tf.Tensor[]; variance: tf.Tensor[] }): tf.Scalar {
    const z = this.forward(x, training, stats);
    return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))) as tf.Scalar;
  }

  /** Per-layer gradient norms on one batch (training-mode BN); nothing is updated. */
  async gradientNorms(x: tf.Tensor2D, y: tf.Tensor1D): Promise<GradientNorms> {
    const packed = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.loss(x, y, true), this.trainable);
      const norm = (v: tf.Variable) => tf.norm(grads[v.name]!);
      return tf.concat([tf.stack(this.weights.map(norm)), tf.stack(this.biases.map(norm)), value.reshape([1])]);
    });
    try {
      const d = await packed.data();
      const n = this.weights.length;
      return { weight: Array.from(d.subarray(0, n)), bias: Array.from(d.subarray(n, 2 * n)), loss: d[2 * n]! };
    } finally {
      packed.dispose();
    }
  }

  /**
   * One SGD-with-momentum step (v ← 0.9·v + g, w ← w − lr·v, as tf.train.momentum, whose dispose()
   * leaks its learning-rate scalar); returns the loss tensor (the caller reads it when it wants).
   */
  trainStep(x: tf.Tensor2D, y: tf.Tensor1D, lr: number): tf.Scalar {
    const vars = this.trainable;
    if (this.velocity.length === 0) this.velocity = tf.tidy(() => vars.map((v) => tf.variable(tf.zerosLike(v), false)));
    const stats = { mean: [] as tf.Tensor[], variance: [] as tf.Tensor[] };
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const l = this.loss(x, y, true, stats);
        stats.mean.forEach((t) => tf.keep(t));
        stats.variance.forEach((t) => tf.keep(t));
        return l;
      }, vars);
      vars.forEach((v, i) => {
        const next = tf.add(tf.mul(this.velocity[i]!, MOMENTUM), grads[v.name]!);
        v.assign(tf.sub(v, tf.mul(next, lr)));
        this.velocity[i]!.assign(next);
      });
      return value;
    });
    if (this.config.variant === 'bn') {
      const mix = (r: tf.Tensor[], b: tf.Tensor[]) =>
        r.map((old, i) => {
          const next = tf.tidy(() => tf.add(tf.mul(old, BN_MOMENTUM), tf.mul(b[i]!, 1 - BN_MOMENTUM)));
          old.dispose();
          return next;
        });
      this.runningMean = mix(this.runningMean, stats.mean);
      this.runningVar = mix(this.runningVar, stats.variance);
    }
    stats.mean.forEach((t) => t.dispose());
    stats.variance.forEach((t) => t.dispose());
    return loss;
  }

  /** Probabilities of class 1: inference mode (BN: running averages) or, with `batchStats`, BN on the batch's own statistics (nothing is updated). */
  async predict(x: tf.Tensor2D, batchStats = false): Promise<Float32Array> {
    const p = tf.tidy(() => tf.sigmoid(this.forward(x, batchStats)));
    try {
      return (await p.data()) as Float32Array;
    } finally {
      p.dispose();
    }
  }

  async weightData(): Promise<LayerWeights[]> {
    return Promise.all(this.weights.map(async (w) => ({ rows: w.shape[0]!, cols: w.shape[1]!, data: (await w.data()) as Float32Array })));
  }

  async runningStats(): Promise<{ mean: Float32Array[]; variance: Float32Array[] }> {
    return { mean: await Promise.all(this.runningMean.map((t) => t.data() as Promise<Float32Array>)), variance: await Promise.all(this.runningVar.map((t) => t.data() as Promise<Float32Array>)) };
  }

  dispose(): void {
    this.trainable.forEach((v) => v.dispose());
    this.runningMean.forEach((t) => t.dispose());
    this.runningVar.forEach((t) => t.dispose());
    this.velocity.forEach((t) => t.dispose());
    this.velocity = [];
  }
}

/** The spirals as tensors [n, 2] and [n]. */
export function dataTensors(x: Float32Array, y: Float32Array): { x: tf.Tensor2D; y: tf.Tensor1D } {
  return { x: tf.tensor2d(x, [y.length, 2]), y: tf.tensor1d(y) };
}
