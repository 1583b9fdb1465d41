/**
 * The NMS trace (greedyNms's `trace` and src/core/nms.ts) on hand-made cases: which box
 * suppresses which with what IoU, class-aware vs class-agnostic, and equality of the traced final
 * list with `nonMaxSuppression`.
 */
import { describe, expect, it } from 'vitest';
import { greedyNms, nonMaxSuppression, sortByScore, traceNms, type NmsStep } from '../../src/core/nms';

// x1, y1, x2, y2: A and B overlap (IoU 0.6̅ = 8·10/(10·10+10·10−80)), C is apart, D overlaps C a little.
const BOXES = Float32Array.from([
  0, 0, 10, 10, // 0 A
  2, 0, 12, 10, // 1 B: IoU(A,B) = 80/120
  50, 50, 60, 60, // 2 C
  58, 50, 68, 60, // 3 D: IoU(C,D) = 20/180
]);
// Two classes: column 0 "cat", column 1 "dog".
const SCORES = Float32Array.from([
  0.9, 0.1, // A: cat
  0.2, 0.8, // B: dog
  0.7, 0.0, // C: cat
  0.6, 0.05, // D: cat
]);
const base = { scoreThreshold: 0.5, iouThreshold: 0.5, maxDetections: 10 };

describe('greedyNms trace', () => {
  it('records every visited candidate with its verdict, suppressor and IoU', () => {
    const score = (i: number) => [0.9, 0.8, 0.7, 0.6][i]!;
    const trace: NmsStep[] = [];
    const kept = greedyNms(BOXES, sortByScore(Int32Array.from([3, 1, 0, 2]), score), 0.5, 10, score, trace);
    expect(kept).toEqual([0, 2, 3]);
    expect(trace.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(trace.map((s) => s.kept)).toEqual([true, false, true, true]);
    expect(trace[1]!.suppressedBy).toBe(0);
    expect(trace[1]!.iou).toBeCloseTo(80 / 120, 6);
    expect(trace[0]!.suppressedBy).toBeUndefined();
  });

  it('IoU exactly at the threshold is not suppressed (strictly greater suppresses)', () => {
    const score = (i: number) => [0.9, 0.8][i]!;
    const trace: NmsStep[] = [];
    greedyNms(BOXES, Int32Array.from([0, 1]), 80 / 120, 10, score, trace);
    // float32 boxes: IoU computed in float64 from float32 corners is exactly 2/3 here.
    expect(trace[1]!.kept).toBe(true);
  });

  it('stops once maxKeep boxes are kept', () => {
    const score = (i: number) => [0.9, 0.8, 0.7, 0.6][i]!;
    const trace: NmsStep[] = [];
    greedyNms(BOXES, Int32Array.from([0, 1, 2, 3]), 0.5, 2, score, trace);
    expect(trace.map((s) => s.index)).toEqual([0, 1, 2]);
  });
});

describe('traceNms: class-aware vs class-agnostic', () => {
  it('class-aware: A (cat) and B (dog) overlap but compete in different classes — both kept', () => {
    const t = traceNms(BOXES, SCORES, 4, 2, { ...base, classAgnostic: false });
    expect(t.candidates).toBe(4); // A-cat, B-dog, C-cat, D-cat
    expect(Array.from(t.rows)).toEqual([0, 1, 2, 3]);
    expect(t.steps.map((s) => [s.index, s.cls, s.kept])).toEqual([
      [0, 0, true],
      [1, 1, true],
      [2, 0, true],
      [3, 0, true],
    ]);
    expect(t.final.map((j) => t.steps[j]!.index)).toEqual([0, 1, 2, 3]);
  });

  it('class-agnostic: B is suppressed by A with IoU 2/3', () => {
    const t = traceNms(BOXES, SCORES, 4, 2, { ...base, classAgnostic: true });
    const b = t.steps.find((s) => s.index === 1)!;
    expect(b.kept).toBe(false);
    expect(b.suppressedBy).toBe(0);
    expect(b.iou).toBeCloseTo(2 / 3, 6);
    expect(b.cls).toBe(1);
    expect(t.final.map((j) => t.steps[j]!.index)).toEqual([0, 2, 3]);
  });

  it('a high score threshold leaves fewer candidate boxes', () => {
    const t = traceNms(BOXES, SCORES, 4, 2, { ...base, scoreThreshold: 0.75, classAgnostic: false });
    expect(t.candidates).toBe(2);
    expect(Array.from(t.rows)).toEqual([0, 1]);
  });

  it('a low IoU threshold makes C suppress D (IoU 1/9)', () => {
    const t = traceNms(BOXES, SCORES, 4, 2, { ...base, iouThreshold: 0.1, classAgnostic: false });
    const d = t.steps.find((s) => s.index === 3)!;
    expect(d.kept).toBe(false);
    expect(d.suppressedBy).toBe(2);
    expect(d.iou).toBeCloseTo(1 / 9, 6);
  });

  it('the traced final list equals nonMaxSuppression on random dense outputs, both modes', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = 300;
    const c = 5;
    const boxes = new Float32Array(n * 4);
    for (let i = 0; i < n; i++) {
      const x = rand() * 80;
      const y = rand() * 80;
      boxes.set([x, y, x + 5 + rand() * 20, y + 5 + rand() * 20], 4 * i);
    }
    const scores = Float32Array.from({ length: n * c }, () => rand());
    for (const classAgnostic of [false, true]) {
      for (const maxDetections of [5, 100]) {
        const opts = { scoreThreshold: 0.6, iouThreshold: 0.4, maxDetections, classAgnostic };
        const ref = nonMaxSuppression(boxes, scores, n, c, opts);
        const t = traceNms(boxes, scores, n, c, opts);
        expect(t.final.length).toBe(ref.count);
        t.final.forEach((j, q) => {
          expect(t.steps[j]!.index).toBe(ref.sources[q]);
          expect(t.steps[j]!.cls).toBe(ref.classes[q]);
          expect(Math.fround(t.steps[j]!.score)).toBe(ref.scores[q]);
        });
        // Steps are in descending score order.
        for (let k = 1; k < t.steps.length; k++) expect(t.steps[k]!.score).toBeLessThanOrEqual(t.steps[k - 1]!.score);
      }
    }
  });
});
