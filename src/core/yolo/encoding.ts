/**
 * The YOLOv2/v3 box parametrisation, in grid units (one cell = 1):
 *
 *   b_x = σ(t_x) + c_x,   b_y = σ(t_y) + c_y,   b_w = p_w · e^{t_w},   b_h = p_h · e^{t_h}
 *
 * (c_x, c_y) is the cell's top-left corner, (p_w, p_h) the prior's size. σ keeps the centre inside its
 * cell; exp keeps the size positive and makes t_w, t_h log-scale corrections of the prior.
 * Divide by S to get normalized [0, 1] image coordinates.
 *
 * Raw network output layout (row-major): [S, S, B, 5 + C] with, per prior,
 * (t_x, t_y, t_w, t_h, t_o, class logits…); P(obj) = σ(t_o), class probabilities = softmax(logits).
 */
import { writeGridCentreRow } from '../coords';

export interface TBox {
  readonly tx: number;
  readonly ty: number;
  readonly tw: number;
  readonly th: number;
}

/** Centre and size in grid units. */
export interface BBox {
  readonly bx: number;
  readonly by: number;
  readonly bw: number;
  readonly bh: number;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Inverse of σ, with p clamped to [eps, 1 − eps] so that a centre on a cell border stays finite. */
export function logit(p: number, eps = 1e-6): number {
  const q = Math.min(1 - eps, Math.max(eps, p));
  return Math.log(q / (1 - q));
}

export function decodeBox(t: TBox, cx: number, cy: number, pw: number, ph: number): BBox {
  return { bx: sigmoid(t.tx) + cx, by: sigmoid(t.ty) + cy, bw: pw * Math.exp(t.tw), bh: ph * Math.exp(t.th) };
}

/** Inverse of decodeBox (the centre must lie in the cell; it is clamped into it). */
export function encodeBox(b: BBox, cx: number, cy: number, pw: number, ph: number): TBox {
  return { tx: logit(b.bx - cx), ty: logit(b.by - cy), tw: Math.log(b.bw / pw), th: Math.log(b.bh / ph) };
}

export interface YoloGridSpec {
  /** Grid side S. */
  readonly grid: number;
  /** Priors as flat (p_w, p_h) pairs in grid units; B = priors.length / 2. */
  readonly priors: ArrayLike<number>;
  /** Number of classes C. */
  readonly numClasses: number;
}

export function numPriors(spec: YoloGridSpec): number {
  return Math.floor(spec.priors.length / 2);
}

export interface DecodedGrid {
  /** S·S·B: number of predicted boxes, row = (cy·S + cx)·B + b. */
  readonly count: number;
  /** count × 4: x1, y1, x2, y2 normalized to [0, 1] (not clipped). */
  readonly boxes: Float32Array;
  /** count: P(obj) = σ(t_o). */
  readonly objectness: Float32Array;
  /** count × C: softmax class probabilities. */
  readonly classProbs: Float32Array;
  /** count × C: P(obj) · P(class | obj), what thresholding and NMS see. */
  readonly scores: Float32Array;
}

/** Decode a raw [S, S, B, 5 + C] output (one image) into boxes and scores. */
export function decodeGrid(raw: ArrayLike<number>, spec: YoloGridSpec): DecodedGrid {
  const S = spec.grid;
  const B = numPriors(spec);
  const C = spec.numClasses;
  const D = 5 + C;
  const count = S * S * B;
  if (raw.length < count * D) throw new RangeError(`decodeGrid: expected ${count * D} values, got ${raw.length}`);
  const boxes = new Float32Array(count * 4);
  const objectness = new Float32Array(count);
  const classProbs = new Float32Array(count * C);
  const scores = new Float32Array(count * C);
  for (let cy = 0; cy < S; cy++) {
    for (let cx = 0; cx < S; cx++) {
      for (let b = 0; b < B; b++) {
        const r = (cy * S + cx) * B + b;
        const o = r * D;
        const d = decodeBox({ tx: raw[o]!, ty: raw[o + 1]!, tw: raw[o + 2]!, th: raw[o + 3]! }, cx, cy, spec.priors[2 * b]!, spec.priors[2 * b + 1]!);
        writeGridCentreRow(boxes, r, d.bx, d.by, d.bw, d.bh, S);
        const p = sigmoid(raw[o + 4]!);
        objectness[r] = p;
        let m = -Infinity;
        for (let c = 0; c < C; c++) m = Math.max(m, raw[o + 5 + c]!);
        let z = 0;
        for (let c = 0; c < C; c++) z += Math.exp(raw[o + 5 + c]! - m);
        for (let c = 0; c < C; c++) {
          const q = Math.exp(raw[o + 5 + c]! - m) / z;
          classProbs[r * C + c] = q;
          scores[r * C + c] = p * q;
        }
      }
    }
  }
  return { count, boxes, objectness, classProbs, scores };
}
