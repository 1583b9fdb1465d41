/**
 * Priors (anchor boxes) by k-means over the (w, h) of training boxes — the YOLOv2 recipe.
 *
 * Distance d(box, centroid) = 1 − IoU(box, centroid), both boxes anchored at a common centre, so only
 * their sizes matter: IoU = min(w)·min(h) / (w·h + w'·h' − min(w)·min(h)). Unlike the Euclidean
 * distance, it does not let big boxes dominate the error. The Euclidean version is here for comparison.
 *
 * Init: k-means++ with a seeded generator (deterministic). Update: centroid = mean (w, h) of its
 * cluster; stops when assignments no longer change or after `maxIter` iterations. An empty cluster
 * keeps its previous centroid.
 */
import { seededRng } from '../random';

export type KMeansDistance = 'iou' | 'euclidean';

export interface KMeansOptions {
  readonly k: number;
  readonly distance: KMeansDistance;
  readonly seed: number;
  readonly maxIter?: number;
}

export interface KMeansResult {
  /** k × 2: (w, h) of each prior, sorted by area ascending. */
  readonly centroids: Float64Array;
  /** Cluster of each box (index into the sorted centroids). */
  readonly assignments: Int32Array;
  /** Mean over boxes of the IoU with their best prior (the number the YOLOv2 paper plots). */
  readonly meanIou: number;
  readonly iterations: number;
}

/** IoU of two boxes of sizes (w1, h1), (w2, h2) sharing a centre. */
export function whIou(w1: number, h1: number, w2: number, h2: number): number {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  const union = w1 * h1 + w2 * h2 - inter;
  return union > 0 ? inter / union : 0;
}

function dist(kind: KMeansDistance, w: number, h: number, cw: number, ch: number): number {
  if (kind === 'iou') return 1 - whIou(w, h, cw, ch);
  return (w - cw) ** 2 + (h - ch) ** 2;
}

/** Mean over boxes of max over priors of IoU (boxes and priors as flat (w, h) pairs). */
export function meanBestIou(wh: ArrayLike<number>, priors: ArrayLike<number>): number {
  const n = Math.floor(wh.length / 2);
  const k = Math.floor(priors.length / 2);
  if (n === 0 || k === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 0; j < k; j++) best = Math.max(best, whIou(wh[2 * i]!, wh[2 * i + 1]!, priors[2 * j]!, priors[2 * j + 1]!));
    sum += best;
  }
  return sum / n;
}

/** k-means on flat (w, h) pairs. Throws RangeError when there are no boxes or k < 1. */
export function kmeansBoxes(wh: ArrayLike<number>, opts: KMeansOptions): KMeansResult {
  const n = Math.floor(wh.length / 2);
  if (n === 0) throw new RangeError('kmeansBoxes: no boxes');
  if (!(opts.k >= 1)) throw new RangeError('kmeansBoxes: k must be >= 1');
  const k = Math.min(Math.floor(opts.k), n);
  const maxIter = opts.maxIter ?? 300;
  const rng = seededRng(opts.seed);
  const c = new Float64Array(2 * k);

  // k-means++: first centre uniformly, the next ones with probability ∝ d².
  const first = Math.min(n - 1, Math.floor(rng.next() * n));
  c[0] = wh[2 * first]!;
  c[1] = wh[2 * first + 1]!;
  const d2 = new Float64Array(n);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let m = Infinity;
      for (let q = 0; q < j; q++) m = Math.min(m, dist(opts.distance, wh[2 * i]!, wh[2 * i + 1]!, c[2 * q]!, c[2 * q + 1]!));
      d2[i] = m * m;
      total += m * m;
    }
    let pick = n - 1;
    if (total > 0) {
      let r = rng.next() * total;
      for (let i = 0; i < n; i++) {
        r -= d2[i]!;
        if (r < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = Math.min(n - 1, Math.floor(rng.next() * n));
    }
    c[2 * j] = wh[2 * pick]!;
    c[2 * j + 1] = wh[2 * pick + 1]!;
  }

  const assign = new Int32Array(n).fill(-1);
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let q = 0; q < k; q++) {
        const d = dist(opts.distance, wh[2 * i]!, wh[2 * i + 1]!, c[2 * q]!, c[2 * q + 1]!);
        if (d < bd) {
          bd = d;
          best = q;
        }
      }
      if (assign[i] !== best) {
        assign[i] = best;
        changed = true;
      }
    }
    if (!changed && it > 0) break;
    const sw = new Float64Array(k);
    const sh = new Float64Array(k);
    const cnt = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const q = assign[i]!;
      sw[q] = sw[q]! + wh[2 * i]!;
      sh[q] = sh[q]! + wh[2 * i + 1]!;
      cnt[q] = cnt[q]! + 1;
    }
    for (let q = 0; q < k; q++) {
      if (cnt[q]! > 0) {
        c[2 * q] = sw[q]! / cnt[q]!;
        c[2 * q + 1] = sh[q]! / cnt[q]!;
      }
    }
  }

  // Sort priors by area; remap assignments.
  const order = Array.from({ length: k }, (_, q) => q).sort((a, b) => c[2 * a]! * c[2 * a + 1]! - c[2 * b]! * c[2 * b + 1]! || a - b);
  const rank = new Int32Array(k);
  const centroids = new Float64Array(2 * k);
  order.forEach((q, r) => {
    rank[q] = r;
    centroids[2 * r] = c[2 * q]!;
    centroids[2 * r + 1] = c[2 * q + 1]!;
  });
  const assignments = Int32Array.from(assign, (q) => rank[q]!);
  return { centroids, assignments, meanIou: meanBestIou(wh, centroids), iterations };
}

/** Mean IoU vs k for k = 1..maxK (the YOLOv2 paper's figure 2), same seed for every k. */
export function meanIouCurve(wh: ArrayLike<number>, maxK: number, distance: KMeansDistance, seed: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= maxK; k++) out.push(kmeansBoxes(wh, { k, distance, seed }).meanIou);
  return out;
}
