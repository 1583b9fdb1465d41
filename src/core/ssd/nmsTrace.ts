/**
 * A fully traced NMS for the step-by-step view: the same candidates, order, tie-breaks and caps as
 * `nonMaxSuppression` (src/core/nms.ts), built on its `greedyNms`, so the final list is identical.
 *
 * Class-aware NMS runs one greedy pass per class; the trace merges the passes into one list by
 * descending score (each class's pass is independent, so the interleaving changes nothing).
 */
import { greedyNms, sortByScore, type Boxes, type NmsOptions, type NmsStep } from '../nms';

export interface TracedStep extends NmsStep {
  /** Class column the candidate competes in (its best class when class-agnostic). */
  readonly cls: number;
}

export interface NmsTrace {
  /** Number of (box, class) scores at or above the threshold before NMS. */
  readonly candidates: number;
  /** Box rows with at least one candidate score (ascending): the boxes drawn before NMS. */
  readonly rows: Int32Array;
  /** Visited candidates in the merged order. */
  readonly steps: readonly TracedStep[];
  /** Steps (indices into `steps`) that became final detections, in the final order. */
  readonly final: readonly number[];
}

export function traceNms(boxes: Boxes, scores: Float32Array | Float64Array, numBoxes: number, numClasses: number, opts: NmsOptions): NmsTrace {
  if (boxes.length < numBoxes * 4 || scores.length < numBoxes * numClasses) {
    throw new RangeError(`traceNms: expected ${numBoxes} boxes x ${numClasses} classes`);
  }
  const maxKeep = Math.max(0, Math.floor(opts.maxDetections));
  const steps: TracedStep[] = [];
  let candidates = 0;
  const hasCandidate = new Uint8Array(numBoxes);
  if (opts.classAgnostic) {
    const best = new Float64Array(numBoxes);
    const bestClass = new Int32Array(numBoxes);
    const cand: number[] = [];
    for (let i = 0; i < numBoxes; i++) {
      let m = -Infinity;
      let c = -1;
      for (let k = 0; k < numClasses; k++) {
        const v = scores[i * numClasses + k]!;
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
    candidates = cand.length;
    const score = (i: number) => best[i]!;
    const trace: NmsStep[] = [];
    greedyNms(boxes, sortByScore(Int32Array.from(cand), score), opts.iouThreshold, maxKeep, score, trace);
    for (const s of trace) steps.push({ ...s, cls: bestClass[s.index]! });
  } else {
    const buckets: number[][] = Array.from({ length: numClasses }, () => []);
    for (let i = 0; i < numBoxes; i++) {
      for (let k = 0; k < numClasses; k++) {
        if (scores[i * numClasses + k]! >= opts.scoreThreshold) {
          buckets[k]!.push(i);
          hasCandidate[i] = 1;
        }
      }
    }
    for (let k = 0; k < numClasses; k++) {
      const bucket = buckets[k]!;
      candidates += bucket.length;
      if (bucket.length === 0) continue;
      const score = (i: number) => scores[i * numClasses + k]!;
      const trace: NmsStep[] = [];
      greedyNms(boxes, sortByScore(Int32Array.from(bucket), score), opts.iouThreshold, maxKeep, score, trace);
      for (const s of trace) steps.push({ ...s, cls: k });
    }
    // Merge the per-class passes: descending score, ties by row then class (stable within a class).
    steps.sort((a, b) => b.score - a.score || a.index - b.index || a.cls - b.cls);
  }
  const kept = steps.map((s, j) => ({ s, j })).filter(({ s }) => s.kept);
  kept.sort((a, b) => b.s.score - a.s.score || a.s.index - b.s.index || a.s.cls - b.s.cls);
  const rows: number[] = [];
  for (let i = 0; i < numBoxes; i++) if (hasCandidate[i]) rows.push(i);
  return { candidates, rows: Int32Array.from(rows), steps, final: kept.slice(0, maxKeep).map(({ j }) => j) };
}
