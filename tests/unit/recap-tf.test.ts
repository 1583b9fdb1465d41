/**
 * The recap's tf experiments, with fixed seeds on the WASM backend with the project's gradient kernels
 * (the CPU backend took minutes per test): vanishing gradients in a deep
 * sigmoid net against the bound from σ′ ≤ 1/4 (spectral norms by an independent power iteration),
 * non-vanishing with BN and much less vanishing with residual blocks, exploding with large init;
 * BN statistics against a float64 JS computation; the lecture's grouped conv equal to one dense
 * conv with the block-diagonal kernel and to a hand-computed output; no leaked tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchStats, bnStatShape } from '../../src/core/recap/batchNorm';
import { LECTURE_GROUPED } from '../../src/core/recap/groupedConv';
import { sigmoidShrinkBound, spectralNorm } from '../../src/core/recap/gradients';
import { twoSpirals } from '../../src/core/recap/spirals';
import { runBnExample, runGroupedConv } from '../../src/models/recap/convExperiments';
import { dataTensors, DeepNet } from '../../src/models/recap/deepNet';
import { gradientNormsByVariant, trainVariants } from '../../src/models/recap/sideBySide';
import { registerWasmTrainingKernels } from '../../src/models/train/wasmKernels';
import { useWasm } from '../../scripts/lib/nodeTf';

const log10 = Math.log10;

beforeAll(async () => {
  await useWasm();
  registerWasmTrainingKernels();
});

describe('vanishing and exploding gradients (seed 1, 256 spiral points, width 32)', () => {
  it('deep sigmoid (20 layers): the first layer gets > 8 orders of magnitude less gradient than the last; with BN not even one order less; residual blocks recover > 6 orders', async () => {
    const n = await gradientNormsByVariant({ depth: 20, width: 32, activation: 'sigmoid', initScale: 1, seed: 1 });
    const orders = (w: readonly number[]) => log10(w[w.length - 2]!) - log10(w[0]!); // last hidden vs first
    expect(orders(n.plain.weight)).toBeGreaterThan(8);
    expect(orders(n.bn.weight)).toBeLessThan(1);
    expect(orders(n.plain.weight) - orders(n.residual.weight)).toBeGreaterThan(6);
    // And the two-layer net does not vanish: the problem is depth.
    const shallow = await gradientNormsByVariant({ depth: 2, width: 32, activation: 'sigmoid', initScale: 1, seed: 1 });
    expect(orders(shallow.plain.weight)).toBeLessThan(2);
  });

  it('one example through a 20-layer sigmoid net: ‖δ₁‖ ≤ ∏ ‖W_l‖₂/4 · ‖δ_L‖ (bias gradients are the δ)', async () => {
    const net = new DeepNet({ depth: 20, width: 32, activation: 'sigmoid', initScale: 1, variant: 'plain', seed: 3 });
    const d = twoSpirals(2, 5);
    const { x, y } = dataTensors(d.x.slice(0, 2), d.y.slice(0, 1));
    const g = await net.gradientNorms(x, y);
    const ws = await net.weightData();
    // Matrices between hidden layer 1 and hidden layer 20: W_2 … W_20.
    const norms = ws.slice(1, 20).map((w) => spectralNorm(w.data, w.rows, w.cols));
    const bound = sigmoidShrinkBound(norms);
    expect(g.bias[0]! / g.bias[19]!).toBeLessThanOrEqual(bound * (1 + 1e-4));
    // The bound itself is already tiny: ‖W‖₂ ≈ 2 for N(0, 1/n) matrices, so about 2^-19.
    expect(bound).toBeLessThan(1e-4);
    net.dispose();
    x.dispose();
    y.dispose();
  });

  it('large init (ReLU, scale 3, 20 layers) explodes: every weight gradient > 1000× the He-init ones, the error signal grows > 3 orders towards the input', async () => {
    const big = await gradientNormsByVariant({ depth: 20, width: 32, activation: 'relu', initScale: 3, seed: 1 });
    const he = await gradientNormsByVariant({ depth: 20, width: 32, activation: 'relu', initScale: Math.SQRT2, seed: 1 });
    expect(Math.min(...big.plain.weight)).toBeGreaterThan(1000 * Math.max(...he.plain.weight));
    // ∂L/∂b_l sums the error δ_l over the batch: it grows by about (3/√2) per layer going back.
    const b = big.plain.bias;
    expect(log10(b[0]!) - log10(b[b.length - 2]!)).toBeGreaterThan(3);
    // BN undoes the weights' scale: its loss stays near the chance value instead of 10⁵.
    expect(big.plain.loss).toBeGreaterThan(1e3);
    expect(big.bn.loss).toBeLessThan(2);
  });

  it('spectral norm by power iteration matches a diagonal matrix and ‖·‖₂ ≤ ‖·‖_F', () => {
    expect(spectralNorm([3, 0, 0, -5], 2, 2)).toBeCloseTo(5, 6);
    const w = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    expect(spectralNorm(w, 3, 4)).toBeLessThanOrEqual(Math.hypot(...w) + 1e-9);
  });

  it('training (10 sigmoid layers, lr 0.1, 120 steps): the plain net stays at chance, its BN twin learns the spirals (> 0.75 with batch statistics); no tensor is leaked', async () => {
    const before = tf.memory().numTensors;
    const pts = await trainVariants({ depth: 10, width: 32, activation: 'sigmoid', initScale: 1, seed: 1 }, { steps: 120, lr: 0.1, every: 40 });
    expect(pts.map((p) => p.step)).toEqual([40, 80, 120]);
    const last = pts.at(-1)!;
    expect(last.accuracy.plain).toBeLessThan(0.6);
    expect(last.accuracy.bn).toBeGreaterThan(0.75);
    expect(tf.memory().numTensors).toBe(before);
  }, 600_000);

  it('an aborted run stops after the current chunk', async () => {
    const ac = new AbortController();
    const pts = await trainVariants({ depth: 3, width: 8, activation: 'relu', initScale: 1.41, seed: 1 }, { steps: 100, lr: 0.1, every: 5, signal: ac.signal, onProgress: (p) => p.step >= 10 && ac.abort() });
    expect(pts.at(-1)!.step).toBe(10);
  });

  it('gradient norms and BN training steps leak no tensors', async () => {
    const { x, y } = (() => {
      const d = twoSpirals(32, 2);
      return dataTensors(d.x, d.y);
    })();
    const before = tf.memory().numTensors;
    const net = new DeepNet({ depth: 6, width: 8, activation: 'tanh', initScale: 1, variant: 'bn', seed: 2 });
    const created = tf.memory().numTensors;
    await net.gradientNorms(x, y);
    expect(tf.memory().numTensors).toBe(created);
    net.trainStep(x, y, 0.1).dispose();
    const afterOne = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) net.trainStep(x, y, 0.1).dispose();
    await net.predict(x);
    // Steps after the first (which creates the optimizer's state) add nothing.
    expect(tf.memory().numTensors).toBe(afterOne);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    y.dispose();
  });
});

describe('batch normalization: the lecture’s 32×32×16 output, batch 64', () => {
  it('16 means and 16 variances, each over 65 536 values, equal to a float64 JS computation; BN output has mean 0, variance 1', async () => {
    const before = tf.memory().numTensors;
    const r = await runBnExample();
    expect(tf.memory().numTensors).toBe(before);
    expect(r.shape).toEqual([64, 32, 32, 16]);
    expect(bnStatShape(r.shape)).toEqual({ channels: 16, valuesPerStat: 65_536, axes: [0, 1, 2] });
    const ref = batchStats(r.conv, 16);
    for (let c = 0; c < 16; c++) {
      expect(r.mean[c]!).toBeCloseTo(ref.mean[c]!, 3);
      expect(r.variance[c]! / ref.variance[c]!).toBeCloseTo(1, 3);
    }
    // The channels really differ (the example is not trivially normalized already).
    expect(Math.max(...r.mean) - Math.min(...r.mean)).toBeGreaterThan(1);
    const after = batchStats(r.normalized, 16);
    for (let c = 0; c < 16; c++) {
      expect(Math.abs(after.mean[c]!)).toBeLessThan(1e-3);
      expect(after.variance[c]!).toBeGreaterThan(0.99);
      expect(after.variance[c]!).toBeLessThan(1.0);
    }
  });

  it('training mode depends on the batch-mates, inference mode does not; running averages approach the batch statistics', async () => {
    const r = await runBnExample();
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    expect(maxDiff(r.image0TrainA, r.image0TrainB)).toBeGreaterThan(1e-3);
    // 20 updates with momentum 0.9 from 0: the running mean holds 1 − 0.9²⁰ ≈ 88 % of the statistics.
    const spread = Math.max(...r.mean.map(Math.abs));
    for (let c = 0; c < 16; c++) expect(Math.abs(r.runningMean[c]! - (1 - 0.9 ** 20) * r.mean[c]!)).toBeLessThan(0.05 * spread);
    expect(maxDiff(r.image0Infer, r.image0TrainA)).toBeGreaterThan(0);
  });
});

describe('grouped convolution: the lecture’s 32×32×256 input, 128 filters, 32 groups', () => {
  it('split → conv2d → concat equals one dense conv2d with the block-diagonal kernel to float tolerance, and a hand-computed output', async () => {
    const before = tf.memory().numTensors;
    const r = await runGroupedConv(LECTURE_GROUPED, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.outShape).toEqual([1, 32, 32, 128]);
    expect(r.sliceShape).toEqual([1, 32, 32, 8]);
    expect(r.groupKernelShape).toEqual([3, 3, 8, 4]);
    expect(r.maxAbsDiff).toBeLessThan(1e-5 * Math.max(1, r.maxAbs));
    // Output channel 0 at the centre = Σ over group 0's 3×3×8 window × filter 0 (72 products).
    let s = 0;
    for (let i = 0; i < 72; i++) s += r.window[i]! * r.kernel0[i]!;
    expect(r.sampleGrouped[0]!).toBeCloseTo(s, 4);
    expect(r.sampleDense[0]!).toBeCloseTo(s, 4);
  });

  it('2 groups on an 8×8 input match too; 3 groups (256 and 128 not divisible) are refused', async () => {
    const r = await runGroupedConv({ ...LECTURE_GROUPED, h: 8, w: 8, groups: 2 }, 2);
    expect(r.maxAbsDiff).toBeLessThan(1e-4);
    await expect(runGroupedConv({ ...LECTURE_GROUPED, groups: 3 })).rejects.toThrow(/groups/);
  });
});
