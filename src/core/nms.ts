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
 * Boxes are `Float32Array`/`Float64Array` rows of 4 numbers (x1, y1, x2, y2) in any one space
 * (TensorFlow's yxyx rows are reordered by `yxyxToXyxy` in coords.ts first).
 *
 * `nonMaxSuppression` (the detectors' post-processing) and `traceNms` (the X-ray's step-by-step view)
 * are the same `runNms`: one candidate selection, one greedy pass per group, one final order; the trace
 * only records what the pass visited.
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

/** One greedy pass: its candidate rows, their score and the class column they compete in. */
interface Group {
  readonly rows: Int32Array;
  readonly score: (i: number) => number;
  readonly cls: (i: number) => number;
}

interface Candidates {
  readonly groups: readonly Group[];
  /** Number of (box, class) scores at or above the threshold. */
  readonly count: number;
  /** Per box row: 1 when at least one of its scores is a candidate. */
  readonly hasCandidate: Uint8Array;
}

/** The candidate selection (score >= threshold; best class only when class-agnostic). */
function selectCandidates(scores: Float32Array | Float64Array, numBoxes: number, numClasses: number, opts: NmsOptions): Candidates {
  const hasCandidate = new Uint8Array(numBoxes);
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
      if (m >= opts.scoreThreshold) {
        cand.push(i);
        hasCandidate[i] = 1;
      }
    }
    const group: Group = { rows: Int32Array.from(cand), score: (i) => best[i]!, cls: (i) => bestClass[i]! };
    return { groups: [group], count: cand.length, hasCandidate };
  }
  // Bucket candidates by class in one pass over the matrix.
  const buckets: number[][] = Array.from({ length: numClasses }, () => []);
  let count = 0;
  for (let i = 0; i < numBoxes; i++) {
    const row = i * numClasses;
    for (let k = 0; k < numClasses; k++) {
      if (scores[row + k]! >= opts.scoreThreshold) {
        buckets[k]!.push(i);
        hasCandidate[i] = 1;
        count++;
      }
    }
  }
  const groups: Group[] = [];
  buckets.forEach((bucket, k) => {
    if (bucket.length > 0) groups.push({ rows: Int32Array.from(bucket), score: (i) => scores[i * numClasses + k]!, cls: () => k });
  });
  return { groups, count, hasCandidate };
}

interface Kept {
  readonly row: number;
  readonly cls: number;
  readonly score: number;
}

/** Descending score, ties by row then class. */
const finalOrder = (a: Kept, b: Kept) => b.score - a.score || a.row - b.row || a.cls - b.cls;

/** Every NMS of the project: candidates → greedy pass per group → final order, capped. */
function runNms(
  boxes: Boxes,
  scores: Float32Array | Float64Array,
  numBoxes: number,
  numClasses: number,
  opts: NmsOptions,
  name: string,
  trace?: TracedStep[],
): { kept: Kept[]; candidates: Candidates } {
  if (boxes.length < numBoxes * 4 || scores.length < numBoxes * numClasses) {
    throw new RangeError(`${name}: expected ${numBoxes} boxes x ${numClasses} classes`);
  }
  const maxKeep = Math.max(0, Math.floor(opts.maxDetections));
  const candidates = selectCandidates(scores, numBoxes, numClasses, opts);
  const kept: Kept[] = [];
  for (const g of candidates.groups) {
    const steps: NmsStep[] | undefined = trace ? [] : undefined;
    for (const i of greedyNms(boxes, sortByScore(g.rows, g.score), opts.iouThreshold, maxKeep, g.score, steps)) {
      kept.push({ row: i, cls: g.cls(i), score: g.score(i) });
    }
    if (trace && steps) for (const s of steps) trace.push({ ...s, cls: g.cls(s.index) });
  }
  kept.sort(finalOrder);
  return { kept: kept.slice(0, maxKeep), candidates };
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
  const { kept } = runNms(boxes, scores, numBoxes, numClasses, opts, 'nonMaxSuppression');
  const n = kept.length;
  const res = { count: n, boxes: new Float32Array(n * 4), scores: new Float32Array(n), classes: new Int32Array(n), sources: new Int32Array(n) };
  kept.forEach((k, j) => {
    res.boxes.set(boxes.subarray(4 * k.row, 4 * k.row + 4), 4 * j);
    res.scores[j] = k.score;
    res.classes[j] = k.cls;
    res.sources[j] = k.row;
  });
  return res;
}

export interface TracedStep extends NmsStep {
  /** Class column the candidate competes in (its best class when class-agnostic). */
  readonly cls: number;
}

export interface NmsTrace {
  /** Number of (box, class) scores at or above the threshold before NMS. */
  readonly candidates: number;
  /** Box rows with at least one candidate score (ascending): the boxes drawn before NMS. */
  readonly rows: Int32Array;
  /** Visited candidates, merged over the per-class passes by descending score (ties: row, class). */
  readonly steps: readonly TracedStep[];
  /** Steps (indices into `steps`) that became final detections, in the final order (= `nonMaxSuppression`'s). */
  readonly final: readonly number[];
}

/**
 * `nonMaxSuppression` with every visited candidate recorded, for the step-by-step view. Class-aware NMS
 * runs one greedy pass per class; the trace merges the passes by descending score (each class's pass is
 * independent, so the interleaving changes nothing).
 */
export function traceNms(boxes: Boxes, scores: Float32Array | Float64Array, numBoxes: number, numClasses: number, opts: NmsOptions): NmsTrace {
  const steps: TracedStep[] = [];
  const { kept, candidates } = runNms(boxes, scores, numBoxes, numClasses, opts, 'traceNms', steps);
  steps.sort((a, b) => b.score - a.score || a.index - b.index || a.cls - b.cls);
  const stepOf = new Map<number, number>();
  steps.forEach((s, j) => {
    if (s.kept) stepOf.set(s.index * numClasses + s.cls, j);
  });
  const rows: number[] = [];
  for (let i = 0; i < numBoxes; i++) if (candidates.hasCandidate[i]) rows.push(i);
  return { candidates: candidates.count, rows: Int32Array.from(rows), steps, final: kept.map((k) => stepOf.get(k.row * numClasses + k.cls)!) };
}
