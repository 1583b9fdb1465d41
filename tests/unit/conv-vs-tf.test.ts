/**
 * The page's convolution arithmetic (src/core/convArithmetic.ts) against the real tf ops on the CPU
 * backend: output sizes over many (i, k, s, padding, dilation) and the numbers themselves.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dRef,
  conv2dTransposeRef,
  convAxis,
  convOutputSize,
  randomInts,
  transposedAxis,
  transposedIsConsistent,
  transposedOutputSize,
  type Padding,
} from '../../src/core/convArithmetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const PADDINGS: Padding[] = ['valid', 'same', 0, 1, 2];

function close(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let j = 0; j < a.length; j++) expect(a[j]!).toBeCloseTo(b[j]!, 4);
}

describe('conv2d: sizes and values vs tf.conv2d', () => {
  it('matches over i 1..9, k 1..5, s 1..3, padding valid/same/0/1/2, dilation 1..3', () => {
    const before = tf.memory().numTensors;
    let checked = 0;
    let rejected = 0;
    for (let i = 1; i <= 9; i++) {
      for (let k = 1; k <= 5; k++) {
        for (let s = 1; s <= 3; s++) {
          for (let d = 1; d <= 3; d++) {
            if (s > 1 && d > 1) continue; // tf: strides or dilations must be 1
            for (const pad of PADDINGS) {
              const g = convAxis(i, k, s, pad, d);
              const x = randomInts(i * 131 + k * 17 + s, i * i, -3, 5);
              const w = randomInts(k * 7 + d, k * k, -2, 2);
              if (g.output <= 0) {
                // The kernel does not fit. tfjs does not check: it returns an empty (or negative-shaped)
                // tensor, so the page refuses these configurations itself.
                const bad = tf.tidy(() => tf.conv2d(tf.tensor4d(x, [1, i, i, 1]), tf.tensor4d(w, [k, k, 1, 1]), s, pad, 'NHWC', d));
                expect(Math.min(bad.shape[1], bad.shape[2])).toBeLessThanOrEqual(0);
                bad.dispose();
                rejected++;
                continue;
              }
              const y = tf.tidy(() => tf.conv2d(tf.tensor4d(x, [1, i, i, 1]), tf.tensor4d(w, [k, k, 1, 1]), s, pad, 'NHWC', d));
              expect(y.shape).toEqual([1, g.output, g.output, 1]);
              if (typeof pad === 'number') expect(g.output).toBe(convOutputSize(i, k, s, pad, d));
              close(y.dataSync(), conv2dRef(x, g, w));
              y.dispose();
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(800);
    expect(rejected).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('conv2dTranspose: sizes and values vs tf.conv2dTranspose', () => {
  it('o = s(i−1) + k − 2p + a is the size tf computes, and the stamps add up to tf’s numbers', () => {
    const before = tf.memory().numTensors;
    let checked = 0;
    for (let i = 1; i <= 6; i++) {
      for (let k = 1; k <= 5; k++) {
        for (let s = 1; s <= 3; s++) {
          for (const pad of PADDINGS) {
            for (let a = 0; a < s; a++) {
              const g = transposedAxis(i, k, s, pad, a);
              if (!transposedIsConsistent(g)) continue;
              if (typeof pad === 'number') expect(g.output).toBe(transposedOutputSize(i, k, s, pad, a));
              // The forward conv of the output size gives back i (that is what makes it "transposed").
              expect(convAxis(g.output, k, s, pad).output).toBe(i);
              const x = randomInts(i * 31 + k + s * 5, i * i, -3, 5);
              const w = randomInts(k * 3 + s, k * k, -2, 2);
              const y = tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(x, [1, i, i, 1]), tf.tensor4d(w, [k, k, 1, 1]), [1, g.output, g.output, 1], s, pad));
              expect(y.shape).toEqual([1, g.output, g.output, 1]);
              close(y.dataSync(), conv2dTransposeRef(x, g, w));
              y.dispose();
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the adjoint of conv2d: <conv(x), y> = <x, convT(y)>', () => {
    for (const [n, k, s, pad] of [[7, 3, 2, 'same'], [8, 4, 2, 1], [6, 3, 3, 'valid'], [5, 2, 1, 0]] as const) {
      const g = convAxis(n, k, s, pad);
      const x = randomInts(n, n * n, -4, 4);
      const y = randomInts(k, g.output * g.output, -4, 4);
      const w = randomInts(s, k * k, -2, 3);
      const cx = conv2dRef(x, g, w);
      const t = tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(y, [1, g.output, g.output, 1]), tf.tensor4d(w, [k, k, 1, 1]), [1, n, n, 1], s, pad));
      const ty = t.dataSync();
      t.dispose();
      let lhs = 0;
      let rhs = 0;
      for (let j = 0; j < cx.length; j++) lhs += cx[j]! * y[j]!;
      for (let j = 0; j < x.length; j++) rhs += x[j]! * ty[j]!;
      expect(rhs).toBeCloseTo(lhs, 6);
    }
  });
});
