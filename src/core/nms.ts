/**
 * Greedy non-maximum suppression on typed arrays, per class or class-agnostic.
 *
 * Conventions (documented because every library differs slightly):
 * - a box is a candidate when its score is >= `scoreThreshold`;
 * - a candidate is suppressed when its IoU with an already kept box of the same group is
 *   strictly greater than `iouThreshold` (TensorFlow's C++ kernel; tfjs uses >=);
 * - candidates are visited by descending score, ties broken by the lower box index (stable);
 * - `maxDetections` caps the final list (and, per class, the boxes kept for that class).
 *
 * Boxes are `Float32Array`/`Float64Array` rows of 4 numbers (x1, y1, x2, y2) in any one space.
 */

export type Boxes = Float32Array | Float64Array;

export interface NmsOptions {
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  readonly maxDetections: number;
  /** One NMS over the best class of every box (the coco-ssd package's way) instead of one per class. */
  readonly classAgnostic: boolean;
}

/** Plain, typed result of post-processing: n detections, struct of arrays. */
export interface DetectionArrays {
  readonly count: number;
  /** n * 4: x1, y1, x2, y2 in the space of the input boxes. */
  readonly boxes: Float32Array;
  readonly scores: Float32Array;
  /** Class column in the score matrix (not a dataset id: the adapter maps it). */
  readonly classes: Int32Array;
  /** Row of the input (anchor index) each detection came from. */
  readonly sources: Int32Array;
}

/** One step of a traced NMS, for the step-by-step view. */
export interface NmsStep {
  readonly index: number;
  readonly score: number;
  readonly kept: boolean;
  /** When suppressed: the kept box that suppressed it and their IoU. */
  readonly suppressedBy?: number;
  readonly iou?: number;
}

export function boxIou(b: Boxes, i: number, j: number): number {
  const ax1 = Math.min(b[4 * i]!, b[4 * i + 2]!);
  const ay1 = Math.min(b[4 * i + 1]!, b[4 * i + 3]!);
  const ax2 = Math.max(b[4 * i]!, b[4 * i + 2]!);
  const ay2 = Math.max(b[4 * i + 1]!, b[4 * i + 3]!);
  const bx1 = Math.min(b[4 * j]!, b[4 * j + 2]!);
  const by1 = Math.min(b[4 * j + 1]!, b[4 * j + 3]!);
  const bx2 = Math.max(b[4 * j]!, b[4 * j + 2]!);
  const by2 = Math.max(b[4 * j + 1]!, b[4 * j + 3]!);
  const iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const ih = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}

/** Sort candidate indices by descending score, ties by ascending index. */
export function sortByScore(candidates: Int32Array, score: (i: number) => number): Int32Array {
  const s = new Float64Array(candidates.length);
  for (let k = 0; k < candidates.length; k++) s[k] = score(candidates[k]!);
  const order = Array.from({ length: candidates.length }, (_, k) => k);
  order.sort((a, b) => s[b]! - s[a]! || candidates[a]! - candidates[b]!);
  return Int32Array.from(order, (k) => candidates[k]!);
}

/**
 * Greedy NMS over `sorted` (candidate rows already in visiting order). Returns the kept rows.
 * When `trace` is given, every visited candidate is appended to it.
 */
export function greedyNms(
  boxes: Boxes,
  sorted: Int32Array,
  iouThreshold: number,
  maxKeep: number,
  scoreOf: (i: number) => number,
  trace?: NmsStep[],
): number[] {
  const kept: number[] = [];
  for (let k = 0; k < sorted.length && kept.length < maxKeep; k++) {
    const i = sorted[k]!;
    let suppressor = -1;
    let worst = 0;
    for (let m = 0; m < kept.length; m++) {
      const o = boxIou(boxes, i, kept[m]!);
      if (o > iouThreshold) {
        suppressor = kept[m]!;
        worst = o;
        break;
      }
    }
    if (suppressor < 0) kept.push(i);
    if (trace) {
      trace.push(
        suppressor < 0
          ? { index: i, score: scoreOf(i), kept: true }
          : { index: i, score: scoreOf(i), kept: false, suppressedBy: suppressor, iou: worst },
      );
    }
  }
  return kept;
}

