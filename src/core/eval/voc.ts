/**
 * PASCAL VOC detection AP (devkit `VOCevaldet.m` semantics) on COCO-format data, driven by a
 * `VocProfile` (IoU threshold and comparison, difficult flags, 11-point or all-point AP).
 */
import { indexData, type IndexedData } from './dataset';
import { iouXywh } from './iou';
import { preparedIou } from './mask';
import { npMean, pairwiseSum } from './numeric';
import { VOC07_PROFILE, type VocProfile } from './profiles';
import type { DetectionInput, GroundTruth, IouType } from './types';

export interface VocClassResult {
  readonly id: number;
  readonly name: string;
  /** Non-difficult GT count. */
  readonly npos: number;
  readonly numDet: number;
  readonly numTp: number;
  readonly numFp: number;
  /** Detections matched to a difficult GT (neither TP nor FP). */
  readonly numIgnored: number;
  /** -1 when npos = 0. */
  readonly AP: number;
  /** Precision / recall over the non-ignored detections in score order (for PR curves). */
  readonly precision: Float64Array;
  readonly recall: Float64Array;
}

export interface VocResult {
  readonly profile: VocProfile;
  readonly perClass: VocClassResult[];
  /** Mean AP over classes with npos > 0, -1 if none. */
  readonly mAP: number;
}

/** VOC2007 11-point AP: Σ_k max(precision[recall >= k/10]) / 11, accumulated as `ap += p / 11`. */
export function vocAp11(recall: ArrayLike<number>, precision: ArrayLike<number>, thrs: ArrayLike<number>): number {
  let ap = 0;
  const n = recall.length;
  for (let k = 0; k < thrs.length; k++) {
    const t = thrs[k]!;
    let p = 0, any = false;
    for (let i = 0; i < n; i++) {
      if (recall[i]! >= t) {
        const v = precision[i]!;
        if (!any || v > p) p = v;
        any = true;
      }
    }
    ap += (any ? p : 0) / thrs.length;
  }
  return ap;
}

/** VOC2010+ all-point AP: area under the monotone precision envelope (numpy-style sum). */
export function vocApAllPoint(recall: ArrayLike<number>, precision: ArrayLike<number>): number {
  const n = recall.length;
  const mrec = new Float64Array(n + 2), mpre = new Float64Array(n + 2);
  mrec[0] = 0; mpre[0] = 0;
  for (let i = 0; i < n; i++) { mrec[i + 1] = recall[i]!; mpre[i + 1] = precision[i]!; }
  mrec[n + 1] = 1; mpre[n + 1] = 0;
  for (let i = n + 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1]!, mpre[i]!);
  const terms: number[] = [];
  for (let i = 1; i < n + 2; i++) if (mrec[i] !== mrec[i - 1]) terms.push((mrec[i]! - mrec[i - 1]!) * mpre[i]!);
  return pairwiseSum(terms);
}

export interface VocOptions {
  readonly iouType?: IouType;
  readonly profile?: VocProfile;
}

export function vocEvaluate(gt: GroundTruth, dets: DetectionInput, opts: VocOptions = {}): VocResult {
  return vocEvaluateIndexed(indexData(gt, dets, opts.iouType ?? 'bbox'), opts.profile ?? VOC07_PROFILE);
}

/** Several VOC profiles on the same data share the matching when only the AP method differs. */
export function vocEvaluateIndexed(data: IndexedData, profile: VocProfile): VocResult {
  const { nImg, nCat } = data;
  const isDifficult = (gi: number): boolean =>
    (profile.difficultFrom.difficult && data.gtDifficult[gi] === 1) || (profile.difficultFrom.iscrowd && data.gtCrowd[gi] === 1);
  // detections per class in results-file order
  const byCat: number[][] = Array.from({ length: nCat }, () => []);
  for (let i = 0; i < data.nDt; i++) byCat[data.dtCat[i]!]!.push(i);
  const perClass: VocClassResult[] = [];
  const matched = new Uint8Array(data.nGt);
  const thr = profile.iouThreshold;
  const strict = profile.iouComparison === '>';
  for (let k = 0; k < nCat; k++) {
    let npos = 0;
    for (let i = 0; i < nImg; i++) {
      const key = k * nImg + i;
      for (let p = data.gtGroupStart[key]!; p < data.gtGroupStart[key + 1]!; p++) if (!isDifficult(data.gtGrouped[p]!)) npos++;
    }
    const ds = byCat[k]!;
    const score = data.dtScore;
    const order = Int32Array.from(ds).sort((x, y) => (score[y]! - score[x]!) || (x - y));
    const perImage = new Map<number, number>();
    const tpArr: number[] = [], fpArr: number[] = [];
    let numIgnored = 0;
    for (let j = 0; j < order.length; j++) {
      const di = order[j]!;
      const img = data.dtImg[di]!;
      const seen = (perImage.get(img) ?? 0) + 1;
      perImage.set(img, seen);
      if (seen > profile.maxDetsPerImage) continue;
      const key = k * nImg + img;
      let ovmax = -Infinity, jmax = -1;
      for (let p = data.gtGroupStart[key]!; p < data.gtGroupStart[key + 1]!; p++) {
        const gi = data.gtGrouped[p]!;
        const ov = overlap(data, di, gi);
        if (ov > ovmax) { ovmax = ov; jmax = gi; }
      }
      const hit = strict ? ovmax > thr : ovmax >= thr;
      if (hit && jmax >= 0) {
        if (isDifficult(jmax)) { numIgnored++; continue; }
        if (!matched[jmax]) { matched[jmax] = 1; tpArr.push(1); fpArr.push(0); }
        else { tpArr.push(0); fpArr.push(1); }
      } else { tpArr.push(0); fpArr.push(1); }
    }
    const nd = tpArr.length;
    const precision = new Float64Array(nd), recall = new Float64Array(nd);
    let tp = 0, fp = 0;
    for (let j = 0; j < nd; j++) {
      tp += tpArr[j]!; fp += fpArr[j]!;
      recall[j] = tp / npos;
      precision[j] = tp / (tp + fp);
    }
    let AP = -1;
    if (npos > 0) AP = profile.ap === '11point' ? vocAp11(recall, precision, profile.elevenPointThrs) : vocApAllPoint(recall, precision);
    perClass.push({
      id: data.catIds[k]!, name: data.catNames[k] ?? '', npos, numDet: ds.length, numTp: tp, numFp: fp, numIgnored, AP,
      precision, recall,
    });
  }
  const valid = perClass.filter((c) => c.npos > 0).map((c) => c.AP);
  return { profile, perClass, mAP: valid.length ? npMean(valid) : -1 };
}

function overlap(data: IndexedData, di: number, gi: number): number {
  if (data.iouType === 'segm') return preparedIou(data.dtMask(di), data.gtMask(gi), false);
  const d = data.dtBox, g = data.gtBox;
  return iouXywh(d[4 * di]!, d[4 * di + 1]!, d[4 * di + 2]!, d[4 * di + 3]!, g[4 * gi]!, g[4 * gi + 1]!, g[4 * gi + 2]!, g[4 * gi + 3]!, false);
}
