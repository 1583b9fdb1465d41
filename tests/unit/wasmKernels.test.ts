/**
 * The WASM training kernels (src/models/train/wasmKernels.ts) against the pure-JS CPU backend:
 * gradients of conv2d / conv2dTranspose / depthwiseConv2d / gather w.r.t. input and filter over many
 * shapes, a tiny conv net trained with Adam on both backends, and memory leaks (engine tensors and
 * the WASM backend's own data buffers).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../../src/models/train/wasmKernels';
import { symmetricValues } from '../../src/core/random';

type Backend = 'cpu' | 'wasm';
type Pad = 'same' | 'valid' | number;

beforeAll(async () => {
  registerWasmTrainingKernels();
  registerWasmTrainingKernels(); // idempotent
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});

const values = symmetricValues;

function rand(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** Runs `f` on the CPU backend, then on WASM; returns both results as plain arrays. */
async function onBoth(f: () => tf.Tensor[]): Promise<Record<Backend, Float32Array[]>> {
  const out: Partial<Record<Backend, Float32Array[]>> = {};
  for (const be of ['cpu', 'wasm'] as const) {
    await tf.setBackend(be);
    const ts = f();
    out[be] = ts.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose(ts);
  }
  await tf.setBackend('wasm');
  return { cpu: out.cpu!, wasm: out.wasm! };
}

/** max |a − b| / max(1, max |a|). */
function relDiff(a: Float32Array, b: Float32Array): number {
  expect(b.length).toBe(a.length);
  let d = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  return d / scale;
}

function expectSame(r: Record<Backend, Float32Array[]>, label: string): number {
  expect(r.wasm.length).toBe(r.cpu.length);
  let worst = 0;
  r.cpu.forEach((c, i) => {
    const d = relDiff(c, r.wasm[i]!);
    worst = Math.max(worst, d);
    expect(d, `${label} output ${i}`).toBeLessThanOrEqual(1e-4);
  });
  return worst;
}

/** Gradient of Σ(op(x, f) · g) w.r.t. x and f, g a fixed random weighting. */
function gradsOf(op: (x: tf.Tensor4D, f: tf.Tensor4D) => tf.Tensor, xShape: number[], fShape: number[], seed: number): tf.Tensor[] {
  return tf.tidy(() => {
    const x = rand(xShape, seed);
    const f = rand(fShape, seed + 1);
    const yShape = tf.tidy(() => op(x as tf.Tensor4D, f as tf.Tensor4D).shape);
    const g = rand(yShape, seed + 2);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(op(a as tf.Tensor4D, b as tf.Tensor4D), g)))([x, f]);
  });
}

interface ConvCase {
  b: number;
  size: number;
  ci: number;
  co: number;
  k: number;
  s: number;
  pad: Pad;
}

/** A deterministic spread over batch 1..3, size 5..12, channels 1..4, kernel 1..5, stride 1..2, pads. */
function convCases(count: number, pads: readonly Pad[], seed: number): ConvCase[] {
  const r = values(count * 7, seed);
  const pick = (u: number, lo: number, hi: number): number => lo + Math.min(hi - lo, Math.floor(((u + 1) / 2) * (hi - lo + 1)));
  const cases: ConvCase[] = [];
  for (let i = 0; i < count; i++) {
    const u = (j: number): number => r[i * 7 + j]!;
    const size = pick(u(1), 5, 12);
    cases.push({
      b: 1 + (i % 3),
      size,
      ci: pick(u(2), 1, 4),
      co: pick(u(3), 1, 4),
      k: Math.min(size, 1 + (Math.floor(i / 3) % 5)),
      s: 1 + (Math.floor(i / 15) % 2),
      pad: pads[i % pads.length]!,
    });
  }
  return cases;
}

describe('registration', () => {
  it('registers every kernel for wasm, once', () => {
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    const before = WASM_TRAINING_KERNELS.map((n) => tf.getKernel(n, 'wasm').kernelFunc);
    registerWasmTrainingKernels();
    expect(WASM_TRAINING_KERNELS.map((n) => tf.getKernel(n, 'wasm').kernelFunc)).toEqual(before);
  });
});

