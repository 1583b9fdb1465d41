/**
 * The R-CNN / Fast R-CNN heads as plain data and arithmetic (no tfjs): a linear classifier over RoI
 * features (softmax over background + 80 COCO classes, as Fast R-CNN; or one-vs-rest logistic per
 * class, the R-CNN paper's per-class linear classifiers), class-specific linear box regression (R-CNN
 * appendix C: t_x = (g_x − p_x)/p_w, t_y = (g_y − p_y)/p_h, t_w = log(g_w/p_w), t_h = log(g_h/p_h),
 * on the centre/size of proposal p and ground truth g), per-class NMS, and the training RoIs sampled
 * around the ground truth. Boxes are [x1, y1, x2, y2] in image pixels.
 */
import { centreToCorners } from '../coords';
import { nonMaxSuppression } from '../nms';
import type { Rng } from '../random';

export type HeadLoss = 'softmax' | 'ovr';

export interface LinearHead {
  readonly loss: HeadLoss;
  /** Classifier input size (pooled bins × channels). */
  readonly featureDim: number;
  /** Columns of the classifier: 0 = background, 1..numClasses-1 = foreground (COCO contiguous index + 1). */
  readonly numClasses: number;
  /** Features are multiplied by this before the classifier and the regressor (R-CNN scales features to a fixed mean norm). */
  readonly featureScale: number;
  /** [featureDim × numClasses] row-major, and [numClasses]. */
  readonly clsW: Float32Array;
  readonly clsB: Float32Array;
  /** Regressor input size (channels, the bins averaged), and weights [numClasses-1][4][regDim + 1] (last = bias). */
  readonly regDim: number;
  readonly regW: Float32Array;
}

/** Class probabilities [n × numClasses] of `n` feature rows. */
export function classify(head: LinearHead, feats: Float32Array, n: number): Float32Array {
  const { featureDim: D, numClasses: K, clsW, clsB, featureScale: s } = head;
  if (feats.length !== n * D) throw new Error(`classify: ${feats.length} values, expected ${n} × ${D}`);
  const out = new Float32Array(n * K);
  const z = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) z[k] = clsB[k]!;
    for (let d = 0; d < D; d++) {
      const v = feats[i * D + d]! * s;
      if (v === 0) continue;
      const row = d * K;
      for (let k = 0; k < K; k++) z[k]! += v * clsW[row + k]!;
    }
    if (head.loss === 'softmax') {
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, z[k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += (z[k] = Math.exp(z[k]! - m));
      for (let k = 0; k < K; k++) out[i * K + k] = z[k]! / sum;
    } else {
      out[i * K] = 0;
      for (let k = 1; k < K; k++) out[i * K + k] = 1 / (1 + Math.exp(-z[k]!));
    }
  }
  return out;
}

/** Regression features: the mean over bins of a [n × bins × C] pooled block → [n × C]. */
export function binMean(pooled: Float32Array, n: number, bins: number, channels: number): Float32Array {
  const out = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < bins; b++) {
      const base = (i * bins + b) * channels;
      for (let c = 0; c < channels; c++) out[i * channels + c]! += pooled[base + c]! / bins;
    }
  }
  return out;
}

export type Box4 = readonly [number, number, number, number];

/** R-CNN's regression targets of ground truth `g` relative to proposal `p`. */
export function encodeDeltas(p: Box4, g: Box4): [number, number, number, number] {
  const pw = p[2] - p[0];
  const ph = p[3] - p[1];
  const gw = g[2] - g[0];
  const gh = g[3] - g[1];
  return [(g[0] + gw / 2 - (p[0] + pw / 2)) / pw, (g[1] + gh / 2 - (p[1] + ph / 2)) / ph, Math.log(gw / pw), Math.log(gh / ph)];
}

/** Inverse of `encodeDeltas`; log-size deltas are clamped to ±log(1000/16) as in Detectron. */
export function decodeDeltas(p: Box4, t: Box4): [number, number, number, number] {
  const clamp = Math.log(1000 / 16);
  const pw = p[2] - p[0];
  const ph = p[3] - p[1];
  const cx = p[0] + pw / 2 + t[0] * pw;
  const cy = p[1] + ph / 2 + t[1] * ph;
  const w = pw * Math.exp(Math.min(clamp, t[2]));
  const h = ph * Math.exp(Math.min(clamp, t[3]));
  return centreToCorners(cx, cy, w, h);
}

