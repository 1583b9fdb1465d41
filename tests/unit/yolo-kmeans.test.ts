import { describe, expect, it } from 'vitest';
import { kmeansBoxes, meanBestIou, meanIouCurve, whIou } from '../../src/core/yolo/kmeans';

// Two tight clusters of box sizes around (1, 1) and (4, 2), plus a third around (1, 3).
const FIXTURE = [
  1, 1, 1.1, 0.9, 0.9, 1.1, 1, 1.05,
  4, 2, 4.2, 2.1, 3.8, 1.9, 4.1, 2,
  1, 3, 0.9, 3.2, 1.1, 2.9,
];

describe('whIou', () => {
  it('is the IoU of boxes sharing a centre', () => {
    expect(whIou(2, 2, 2, 2)).toBe(1);
    expect(whIou(2, 2, 1, 1)).toBeCloseTo(0.25, 12);
    // (4×1) vs (1×4): intersection 1, union 4 + 4 − 1 = 7.
    expect(whIou(4, 1, 1, 4)).toBeCloseTo(1 / 7, 12);
    expect(whIou(0, 0, 0, 0)).toBe(0);
  });
});

describe('kmeansBoxes (1 − IoU)', () => {
  it('finds the three clusters of the fixture, sorted by area', () => {
    const r = kmeansBoxes(FIXTURE, { k: 3, distance: 'iou', seed: 1 });
    const c = Array.from(r.centroids);
    expect(c[0]).toBeCloseTo(1, 1);
    expect(c[1]).toBeCloseTo(1.0125, 2);
    expect(c[2]).toBeCloseTo(1, 1);
    expect(c[3]).toBeCloseTo(3.0333, 3);
    expect(c[4]).toBeCloseTo(4.025, 3);
    expect(c[5]).toBeCloseTo(2, 3);
    expect(Array.from(r.assignments)).toEqual([0, 0, 0, 0, 2, 2, 2, 2, 1, 1, 1]);
    expect(r.meanIou).toBeGreaterThan(0.9);
    expect(r.meanIou).toBeCloseTo(meanBestIou(FIXTURE, r.centroids), 12);
  });

  it('is deterministic for a seed and reaches IoU 1 with one prior per distinct box', () => {
    const a = kmeansBoxes(FIXTURE, { k: 3, distance: 'iou', seed: 7 });
    const b = kmeansBoxes(FIXTURE, { k: 3, distance: 'iou', seed: 7 });
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    const all = kmeansBoxes([1, 1, 2, 3, 5, 1], { k: 3, distance: 'iou', seed: 3 });
    expect(all.meanIou).toBeCloseTo(1, 12);
  });

  it('k = 1 gives the mean box; k is capped by the number of boxes', () => {
    const r = kmeansBoxes([1, 1, 3, 3], { k: 1, distance: 'euclidean', seed: 0 });
    expect(Array.from(r.centroids)).toEqual([2, 2]);
    expect(kmeansBoxes([1, 1, 3, 3], { k: 5, distance: 'iou', seed: 0 }).centroids.length).toBe(4);
  });

  it('rejects empty input', () => {
    expect(() => kmeansBoxes([], { k: 2, distance: 'iou', seed: 0 })).toThrow(RangeError);
  });

  it('Euclidean k-means lets big boxes dominate: 1 − IoU gives a better mean IoU on mixed scales', () => {
    // Many small boxes of two shapes and a few large ones of very different sizes.
    const wh: number[] = [];
    for (let i = 0; i < 20; i++) wh.push(0.5 + 0.01 * (i % 5), 0.5, 0.25, 0.5 + 0.01 * (i % 3));
    wh.push(20, 20, 10, 30, 30, 10, 15, 15);
    const iou = kmeansBoxes(wh, { k: 3, distance: 'iou', seed: 2 });
    const euc = kmeansBoxes(wh, { k: 3, distance: 'euclidean', seed: 2 });
    // 1 − IoU: two priors for the two small shapes, one for the big boxes; Euclidean: the reverse.
    expect(iou.meanIou).toBeGreaterThan(0.9);
    expect(euc.meanIou).toBeLessThan(0.75);
    expect(iou.centroids[0]).toBeCloseTo(0.25, 2);
    expect(euc.centroids[0]).toBeCloseTo(0.385, 3); // both small shapes merged: mean w of 0.52 and 0.25
  });

  it('meanIouCurve has one value per k and ends at the best fit', () => {
    const curve = meanIouCurve(FIXTURE, 4, 'iou', 1);
    expect(curve).toHaveLength(4);
    expect(curve[2]!).toBeGreaterThan(curve[0]!);
  });
});
