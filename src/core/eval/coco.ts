/**
 * COCO detection metrics, reproducing pycocotools' COCOeval (evaluate → accumulate →
 * summarize) for iouType 'bbox' and 'segm' with useCats = 1.
 */
import { groupByCategoryImage, indexData, type IndexedData } from './dataset';
import { boxIouMatrix } from './iou';
import { preparedIou } from './mask';
import { formatFixed3, pairwiseSum } from './numeric';
import { COCO_PROFILE, type CocoProfile } from './profiles';
import type { DetectionInput, GroundTruth, IouType } from './types';

/** Per-detection state after matching. */
export const DT_FP = 0;
export const DT_TP = 1;
export const DT_IGNORED = 2;
/** `kind` of a detection and area range whose state differs between thresholds, or is a TP at one: see `state`. */
export const DT_MIXED = 3;

/** Result of `cocoEvaluate` (pycocotools' `evalImgs`, stored compactly). */
export interface CocoEvaluation {
  readonly profile: CocoProfile;
  readonly data: IndexedData;
  /** Kept detections (first maxDets[-1] per image and category), grouped by `cat * nImg + img`. */
  readonly dtGroupStart: Int32Array;
  /** Index into `data` detection arrays, per kept position. */
  readonly dtOrder: Int32Array;
  /** Rank (0-based) of each kept position inside its image and category, after the score sort. */
  readonly dtRank: Int32Array;
  readonly dtScore: Float64Array;
  /**
   * `kind[pos * A + a]`: DT_FP or DT_IGNORED when the detection is that at every IoU threshold in area range a
   * (most are: no GT reaches the lowest threshold), else DT_MIXED.
   */
  readonly kind: Uint8Array;
  /** `state[(pos * A + a) * T + t]`: DT_FP, DT_TP or DT_IGNORED; written only where `kind` is DT_MIXED. */
  readonly state: Uint8Array;
  /** Non-ignored GT count per (category, area range): `npig[k * A + a]`. */
  readonly npig: Int32Array;
}

/** Result of `cocoAccumulate`: pycocotools' `eval` dict as typed arrays (C order, like numpy). */
export interface CocoAccumulation {
  readonly profile: CocoProfile;
  readonly catIds: Float64Array;
  readonly catNames: readonly string[];
  /** [T, R, K, A, M] */
  readonly shape: readonly [number, number, number, number, number];
  /**
   * precision[t][r][k][a][m] at index (((t*R + r)*K + k)*A + a)*M + m; -1 = no GT. Computed on first read
   * (a second pass of `cocoAccumulate`): the summary and the per-category table read only the largest
   * maxDets, `precisionAtMaxDets`.
   */
  readonly precision: Float64Array;
  /** precision[t][r][k][a][M − 1] (the largest maxDets) at index ((t*R + r)*K + k)*A + a. */
  readonly precisionAtMaxDets: Float64Array;
  /** recall[t][k][a][m] at index ((t*K + k)*A + a)*M + m. */
  readonly recall: Float64Array;
  /**
   * scores[t][r][k][a][m]: score at which each recall threshold is reached (0 if never). Computed on first
   * read (a second pass of `cocoAccumulate`): the summary never needs it, and it is as large as `precision`.
   */
  readonly scores: Float64Array;
}

interface Scratch {
  ious: Float64Array;
  rowMax: Float64Array;
  dtOut: Uint8Array;
  perm: Int32Array;
  igp: Uint8Array;
  crowdp: Uint8Array;
  gtm: Uint8Array;
  cand: Int32Array;
}

function grow(s: Scratch, D: number, G: number): void {
  if (s.ious.length < D * G) s.ious = new Float64Array(Math.max(D * G, 2 * s.ious.length));
  if (s.dtOut.length < D) { s.dtOut = new Uint8Array(Math.max(D, 2 * s.dtOut.length)); s.rowMax = new Float64Array(s.dtOut.length); s.cand = new Int32Array(s.dtOut.length); }
  if (s.perm.length < G) {
    const n = Math.max(G, 2 * s.perm.length);
    s.perm = new Int32Array(n); s.igp = new Uint8Array(n); s.crowdp = new Uint8Array(n); s.gtm = new Uint8Array(n);
  }
}

/** Optional capture of matches for explanations: per (t, d) the kept GT index (or -1) and its IoU. */
interface Capture {
  matched: Int32Array;
  iou: Float64Array;
  /** Column of the IoU matrix for each GT of the group (for "best IoU" reporting). */
  ious: Float64Array;
}

/**
 * evaluateImg for one (image, category) group and all area ranges: fills `state` for the kept
 * detections at positions [ds, ds + D).
 */