/**
 * Post-process a detector's dense output: `scores` is a row-major [numBoxes, numClasses] matrix,
 * `boxes` [numBoxes, 4] (x1, y1, x2, y2). Returns detections sorted by descending score.
 */
export function nonMaxSuppression(
  boxes: Boxes,
  scores: Float32Array | Float64Array,
  numBoxes: number,
  numClasses: number,
  opts: NmsOptions,
): DetectionArrays {
  if (boxes.length < numBoxes * 4 || scores.length < numBoxes * numClasses) {
    throw new RangeError(`nonMaxSuppression: expected ${numBoxes} boxes x ${numClasses} classes`);
  }
  const outRow: number[] = [];
  const outClass: number[] = [];
  const outScore: number[] = [];
  const maxKeep = Math.max(0, Math.floor(opts.maxDetections));

  if (opts.classAgnostic) {
    const best = new Float64Array(numBoxes);
    const bestClass = new Int32Array(numBoxes);
    const cand: number[] = [];
    for (let i = 0; i < numBoxes; i++) {
      let m = -Infinity;
      let c = -1;
      const row = i * numClasses;
      for (let k = 0; k < numClasses; k++) {
        const v = scores[row + k]!;
        if (v > m) {
          m = v;
          c = k;
        }
      }
      best[i] = m;
      bestClass[i] = c;
      if (m >= opts.scoreThreshold) cand.push(i);
    }
    const score = (i: number) => best[i]!;
    const kept = greedyNms(boxes, sortByScore(Int32Array.from(cand), score), opts.iouThreshold, maxKeep, score);
    for (const i of kept) {
      outRow.push(i);
      outClass.push(bestClass[i]!);
      outScore.push(best[i]!);
    }
  } else {
    // Bucket candidates by class in one pass over the matrix.
    const buckets: number[][] = Array.from({ length: numClasses }, () => []);
    for (let i = 0; i < numBoxes; i++) {
      const row = i * numClasses;
      for (let k = 0; k < numClasses; k++) if (scores[row + k]! >= opts.scoreThreshold) buckets[k]!.push(i);
    }
    for (let k = 0; k < numClasses; k++) {
      const bucket = buckets[k]!;
      if (bucket.length === 0) continue;
      const score = (i: number) => scores[i * numClasses + k]!;
      const kept = greedyNms(boxes, sortByScore(Int32Array.from(bucket), score), opts.iouThreshold, maxKeep, score);
      for (const i of kept) {
        outRow.push(i);
        outClass.push(k);
        outScore.push(score(i));
      }
    }
  }

  // Final order: descending score, ties by row then class; keep at most maxDetections.
  const order = outRow.map((_, j) => j);
  order.sort((a, b) => outScore[b]! - outScore[a]! || outRow[a]! - outRow[b]! || outClass[a]! - outClass[b]!);
  const n = Math.min(order.length, maxKeep);
  const res = {
    count: n,
    boxes: new Float32Array(n * 4),
    scores: new Float32Array(n),
    classes: new Int32Array(n),
    sources: new Int32Array(n),
  };
  for (let j = 0; j < n; j++) {
    const o = order[j]!;
    const i = outRow[o]!;
    res.boxes.set(boxes.subarray(4 * i, 4 * i + 4), 4 * j);
    res.scores[j] = outScore[o]!;
    res.classes[j] = outClass[o]!;
    res.sources[j] = i;
  }
  return res;
}

/** Reorder a [n, 4] (y1, x1, y2, x2) array — TensorFlow's layout — into (x1, y1, x2, y2). */
export function yxyxToXyxy(src: Float32Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i += 4) {
    out[i] = src[i + 1]!;
    out[i + 1] = src[i]!;
    out[i + 2] = src[i + 3]!;
    out[i + 3] = src[i + 2]!;
  }
  return out;
}
