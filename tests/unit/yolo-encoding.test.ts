import { describe, expect, it } from 'vitest';
import { decodeBox, decodeGrid, encodeBox, logit, sigmoid } from '../../src/core/yolo/encoding';
import { buildTargets } from '../../src/core/yolo/targets';

describe('YOLOv2 box encoding', () => {
  it('decodes b = (σ(t_x) + c_x, σ(t_y) + c_y, p_w e^{t_w}, p_h e^{t_h})', () => {
    const b = decodeBox({ tx: 0, ty: Math.log(3), tw: Math.log(2), th: 0 }, 3, 4, 1.5, 2);
    expect(b.bx).toBeCloseTo(3.5, 12);
    expect(b.by).toBeCloseTo(4.75, 12);
    expect(b.bw).toBeCloseTo(3, 12);
    expect(b.bh).toBeCloseTo(2, 12);
  });

  it('round-trips t → b → t and b → t → b', () => {
    for (const t of [{ tx: -2, ty: 1.3, tw: -0.7, th: 0.4 }, { tx: 0.1, ty: -0.1, tw: 0, th: 1.2 }]) {
      const b = decodeBox(t, 2, 5, 0.8, 1.7);
      const u = encodeBox(b, 2, 5, 0.8, 1.7);
      expect(u.tx).toBeCloseTo(t.tx, 9);
      expect(u.ty).toBeCloseTo(t.ty, 9);
      expect(u.tw).toBeCloseTo(t.tw, 12);
      expect(u.th).toBeCloseTo(t.th, 12);
    }
    const b = { bx: 6.2, by: 0.9, bw: 2.5, bh: 0.4 };
    const back = decodeBox(encodeBox(b, 6, 0, 1, 1), 6, 0, 1, 1);
    expect(back.bx).toBeCloseTo(b.bx, 9);
    expect(back.by).toBeCloseTo(b.by, 9);
    expect(back.bw).toBeCloseTo(b.bw, 12);
    expect(back.bh).toBeCloseTo(b.bh, 12);
  });

  it('σ and logit are inverse and stable', () => {
    expect(sigmoid(logit(0.3))).toBeCloseTo(0.3, 12);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(Number.isFinite(logit(0))).toBe(true);
    expect(Number.isFinite(logit(1))).toBe(true);
  });

  it('targets from buildTargets decode back to the GT box through decodeGrid', () => {
    const spec = { grid: 4, priors: [1, 1, 2, 1], numClasses: 2 };
    const gt = { x1: 0.3, y1: 0.55, x2: 0.7, y2: 0.8, cls: 1 };
    const t = buildTargets([gt], spec);
    expect(t.assignments).toEqual([{ gt: 0, cx: 2, cy: 2, prior: 1, priorIou: 0.8 }]);
    // Turn the targets into a raw output: t_x = logit(g_x), t_w = g_w, and a confident class 1.
    const raw = new Float32Array(4 * 4 * 2 * 7);
    const r = (2 * 4 + 2) * 2 + 1;
    raw[r * 7] = logit(t.loc[4 * r]!);
    raw[r * 7 + 1] = logit(t.loc[4 * r + 1]!);
    raw[r * 7 + 2] = t.loc[4 * r + 2]!;
    raw[r * 7 + 3] = t.loc[4 * r + 3]!;
    raw[r * 7 + 4] = 10;
    raw[r * 7 + 6] = 5;
    const d = decodeGrid(raw, spec);
    expect(d.count).toBe(32);
    expect(d.boxes[4 * r]).toBeCloseTo(0.3, 5);
    expect(d.boxes[4 * r + 1]).toBeCloseTo(0.55, 5);
    expect(d.boxes[4 * r + 2]).toBeCloseTo(0.7, 5);
    expect(d.boxes[4 * r + 3]).toBeCloseTo(0.8, 5);
    expect(d.scores[r * 2 + 1]).toBeCloseTo(sigmoid(10) * (1 / (1 + Math.exp(-5))), 5);
    expect(d.objectness[0]).toBeCloseTo(0.5, 12);
  });

  it('buildTargets gives a second GT in the same cell the next free prior, then drops', () => {
    const spec = { grid: 2, priors: [1, 1], numClasses: 1 };
    const t = buildTargets([{ x1: 0.1, y1: 0.1, x2: 0.3, y2: 0.3, cls: 0 }, { x1: 0.05, y1: 0.05, x2: 0.4, y2: 0.4, cls: 0 }], spec);
    expect(t.assignments).toHaveLength(1);
    expect(t.dropped).toBe(1);
  });
});