function evaluateGroup(
  ev: { data: IndexedData; profile: CocoProfile; dtOrder: Int32Array; kind: Uint8Array; state: Uint8Array; npig: Int32Array },
  k: number, gs: number, G: number, ds: number, D: number,
  s: Scratch, capture: Capture | null, captureArea: number,
): void {
  const { data, profile, dtOrder, kind, state } = ev;
  const T = profile.iouThrs.length, A = profile.areaRanges.length;
  const gtGrouped = data.gtGrouped;
  grow(s, D, G);
  const ious = s.ious;
  if (G > 0 && D > 0) {
    if (data.iouType === 'bbox') {
      boxIouMatrix(data.dtBox, dtOrder, ds, D, data.gtBox, gtGrouped, gs, G, data.gtCrowd, ious);
    } else {
      maskIouMatrix(data, dtOrder, ds, D, gs, G, ious);
    }
    if (capture) capture.ious.set(ious.subarray(0, D * G));
  }
  const { perm, igp, crowdp, gtm, dtOut, rowMax, cand } = s;
  const cap = profile.iouCap;
  const iouThrs = profile.iouThrs;
  // The candidates: detections whose best IoU over the group's GTs reaches the lowest threshold. At a
  // threshold above its best IoU the GT scan below can only end unmatched (every IoU fails `v >= best`) and
  // changes nothing, so the others are unmatched at every threshold: a FP, or ignored outside the area
  // range. NaN never skips (`v < best` is false for NaN, as in numpy).
  let nc = 0;
  if (G > 0) {
    let minThr = Infinity;
    for (let t = 0; t < T; t++) minThr = Math.min(minThr, iouThrs[t]!, cap);
    for (let d = 0; d < D; d++) {
      let mx = -Infinity;
      const row = d * G;
      for (let g = 0; g < G; g++) {
        const v = ious[row + g]!;
        if (v > mx) mx = v;
        else if (v !== v) { mx = Infinity; break; }
      }
      rowMax[d] = mx;
      if (mx >= minThr) cand[nc++] = d;
    }
  }
  const gtArea = data.gtArea, gtCrowd = data.gtCrowd, gtId = data.gtId, dtArea = data.dtArea;
  for (let a = 0; a < A; a++) {
    const rng = profile.areaRanges[a]!;
    const lo = rng.min, hi = rng.max;
    for (let d = 0; d < D; d++) {
      const da = dtArea[dtOrder[ds + d]!]!;
      const out = da < lo || da > hi ? 1 : 0;
      dtOut[d] = out;
      kind[(ds + d) * A + a] = out ? DT_IGNORED : DT_FP;
    }
    const doCapture = capture !== null && a === captureArea;
    if (doCapture) { capture.matched.fill(-1); capture.iou.fill(0); }
    if (G === 0) continue;
    // GT order: non-ignored first, then ignored (stable)
    let n = 0;
    for (let g = 0; g < G; g++) {
      const gi = gtGrouped[gs + g]!;
      const ar = gtArea[gi]!;
      if (!(gtCrowd[gi] || ar < lo || ar > hi)) { perm[n] = g; igp[n] = 0; crowdp[n] = 0; n++; }
    }
    ev.npig[k * A + a]! += n;
    if (nc === 0) continue;
    for (let g = 0; g < G; g++) {
      const gi = gtGrouped[gs + g]!;
      const ar = gtArea[gi]!;
      if (gtCrowd[gi] || ar < lo || ar > hi) { perm[n] = g; igp[n] = 1; crowdp[n] = gtCrowd[gi]!; n++; }
    }
    for (let t = 0; t < T; t++) {
      const thr = Math.min(iouThrs[t]!, cap);
      for (let p = 0; p < G; p++) gtm[p] = 0;
      for (let ci = 0; ci < nc; ci++) {
        const d = cand[ci]!;
        let best = thr, m = -1;
        const row = d * G;
        if (rowMax[d]! >= thr) for (let p = 0; p < G; p++) {
          if (gtm[p] && !crowdp[p]) continue;
          if (m > -1 && igp[m] === 0 && igp[p] === 1) break;
          const v = ious[row + perm[p]!]!;
          if (v < best) continue;
          best = v; m = p;
        }
        let st: number;
        if (m === -1) {
          st = dtOut[d] ? DT_IGNORED : DT_FP;
        } else {
          gtm[m] = 1;
          if (gtId[gtGrouped[gs + perm[m]!]!] === 0) {
            // pycocotools stores the matched GT id in dtMatches and tests it for truthiness:
            // a GT whose id is 0 counts as "no match".
            st = igp[m] || dtOut[d] ? DT_IGNORED : DT_FP;
          } else {
            st = igp[m] ? DT_IGNORED : DT_TP;
          }
        }
        state[((ds + d) * A + a) * T + t] = st;
        if (doCapture) {
          capture.matched[t * D + d] = m === -1 ? -1 : gtGrouped[gs + perm[m]!]!;
          capture.iou[t * D + d] = m === -1 ? 0 : best;
        }
      }
    }
    // a candidate that came out the same at every threshold (and not a TP) counts like the others
    for (let ci = 0; ci < nc; ci++) {
      const q = (ds + cand[ci]!) * A + a;
      const b0 = q * T, s0 = state[b0]!;
      let uniform = s0 !== DT_TP;
      for (let t = 1; uniform && t < T; t++) if (state[b0 + t] !== s0) uniform = false;
      kind[q] = uniform ? s0 : DT_MIXED;
    }
  }
}

