/**
 * Semantic-segmentation metrics on label maps (typed arrays, one class id per pixel, row-major):
 * the confusion matrix, pixel accuracy, per-class IoU and mIoU as in the PASCAL VOC evaluation
 * (label 255 = "void" is ignored: those pixels count neither as right nor as wrong), plus the
 * per-class pixel share and thresholding of a soft mask. Pure and allocation-light.
 *
 *   IoU_c = TP_c / (TP_c + FP_c + FN_c)       (= |gt_c ∩ pred_c| / |gt_c ∪ pred_c|)
 *   mIoU  = mean of IoU_c over the classes present in ground truth or prediction
 *   pixel accuracy = Σ_c TP_c / (number of non-ignored pixels)
 */

/** One class id per pixel. */
export type LabelMap = ArrayLike<number>;

export const VOC_IGNORE = 255;

export interface ConfusionMatrix {
  readonly numClasses: number;
  /** counts[gt * numClasses + pred]: rows are ground truth, columns prediction. */
  readonly counts: Float64Array;
  /** Pixels skipped because the ground truth is the ignore label. */
  readonly ignored: number;
}

/**
 * Counts (ground truth, prediction) pairs. Pixels whose ground truth equals `ignoreIndex` are
 * skipped (pass -1 to ignore nothing). Any other id outside [0, numClasses) is an error.
 */
export function confusionMatrix(gt: LabelMap, pred: LabelMap, numClasses: number, ignoreIndex = VOC_IGNORE): ConfusionMatrix {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer, got ${numClasses}`);
  if (gt.length !== pred.length) throw new RangeError(`label maps differ in size: ground truth ${gt.length} pixels, prediction ${pred.length}`);
  const n = numClasses;
  const counts = new Float64Array(n * n);
  let ignored = 0;
  for (let i = 0; i < gt.length; i++) {
    const g = gt[i]!;
    if (g === ignoreIndex) {
      ignored++;
      continue;
    }
    const p = pred[i]!;
    if (!(g >= 0 && g < n && Number.isInteger(g))) throw new RangeError(`ground-truth label ${g} at pixel ${i} is not in [0, ${n})`);
    if (!(p >= 0 && p < n && Number.isInteger(p))) throw new RangeError(`predicted label ${p} at pixel ${i} is not in [0, ${n})`);
    counts[g * n + p]!++;
  }
  return { numClasses: n, counts, ignored };
}

/** Adds `b` into a copy of `a` (accumulating over a data set). */
export function addConfusion(a: ConfusionMatrix, b: ConfusionMatrix): ConfusionMatrix {
  if (a.numClasses !== b.numClasses) throw new RangeError(`class counts differ: ${a.numClasses} vs ${b.numClasses}`);
  const counts = new Float64Array(a.counts);
  for (let i = 0; i < counts.length; i++) counts[i]! += b.counts[i]!;
  return { numClasses: a.numClasses, counts, ignored: a.ignored + b.ignored };
}

function total(cm: ConfusionMatrix): number {
  let s = 0;
  for (let i = 0; i < cm.counts.length; i++) s += cm.counts[i]!;
  return s;
}

/** Share of counted pixels whose predicted class is right; NaN when no pixel was counted. */
export function pixelAccuracy(cm: ConfusionMatrix): number {
  const n = cm.numClasses;
  let tp = 0;
  for (let c = 0; c < n; c++) tp += cm.counts[c * n + c]!;
  const all = total(cm);
  return all === 0 ? NaN : tp / all;
}

/** Per class: TP, FP, FN. */
export function classCounts(cm: ConfusionMatrix): { tp: Float64Array; fp: Float64Array; fn: Float64Array } {
  const n = cm.numClasses;
  const tp = new Float64Array(n);
  const rows = new Float64Array(n); // ground-truth pixels of class c
  const cols = new Float64Array(n); // predicted pixels of class c
  for (let g = 0; g < n; g++) {
    for (let p = 0; p < n; p++) {
      const v = cm.counts[g * n + p]!;
      rows[g]! += v;
      cols[p]! += v;
      if (g === p) tp[g] = v;
    }
  }
  const fp = new Float64Array(n);
  const fn = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    fp[c] = cols[c]! - tp[c]!;
    fn[c] = rows[c]! - tp[c]!;
  }
  return { tp, fp, fn };
}

/** IoU of every class; NaN for a class absent from both ground truth and prediction. */
export function classIoU(cm: ConfusionMatrix): Float64Array {
  const { tp, fp, fn } = classCounts(cm);
  const iou = new Float64Array(cm.numClasses);
  for (let c = 0; c < cm.numClasses; c++) {
    const union = tp[c]! + fp[c]! + fn[c]!;
    iou[c] = union === 0 ? NaN : tp[c]! / union;
  }
  return iou;
}

/** Mean of the defined (non-NaN) per-class IoUs; NaN if none is defined. */
export function meanIoU(cm: ConfusionMatrix): number {
  const iou = classIoU(cm);
  let s = 0;
  let k = 0;
  for (const v of iou) {
    if (!Number.isNaN(v)) {
      s += v;
      k++;
    }
  }
  return k === 0 ? NaN : s / k;
}

export interface SegmentationScores {
  readonly confusion: ConfusionMatrix;
  readonly pixelAccuracy: number;
  readonly iou: Float64Array;
  readonly meanIoU: number;
}

/** Everything at once for one pair of label maps. */
export function segmentationScores(gt: LabelMap, pred: LabelMap, numClasses: number, ignoreIndex = VOC_IGNORE): SegmentationScores {
  const confusion = confusionMatrix(gt, pred, numClasses, ignoreIndex);
  return { confusion, pixelAccuracy: pixelAccuracy(confusion), iou: classIoU(confusion), meanIoU: meanIoU(confusion) };
}

/** Fraction of pixels of each class id in [0, numClasses); other ids (e.g. 255) count in the total only. */
export function classShares(labels: LabelMap, numClasses: number): Float64Array {
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (c >= 0 && c < numClasses) counts[c]!++;
  }
  if (labels.length > 0) for (let c = 0; c < numClasses; c++) counts[c]! /= labels.length;
  return counts;
}

/** Soft mask (probabilities) → label map: 1 where p ≥ threshold, else 0. */
export function thresholdMask(probs: ArrayLike<number>, threshold: number, out = new Uint8Array(probs.length)): Uint8Array {
  if (out.length !== probs.length) throw new RangeError(`output has ${out.length} pixels, mask ${probs.length}`);
  for (let i = 0; i < probs.length; i++) out[i] = probs[i]! >= threshold ? 1 : 0;
  return out;
}
