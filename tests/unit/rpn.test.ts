/** RPN anchors, labels and minibatch (src/core/rpn) against hand-worked cases and the paper's rules. */
import { describe, expect, it } from 'vitest';
import { generateAnchors, labelAnchors, PAPER_ANCHORS, sampleMinibatch } from '../../src/core/rpn';

describe('anchors', () => {
  it('9 per position; the 128² ratio-2 anchor of cell (1, 2) at stride 16 by hand', () => {
    const a = generateAnchors(3, 4, { stride: 16, ...PAPER_ANCHORS });
    expect(a.length).toBe(3 * 4 * 9 * 4);
    // cell (y=1, x=2): centre (40, 24); scale 128, ratio h/w = 2: w = 128/√2 = 90.51, h = 181.02
    const i = (1 * 4 + 2) * 9 + 0 * 3 + 2;
    const w = 128 / Math.SQRT2;
    const h = 128 * Math.SQRT2;
    expect(a[4 * i]).toBeCloseTo(40 - w / 2, 4);
    expect(a[4 * i + 1]).toBeCloseTo(24 - h / 2, 4);
    expect(a[4 * i + 2]).toBeCloseTo(40 + w / 2, 4);
    expect(a[4 * i + 3]).toBeCloseTo(24 + h / 2, 4);
    // every anchor's area is its scale²
    for (let k = 0; k < a.length / 4; k++) {
      const s = PAPER_ANCHORS.scales[Math.floor((k % 9) / 3)]!;
      expect((a[4 * k + 2]! - a[4 * k]!) * (a[4 * k + 3]! - a[4 * k + 1]!)).toBeCloseTo(s * s, 0);
    }
  });
});

describe('labels', () => {
  // Three hand-made anchors and a GT 0..10 × 0..10.
  const anchors = Float32Array.from([
    0, 0, 10, 9, // IoU 0.9 → positive
    0, 0, 10, 5, // IoU 0.5 → ignored
    20, 20, 30, 30, // IoU 0 → negative
  ]);
  it('> 0.7 positive, < 0.3 negative, between ignored', () => {
    const r = labelAnchors(anchors, [{ x1: 0, y1: 0, x2: 10, y2: 10 }]);
    expect(Array.from(r.labels)).toEqual([1, -1, 0]);
    expect(r.maxIou[0]).toBeCloseTo(0.9, 6);
    expect(r.maxIou[1]).toBeCloseTo(0.5, 6);
  });
  it('the best anchor of a GT is positive even below 0.7; ties count; exactly 0.7 is not "> 0.7"', () => {
    const r = labelAnchors(anchors, [{ x1: 0, y1: 0, x2: 10, y2: 20 }]); // IoUs 0.45, 0.25, 0
    expect(Array.from(r.labels)).toEqual([1, 0, 0]);
    expect(Array.from(r.bestForGt)).toEqual([1, 0, 0]);
    const tie = labelAnchors(Float32Array.from([0, 0, 10, 10, 10, 0, 20, 10]), [{ x1: 5, y1: 0, x2: 15, y2: 10 }]); // both 1/3
    expect(Array.from(tie.labels)).toEqual([1, 1]);
    const at07 = labelAnchors(Float32Array.from([0, 0, 10, 7, 100, 100, 110, 110]), [{ x1: 0, y1: 0, x2: 10, y2: 10 }], { positiveIou: 0.7 });
    expect(at07.maxIou[0]).toBeCloseTo(0.7, 6);
    expect(at07.bestForGt[0]).toBe(1); // positive only as the GT's best anchor
  });
  it('cross-boundary anchors are ignored when the image size is given', () => {
    const r = labelAnchors(Float32Array.from([-5, 0, 10, 10, 20, 20, 30, 30]), [{ x1: 0, y1: 0, x2: 10, y2: 10 }], { imageSize: { width: 40, height: 40 } });
    expect(Array.from(r.labels)).toEqual([-1, 0]);
  });
});

describe('minibatch', () => {
  it('128 positives at most, filled with negatives to 256; deterministic per seed', () => {
    const labels = new Int8Array(5000).fill(0);
    for (let i = 0; i < 40; i++) labels[i * 7] = 1;
    for (let i = 0; i < 100; i++) labels[4000 + i] = -1;
    const b = sampleMinibatch(labels);
    expect(b.positives.length).toBe(40);
    expect(b.negatives.length).toBe(216);
    expect(b.positives.every((i) => labels[i] === 1)).toBe(true);
    expect(b.negatives.every((i) => labels[i] === 0)).toBe(true);
    expect(new Set(b.negatives).size).toBe(216);
    expect(sampleMinibatch(labels)).toEqual(b);
    expect(sampleMinibatch(labels, 256, 0.5, 2)).not.toEqual(b);
    const many = new Int8Array(1000).fill(1);
    expect(sampleMinibatch(many).positives.length).toBe(128);
    expect(sampleMinibatch(many).negatives.length).toBe(0);
  });
});