/**
 * The group's mask IoUs, `ious[d * G + g]` (the counterpart of `boxIouMatrix`). A function of its own, so
 * that the matching in `evaluateGroup` and the IoU walk are optimised as two smaller units.
 */
function maskIouMatrix(data: IndexedData, dtOrder: Int32Array, ds: number, D: number, gs: number, G: number, ious: Float64Array): void {
  const gtGrouped = data.gtGrouped, gtCrowd = data.gtCrowd;
  for (let d = 0; d < D; d++) {
    const dm = data.dtMask(dtOrder[ds + d]!);
    for (let g = 0; g < G; g++) {
      const gi = gtGrouped[gs + g]!;
      ious[d * G + g] = preparedIou(dm, data.gtMask(gi), gtCrowd[gi] === 1);
    }
  }
}

function newScratch(): Scratch {
  return { ious: new Float64Array(1024), rowMax: new Float64Array(128), dtOut: new Uint8Array(128), cand: new Int32Array(128), perm: new Int32Array(64), igp: new Uint8Array(64), crowdp: new Uint8Array(64), gtm: new Uint8Array(64) };
}

/**
 * Sorts `idx[s, e)` by decreasing `score[idx[·]]`, keeping the present order among equal scores (a
 * stable insertion sort: groups are small, and a comparator call per comparison costs more than the sort).
 */
function insertionByScore(idx: Int32Array, s: number, e: number, score: Float64Array): void {
  for (let i = s + 1; i < e; i++) {
    const v = idx[i]!, sv = score[v]!;
    let j = i;
    while (j > s && score[idx[j - 1]!]! < sv) { idx[j] = idx[j - 1]!; j--; }
    idx[j] = v;
  }
}

function orderDetections(data: IndexedData, maxDet: number): { start: Int32Array; order: Int32Array; rank: Int32Array } {
  const nGroups = data.nCat * data.nImg;
  const { start: cnt, order: all } = groupByCategoryImage(data.dtCat, data.dtImg, data.nDt, data.nCat, data.nImg);
  const start = new Int32Array(nGroups + 1);
  const total = keptCount(cnt, nGroups, maxDet);
  const order = new Int32Array(total), rank = new Int32Array(total);
  sortAndKeep(cnt, all, nGroups, maxDet, data.dtScore, start, order, rank);
  return { start, order, rank };
}

/** How many detections the groups keep: at most `maxDet` each. */
function keptCount(cnt: Int32Array, nGroups: number, maxDet: number): number {
  let total = 0;
  for (let g = 0; g < nGroups; g++) total += Math.min(cnt[g + 1]! - cnt[g]!, maxDet);
  return total;
}

/** Each group's detections by score (stable), the first `maxDet` into `order` with their `rank`. */
function sortAndKeep(cnt: Int32Array, all: Int32Array, nGroups: number, maxDet: number, score: Float64Array, start: Int32Array, order: Int32Array, rank: Int32Array): void {
  let pos = 0;
  for (let g = 0; g < nGroups; g++) {
    start[g] = pos;
    const s = cnt[g]!, e = cnt[g + 1]!;
    const n = e - s;
    if (n === 0) continue;
    // stable: ties keep results-file order (indices are ascending within the group)
    if (n > 48) all.subarray(s, e).sort((x, y) => (score[y]! - score[x]!) || (x - y));
    else if (n > 1) insertionByScore(all, s, e, score);
    const keep = Math.min(n, maxDet);
    for (let r = 0; r < keep; r++) { order[pos] = all[s + r]!; rank[pos] = r; pos++; }
  }
  start[nGroups] = pos;
}

export interface CocoEvaluateOptions {
  readonly iouType?: IouType;
  readonly profile?: CocoProfile;
}

/** pycocotools `COCOeval.evaluate()`. */
export function cocoEvaluate(gt: GroundTruth, dets: DetectionInput, opts: CocoEvaluateOptions = {}): CocoEvaluation {
  const profile = opts.profile ?? COCO_PROFILE;
  const data = indexData(gt, dets, opts.iouType ?? 'bbox');
  return cocoEvaluateIndexed(data, profile);
}

