/**
 * Ground truth → YOLO training targets. Each GT box is assigned to the cell containing its centre and,
 * inside it, to the prior whose shape matches best (IoU of (w, h) at a common centre — the same measure
 * k-means used to find the priors). When that slot is already taken by another GT of the same image,
 * the next best free prior of the cell is used; when all are taken, the box is dropped (counted).
 *
 * Targets, all row-major over [S, S, B] (times 4 or C):
 * - obj:   1 for responsible priors, 0 elsewhere;
 * - loc:   (g_x, g_y, g_w, g_h) = (b_x − c_x, b_y − c_y, ln(b_w / p_w), ln(b_h / p_h)): the centre offset
 *          inside the cell that σ(t_x), σ(t_y) must reach and the log-size corrections t_w, t_h must reach;
 * - cls:   one-hot class.
 */
import { normalizedToGridCentre } from '../coords';
import { whIou } from './kmeans';
import { numPriors, type YoloGridSpec } from './encoding';

/** A GT box: normalized [0, 1] corners and a class index 0..C−1. */
export interface GtBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly cls: number;
}

export interface Assignment {
  readonly gt: number;
  readonly cx: number;
  readonly cy: number;
  readonly prior: number;
  /** IoU of the GT's (w, h) with the chosen prior's. */
  readonly priorIou: number;
}

export interface YoloTargets {
  readonly obj: Float32Array;
  readonly loc: Float32Array;
  readonly cls: Float32Array;
  readonly assignments: readonly Assignment[];
  readonly dropped: number;
}

export function buildTargets(gts: readonly GtBox[], spec: YoloGridSpec): YoloTargets {
  const S = spec.grid;
  const B = numPriors(spec);
  const C = spec.numClasses;
  const n = S * S * B;
  const obj = new Float32Array(n);
  const loc = new Float32Array(n * 4);
  const cls = new Float32Array(n * C);
  const assignments: Assignment[] = [];
  let dropped = 0;
  gts.forEach((g, gi) => {
    const { bx, by, bw, bh } = normalizedToGridCentre(g, S);
    if (!(bw > 0 && bh > 0) || g.cls < 0 || g.cls >= C) {
      dropped++;
      return;
    }
    const cx = Math.min(S - 1, Math.max(0, Math.floor(bx)));
    const cy = Math.min(S - 1, Math.max(0, Math.floor(by)));
    const ranked = Array.from({ length: B }, (_, b) => ({ b, iou: whIou(bw, bh, spec.priors[2 * b]!, spec.priors[2 * b + 1]!) }))
      .sort((p, q) => q.iou - p.iou || p.b - q.b);
    const slot = ranked.find((r) => obj[(cy * S + cx) * B + r.b] === 0);
    if (!slot) {
      dropped++;
      return;
    }
    const r = (cy * S + cx) * B + slot.b;
    obj[r] = 1;
    loc[4 * r] = Math.min(1, Math.max(0, bx - cx));
    loc[4 * r + 1] = Math.min(1, Math.max(0, by - cy));
    loc[4 * r + 2] = Math.log(bw / spec.priors[2 * slot.b]!);
    loc[4 * r + 3] = Math.log(bh / spec.priors[2 * slot.b + 1]!);
    cls[r * C + g.cls] = 1;
    assignments.push({ gt: gi, cx, cy, prior: slot.b, priorIou: slot.iou });
  });
  return { obj, loc, cls, assignments, dropped };
}
