import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/core/random';
import { softplus, yoloLoss } from '../../src/core/yolo/loss';
import { yoloLossTf } from '../../src/models/tinyYolo';

const W = { alphaConf: 1, alphaLoc: 2, alphaCls: 3, lambdaNoobj: 0.5 };

describe('yoloLoss (core, hand-computed)', () => {
  it('one responsible prior: BCE conf, squared-error loc, CE class', () => {
    // raw (t_x, t_y, t_w, t_h, t_o, l0, l1); target g = (0.5, 0.25, 0, 0), class 1.
    const l = yoloLoss([0, 0, 0.5, -0.5, 0, 1, 0], [1], [0.5, 0.25, 0, 0], [0, 1], 2, 1, W);
    expect(l.confObj).toBeCloseTo(Math.LN2, 12);
    expect(l.confNoobj).toBe(0);
    // (0.5 − 0.5)² + (0.5 − 0.25)² + 0.5² + 0.5² = 0.5625
    expect(l.loc).toBeCloseTo(0.5625, 12);
    expect(l.cls).toBeCloseTo(Math.log(Math.E + 1), 12);
    expect(l.total).toBeCloseTo(Math.LN2 + 2 * 0.5625 + 3 * Math.log(Math.E + 1), 12);
  });

  it('a background prior only costs λ_noobj · BCE(σ(t_o), 0), and sums are per image', () => {
    const l = yoloLoss([9, 9, 9, 9, 2, 4, -4], [0], [0, 0, 0, 0], [0, 0], 2, 1, W);
    expect(l.confNoobj).toBeCloseTo(0.5 * Math.log1p(Math.exp(2)), 12);
    expect(l.loc).toBe(0);
    expect(l.cls).toBe(0);
    const two = yoloLoss([9, 9, 9, 9, 2, 4, -4, 9, 9, 9, 9, 2, 4, -4], [0, 0], new Float32Array(8), new Float32Array(4), 2, 2, W);
    expect(two.confNoobj).toBeCloseTo(l.confNoobj, 12);
  });

  it('softplus is stable', () => {
    expect(softplus(0)).toBeCloseTo(Math.LN2, 12);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
  });

  it('rejects inconsistent shapes', () => {
    expect(() => yoloLoss([0, 0], [1], [0, 0, 0, 0], [1], 1, 1)).toThrow(RangeError);
  });
});

describe('yoloLossTf equals the core loss', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('on random inputs (N = 2, S = 3, B = 2, C = 3) to 1e-5, without leaking tensors', () => {
    const rng = seededRng(5);
    const N = 2, S = 3, B = 2, C = 3, D = 5 + C;
    const n = N * S * S * B;
    const raw = Float32Array.from({ length: n * D }, () => 3 * rng.normal());
    const obj = Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const loc = Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 < 2 ? rng.next() : rng.normal()));
    const cls = new Float32Array(n * C);
    for (let r = 0; r < n; r++) cls[r * C + rng.int(0, C - 1)] = 1;
    const ref = yoloLoss(raw, obj, loc, cls, C, N, W);
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => {
      const l = yoloLossTf(tf.tensor4d(raw, [N, S, S, B * D]), tf.tensor1d(obj), tf.tensor2d(loc, [n, 4]), tf.tensor2d(cls, [n, C]), C, N, W);
      return tf.stack([l.confObj, l.confNoobj, l.loc, l.cls, l.total]);
    });
    const v = got.dataSync();
    got.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const expected = [ref.confObj, ref.confNoobj, ref.loc, ref.cls, ref.total];
    expected.forEach((e, i) => expect(Math.abs(v[i]! - e) / Math.max(1, Math.abs(e))).toBeLessThan(1e-5));
  });
});