export function cocoEvaluateIndexed(data: IndexedData, profile: CocoProfile): CocoEvaluation {
  const T = profile.iouThrs.length, A = profile.areaRanges.length;
  const maxDet = profile.maxDets[profile.maxDets.length - 1] ?? 0;
  const { start, order, rank } = orderDetections(data, maxDet);
  const nPos = order.length;
  const dtScore = new Float64Array(nPos);
  for (let p = 0; p < nPos; p++) dtScore[p] = data.dtScore[order[p]!]!;
  const ev = {
    profile, data, dtGroupStart: start, dtOrder: order, dtRank: rank, dtScore,
    kind: new Uint8Array(nPos * A), state: new Uint8Array(nPos * A * T), npig: new Int32Array(data.nCat * A),
  };
  const scratch = newScratch();
  const nImg = data.nImg;
  for (let k = 0; k < data.nCat; k++) {
    for (let i = 0; i < nImg; i++) {
      const key = k * nImg + i;
      const gs = data.gtGroupStart[key]!, G = data.gtGroupStart[key + 1]! - gs;
      const ds = start[key]!, D = start[key + 1]! - ds;
      if (G === 0 && D === 0) continue;
      evaluateGroup(ev, k, gs, G, ds, D, scratch, null, -1);
    }
  }
  return ev;
}

/**
 * pycocotools `COCOeval.accumulate()`.
 *
 * Same numbers as the numpy code, computed with less work: rc only changes at true positives,
 * so the first index with `rc >= r` (searchsorted, side='left') is a TP position (or index 0
 * for r <= 0), and the precision envelope `max(pr[j:])` at a TP position equals the maximum of
 * pr over the TP positions from there on (pr after a FP/ignored detection is never above the
 * value at the preceding TP, and is 0 before the first TP). Precision values are computed with
 * the identical formula `tp / (fp + tp + eps)`, so results are bit-identical.
 */
/**
 * Positions cs … cs+n−1 ordered by descending `score`, ties by ascending position (numpy's stable
 * mergesort on −score). No comparator sort: the distinct scores are sorted as a typed array (native
 * numeric sort), each position gets its score's rank by binary search, and a counting sort by rank —
 * which visits positions in ascending order — keeps ties stable.
 */
export function stableOrderByScoreDesc(score: Float64Array | Float32Array, cs: number, n: number): Int32Array {
  const ord = new Int32Array(n);
  if (n === 0) return ord;
  const sorted = Float64Array.from(score.subarray(cs, cs + n)).sort();
  // distinct values, descending
  let u = 0;
  const uniq = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) if (u === 0 || sorted[j]! !== uniq[u - 1]!) uniq[u++] = sorted[j]!;
  const rank = new Int32Array(n);
  const count = new Int32Array(u + 1);
  for (let j = 0; j < n; j++) {
    const v = score[cs + j]!;
    let lo = 0, hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (uniq[mid]! > v) lo = mid + 1;
      else hi = mid;
    }
    rank[j] = lo;
    count[lo + 1]!++;
  }
  for (let r = 0; r < u; r++) count[r + 1]! += count[r]!;
  for (let j = 0; j < n; j++) ord[count[rank[j]!]!++] = cs + j;
  return ord;
}

export function cocoAccumulate(ev: CocoEvaluation): CocoAccumulation {
  const acc = accumulate(ev, false);
  let full: CocoAccumulation | null = null;
  const all = (): CocoAccumulation => (full ??= accumulate(ev, true));
  Object.defineProperty(acc, 'precision', { enumerable: true, get: () => all().precision });
  return Object.defineProperty(acc, 'scores', { enumerable: true, get: () => all().scores });
}

/**
 * `cocoAccumulate`. `full`: `precision` and `scores` for every maxDets; otherwise only
 * `precisionAtMaxDets` (and recall) are filled, and `precision` and `scores` are empty arrays, replaced
 * by the caller's getters.
 */
function accumulate(ev: CocoEvaluation, full: boolean): CocoAccumulation {
  const { profile, data, dtGroupStart, dtScore, npig } = ev;
  const T = profile.iouThrs.length, R = profile.recThrs.length, K = data.nCat;
  const A = profile.areaRanges.length, M = profile.maxDets.length;
  const precision = full ? new Float64Array(T * R * K * A * M).fill(-1) : new Float64Array(0);
  const precisionAtMaxDets = full ? new Float64Array(0) : new Float64Array(T * R * K * A).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = full ? new Float64Array(T * R * K * A * M).fill(-1) : new Float64Array(0);
  const out = { profile, catIds: data.catIds, catNames: data.catNames, shape: [T, R, K, A, M] as const, precision, precisionAtMaxDets, recall, scores };
  const nImg = data.nImg;
  const cells = new Cells(A, M, T);
  for (let k = 0; k < K; k++) {
    const cs = dtGroupStart[k * nImg]!, ce = dtGroupStart[(k + 1) * nImg]!;
    let maxNp = 0;
    for (let a = 0; a < A; a++) maxNp = Math.max(maxNp, npig[k * A + a]!);
    if (maxNp === 0) continue; // precision / recall stay -1 for every area range
    cells.reset(maxNp);
    // concatenation over images in ascending id order, then stable sort by score descending
    const ord = stableOrderByScoreDesc(dtScore, cs, ce - cs);
    countCategory(ev, k, ord, cells);
    writeCategory(out, npig, k, cells, full);
  }
  return out;
}