/** Deltas of class `cls` (1..numClasses-1) for one regression feature row. */
export function regress(head: LinearHead, regFeat: Float32Array, row: number, cls: number): [number, number, number, number] {
  const R = head.regDim;
  const t: [number, number, number, number] = [0, 0, 0, 0];
  for (let j = 0; j < 4; j++) {
    const base = ((cls - 1) * 4 + j) * (R + 1);
    let s = head.regW[base + R]!;
    for (let d = 0; d < R; d++) s += head.regW[base + d]! * regFeat[row * R + d]! * head.featureScale;
    t[j] = s;
  }
  return t;
}

export interface HeadDetection {
  readonly box: [number, number, number, number];
  readonly score: number;
  /** Foreground class 1..numClasses-1 (COCO contiguous index + 1). */
  readonly cls: number;
  /** The proposal it came from. */
  readonly proposal: number;
}

export interface PostprocessOptions {
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  readonly maxDetections: number;
  /** Apply the box regressor (false = the proposal's own box). */
  readonly regress: boolean;
  readonly imageWidth: number;
  readonly imageHeight: number;
}

/**
 * Per-class NMS over all proposals: for every class, the proposals scoring ≥ threshold, their
 * class-specific regressed boxes (clipped to the image), greedy NMS; then the best `maxDetections`.
 */
export function postprocess(
  head: LinearHead,
  proposals: readonly Box4[],
  probs: Float32Array,
  regFeat: Float32Array | null,
  o: PostprocessOptions,
): HeadDetection[] {
  const K = head.numClasses;
  const n = proposals.length;
  const all: HeadDetection[] = [];
  for (let c = 1; c < K; c++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (probs[i * K + c]! >= o.scoreThreshold) rows.push(i);
    if (!rows.length) continue;
    const boxes = new Float32Array(rows.length * 4);
    const scores = new Float32Array(rows.length);
    rows.forEach((i, r) => {
      let b: Box4 = proposals[i]!;
      if (o.regress && regFeat) b = decodeDeltas(b, regress(head, regFeat, i, c));
      boxes[4 * r] = Math.max(0, Math.min(o.imageWidth, b[0]));
      boxes[4 * r + 1] = Math.max(0, Math.min(o.imageHeight, b[1]));
      boxes[4 * r + 2] = Math.max(0, Math.min(o.imageWidth, b[2]));
      boxes[4 * r + 3] = Math.max(0, Math.min(o.imageHeight, b[3]));
      scores[r] = probs[i * K + c]!;
    });
    const kept = nonMaxSuppression(boxes, scores, rows.length, 1, { scoreThreshold: o.scoreThreshold, iouThreshold: o.iouThreshold, maxDetections: o.maxDetections, classAgnostic: false });
    for (let j = 0; j < kept.count; j++) {
      const b = kept.boxes.subarray(4 * j, 4 * j + 4);
      if (b[2]! - b[0]! <= 0 || b[3]! - b[1]! <= 0) continue;
      all.push({ box: [b[0]!, b[1]!, b[2]!, b[3]!], score: kept.scores[j]!, cls: c, proposal: rows[kept.sources[j]!]! });
    }
  }
  all.sort((a, b) => b.score - a.score || a.cls - b.cls || a.proposal - b.proposal);
  return all.slice(0, o.maxDetections);
}

export function boxIou4(a: Box4, b: Box4): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

export interface TrainingRoi {
  readonly box: Box4;
  /** 0 = background, else the class column. */
  readonly label: number;
  /** The ground truth it overlaps most, and the IoU. */
  readonly gt: number;
  readonly iou: number;
}

export interface SampleOptions {
  /** Jittered copies per ground-truth box kept as positives (IoU ≥ fgIou). */
  readonly jitters: number;
  /** Background RoIs per image (max IoU < bgIou; half random boxes, half shifted ground truth). */
  readonly negatives: number;
  readonly fgIou: number;
  readonly bgIou: number;
  /** Ground-truth boxes narrower or lower than this (pixels) are not used. */
  readonly minSide: number;
}

export const DEFAULT_SAMPLES: SampleOptions = { jitters: 3, negatives: 24, fgIou: 0.5, bgIou: 0.3, minSide: 4 };

