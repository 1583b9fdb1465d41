/**
 * Faster R-CNN's region proposal network, the training-target side (Ren et al. 2015, §3.1):
 * anchors of 3 scales × 3 aspect ratios at every feature-map position, their labels against the
 * ground-truth boxes, and the 256-anchor minibatch.
 *
 * Conventions: boxes in input-image pixels, [x1, y1, x2, y2] continuous; the anchor of position
 * (y, x) is centred at ((x + offset)·stride, (y + offset)·stride), offset 0.5 by default (the cell's
 * centre); ratio r = h / w with area scale², so w = scale/√r, h = scale·√r. Anchors are stored
 * position-major: index = (y·W + x)·A + a, a = scaleIndex·ratios.length + ratioIndex.
 *
 * Labels (paper): positive (1) if IoU > 0.7 with some GT box, or if it is the highest-IoU anchor of a
 * GT box (ties all count; IoU must be > 0); negative (0) if its max IoU < 0.3 and it is not positive;
 * otherwise ignored (−1). With `imageSize`, anchors crossing the image boundary are ignored (−1), as
 * in the paper's training.
 */
import { mulberry32 } from '../random';

export interface AnchorConfig {
  readonly stride: number;
  /** Anchor sizes in pixels (sqrt of the area). Paper: 128, 256, 512. */
  readonly scales: readonly number[];
  /** h / w. Paper: 0.5, 1, 2. */
  readonly ratios: readonly number[];
  readonly offset?: number;
}

export const PAPER_ANCHORS: Omit<AnchorConfig, 'stride'> = { scales: [128, 256, 512], ratios: [0.5, 1, 2] };

export interface Xyxy {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** [H·W·A·4] x1, y1, x2, y2. */
export function generateAnchors(featH: number, featW: number, c: AnchorConfig): Float32Array {
  const A = c.scales.length * c.ratios.length;
  const out = new Float32Array(featH * featW * A * 4);
  const off = c.offset ?? 0.5;
  let k = 0;
  for (let y = 0; y < featH; y++) {
    for (let x = 0; x < featW; x++) {
      const cx = (x + off) * c.stride;
      const cy = (y + off) * c.stride;
      for (const s of c.scales) {
        for (const r of c.ratios) {
          const w = s / Math.sqrt(r);
          const h = s * Math.sqrt(r);
          out[k++] = cx - w / 2;
          out[k++] = cy - h / 2;
          out[k++] = cx + w / 2;
          out[k++] = cy + h / 2;
        }
      }
    }
  }
  return out;
}

function iouAt(a: Float32Array, i: number, g: Xyxy): number {
  const x1 = a[4 * i]!, y1 = a[4 * i + 1]!, x2 = a[4 * i + 2]!, y2 = a[4 * i + 3]!;
  const iw = Math.min(x2, g.x2) - Math.max(x1, g.x1);
  const ih = Math.min(y2, g.y2) - Math.max(y1, g.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((x2 - x1) * (y2 - y1) + (g.x2 - g.x1) * (g.y2 - g.y1) - inter);
}

export interface LabelOptions {
  /** Positive above this IoU (strictly). Default 0.7. */
  readonly positiveIou?: number;
  /** Negative below this IoU (strictly). Default 0.3. */
  readonly negativeIou?: number;
  /** When given, anchors not inside [0, width] × [0, height] are ignored. */
  readonly imageSize?: { readonly width: number; readonly height: number };
}

export interface AnchorLabels {
  /** 1 positive, 0 negative, −1 ignored. */
  readonly labels: Int8Array;
  /** Max IoU of each anchor over the GT boxes, and which GT (−1: none). */
  readonly maxIou: Float32Array;
  readonly gtIndex: Int32Array;
  /** Anchors that are positive only through the "best anchor of a GT" rule. */
  readonly bestForGt: Uint8Array;
}

export function labelAnchors(anchors: Float32Array, gts: readonly Xyxy[], o: LabelOptions = {}): AnchorLabels {
  const n = anchors.length / 4;
  const pos = o.positiveIou ?? 0.7;
  const neg = o.negativeIou ?? 0.3;
  const labels = new Int8Array(n).fill(-1);
  const maxIou = new Float32Array(n);
  const gtIndex = new Int32Array(n).fill(-1);
  const bestForGt = new Uint8Array(n);
  const valid = new Uint8Array(n).fill(1);
  if (o.imageSize) {
    const { width, height } = o.imageSize;
    for (let i = 0; i < n; i++) {
      if (anchors[4 * i]! < 0 || anchors[4 * i + 1]! < 0 || anchors[4 * i + 2]! > width || anchors[4 * i + 3]! > height) valid[i] = 0;
    }
  }
  const gtBest = new Float32Array(gts.length); // same precision as `ious`, compared with ===
  const ious = new Float32Array(gts.length * n);
  for (let g = 0; g < gts.length; g++) {
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const v = iouAt(anchors, i, gts[g]!);
      ious[g * n + i] = v;
      if (v > maxIou[i]!) {
        maxIou[i] = v;
        gtIndex[i] = g;
      }
      if (v > gtBest[g]!) gtBest[g] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    if (maxIou[i]! > pos) labels[i] = 1;
    else if (maxIou[i]! < neg) labels[i] = 0;
  }
  for (let g = 0; g < gts.length; g++) {
    if (gtBest[g]! <= 0) continue;
    for (let i = 0; i < n; i++) {
      if (valid[i] && ious[g * n + i] === gtBest[g] && labels[i] !== 1) {
        labels[i] = 1;
        bestForGt[i] = 1;
      }
    }
  }
  return { labels, maxIou, gtIndex, bestForGt };
}

export interface Minibatch {
  readonly positives: readonly number[];
  readonly negatives: readonly number[];
}

/**
 * The paper's minibatch: up to batch·posFraction positives (128 of 256), filled with negatives,
 * each drawn uniformly at random (seeded, so the same picture on the projector every time).
 */
export function sampleMinibatch(labels: Int8Array, batch = 256, posFraction = 0.5, seed = 1): Minibatch {
  const rnd = mulberry32(seed);
  const pick = (want: number[], k: number) => {
    // partial Fisher–Yates
    const a = want.slice();
    const m = Math.min(k, a.length);
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(rnd() * (a.length - i));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, m).sort((x, y) => x - y);
  };
  const posAll: number[] = [];
  const negAll: number[] = [];
  labels.forEach((l, i) => (l === 1 ? posAll.push(i) : l === 0 ? negAll.push(i) : undefined));
  const positives = pick(posAll, Math.floor(batch * posFraction));
  const negatives = pick(negAll, batch - positives.length);
  return { positives, negatives };
}