/**
 * Per (area, maxDets, IoU) cell i = (a * M + m) * T + t of one category: TP and FP counts so far, and at
 * each TP its recall, precision and score (slots i * cap … i * cap + npig − 1). The two passes over a
 * category are functions of their own (two smaller units to optimise than one).
 */
class Cells {
  readonly tpCnt: Float64Array; readonly fpCnt: Float64Array;
  readonly nd: Int32Array; readonly firstScore: Float64Array; readonly fpAll: Float64Array;
  cap = 0;
  tpPr = new Float64Array(0); tpRc = new Float64Array(0); tpScore = new Float64Array(0);
  constructor(readonly A: number, readonly M: number, readonly T: number) {
    const AMT = A * M * T;
    this.tpCnt = new Float64Array(AMT); this.fpCnt = new Float64Array(AMT);
    this.nd = new Int32Array(A * M); this.firstScore = new Float64Array(A * M); this.fpAll = new Float64Array(A * M);
  }
  /** Zero counts, with room for `np` TPs per cell. */
  reset(np: number): void {
    if (this.cap < np) {
      this.cap = np;
      const n = this.A * this.M * this.T * np;
      this.tpPr = new Float64Array(n); this.tpRc = new Float64Array(n); this.tpScore = new Float64Array(n);
    }
    this.tpCnt.fill(0); this.fpCnt.fill(0); this.nd.fill(0); this.fpAll.fill(0);
  }
}

/**
 * One pass over category k's detections in score order (`ord`); each one counts for every area range and
 * every maxDets it falls under (the per-(a, m) passes of pycocotools visit the same detections in the
 * same order, so every count and every quotient is the same).
 */
function countCategory(ev: CocoEvaluation, k: number, ord: Int32Array, c: Cells): void {
  const { dtRank, dtScore, kind, state, npig, profile } = ev;
  const { A, M, T, tpCnt, fpCnt, nd, firstScore, fpAll, tpPr, tpRc, tpScore, cap } = c;
  const maxDets = profile.maxDets, eps = profile.precisionEps;
  for (let j = 0; j < ord.length; j++) {
    const pos = ord[j]!;
    const rank = dtRank[pos]!, sc = dtScore[pos]!;
    for (let a = 0; a < A; a++) {
      const np = npig[k * A + a]!;
      if (np === 0) continue;
      const sb = (pos * A + a) * T;
      // Most detections are a FP at every threshold, or ignored at every one (outside the area range):
      // those cost one count per maxDets (fpAll: a FP at every t of the cell), not one per threshold.
      const s0 = kind[pos * A + a]!;
      for (let m = 0; m < M; m++) {
        if (rank >= maxDets[m]!) continue;
        const am = a * M + m;
        if (nd[am]!++ === 0) firstScore[am] = sc;
        if (s0 !== DT_MIXED) {
          if (s0 === DT_FP) fpAll[am]!++;
          continue;
        }
        const cb = am * T;
        for (let t = 0; t < T; t++) {
          const st = state[sb + t]!;
          if (st === DT_TP) {
            const i = cb + t;
            const tp = ++tpCnt[i]!;
            const o = i * cap + tp - 1;
            tpRc[o] = tp / np;
            tpPr[o] = tp / (fpCnt[i]! + fpAll[am]! + tp + eps); // the FP count so far, an exact integer
            tpScore[o] = sc;
          } else if (st === DT_FP) {
            fpCnt[cb + t]!++;
          }
        }
      }
    }
  }
}

/**
 * Category k's recall, and its precision at each recall threshold from its counted cells: with `full`
 * into `precision` (and `scores`) for every maxDets, else into `precisionAtMaxDets` for the last one.
 */