describe('conv2d gradients: WASM vs CPU', () => {
  it('dx and dW agree over 120 shapes (batch 1..3, size 5..12, ch 1..4, k 1..5, stride 1..2, same/valid/explicit)', async () => {
    const cases = convCases(120, ['same', 'valid', 'same', 'valid', 1, 3], 11);
    let worst = 0;
    for (const [i, c] of cases.entries()) {
      if (c.pad === 'valid' && c.k > c.size) continue;
      const r = await onBoth(() => gradsOf((x, f) => tf.conv2d(x, f, c.s, c.pad), [c.b, c.size, c.size, c.ci], [c.k, c.k, c.ci, c.co], 100 + i));
      worst = Math.max(worst, expectSame(r, JSON.stringify(c)));
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('non-square shapes, strides [1, 2] and [2, 1], kernels 2×3', async () => {
    for (const [strides, pad] of [
      [[1, 2], 'same'],
      [[2, 1], 'valid'],
      [[2, 2], 'same'],
    ] as const) {
      const r = await onBoth(() => gradsOf((x, f) => tf.conv2d(x, f, strides as [number, number], pad), [2, 7, 10, 3], [2, 3, 3, 5], 7));
      expectSame(r, `${strides} ${pad}`);
    }
  });

  it('fused conv2d (bias + relu) and conv2dTranspose', async () => {
    const fused = await onBoth(() =>
      tf.tidy(() => {
        const bias = rand([4], 3);
        return gradsOf((x, f) => tf.fused.conv2d({ x, filter: f, bias, activation: 'relu', strides: 2, pad: 'same' }), [2, 9, 9, 3], [3, 3, 3, 4], 21);
      }),
    );
    expectSame(fused, 'fused conv2d');
    for (const [s, pad] of [
      [1, 'same'],
      [2, 'same'],
      [2, 'valid'],
    ] as const) {
      const out = s === 1 ? 6 : pad === 'same' ? 12 : 13;
      const r = await onBoth(() => gradsOf((x, f) => tf.conv2dTranspose(x, f, [2, out, out, 5], s, pad), [2, 6, 6, 3], [3, 3, 5, 3], 31 + s));
      expectSame(r, `conv2dTranspose s${s} ${pad}`);
    }
  });

  it('dilation 2: the forward pass agrees; the gradient is refused by tfjs-core on both backends', async () => {
    const fwd = await onBoth(() => tf.tidy(() => [tf.conv2d(rand([2, 11, 11, 3], 1) as tf.Tensor4D, rand([3, 3, 3, 2], 2) as tf.Tensor4D, 1, 'same', 'NHWC', 2)]));
    expectSame(fwd, 'dilated forward');
    for (const be of ['cpu', 'wasm'] as const) {
      await tf.setBackend(be);
      expect(() => gradsOf((x, f) => tf.conv2d(x, f, 1, 'same', 'NHWC', 2), [1, 8, 8, 2], [3, 3, 2, 2], 5)).toThrow(/dilation/);
    }
    await tf.setBackend('wasm');
  });

  it('Conv2DBackpropFilter with dataFormat NCHW (kernel called directly)', async () => {
    const r = await onBoth(() =>
      tf.tidy(() => {
        const x = rand([2, 3, 9, 8], 41);
        const dy = rand([2, 4, 5, 4], 42);
        return [tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] }) as tf.Tensor];
      }),
    );
    expectSame(r, 'NCHW');
  });
});

describe('depthwise conv2d gradients: WASM vs CPU', () => {
  it('dx and dW agree over 60 shapes (channel multiplier 1..2)', async () => {
    const cases = convCases(60, ['same', 'valid', 1], 23);
    for (const [i, c] of cases.entries()) {
      if (c.pad === 'valid' && c.k > c.size) continue;
      const m = 1 + (i % 2);
      const r = await onBoth(() => gradsOf((x, f) => tf.depthwiseConv2d(x, f, c.s, c.pad), [c.b, c.size, c.size, c.ci], [c.k, c.k, c.ci, m], 300 + i));
      expectSame(r, JSON.stringify({ ...c, m }));
    }
  });

  it('separable conv2d', async () => {
    const r = await onBoth(() =>
      tf.tidy(() => {
        const pw = rand([1, 1, 6, 4], 9);
        return gradsOf((x, f) => tf.separableConv2d(x, f, pw as tf.Tensor4D, 2, 'same'), [2, 10, 10, 3], [3, 3, 3, 2], 51);
      }),
    );
    expectSame(r, 'separable');
  });

  it('dilation 2 (kernels called directly) equals the zero-expanded filter on CPU', async () => {
    // A k×k filter dilated by 2 is the (2k−1)×(2k−1) filter with zeros between the taps.
    const k = 3;
    const big = 2 * k - 1;
    const xShape = [2, 10, 10, 3];
    const fShape = [k, k, 3, 2];
    const attrs = (extra: Record<string, unknown>, d: number) => ({ strides: [1, 1], pad: 'same', dilations: [d, d], ...extra });
    const expand = (f: tf.Tensor): tf.Tensor => {
      const e = tf.buffer([big, big, 3, 2]);
      const v = f.arraySync() as number[][][][];
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let c = 0; c < 3; c++) for (let m = 0; m < 2; m++) e.set(v[i]![j]![c]![m]!, 2 * i, 2 * j, c, m);
      return e.toTensor();
    };
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => {
      const x = rand(xShape, 61);
      const dy = rand([2, 10, 10, 6], 62);
      const dwBig = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs({ filterShape: [big, big, 3, 2] }, 1)) as tf.Tensor;
      const dW = tf.stridedSlice(dwBig, [0, 0, 0, 0], [big, big, 3, 2], [2, 2, 1, 1]);
      const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: expand(rand(fShape, 63)) }, attrs({ inputShape: xShape }, 1)) as tf.Tensor;
      return [dW.dataSync(), dx.dataSync()].map((a) => Float32Array.from(a));
    });
    await tf.setBackend('wasm');
    const got = tf.tidy(() => {
      const x = rand(xShape, 61);
      const dy = rand([2, 10, 10, 6], 62);
      const dW = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs({ filterShape: fShape }, 2)) as tf.Tensor;
      const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: rand(fShape, 63) }, attrs({ inputShape: xShape }, 2)) as tf.Tensor;
      return [dW.dataSync(), dx.dataSync()].map((a) => Float32Array.from(a));
    });
    expectSame({ cpu: ref, wasm: got }, 'dilated depthwise');
  });
});