/**
 * Training RoIs of one image: every ground-truth box, `jitters` random perturbations of each with
 * IoU ≥ fgIou (positives, labelled with its class), and `negatives` boxes whose best IoU with any
 * ground truth is < bgIou (background). Stand-in for the selective-search proposals R-CNN trained
 * on (labels by the same IoU rules), so training needs no proposals; deterministic given `rng`.
 */
export function sampleTrainingRois(gts: readonly Box4[], labels: readonly number[], width: number, height: number, rng: Rng, o: SampleOptions = DEFAULT_SAMPLES): TrainingRoi[] {
  const out: TrainingRoi[] = [];
  const best = (b: Box4): { gt: number; iou: number } => {
    let gt = -1;
    let v = 0;
    gts.forEach((g, i) => {
      const u = boxIou4(b, g);
      if (u > v) {
        v = u;
        gt = i;
      }
    });
    return { gt, iou: v };
  };
  const clip = (b: Box4): Box4 => [Math.max(0, b[0]), Math.max(0, b[1]), Math.min(width, b[2]), Math.min(height, b[3])];
  gts.forEach((g, i) => {
    const w = g[2] - g[0];
    const h = g[3] - g[1];
    if (w < o.minSide || h < o.minSide) return;
    out.push({ box: g, label: labels[i]!, gt: i, iou: 1 });
    let made = 0;
    for (let tries = 0; made < o.jitters && tries < o.jitters * 20; tries++) {
      const dx = (rng() - 0.5) * 0.5 * w;
      const dy = (rng() - 0.5) * 0.5 * h;
      const sw = Math.exp((rng() - 0.5) * 0.6);
      const sh = Math.exp((rng() - 0.5) * 0.6);
      const cx = g[0] + w / 2 + dx;
      const cy = g[1] + h / 2 + dy;
      const b = clip([cx - (w * sw) / 2, cy - (h * sh) / 2, cx + (w * sw) / 2, cy + (h * sh) / 2]);
      if (b[2] - b[0] < 2 || b[3] - b[1] < 2) continue;
      const m = best(b);
      if (m.iou >= o.fgIou && m.gt === i) {
        out.push({ box: b, label: labels[i]!, gt: i, iou: m.iou });
        made++;
      }
    }
  });
  let neg = 0;
  for (let tries = 0; neg < o.negatives && tries < o.negatives * 40; tries++) {
    let b: Box4;
    if (neg % 2 === 1 && gts.length) {
      // Near an object: a ground-truth box shifted by 0.6–1.2 of its size, or shrunk to a part.
      const g = gts[Math.floor(rng() * gts.length)]!;
      const w = g[2] - g[0];
      const h = g[3] - g[1];
      const s = 0.3 + rng() * 1.2;
      const cx = g[0] + w / 2 + (rng() - 0.5) * 2.4 * w;
      const cy = g[1] + h / 2 + (rng() - 0.5) * 2.4 * h;
      b = clip([cx - (w * s) / 2, cy - (h * s) / 2, cx + (w * s) / 2, cy + (h * s) / 2]);
    } else {
      const side = Math.min(width, height);
      const w = side * (0.05 + rng() * 0.7) * Math.exp((rng() - 0.5) * 1.2);
      const h = side * (0.05 + rng() * 0.7) * Math.exp((rng() - 0.5) * 1.2);
      const x = rng() * Math.max(1, width - w);
      const y = rng() * Math.max(1, height - h);
      b = clip([x, y, x + w, y + h]);
    }
    if (b[2] - b[0] < 4 || b[3] - b[1] < 4) continue;
    const m = best(b);
    if (m.iou < o.bgIou) {
      out.push({ box: b, label: 0, gt: m.gt, iou: m.iou });
      neg++;
    }
  }
  return out;
}

/** IEEE half precision (round to nearest even) for compact checkpoints. */
export function toFloat16(src: Float32Array): Uint16Array {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) {
    f[0] = src[i]!;
    const x = u[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let h = mant >>> shift;
      const rem = mant & ((1 << shift) - 1);
      const half = 1 << (shift - 1);
      if (rem > half || (rem === half && h & 1)) h++;
      out[i] = sign | h;
      continue;
    }
    let h = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++; // a carry into the exponent is the right rounding
    out[i] = sign | h;
  }
  return out;
}

export function fromFloat16(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const h = src[i]!;
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >>> 10) & 0x1f;
    const m = h & 0x3ff;
    out[i] = e === 0 ? s * m * 2 ** -24 : e === 0x1f ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return out;
}