function writeCategory(acc: CocoAccumulation, npig: Int32Array, k: number, c: Cells, full: boolean): void {
  const { recall, profile } = acc;
  const precision = full ? acc.precision : acc.precisionAtMaxDets, scores = acc.scores;
  const [T, R, K, A, M] = acc.shape;
  const { tpCnt, nd, firstScore, tpPr, tpRc, tpScore, cap } = c;
  const recThrs = profile.recThrs;
  const withScores = full;
  const Mp = full ? M : 1; // maxDets slots of the precision array written
  const RS = R * K * A * Mp; // stride of t in precision
  const rStride = K * A * Mp;
  for (let a = 0; a < A; a++) {
    const np = npig[k * A + a]!;
    if (np === 0) continue;
    for (let m = 0; m < M; m++) {
      const am = a * M + m;
      const toPrecision = full || m === M - 1;
      const ndm = nd[am]!, first = firstScore[am]!;
      for (let t = 0; t < T; t++) {
        const i = am * T + t;
        const cnt = tpCnt[i]!;
        const off = i * cap;
        recall[((t * K + k) * A + a) * M + m] = ndm ? cnt / np : 0;
        if (!toPrecision) continue;
        for (let j = cnt - 1; j > 0; j--) if (tpPr[off + j]! > tpPr[off + j - 1]!) tpPr[off + j - 1] = tpPr[off + j]!;
        let j = 0;
        let q = t * RS + (k * A + a) * Mp + (full ? m : 0);
        for (let r = 0; r < R; r++, q += rStride) {
          const thr = recThrs[r]!;
          if (thr <= 0 && ndm > 0) {
            // searchsorted gives index 0: envelope of everything, score of the first detection
            precision[q] = cnt > 0 ? tpPr[off]! : 0;
            if (withScores) scores[q] = first;
            continue;
          }
          while (j < cnt && tpRc[off + j]! < thr) j++;
          if (j >= cnt) { precision[q] = 0; if (withScores) scores[q] = 0; continue; }
          precision[q] = tpPr[off + j]!;
          if (withScores) scores[q] = tpScore[off + j]!;
        }
      }
    }
  }
}

// ------------------------------------------------------------------ summary

export interface SummaryEntry {
  readonly ap: boolean;
  readonly iouThr: number | null;
  readonly area: string;
  readonly maxDets: number;
}

/**
 * The 12 settings of pycocotools' `summarize()` (`_summarizeDets`). pycocotools hard-codes
 * maxDets=100 for stats[0] and uses maxDets[2] for the others; here every "100" slot uses the
 * largest maxDets and the AR slots use maxDets[0], [1], [last] (identical for [1, 10, 100]).
 */
export function summarySettings(profile: CocoProfile): SummaryEntry[] {
  const md = profile.maxDets;
  const last = md[md.length - 1] ?? 0;
  const at = (i: number): number => md[Math.min(i, md.length - 1)] ?? 0;
  return [
    { ap: true, iouThr: null, area: 'all', maxDets: last },
    { ap: true, iouThr: 0.5, area: 'all', maxDets: last },
    { ap: true, iouThr: 0.75, area: 'all', maxDets: last },
    { ap: true, iouThr: null, area: 'small', maxDets: last },
    { ap: true, iouThr: null, area: 'medium', maxDets: last },
    { ap: true, iouThr: null, area: 'large', maxDets: last },
    { ap: false, iouThr: null, area: 'all', maxDets: at(0) },
    { ap: false, iouThr: null, area: 'all', maxDets: at(1) },
    { ap: false, iouThr: null, area: 'all', maxDets: last },
    { ap: false, iouThr: null, area: 'small', maxDets: last },
    { ap: false, iouThr: null, area: 'medium', maxDets: last },
    { ap: false, iouThr: null, area: 'large', maxDets: last },
  ];
}

/**
 * `_summarize`: mean of the entries > -1 of the slice, in numpy's C order and with numpy's
 * pairwise summation; -1 if the slice has none. `catIndex` restricts to one category.
 */
export function summarizeValue(acc: CocoAccumulation, e: SummaryEntry, catIndex: number | null = null): number {
  const { profile } = acc;
  const [T, R, K, A, M] = acc.shape;
  const a = profile.areaRanges.findIndex((r) => r.label === e.area);
  const m = profile.maxDets.indexOf(e.maxDets);
  if (a < 0 || m < 0) return -1;
  const ts: number[] = [];
  for (let t = 0; t < T; t++) if (e.iouThr === null || profile.iouThrs[t] === e.iouThr) ts.push(t);
  const k0 = catIndex ?? 0, k1 = catIndex === null ? K : catIndex + 1;
  const buf = new Float64Array(ts.length * (e.ap ? R : 1) * (k1 - k0));
  let n = 0;
  for (const t of ts) {
    if (e.ap) {
      for (let r = 0; r < R; r++) for (let k = k0; k < k1; k++) {
        const v = m === M - 1 ? acc.precisionAtMaxDets[((t * R + r) * K + k) * A + a]! : acc.precision[(((t * R + r) * K + k) * A + a) * M + m]!;
        if (v > -1) buf[n++] = v;
      }
    } else {
      for (let k = k0; k < k1; k++) {
        const v = acc.recall[((t * K + k) * A + a) * M + m]!;
        if (v > -1) buf[n++] = v;
      }
    }
  }
  return n === 0 ? -1 : pairwiseSum(buf, 0, n) / n;
}

