/** Upsampling of masks for display (src/core/maskOps.ts): pure, no DOM. */
import { describe, expect, it } from 'vitest';
import { classAlphaRgba, classRgba, personAlphaRgba, resizeBilinear, resizeNearest } from '../../src/core/maskOps';

describe('resizeBilinear (half-pixel centres)', () => {
  it('same size is the identity', () => {
    const src = Float32Array.from([0, 0.25, 0.5, 1]);
    expect([...resizeBilinear(src, 2, 2, 2, 2)]).toEqual([0, 0.25, 0.5, 1]);
  });

  it('2x upsampling of [0, 1] gives 0, 0.25, 0.75, 1 (as tf.image.resizeBilinear with halfPixelCenters)', () => {
    const out = resizeBilinear(Float32Array.from([0, 1]), 2, 1, 4, 1);
    expect([...out].map((v) => +v.toFixed(6))).toEqual([0, 0.25, 0.75, 1]);
  });

  it('a constant map stays constant at any size, and values stay within the source range', () => {
    const out = resizeBilinear(new Float32Array(6).fill(0.7), 3, 2, 17, 11);
    for (const v of out) expect(v).toBeCloseTo(0.7, 6);
    const mixed = resizeBilinear(Float32Array.from([0, 1, 1, 0, 0.5, 0.2]), 3, 2, 9, 7);
    for (const v of mixed) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('downsampling works too, and sizes are checked', () => {
    expect(resizeBilinear(new Float32Array(16), 4, 4, 2, 2).length).toBe(4);
    expect(() => resizeBilinear(new Float32Array(5), 2, 2, 4, 4)).toThrow(/5 values, expected 2x2/);
  });
});

describe('resizeNearest', () => {
  it('repeats ids, never invents one', () => {
    expect([...resizeNearest(Uint8Array.from([1, 2, 3, 4]), 2, 2, 4, 2)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    const out = resizeNearest(Uint8Array.from([0, 15, 8]), 3, 1, 7, 3);
    for (const v of out) expect([0, 15, 8]).toContain(v);
  });
});

describe('mask → RGBA', () => {
  it('thresholded person mask: opaque above, transparent below, a narrow ramp at the threshold', () => {
    const rgba = personAlphaRgba(Float32Array.from([0.1, 0.5, 0.9]), 0.5, false, [1, 2, 3]);
    expect([...rgba]).toEqual([1, 2, 3, 0, 1, 2, 3, 128, 1, 2, 3, 255]);
  });

  it('soft person mask: alpha is the probability', () => {
    const rgba = personAlphaRgba(Float32Array.from([0.25, 0.75]), 0.5, true, [0, 0, 0]);
    expect([rgba[3], rgba[7]]).toEqual([64, 191]);
  });

  it('class colours, with transparent ids and unknown ids', () => {
    const rgba = classRgba(Uint8Array.from([0, 1, 255]), [[0, 0, 0], [9, 8, 7]], new Set([0]));
    expect([...rgba.subarray(4, 8)]).toEqual([9, 8, 7, 255]);
    expect(rgba[3]).toBe(0);
    expect(rgba[11]).toBe(0);
    expect([...classAlphaRgba(Uint8Array.from([15, 0]), 15)].filter((_, i) => i % 4 === 3)).toEqual([255, 0]);
  });
});
