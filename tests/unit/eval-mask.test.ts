import { describe, expect, it } from 'vitest';
import {
  boxIouXywh, evaluateDetections, makeRle, rleArea, rleDecode, rleEncode, rleFrBbox, rleFrPoly, rleFrString, rleIou,
  rleMerge, rleToBbox, rleToString, segmentationToRle,
  type Detection, type GroundTruth,
} from '../../src/core/eval';

/** Column-major mask (x * h + y) with a filled rectangle [x0, x1) × [y0, y1). */
function rect(h: number, w: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(h * w);
  for (let x = x0; x < x1; x++) for (let y = y0; y < y1; y++) m[x * h + y] = 1;
  return m;
}

describe('COCO RLE (maskApi.c port)', () => {
  it('encode / decode / area / toBbox', () => {
    const m = rect(6, 5, 1, 2, 4, 5); // 3 wide, 3 tall
    const r = rleEncode(m, 6, 5);
    expect(Array.from(r.counts)).toEqual([8, 3, 3, 3, 3, 3, 7]);
    expect(Array.from(rleDecode(r))).toEqual(Array.from(m));
    expect(rleArea(r)).toBe(9);
    expect(rleToBbox(r)).toEqual([1, 2, 3, 3]);
    expect(rleToBbox(rleEncode(new Uint8Array(30), 6, 5))).toEqual([0, 0, 0, 0]);
  });

  it('compressed string round trip (LEB128-like, deltas from i > 2)', () => {
    const r = makeRle(100, 80, [5, 300, 20, 1000, 0, 7, 6668]);
    const s = rleToString(r);
    expect(Array.from(rleFrString(s, 100, 80).counts)).toEqual(Array.from(r.counts));
    // known encodings: a single run of 4 → '4'; counts [0, 1] → '01'
    expect(rleToString(makeRle(2, 2, [4]))).toBe('4');
    expect(rleToString(makeRle(1, 1, [0, 1]))).toBe('01');
  });

  it('merge (union / intersection) and IoU', () => {
    const a = rleEncode(rect(10, 10, 0, 0, 5, 10), 10, 10);
    const b = rleEncode(rect(10, 10, 3, 0, 10, 10), 10, 10);
    expect(rleArea(rleMerge([a, b]))).toBe(100);
    expect(rleArea(rleMerge([a, b], true))).toBe(20);
    expect(rleIou(a, b)).toBe(20 / 100);
    expect(rleIou(a, b, true)).toBe(20 / 50);
    expect(rleIou(a, rleEncode(rect(8, 10, 0, 0, 5, 8), 8, 10))).toBe(-1); // size mismatch
    const far = rleEncode(rect(10, 10, 9, 9, 10, 10), 10, 10);
    expect(rleIou(rleEncode(rect(10, 10, 0, 0, 2, 2), 10, 10), far)).toBe(0);
  });

  it('polygon rasterisation: integer-aligned rectangles fill exactly w·h pixels', () => {
    const r = rleFrPoly([10, 10, 10, 40, 30, 40, 30, 10], 100, 100);
    expect(rleArea(r)).toBe(20 * 30);
    expect(rleToBbox(r)).toEqual([10, 10, 20, 30]);
    const b = rleFrBbox([10, 10, 20, 30], 100, 100);
    expect(Array.from(b.counts)).toEqual(Array.from(r.counts));
    // matches an explicitly drawn rectangle
    expect(Array.from(rleDecode(r))).toEqual(Array.from(rect(100, 100, 10, 10, 30, 40)));
  });

  it('a triangle: area close to the geometric area, clipped to the image', () => {
    const r = rleFrPoly([0, 0, 40, 0, 0, 40], 50, 50);
    expect(Math.abs(rleArea(r) - 800)).toBeLessThan(45);
    const clipped = rleFrPoly([-10, -10, 60, -10, 60, 60, -10, 60], 50, 50);
    expect(rleArea(clipped)).toBe(2500);
  });

  it('segmentationToRle: polygons merged, 4-number lists read as boxes, RLE dicts', () => {
    const polys = segmentationToRle([[0, 0, 0, 10, 10, 10, 10, 0], [20, 0, 20, 10, 30, 10, 30, 0]], 40, 40);
    expect(rleArea(polys)).toBe(200);
    expect(rleArea(segmentationToRle([[0, 0, 10, 10]], 40, 40))).toBe(100);
    const u = segmentationToRle({ size: [4, 4], counts: [5, 2, 9] }, 99, 99);
    expect([u.h, u.w, rleArea(u)]).toEqual([4, 4, 2]);
    const c = segmentationToRle({ size: [100, 80], counts: rleToString(makeRle(100, 80, [5, 300, 7695])) }, 1, 1);
    expect(rleArea(c)).toBe(300);
  });
});

describe('segm evaluation', () => {
  it('rectangular masks give the same metrics as their boxes', () => {
    const boxes: [number, number, number, number][] = [[10, 10, 40, 30], [100, 50, 60, 60], [200, 200, 20, 20]];
    const gt: GroundTruth = {
      images: [{ id: 1, width: 320, height: 240 }],
      categories: [{ id: 1, name: 'a' }],
      annotations: boxes.map((b, i) => ({
        id: i + 1, imageId: 1, categoryId: 1, bbox: b, area: b[2] * b[3], iscrowd: false, difficult: false,
        segmentation: [[b[0], b[1], b[0], b[1] + b[3], b[0] + b[2], b[1] + b[3], b[0] + b[2], b[1]]],
      })),
    };
    const dboxes: [number, number, number, number][] = [[12, 10, 40, 30], [100, 60, 60, 50], [205, 205, 20, 20], [0, 200, 30, 30]];
    const dt: Detection[] = dboxes.map((b, i) => ({
      imageId: 1, categoryId: 1, score: 0.9 - i * 0.1,
      segmentation: { size: [240, 320], counts: rleToString(rleFrBbox(b, 240, 320)) },
    }));
    const bboxDt: Detection[] = dboxes.map((b, i) => ({ imageId: 1, categoryId: 1, score: 0.9 - i * 0.1, bbox: b }));
    const segm = evaluateDetections(gt, dt, { iouType: 'segm' });
    const bbox = evaluateDetections(gt, bboxDt, { iouType: 'bbox' });
    segm.stats.forEach((v, i) => expect(v).toBeCloseTo(bbox.stats[i]!, 12));
    expect(rleIou(rleFrBbox(dboxes[0]!, 240, 320), rleFrBbox(boxes[0]!, 240, 320))).toBeCloseTo(boxIouXywh(dboxes[0]!, boxes[0]!), 15);
  });
});
