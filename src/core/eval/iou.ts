/**
 * Box IoU exactly as pycocotools' `bbIou` (maskApi.c): continuous coordinates, no "+1",
 * touching boxes give 0, crowd GT → intersection / detection area.
 */
import type { Xywh, Xyxy } from './types';

/** IoU of two `[x, y, w, h]` boxes; `crowd` = the GT is a crowd region (IoU = inter / dt area). */
export function boxIouXywh(dt: Xywh, gt: Xywh, crowd = false): number {
  return iouXywh(dt[0], dt[1], dt[2], dt[3], gt[0], gt[1], gt[2], gt[3], crowd);
}

/** IoU of two `[x1, y1, x2, y2]` boxes (converted to xywh first, as pycocotools would see them). */
export function boxIouXyxy(dt: Xyxy, gt: Xyxy, crowd = false): number {
  return iouXywh(dt[0], dt[1], dt[2] - dt[0], dt[3] - dt[1], gt[0], gt[1], gt[2] - gt[0], gt[3] - gt[1], crowd);
}

/** Scalar core of `bbIou`, same operation order as the C code. */
export function iouXywh(
  dx: number, dy: number, dw: number, dh: number,
  gx: number, gy: number, gw: number, gh: number,
  crowd: boolean,
): number {
  const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (!(w > 0)) return 0;
  const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (!(h > 0)) return 0;
  const i = w * h;
  const da = dw * dh;
  const u = crowd ? da : da + gw * gh - i;
  return i / u;
}

/**
 * IoU matrix `out[d * nGt + g]` for boxes stored as flat xywh arrays (`boxes[4 * i ..]`):
 * rows are `dtIdx[dtFrom + d]`, columns `gtIdx[gtFrom + g]`; `crowd` is indexed like the GT boxes.
 */
export function boxIouMatrix(
  dtBoxes: Float64Array, dtIdx: ArrayLike<number>, dtFrom: number, nDt: number,
  gtBoxes: Float64Array, gtIdx: ArrayLike<number>, gtFrom: number, nGt: number,
  crowd: ArrayLike<number>,
  out: Float64Array,
): void {
  for (let d = 0; d < nDt; d++) {
    const b = 4 * dtIdx[dtFrom + d]!;
    const dx = dtBoxes[b]!, dy = dtBoxes[b + 1]!, dw = dtBoxes[b + 2]!, dh = dtBoxes[b + 3]!;
    const dx2 = dw + dx, dy2 = dh + dy, da = dw * dh;
    const row = d * nGt;
    for (let g = 0; g < nGt; g++) {
      const gi = gtIdx[gtFrom + g]!;
      const c = 4 * gi;
      const gx = gtBoxes[c]!, gy = gtBoxes[c + 1]!, gw = gtBoxes[c + 2]!, gh = gtBoxes[c + 3]!;
      const w = Math.min(dx2, gw + gx) - Math.max(dx, gx);
      if (!(w > 0)) { out[row + g] = 0; continue; }
      const h = Math.min(dy2, gh + gy) - Math.max(dy, gy);
      if (!(h > 0)) { out[row + g] = 0; continue; }
      const i = w * h;
      out[row + g] = i / (crowd[gi] ? da : da + gw * gh - i);
    }
  }
}
