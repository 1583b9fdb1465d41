import { describe, expect, it } from 'vitest';
import { boxIouXywh } from '../../src/core/eval';
import { boxFromPoints, dragBox, hitHandle, iouParts, nudgeBox } from '../../src/core/metrics-lab/boxEdit';
import { BOARD, fitPlayground, PLAYGROUND_SCHEMA } from '../../src/core/metrics-lab/urlSchemas';
import { readState, writeState } from '../../src/core/urlState';

const bounds = { width: 100, height: 80 };

describe('box editing geometry', () => {
  it('moves a box and keeps it inside the bounds', () => {
    expect(dragBox([10, 10, 20, 20], 'move', 5, -3, bounds)).toEqual([15, 7, 20, 20]);
    expect(dragBox([10, 10, 20, 20], 'move', 500, 500, bounds)).toEqual([80, 60, 20, 20]);
    expect(dragBox([10, 10, 20, 20], 'move', -500, -500, bounds)).toEqual([0, 0, 20, 20]);
  });
  it('resizes by corners and edges, never past the opposite edge', () => {
    expect(dragBox([10, 10, 20, 20], 'se', 5, 10, bounds)).toEqual([10, 10, 25, 30]);
    expect(dragBox([10, 10, 20, 20], 'nw', -5, -5, bounds)).toEqual([5, 5, 25, 25]);
    expect(dragBox([10, 10, 20, 20], 'e', -100, 0, bounds, 2)).toEqual([10, 10, 2, 20]);
    expect(dragBox([10, 10, 20, 20], 'n', 0, 100, bounds, 2)).toEqual([10, 28, 20, 2]);
    expect(dragBox([10, 10, 20, 20], 's', 0, 1000, bounds)).toEqual([10, 10, 20, 70]);
  });
  it('builds a box from two drag points in any order, clipped', () => {
    expect(boxFromPoints(30, 40, 10, 5, bounds)).toEqual([10, 5, 20, 35]);
    expect(boxFromPoints(-10, -10, 200, 200, bounds)).toEqual([0, 0, 100, 80]);
  });
  it('keyboard: arrows move, shift+arrows resize', () => {
    expect(nudgeBox([10, 10, 20, 20], 'ArrowLeft', false, 5, bounds)).toEqual([5, 10, 20, 20]);
    expect(nudgeBox([10, 10, 20, 20], 'ArrowDown', false, 5, bounds)).toEqual([10, 15, 20, 20]);
    expect(nudgeBox([10, 10, 20, 20], 'ArrowRight', true, 5, bounds)).toEqual([10, 10, 25, 20]);
    expect(nudgeBox([10, 10, 20, 20], 'ArrowUp', true, 5, bounds)).toEqual([10, 10, 20, 15]);
  });
  it('hit-tests corners, edges and the inside', () => {
    const b = [10, 10, 40, 30] as const;
    expect(hitHandle(b, 10, 10, 2)).toBe('nw');
    expect(hitHandle(b, 50, 40, 2)).toBe('se');
    expect(hitHandle(b, 30, 10, 2)).toBe('n');
    expect(hitHandle(b, 30, 25, 2)).toBe('move');
    expect(hitHandle(b, 70, 25, 2)).toBeNull();
  });
  it('IoU parts add up and the IoU is the engine’s', () => {
    const a = [0, 0, 10, 10] as const, b = [5, 5, 10, 10] as const;
    const p = iouParts(a, b);
    expect(p).toMatchObject({ areaA: 100, areaB: 100, intersection: 25, union: 175, overlap: [5, 5, 5, 5] });
    expect(p.iou).toBe(boxIouXywh(b, a));
    expect(p.iou).toBeCloseTo(25 / 175, 15);
    expect(iouParts(a, a).iou).toBe(1);
    const apart = iouParts(a, [10, 0, 5, 5]);
    expect(apart.iou).toBe(0);
    expect(apart.overlap).toBeNull();
  });
});

describe('playground URL schema', () => {
  it('round-trips and writes only non-defaults', () => {
    const s = readState(PLAYGROUND_SCHEMA, new URLSearchParams(''));
    expect(writeState(PLAYGROUND_SCHEMA, s).toString()).toBe('');
    const q = writeState(PLAYGROUND_SCHEMA, { ...s, gx: 12, t: 0.75 });
    expect(q.toString()).toBe('gx=12&t=0.75');
    expect(readState(PLAYGROUND_SCHEMA, q)).toEqual({ ...s, gx: 12, t: 0.75 });
  });
  it('clamps hand-edited links onto the board', () => {
    const s = readState(PLAYGROUND_SCHEMA, new URLSearchParams('gx=470&gw=200&t=7&ph=abc'));
    expect(s.t).toBe(0.95);
    expect(s.ph).toBe(PLAYGROUND_SCHEMA.ph.default);
    const f = fitPlayground(s);
    expect(f.gx + f.gw).toBeLessThanOrEqual(BOARD.width);
    expect(f.gw).toBe(200);
  });
});