export function cocoSummarize(acc: CocoAccumulation): { stats: number[]; lines: string[] } {
  const settings = summarySettings(acc.profile);
  const stats = summarizeAll(acc, settings);
  const lines = settings.map((e, i) => summaryLine(acc.profile, e, stats[i]!));
  return { stats, lines };
}

/**
 * `summarizeValue` of every entry, with the precision at the largest maxDets (`precisionAtMaxDets`)
 * read once, in memory order. Each AP entry reads a strided slice of it (one value in every A), so one
 * pass per entry touches a cache line per value; here a single pass collects the values of every area
 * an entry needs, in the same C order, and notes where each threshold's values start: the slice of one
 * threshold, or of all of them, is then a contiguous run of that list, summed as `summarizeValue` sums
 * its own buffer. AR entries, AP entries at another maxDets and AP entries over some but not all
 * thresholds take `summarizeValue`.
 */
function summarizeAll(acc: CocoAccumulation, settings: readonly SummaryEntry[]): number[] {
  const { profile, precisionAtMaxDets: precision } = acc;
  const [T, R, K, A, M] = acc.shape;
  interface Slice { readonly col: number; readonly buf: Float64Array; n: number; readonly tStart: Int32Array }
  const slices = new Map<number, Slice>();
  const plan = settings.map((e): { slice: Slice; t: number } | null => {
    if (!e.ap) return null;
    const a = profile.areaRanges.findIndex((r) => r.label === e.area);
    const m = profile.maxDets.indexOf(e.maxDets);
    if (a < 0 || m !== M - 1) return null; // other maxDets: from the full array
    let t = -1, nT = 0;
    for (let u = 0; u < T; u++) if (e.iouThr === null || profile.iouThrs[u] === e.iouThr) { t = u; nT++; }
    if (e.iouThr === null) t = -1;
    else if (nT !== 1) return null; // a threshold listed twice: not one run of the list
    const col = a;
    let slice = slices.get(col);
    if (!slice) { slice = { col, buf: new Float64Array(T * R * K), n: 0, tStart: new Int32Array(T + 1) }; slices.set(col, slice); }
    return { slice, t };
  });
  const list = [...slices.values()];
  const RK = R * K;
  for (let t = 0; t < T; t++) {
    for (const sl of list) sl.tStart[t] = sl.n;
    for (let b = t * RK, end = b + RK; b < end; b++) {
      const o = b * A;
      for (let q = 0; q < list.length; q++) {
        const sl = list[q]!;
        const v = precision[o + sl.col]!;
        if (v > -1) sl.buf[sl.n++] = v;
      }
    }
  }
  for (const sl of list) sl.tStart[T] = sl.n;
  return settings.map((e, i) => {
    const p = plan[i];
    if (!p) return summarizeValue(acc, e);
    const from = p.t < 0 ? 0 : p.slice.tStart[p.t]!;
    const n = (p.t < 0 ? p.slice.n : p.slice.tStart[p.t + 1]!) - from;
    return n === 0 ? -1 : pairwiseSum(p.slice.buf, from, n) / n;
  });
}

/** One line exactly as pycocotools prints it. */
export function summaryLine(profile: CocoProfile, e: SummaryEntry, value: number): string {
  const title = e.ap ? 'Average Precision' : 'Average Recall';
  const type = e.ap ? '(AP)' : '(AR)';
  const thr = profile.iouThrs;
  const iouStr = e.iouThr === null
    ? `${thr[0]!.toFixed(2)}:${thr[thr.length - 1]!.toFixed(2)}`
    : e.iouThr.toFixed(2);
  return ` ${title.padEnd(18)} ${type} @[ IoU=${iouStr.padEnd(9)} | area=${e.area.padStart(6)} | maxDets=${String(e.maxDets).padStart(3)} ] = ${formatFixed3(value)}`;
}

export interface CocoCategoryMetrics {
  readonly id: number;
  readonly name: string;
  readonly AP: number;
  readonly AP50: number;
  readonly AP75: number;
  readonly AR100: number;
  /** Final recall at IoU 0.5 (area all, largest maxDets). */
  readonly recall50: number;
  /** Interpolated precision at the recall thresholds, IoU 0.5, area all, largest maxDets. */
  readonly precision50: Float64Array;
}