describe('other training ops on WASM', () => {
  it('gather gradient (UnsortedSegmentSum), repeated and unused indices', async () => {
    const r = await onBoth(() =>
      tf.tidy(() => {
        const x = rand([7, 3, 2], 71);
        const idx = tf.tensor1d([0, 2, 2, 6, 0], 'int32');
        const g = rand([5, 3, 2], 72);
        const g1 = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.gather(a, idx), g)))(x);
        const g2 = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.gather(a, tf.tensor1d([1, 1], 'int32'), 1), rand([7, 2, 2], 73))))(x);
        return [g1, g2];
      }),
    );
    expectSame(r, 'gather');
  });

  it('maxPool gradient (replaced: WASM routes it to wrong pixels) over 48 shapes, ties included', async () => {
    const cases = convCases(48, ['same', 'valid'], 29);
    for (const [i, c] of cases.entries()) {
      const k = Math.min(c.size, 2 + (i % 2)); // 2×2 and 3×3 windows
      const withTies = i % 4 === 3; // relu before the pool: windows of zeros
      const r = await onBoth(() =>
        tf.tidy(() => {
          const x = rand([c.b, c.size, c.size, c.ci], 400 + i);
          const y0 = tf.maxPool(x as tf.Tensor4D, k, c.s, c.pad);
          const g = rand(y0.shape, 500 + i);
          return [tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool((withTies ? tf.relu(a) : a) as tf.Tensor4D, k, c.s, c.pad), g)))(x)];
        }),
      );
      expectSame(r, JSON.stringify({ ...c, k, withTies }));
    }
  });

  it('resizeNearestNeighbor gradient: WASM is right (the CPU backend is wrong for batches > 1)', async () => {
    // Batch 1 against CPU directly; batch 3 against CPU image by image.
    for (const [h, out, ac] of [
      [5, 10, false],
      [5, 11, true],
      [8, 16, false],
      [8, 6, false],
    ] as const) {
      const grad = (x: tf.Tensor, g: tf.Tensor): tf.Tensor =>
        tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(a as tf.Tensor4D, [out, out], ac), g)))(x);
      const r = await onBoth(() =>
        tf.tidy(() => {
          const x = rand([3, h, h, 2], 601);
          const g = rand([3, out, out, 2], 602);
          if (tf.getBackend() === 'wasm') return [grad(x, g)];
          const parts = [0, 1, 2].map((b) => grad(tf.slice(x, [b, 0, 0, 0], [1, -1, -1, -1]), tf.slice(g, [b, 0, 0, 0], [1, -1, -1, -1])));
          return [tf.concat(parts, 0)];
        }),
      );
      expectSame(r, `resizeNearestNeighbor ${h}→${out}`);
    }
  });

  it('the rest of a small segmentation graph: pools, norms, activations, upsampling, concat, losses', async () => {
    const r = await onBoth(() =>
      tf.tidy(() => {
        const x = rand([2, 8, 8, 4], 81);
        const t = tf.greater(rand([2, 16, 16, 4], 82), 0).toFloat();
        return tf.grads((a: tf.Tensor) => {
          const a4 = a as tf.Tensor4D;
          const { mean, variance } = tf.moments(a4, [0, 1, 2]);
          const n = tf.div(tf.sub(a4, mean), tf.sqrt(tf.add(variance, 1e-3))) as tf.Tensor4D;
          const p = tf.add(tf.maxPool(n, 2, 2, 'same'), tf.avgPool(tf.leakyRelu(n, 0.1), 2, 2, 'same')) as tf.Tensor4D;
          const u = tf.concat([tf.image.resizeBilinear(p, [16, 16]), tf.image.resizeBilinear(tf.sigmoid(p), [16, 16], true)], 3);
          const logits = tf.relu(tf.slice(u, [0, 0, 0, 0], [-1, -1, -1, 4]));
          const ce = tf.losses.softmaxCrossEntropy(t, logits);
          return tf.add(ce, tf.losses.sigmoidCrossEntropy(t, tf.slice(u, [0, 0, 0, 4], [-1, -1, -1, 4])));
        })([x]);
      }),
    );
    expectSame(r, 'graph');
  });
});

