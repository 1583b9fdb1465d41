import { describe, expect, it } from 'vitest';
import { imageBox } from '../../src/core/coords';
import { imageIdFromFileName, toCocoResults } from '../../src/core/cocoResults';

const det = (x1: number, y1: number, x2: number, y2: number, score: number, categoryId: number) => ({
  box: imageBox(x1, y1, x2, y2),
  score,
  categoryId,
});

describe('toCocoResults', () => {
  it('converts corners to [x, y, w, h] with the image id and official category id, order kept', () => {
    const out = toCocoResults([det(10, 20, 110, 70, 0.9, 1), det(0, 0, 5, 5, 0.2, 90)], 397133);
    expect(out).toEqual([
      { image_id: 397133, category_id: 1, bbox: [10, 20, 100, 50], score: 0.9 },
      { image_id: 397133, category_id: 90, bbox: [0, 0, 5, 5], score: 0.2 },
    ]);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('rounds corners to 0.01 px (w, h between rounded corners) and scores to 1e-5', () => {
    const [r] = toCocoResults([det(1.23456, 2.34567, 3.45678, 4.56789, 0.123456789, 3)], 1);
    expect(r!.bbox).toEqual([1.23, 2.35, 2.23, 2.22]);
    expect(r!.score).toBe(0.12346);
    // x + w reproduces the rounded x2 (no accumulated error).
    expect(r!.bbox[0] + r!.bbox[2]).toBeCloseTo(3.46, 10);
    // Every coordinate within 0.005 px of the input.
    const x1 = 123.456789;
    const x2 = 456.789123;
    const [s] = toCocoResults([det(x1, x1, x2, x2, 0.5, 1)], 1);
    expect(Math.abs(s!.bbox[0] - x1)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(s!.bbox[0] + s!.bbox[2] - x2)).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('keeps boxes slightly outside the image, clamps degenerate sizes to 0, no -0', () => {
    const [a, b] = toCocoResults([det(-0.001, -3.5, 10, 10, 0.5, 1), det(5, 5, 4, 4, 0.5, 1)], 2);
    expect(a!.bbox).toEqual([0, -3.5, 10, 13.5]);
    expect(Object.is(a!.bbox[0], -0)).toBe(false);
    expect(b!.bbox).toEqual([5, 5, 0, 0]);
  });

  it('rejects non-finite values and bad ids instead of writing null into JSON', () => {
    expect(() => toCocoResults([det(0, 0, NaN, 1, 0.5, 1)], 1)).toThrow(RangeError);
    expect(() => toCocoResults([det(0, 0, 1, 1, Infinity, 1)], 1)).toThrow(RangeError);
    expect(() => toCocoResults([det(0, 0, 1, 1, 0.5, 0)], 1)).toThrow(/category id/);
    expect(() => toCocoResults([det(0, 0, 1, 1, 0.5, 1)], 1.5)).toThrow(/image id/);
    expect(toCocoResults([], 7)).toEqual([]);
  });
});

describe('imageIdFromFileName', () => {
  it.each([
    ['000000397133.jpg', 397133],
    ['000000000001.JPEG', 1],
    ['000000183709.png', 183709],
    ['COCO_val2014_000000397133.jpg', 397133],
    ['/data/val2017/000000397133.jpg', 397133],
    ['C:\\coco\\000000397133.jpg', 397133],
  ])('%s → %d', (name, id) => {
    expect(imageIdFromFileName(name)).toBe(id);
  });

  it.each(['397133.jpg', '0000003971330.jpg', '000000397133.gif', '000000397133', 'skimage_chelsea.png', 'x000000397133.jpg', ''])(
    '%s → undefined',
    (name) => {
      expect(imageIdFromFileName(name)).toBeUndefined();
    },
  );
});
