/**
 * Training of the R-CNN / Fast R-CNN linear heads on cached RoI features, deterministic:
 * - classifier: multinomial logistic regression (softmax over background + classes, Fast R-CNN's
 *   `cls_score`) or one-vs-rest logistic regression per class (R-CNN's per-class linear classifiers;
 *   the paper used hinge-loss SVMs), mini-batch Adam with weight decay, zero initialisation, a seeded
 *   shuffle — so the same data and seed give bit-identical weights (tf ops on one backend);
 * - box regressor: class-specific ridge regression (R-CNN appendix C, λ on the weights only), solved
 *   exactly in float64 by Cholesky in plain TypeScript.
 */
import * as tf from '@tensorflow/tfjs';
import type { HeadLoss } from '../core/roi/heads';
import { mulberry32 } from '../core/random';

export interface ClassifierConfig {
  readonly loss: HeadLoss;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly weightDecay: number;
  readonly seed: number;
}

export const DEFAULT_CLASSIFIER: Omit<ClassifierConfig, 'loss'> = { epochs: 12, batch: 256, lr: 2e-3, weightDecay: 1e-4, seed: 1 };

export interface ClassifierResult {
  readonly W: Float32Array;
  readonly b: Float32Array;
  /** Mean training loss per epoch. */
  readonly losses: number[];
}

/** Deterministic permutation of 0..n-1 (Fisher–Yates on mulberry32). */
export function permutation(n: number, seed: number): Int32Array {
  const r = mulberry32(seed);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Train on `X` [n × D] (already scaled) with labels in 0..K-1 (0 = background). */
export async function trainClassifier(X: Float32Array, labels: Int32Array, D: number, K: number, cfg: ClassifierConfig, onEpoch?: (epoch: number, loss: number) => void): Promise<ClassifierResult> {
  const n = labels.length;
  if (X.length !== n * D) throw new Error(`trainClassifier: ${X.length} values for ${n} × ${D}`);
  const Xt = tf.tensor2d(X, [n, D]);
  const Yt = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat());
  const colMask = tf.tidy(() => (cfg.loss === 'ovr' ? tf.concat([tf.zeros([1, 1]), tf.ones([1, K - 1])], 1) : tf.ones([1, K])));
  const state = { W: tf.zeros([D, K]), b: tf.zeros([K]), mW: tf.zeros([D, K]), vW: tf.zeros([D, K]), mb: tf.zeros([K]), vb: tf.zeros([K]) };
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  let step = 0;
  const losses: number[] = [];
  try {
    for (let e = 0; e < cfg.epochs; e++) {
      const perm = permutation(n, cfg.seed * 1009 + e);
      let lossSum: tf.Tensor = tf.scalar(0);
      for (let s = 0; s < n; s += cfg.batch) {
        step++;
        const idx = perm.subarray(s, Math.min(n, s + cfg.batch));
        const next = tf.tidy(() => {
          const it = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(Xt, it);
          const yb = tf.gather(Yt, it);
          const B = idx.length;
          const z = xb.matMul(state.W).add(state.b);
          let P: tf.Tensor;
          let loss: tf.Tensor;
          if (cfg.loss === 'softmax') {
            P = tf.softmax(z);
            loss = tf.neg(tf.sum(yb.mul(tf.logSoftmax(z)))).div(B);
          } else {
            P = tf.sigmoid(z);
            // log(1 + e^z) − y·z, over the foreground columns.
            loss = tf.sum(tf.softplus(z).sub(yb.mul(z)).mul(colMask)).div(B);
          }
          const G = P.sub(yb).mul(colMask).div(B);
          const gW = xb.transpose().matMul(G).add(state.W.mul(cfg.weightDecay));
          const gb = G.sum(0);
          const mW = state.mW.mul(b1).add(gW.mul(1 - b1));
          const vW = state.vW.mul(b2).add(gW.square().mul(1 - b2));
          const mb = state.mb.mul(b1).add(gb.mul(1 - b1));
          const vb = state.vb.mul(b2).add(gb.square().mul(1 - b2));
          const c1 = 1 - b1 ** step;
          const c2 = 1 - b2 ** step;
          const W = state.W.sub(mW.div(c1).mul(cfg.lr).div(vW.div(c2).sqrt().add(eps)));
          const b = state.b.sub(mb.div(c1).mul(cfg.lr).div(vb.div(c2).sqrt().add(eps)));
          return { W, b, mW, vW, mb, vb, loss: lossSum.add(loss.mul(B)) };
        });
        tf.dispose([state.W, state.b, state.mW, state.vW, state.mb, state.vb, lossSum]);
        Object.assign(state, { W: next.W, b: next.b, mW: next.mW, vW: next.vW, mb: next.mb, vb: next.vb });
        lossSum = next.loss;
      }
      const l = (await lossSum.data())[0]! / n;
      lossSum.dispose();
      losses.push(l);
      onEpoch?.(e, l);
    }
    return { W: await state.W.data<'float32'>(), b: await state.b.data<'float32'>(), losses };
  } finally {
    tf.dispose([Xt, Yt, colMask, state.W, state.b, state.mW, state.vW, state.mb, state.vb]);
  }
}

/**
 * Ridge regression with an unpenalised bias: minimises ‖[X 1]w − y‖² + λ‖w_{0..R-1}‖² for each of
 * the `targets` columns of Y [n × targets]. Returns [targets × (R + 1)] (last = bias).
 */
export function ridge(X: Float32Array, Y: Float64Array, n: number, R: number, targets: number, lambda: number): Float64Array {
  const M = R + 1;
  const A = new Float64Array(M * M);
  const rhs = new Float64Array(M * targets);
  const row = new Float64Array(M);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < R; d++) row[d] = X[i * R + d]!;
    row[R] = 1;
    for (let a = 0; a < M; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      const base = a * M;
      for (let b = a; b < M; b++) A[base + b]! += ra * row[b]!;
      for (let t = 0; t < targets; t++) rhs[a * targets + t]! += ra * Y[i * targets + t]!;
    }
  }
  for (let a = 0; a < M; a++) for (let b = 0; b < a; b++) A[a * M + b] = A[b * M + a]!;
  for (let d = 0; d < R; d++) A[d * M + d]! += lambda;
  A[R * M + R]! += 1e-9;
  // Cholesky A = L Lᵀ (in place, lower triangle).
  for (let j = 0; j < M; j++) {
    let s = A[j * M + j]!;
    for (let k = 0; k < j; k++) s -= A[j * M + k]! ** 2;
    const ljj = Math.sqrt(Math.max(s, 1e-300));
    A[j * M + j] = ljj;
    for (let i = j + 1; i < M; i++) {
      let v = A[i * M + j]!;
      for (let k = 0; k < j; k++) v -= A[i * M + k]! * A[j * M + k]!;
      A[i * M + j] = v / ljj;
    }
  }
  const out = new Float64Array(targets * M);
  const z = new Float64Array(M);
  for (let t = 0; t < targets; t++) {
    for (let i = 0; i < M; i++) {
      let v = rhs[i * targets + t]!;
      for (let k = 0; k < i; k++) v -= A[i * M + k]! * z[k]!;
      z[i] = v / A[i * M + i]!;
    }
    for (let i = M - 1; i >= 0; i--) {
      let v = z[i]!;
      for (let k = i + 1; k < M; k++) v -= A[k * M + i]! * out[t * M + k]!;
      out[t * M + i] = v / A[i * M + i]!;
    }
  }
  return out;
}
