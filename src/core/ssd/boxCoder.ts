/**
 * The Faster R-CNN box coder of the TF Object Detection API (`faster_rcnn_box_coder`), which SSD uses:
 *
 *   y = t_y/s_y · h_a + y_a,  x = t_x/s_x · w_a + x_a,  h = exp(t_h/s_h) · h_a,  w = exp(t_w/s_w) · w_a
 *
 * with scale factors (s_y, s_x, s_h, s_w) = (10, 10, 5, 5). Encodings are rows (t_y, t_x, t_h, t_w),
 * anchors and boxes rows (ymin, xmin, ymax, xmax), all normalized.
 */

export type ScaleFactors = readonly [number, number, number, number];
export const SSD_SCALE_FACTORS: ScaleFactors = [10, 10, 5, 5];
const EPSILON = 1e-8;

export type Rows = Float32Array | Float64Array;

/** One prior's decode, every intermediate value kept (for the step-by-step arithmetic). */
export interface DecodeSteps {
  readonly ty: number;
  readonly tx: number;
  readonly th: number;
  readonly tw: number;
  /** Anchor centre and size. */
  readonly ya: number;
  readonly xa: number;
  readonly ha: number;
  readonly wa: number;
  /** Decoded centre and size. */
  readonly y: number;
  readonly x: number;
  readonly h: number;
  readonly w: number;
  readonly ymin: number;
  readonly xmin: number;
  readonly ymax: number;
  readonly xmax: number;
}

export function decodeOne(codes: Rows, anchors: Rows, i: number, sf: ScaleFactors = SSD_SCALE_FACTORS): DecodeSteps {
  const ty = codes[4 * i]!;
  const tx = codes[4 * i + 1]!;
  const th = codes[4 * i + 2]!;
  const tw = codes[4 * i + 3]!;
  const a0 = anchors[4 * i]!;
  const a1 = anchors[4 * i + 1]!;
  const a2 = anchors[4 * i + 2]!;
  const a3 = anchors[4 * i + 3]!;
  const ya = (a0 + a2) / 2;
  const xa = (a1 + a3) / 2;
  const ha = a2 - a0;
  const wa = a3 - a1;
  const h = Math.exp(th / sf[2]) * ha;
  const w = Math.exp(tw / sf[3]) * wa;
  const y = (ty / sf[0]) * ha + ya;
  const x = (tx / sf[1]) * wa + xa;
  return { ty, tx, th, tw, ya, xa, ha, wa, y, x, h, w, ymin: y - h / 2, xmin: x - w / 2, ymax: y + h / 2, xmax: x + w / 2 };
}

/** Decode n encodings against n anchors → n boxes (ymin, xmin, ymax, xmax). */
export function decodeBoxes(codes: Rows, anchors: Rows, sf: ScaleFactors = SSD_SCALE_FACTORS): Float32Array {
  const n = Math.min(codes.length, anchors.length) >> 2;
  if (codes.length !== anchors.length) throw new RangeError(`decodeBoxes: ${codes.length / 4} codes vs ${anchors.length / 4} anchors`);
  const out = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const d = decodeOne(codes, anchors, i, sf);
    out[4 * i] = d.ymin;
    out[4 * i + 1] = d.xmin;
    out[4 * i + 2] = d.ymax;
    out[4 * i + 3] = d.xmax;
  }
  return out;
}

/** The inverse (training targets): boxes (ymin, xmin, ymax, xmax) relative to anchors → (t_y, t_x, t_h, t_w). */
export function encodeBoxes(boxes: Rows, anchors: Rows, sf: ScaleFactors = SSD_SCALE_FACTORS): Float32Array {
  if (boxes.length !== anchors.length) throw new RangeError(`encodeBoxes: ${boxes.length / 4} boxes vs ${anchors.length / 4} anchors`);
  const n = boxes.length >> 2;
  const out = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const ha = anchors[4 * i + 2]! - anchors[4 * i]! + EPSILON;
    const wa = anchors[4 * i + 3]! - anchors[4 * i + 1]! + EPSILON;
    const ya = (anchors[4 * i]! + anchors[4 * i + 2]!) / 2;
    const xa = (anchors[4 * i + 1]! + anchors[4 * i + 3]!) / 2;
    const h = boxes[4 * i + 2]! - boxes[4 * i]! + EPSILON;
    const w = boxes[4 * i + 3]! - boxes[4 * i + 1]! + EPSILON;
    const y = (boxes[4 * i]! + boxes[4 * i + 2]!) / 2;
    const x = (boxes[4 * i + 1]! + boxes[4 * i + 3]!) / 2;
    out[4 * i] = ((y - ya) / ha) * sf[0];
    out[4 * i + 1] = ((x - xa) / wa) * sf[1];
    out[4 * i + 2] = Math.log(h / ha) * sf[2];
    out[4 * i + 3] = Math.log(w / wa) * sf[3];
  }
  return out;
}

export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** Sigmoid of the logits without the background column: [n, c+1] → [n, c]. */
export function scoresFromLogits(logits: Rows, numBoxes: number, numClassesWithBackground: number): Float32Array {
  const c = numClassesWithBackground - 1;
  const out = new Float32Array(numBoxes * c);
  for (let i = 0; i < numBoxes; i++) {
    for (let k = 0; k < c; k++) out[i * c + k] = sigmoid(logits[i * numClassesWithBackground + k + 1]!);
  }
  return out;
}
