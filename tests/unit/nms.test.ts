import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import { boxIou, greedyNms, nonMaxSuppression, sortByScore, type NmsStep } from '../../src/core/nms';
import { yxyxToXyxy } from '../../src/core/coords';

const opts = { scoreThreshold: 0.1, iouThreshold: 0.5, maxDetections: 10, classAgnostic: false };


describe('boxIou', () => {
  const b = new Float32Array([0, 0, 2, 2, 1, 1, 3, 3, 2, 0, 4, 2, 0, 0, 2, 2, 5, 5, 5, 5]);
  it('overlap, touching edge, identical, empty', () => {
    expect(boxIou(b, 0, 1)).toBeCloseTo(1 / 7, 12);
    expect(boxIou(b, 0, 2)).toBe(0); // touching at an edge
    expect(boxIou(b, 0, 3)).toBe(1);
    expect(boxIou(b, 4, 4)).toBe(0); // zero-area box
  });
  it('is symmetric and accepts flipped corners', () => {
    const f = new Float32Array([2, 2, 0, 0, 1, 1, 3, 3]);
    expect(boxIou(f, 0, 1)).toBeCloseTo(1 / 7, 6);
    expect(boxIou(f, 1, 0)).toBe(boxIou(f, 0, 1));
  });
});

describe('sortByScore', () => {
  it('descending score, ties by lower index', () => {
    const s = [0.5, 0.9, 0.5, 0.1, 0.9];
    expect([...sortByScore(Int32Array.from([0, 1, 2, 3, 4]), (i) => s[i]!)]).toEqual([1, 4, 0, 2, 3]);
  });
});

describe('greedyNms with a trace', () => {
  it('records kept and suppressed candidates with the suppressing box and IoU', () => {
    const boxes = new Float32Array([0, 0, 10, 10, 1, 0, 11, 10, 20, 20, 30, 30, 0, 1, 10, 11]);
    const score = [0.9, 0.8, 0.7, 0.6];
    const trace: NmsStep[] = [];
    const kept = greedyNms(boxes, Int32Array.from([0, 1, 2, 3]), 0.5, 10, (i) => score[i]!, trace);
    expect(kept).toEqual([0, 2]);
    expect(trace.map((t) => t.kept)).toEqual([true, false, true, false]);
    expect(trace[1]!.suppressedBy).toBe(0);
    expect(trace[1]!.iou).toBeCloseTo(90 / 110, 6);
  });
  it('IoU exactly at the threshold is kept (suppression needs IoU > threshold)', () => {
    // Two 2x1 boxes overlapping by 1x1 → IoU = 1/3.
    const boxes = new Float32Array([0, 0, 2, 1, 1, 0, 3, 1]);
    expect(greedyNms(boxes, Int32Array.from([0, 1]), 1 / 3, 10, () => 1)).toEqual([0, 1]);
    expect(greedyNms(boxes, Int32Array.from([0, 1]), 0.33, 10, () => 1)).toEqual([0]);
  });
  it('stops at maxKeep', () => {
    const boxes = new Float32Array([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(greedyNms(boxes, Int32Array.from([0, 1, 2]), 0.5, 2, () => 1)).toEqual([0, 1]);
  });
});

describe('nonMaxSuppression', () => {
  // 3 boxes x 2 classes; boxes 0 and 1 overlap heavily, box 2 is apart.
  const boxes = new Float32Array([0, 0, 10, 10, 1, 1, 11, 11, 50, 50, 60, 60]);
  const scores = new Float32Array([0.9, 0.05, 0.2, 0.85, 0.3, 0.4]);

  it('per class: overlapping boxes of different classes both survive, same class suppressed', () => {
    const r = nonMaxSuppression(boxes, scores, 3, 2, opts);
    const got = [...r.sources].map((s, j) => `${s}:${r.classes[j]}`);
    // box 1 / class 0 (0.2) is suppressed by box 0 / class 0 (IoU 81/119 > 0.5)
    expect(got).toEqual(['0:0', '1:1', '2:1', '2:0']);
    expect([...r.scores]).toEqual([...new Float32Array([0.9, 0.85, 0.4, 0.3])]);
  });

  it('class-agnostic: one NMS over each box’s best class', () => {
    const r = nonMaxSuppression(boxes, scores, 3, 2, { ...opts, classAgnostic: true });
    expect([...r.sources]).toEqual([0, 2]);
    expect([...r.classes]).toEqual([0, 1]);
  });

  it('score threshold is inclusive, maxDetections caps the output, boxes are copied', () => {
    const r = nonMaxSuppression(boxes, scores, 3, 2, { ...opts, scoreThreshold: 0.4, maxDetections: 2 });
    expect(r.count).toBe(2);
    expect([...r.boxes.subarray(0, 4)]).toEqual([0, 0, 10, 10]);
    const none = nonMaxSuppression(boxes, scores, 3, 2, { ...opts, scoreThreshold: 0.95 });
    expect(none.count).toBe(0);
  });

  it('rejects mismatched sizes', () => {
    expect(() => nonMaxSuppression(boxes, scores, 4, 2, opts)).toThrow(RangeError);
  });

  it('randomized: output is sorted, within limits, and no two kept boxes of a class overlap above the threshold', () => {
    const rand = mulberry32(42);
    for (let trial = 0; trial < 50; trial++) {
      const n = 60;
      const c = 4;
      const b = new Float32Array(n * 4);
      for (let i = 0; i < n; i++) {
        const x = rand() * 80;
        const y = rand() * 80;
        b.set([x, y, x + 5 + rand() * 20, y + 5 + rand() * 20], 4 * i);
      }
      const s = Float32Array.from({ length: n * c }, () => rand());
      const o = { scoreThreshold: 0.3, iouThreshold: 0.2 + rand() * 0.6, maxDetections: 25, classAgnostic: trial % 2 === 0 };
      const r = nonMaxSuppression(b, s, n, c, o);
      expect(r.count).toBeLessThanOrEqual(25);
      for (let j = 1; j < r.count; j++) expect(r.scores[j - 1]!).toBeGreaterThanOrEqual(r.scores[j]!);
      for (let j = 0; j < r.count; j++) {
        expect(r.scores[j]!).toBeGreaterThanOrEqual(0.3);
        for (let k = j + 1; k < r.count; k++) {
          if (!o.classAgnostic && r.classes[j] !== r.classes[k]) continue;
          expect(boxIou(b, r.sources[j]!, r.sources[k]!)).toBeLessThanOrEqual(o.iouThreshold + 1e-6);
        }
      }
    }
  });
});

describe('yxyxToXyxy', () => {
  it('swaps TensorFlow’s (y, x) order', () => {
    expect([...yxyxToXyxy(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]))]).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
  });
});