/** conv(3→6, 3×3) → relu → conv(6→2, 3×3, stride 2), MSE; weights and data from fixed seeds. */
function tinyNet() {
  const [w1, b1, w2] = tf.tidy(() => [
    tf.variable(tf.mul(rand([3, 3, 3, 6], 91), 0.5)),
    tf.variable(tf.zeros([6])),
    tf.variable(tf.mul(rand([3, 3, 6, 2], 92), 0.3)),
  ]);
  const x = rand([3, 10, 10, 3], 93);
  const y = rand([3, 5, 5, 2], 94);
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
      return tf.losses.meanSquaredError(y, tf.conv2d(h, w2 as tf.Tensor4D, 2, 'same'));
    });
  const dispose = (): void => tf.dispose([w1, b1, w2, x, y]);
  return { loss, dispose };
}

describe('end to end: a tiny conv net trained with Adam', () => {
  it('reaches the same loss on WASM as on CPU (within 1e-3)', async () => {
    const losses: Record<Backend, number[]> = { cpu: [], wasm: [] };
    for (const be of ['cpu', 'wasm'] as const) {
      await tf.setBackend(be);
      const net = tinyNet();
      const opt = tf.train.adam(0.02);
      for (let step = 0; step < 8; step++) {
        const l = opt.minimize(net.loss, true)!;
        losses[be].push(l.dataSync()[0]!);
        l.dispose();
      }
      opt.dispose();
      net.dispose();
    }
    await tf.setBackend('wasm');
    expect(losses.wasm[7]!).toBeLessThan(losses.wasm[0]!); // it does learn
    for (let i = 0; i < 8; i++) expect(Math.abs(losses.wasm[i]! - losses.cpu[i]!), `step ${i}`).toBeLessThanOrEqual(1e-3);
  });

  it('leaks nothing: tensors and WASM data buffers unchanged after a step (beyond the optimizer state)', async () => {
    await tf.setBackend('wasm');
    const net = tinyNet();
    const opt = tf.train.adam(0.02);
    const step = (): void => tf.dispose(opt.minimize(net.loss, true) ?? []);
    step(); // creates Adam's moment variables
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) step();
    // A step through every kernel of this module (depthwise, transpose conv, max pool, gather) as well.
    const extra = tf.tidy(() => tf.variable(rand([3, 3, 2, 1], 95)));
    const opt2 = tf.train.adam(0.01);
    const step2 = (): void =>
      tf.dispose(
        opt2.minimize(
          () =>
            tf.tidy(() => {
              const x = rand([2, 8, 8, 2], 96) as tf.Tensor4D;
              const d = tf.depthwiseConv2d(x, extra as tf.Tensor4D, 2, 'same');
              const u = tf.conv2dTranspose(tf.depthwiseConv2d(d, extra as tf.Tensor4D, 1, 'same'), tf.concat([extra, extra], 3) as tf.Tensor4D, [2, 8, 8, 2], 2, 'same');
              return tf.sum(tf.gather(tf.maxPool(u, 2, 2, 'same'), tf.tensor1d([1, 1, 0], 'int32'), 3)) as tf.Scalar;
            }),
          true,
        ) ?? [],
      );
    step2();
    const tensors2 = tf.memory().numTensors;
    const buffers2 = tf.engine().backend.numDataIds();
    step2();
    step2();
    expect(tf.memory().numTensors).toBe(tensors2);
    expect(tf.engine().backend.numDataIds()).toBe(buffers2);
    opt2.dispose();
    extra.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    opt.dispose();
    net.dispose();
  });
});