export function cocoPerCategory(acc: CocoAccumulation): CocoCategoryMetrics[] {
  const { profile } = acc;
  const [, R, K, A, M] = acc.shape;
  const last = profile.maxDets[profile.maxDets.length - 1] ?? 0;
  const m = M - 1;
  const a = Math.max(0, profile.areaRanges.findIndex((r) => r.label === 'all'));
  const t50 = Array.prototype.indexOf.call(profile.iouThrs, 0.5) as number;
  const out: CocoCategoryMetrics[] = [];
  for (let k = 0; k < K; k++) {
    const base = { ap: true, area: profile.areaRanges[a]!.label, maxDets: last };
    const precision50 = new Float64Array(R).fill(-1);
    if (t50 >= 0) for (let r = 0; r < R; r++) precision50[r] = acc.precisionAtMaxDets[((t50 * R + r) * K + k) * A + a]!;
    out.push({
      id: acc.catIds[k]!,
      name: acc.catNames[k] ?? '',
      AP: summarizeValue(acc, { ...base, iouThr: null }, k),
      AP50: summarizeValue(acc, { ...base, iouThr: 0.5 }, k),
      AP75: summarizeValue(acc, { ...base, iouThr: 0.75 }, k),
      AR100: summarizeValue(acc, { ...base, ap: false, iouThr: null }, k),
      recall50: t50 >= 0 ? acc.recall[((t50 * K + k) * A + a) * M + m]! : -1,
      precision50,
    });
  }
  return out;
}

// ------------------------------------------------------------------ explanations

export type DetectionStatus = 'tp' | 'fp' | 'ignored' | 'over-max-dets';

export interface DetectionExplanation {
  /** Index of the detection in the input detections array. */
  readonly detIndex: number;
  readonly categoryId: number;
  readonly score: number;
  /** 0-based rank within its image and category (score order), or -1 beyond maxDets. */
  readonly rank: number;
  readonly status: DetectionStatus;
  /** Matched GT annotation id (regular or crowd), or null. */
  readonly gtId: number | null;
  /** Index of the matched GT in `gt.annotations`, or -1. */
  readonly gtIndex: number;
  /** IoU with the matched GT; for unmatched detections the best IoU with any GT of the class. */
  readonly iou: number;
}

/**
 * Per-detection TP/FP of one image at one IoU threshold (index into profile.iouThrs) and area
 * range, reproducing the same matching as `cocoEvaluate`.
 */
export function cocoExplainImage(ev: CocoEvaluation, imageId: number, iouThrIndex = 0, areaLabel = 'all'): DetectionExplanation[] {
  const { data, profile } = ev;
  const i = data.imgIndex.get(imageId);
  if (i === undefined) return [];
  const a = profile.areaRanges.findIndex((r) => r.label === areaLabel);
  if (a < 0) throw new Error(`unknown area range ${areaLabel}`);
  const T = profile.iouThrs.length, A = profile.areaRanges.length;
  const out: DetectionExplanation[] = [];
  const scratch = newScratch();
  const keptSrc = new Set<number>();
  for (let k = 0; k < data.nCat; k++) {
    const key = k * data.nImg + i;
    const gs = data.gtGroupStart[key]!, G = data.gtGroupStart[key + 1]! - gs;
    const ds = ev.dtGroupStart[key]!, D = ev.dtGroupStart[key + 1]! - ds;
    if (D === 0) continue;
    const local = { data, profile, dtOrder: ev.dtOrder.subarray(ds, ds + D), kind: new Uint8Array(D * A), state: new Uint8Array(D * A * T), npig: new Int32Array(ev.npig.length) };
    const capture: Capture = { matched: new Int32Array(T * D), iou: new Float64Array(T * D), ious: new Float64Array(D * G) };
    evaluateGroup(local, k, gs, G, 0, D, scratch, capture, a);
    for (let d = 0; d < D; d++) {
      const pos = ds + d;
      const di = ev.dtOrder[pos]!;
      keptSrc.add(di);
      const kd = ev.kind[pos * A + a]!;
      const st = kd === DT_MIXED ? ev.state[(pos * A + a) * T + iouThrIndex]! : kd;
      const gi = capture.matched[iouThrIndex * D + d]!;
      let iou = capture.iou[iouThrIndex * D + d]!;
      if (gi < 0) for (let g = 0; g < G; g++) iou = Math.max(iou, capture.ious[d * G + g]!);
      out.push({
        detIndex: data.dtSrc[di]!, categoryId: data.catIds[k]!, score: data.dtScore[di]!, rank: ev.dtRank[pos]!,
        status: st === DT_TP ? 'tp' : st === DT_FP ? 'fp' : 'ignored',
        gtId: gi >= 0 ? data.gtId[gi]! : null, gtIndex: gi >= 0 ? data.gtAnn[gi]! : -1, iou,
      });
    }
  }
  for (let di = 0; di < data.nDt; di++) {
    if (data.dtImg[di] !== i || keptSrc.has(di)) continue;
    out.push({ detIndex: data.dtSrc[di]!, categoryId: data.catIds[data.dtCat[di]!]!, score: data.dtScore[di]!, rank: -1, status: 'over-max-dets', gtId: null, gtIndex: -1, iou: 0 });
  }
  return out;
}

