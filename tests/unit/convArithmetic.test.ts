import { describe, expect, it } from 'vitest';
import {
  convAxis,
  convOutputSize,
  convTaps,
  effectiveKernel,
  hasCheckerboard,
  overlapMap,
  randomInts,
  stampCounts1d,
  transposedAxis,
  transposedOutputSize,
} from '../../src/core/convArithmetic';
import { adaptiveAvgPool, adaptiveBins, atrousTaps, channelsByVariance } from '../../src/core/pyramidPooling';

describe('output-size formulas', () => {
  it('conv: o = ⌊(i + 2p − k)/s⌋ + 1; dilation widens the kernel to k + (k−1)(d−1)', () => {
    expect(convOutputSize(5, 3, 1, 0)).toBe(3);
    expect(convOutputSize(5, 3, 2, 1)).toBe(3);
    expect(convOutputSize(6, 3, 2, 1)).toBe(3);
    expect(convOutputSize(7, 3, 1, 0, 2)).toBe(3);
    expect(effectiveKernel(3, 6)).toBe(13);
  });
  it("TF 'same': ⌈i/s⌉ with the odd extra padding pixel at the end", () => {
    expect(convAxis(6, 3, 2, 'same')).toMatchObject({ output: 3, padBefore: 0, padAfter: 1 });
    expect(convAxis(5, 4, 1, 'same')).toMatchObject({ output: 5, padBefore: 1, padAfter: 2 });
  });
  it('transposed: o = s(i − 1) + k − 2p + a; SAME gives s·i', () => {
    expect(transposedOutputSize(3, 3, 2, 0)).toBe(7);
    expect(transposedOutputSize(3, 4, 2, 1)).toBe(6);
    expect(transposedAxis(3, 3, 2, 'same').output).toBe(6);
    expect(transposedAxis(3, 3, 2, 1, 1).output).toBe(6);
  });
  it('conv taps of output cell o start at o·s − padBefore and step by d', () => {
    expect(convTaps(convAxis(7, 3, 1, 0, 2), 1).map((t) => t.at)).toEqual([1, 3, 5]);
    expect(convTaps(convAxis(5, 3, 2, 1), 0).map((t) => t.at)).toEqual([-1, 0, 1]);
  });
});

describe('overlap of transposed-conv stamps (checkerboard)', () => {
  it('k = 3, s = 2: counts alternate 1, 2, 1, 2 … (uneven → checkerboard)', () => {
    expect([...stampCounts1d(transposedAxis(4, 3, 2, 'valid'))]).toEqual([1, 1, 2, 1, 2, 1, 2, 1, 1]);
    expect(hasCheckerboard(3, 2)).toBe(true);
    const m = overlapMap(transposedAxis(3, 3, 2, 'valid'));
    expect(m[2 * 7 + 2]).toBe(4);
    expect(m[1 * 7 + 2]).toBe(2);
    expect(m[1 * 7 + 1]).toBe(1);
  });
  it('k = 4, s = 2 (k divisible by s): every interior pixel is covered equally', () => {
    const c = [...stampCounts1d(transposedAxis(4, 4, 2, 'valid'))];
    expect(c).toEqual([1, 1, 2, 2, 2, 2, 2, 2, 1, 1]);
    expect(hasCheckerboard(4, 2)).toBe(false);
  });
});

describe('pyramid pooling and ASPP footprints', () => {
  const f = { height: 19, width: 19, channels: 2, data: new Float32Array(19 * 19 * 2) };
  for (let y = 0; y < 19; y++) for (let x = 0; x < 19; x++) f.data[(y * 19 + x) * 2 + 1] = x;
  it('adaptive bins cover the map and overlap when 19 is not divisible', () => {
    expect(adaptiveBins(19, 1)).toEqual([[0, 19]]);
    expect(adaptiveBins(19, 2)).toEqual([[0, 10], [9, 19]]);
    expect(adaptiveBins(19, 6).at(-1)).toEqual([15, 19]);
  });
  it('1×1 bin = global average; channel 1 (value = x) averages its bins', () => {
    expect(adaptiveAvgPool(f, 1, 1)[0]).toBeCloseTo(9);
    const p2 = adaptiveAvgPool(f, 1, 2);
    expect(p2[0]).toBeCloseTo(4.5);
    expect(p2[1]).toBeCloseTo(13.5);
    expect(channelsByVariance(f)[0]).toBe(1);
  });
  it('rate-18 taps around the centre of a 19×19 map: only the centre is inside', () => {
    expect(atrousTaps(f, 9, 9, 18).filter((t) => t.inside)).toHaveLength(1);
    expect(atrousTaps(f, 9, 9, 6).filter((t) => t.inside)).toHaveLength(9);
  });
  it('seeded integers are reproducible', () => {
    expect(randomInts(7, 5, 0, 9)).toEqual(randomInts(7, 5, 0, 9));
    expect(randomInts(7, 50, -2, 2).every((v) => v >= -2 && v <= 2)).toBe(true);
  });
});
