/**
 * Box editing geometry for the metrics lab (IoU playground and ground-truth drawing): dragging a
 * box or one of its handles, keyboard nudges, boxes from two drag points, and the IoU broken into
 * the numbers the page typesets. Boxes are COCO `[x, y, w, h]` in one space (the caller's pixels);
 * the IoU itself comes from the evaluation engine, so the playground and the metrics agree.
 */
import type { Size, XYWH } from '../geometry';
import { boxIouXywh } from '../eval';

export type Handle = 'move' | 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const RESIZE_HANDLES: readonly Exclude<Handle, 'move'>[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The box after dragging `handle` by (dx, dy) from `start`, kept inside `bounds` and at least
 * `minSize` wide and high. Moving keeps the size; an edge dragged past the opposite one stops there.
 */
export function dragBox(start: XYWH, handle: Handle, dx: number, dy: number, bounds: Size, minSize = 1): XYWH {
  const [x, y, w, h] = start;
  if (handle === 'move') {
    return [clamp(x + dx, 0, Math.max(0, bounds.width - w)), clamp(y + dy, 0, Math.max(0, bounds.height - h)), w, h];
  }
  let x1 = x, y1 = y, x2 = x + w, y2 = y + h;
  if (handle.includes('w')) x1 = clamp(x1 + dx, 0, x2 - minSize);
  if (handle.includes('e')) x2 = clamp(x2 + dx, x1 + minSize, bounds.width);
  if (handle.includes('n')) y1 = clamp(y1 + dy, 0, y2 - minSize);
  if (handle.includes('s')) y2 = clamp(y2 + dy, y1 + minSize, bounds.height);
  return [x1, y1, x2 - x1, y2 - y1];
}

/** The box spanned by two drag points (any order), clipped to `bounds`. */
export function boxFromPoints(ax: number, ay: number, bx: number, by: number, bounds: Size): XYWH {
  const x1 = clamp(Math.min(ax, bx), 0, bounds.width);
  const x2 = clamp(Math.max(ax, bx), 0, bounds.width);
  const y1 = clamp(Math.min(ay, by), 0, bounds.height);
  const y2 = clamp(Math.max(ay, by), 0, bounds.height);
  return [x1, y1, x2 - x1, y2 - y1];
}

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

export function isArrowKey(key: string): key is ArrowKey {
  return key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown';
}

/**
 * Keyboard editing: arrows move by `step`; with `resize` (Shift) they move the right / bottom edge
 * (→ wider, ← narrower, ↓ taller, ↑ shorter).
 */
export function nudgeBox(b: XYWH, key: ArrowKey, resize: boolean, step: number, bounds: Size, minSize = 1): XYWH {
  const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
  const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
  return dragBox(b, resize ? 'se' : 'move', dx, dy, bounds, minSize);
}

export interface IouParts {
  readonly areaA: number;
  readonly areaB: number;
  readonly intersection: number;
  readonly union: number;
  /** From the evaluation engine (pycocotools' formula, no "+1"). */
  readonly iou: number;
  /** The overlap rectangle, or null when the boxes do not overlap. */
  readonly overlap: XYWH | null;
}

export function iouParts(a: XYWH, b: XYWH): IouParts {
  const x1 = Math.max(a[0], b[0]);
  const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const w = Math.max(0, x2 - x1);
  const h = Math.max(0, y2 - y1);
  const areaA = a[2] * a[3];
  const areaB = b[2] * b[3];
  const intersection = w * h;
  return {
    areaA,
    areaB,
    intersection,
    union: areaA + areaB - intersection,
    iou: boxIouXywh(b, a),
    overlap: w > 0 && h > 0 ? [x1, y1, w, h] : null,
  };
}

/** Which handle, if any, is under (px, py): corners first, then edges, then the inside (`move`). */
export function hitHandle(b: XYWH, px: number, py: number, tolerance: number): Handle | null {
  const [x, y, w, h] = b;
  const near = (v: number, t: number) => Math.abs(v - t) <= tolerance;
  const inX = px >= x - tolerance && px <= x + w + tolerance;
  const inY = py >= y - tolerance && py <= y + h + tolerance;
  if (!inX || !inY) return null;
  const n = near(py, y), s = near(py, y + h), wv = near(px, x), e = near(px, x + w);
  if (n && wv) return 'nw';
  if (n && e) return 'ne';
  if (s && wv) return 'sw';
  if (s && e) return 'se';
  if (n) return 'n';
  if (s) return 's';
  if (wv) return 'w';
  if (e) return 'e';
  return px >= x && px <= x + w && py >= y && py <= y + h ? 'move' : null;
}
