/**
 * What the evaluation worker computes for the dataset section, as plain structured-cloneable data:
 * the 12 COCO numbers, per-class COCO/VOC APs with PR curves, and per-detection TP/FP at IoU 0.5 for
 * every image (for "worst images first" and the image view). Pure: no DOM, runs in a worker and in tests.
 */
import { cocoExplainImage, COCO_REC_THRS, evaluateDetections, type Detection, type GroundTruth } from '../eval';

export interface ClassRow {
  readonly id: number;
  readonly name: string;
  readonly nGt: number;
  readonly nDt: number;
  readonly AP: number;
  readonly AP50: number;
  readonly AP75: number;
  readonly AR100: number;
  readonly voc07: number;
  readonly voc12: number;
  /** Interpolated precision at the 101 COCO recall thresholds (area all, maxDets 100); null = undefined. */
  readonly pr50: readonly (number | null)[];
  readonly pr75: readonly (number | null)[];
}

export interface DetExplained {
  /** Index into the detections array given to the evaluation. */
  readonly det: number;
  readonly status: 'tp' | 'fp' | 'ignored' | 'over-max-dets';
  /** Index into gt.annotations of the matched GT, or -1. */
  readonly gt: number;
  readonly iou: number;
}

export interface ImageExplained {
  readonly imageId: number;
  readonly dets: readonly DetExplained[];
  /** Non-crowd GT annotation indices of this image (the possible FNs). */
  readonly gts: readonly number[];
}

export interface DatasetEvaluation {
  readonly stats: readonly number[];
  readonly summaryLines: readonly string[];
  readonly classes: readonly ClassRow[];
  readonly recThrs: readonly number[];
  readonly voc07mAP: number;
  readonly voc12mAP: number;
  readonly images: readonly ImageExplained[];
  readonly skipped: { readonly unknownImage: number; readonly unknownCategory: number };
}

export function evaluateDataset(gt: GroundTruth, dets: readonly Detection[]): DatasetEvaluation {
  const r = evaluateDetections(gt, dets);
  const acc = r.accumulation;
  const [T, R, K, A] = acc.shape;
  const t75 = Array.prototype.indexOf.call(acc.profile.iouThrs, 0.75) as number;
  const a = Math.max(0, acc.profile.areaRanges.findIndex((x) => x.label === 'all'));
  const curve = (t: number, k: number): (number | null)[] => {
    const out: (number | null)[] = [];
    for (let i = 0; i < R; i++) {
      const v = t >= 0 && t < T ? acc.precisionAtMaxDets[((t * R + i) * K + k) * A + a]! : -1;
      out.push(v < 0 ? null : v);
    }
    return out;
  };
  const nGt = new Map<number, number>();
  for (const g of gt.annotations) if (!g.iscrowd) nGt.set(g.categoryId, (nGt.get(g.categoryId) ?? 0) + 1);
  const nDt = new Map<number, number>();
  for (const d of dets) nDt.set(d.categoryId, (nDt.get(d.categoryId) ?? 0) + 1);
  const v07 = new Map(r.voc07.perClass.map((c) => [c.id, c.AP]));
  const v12 = new Map(r.voc12.perClass.map((c) => [c.id, c.AP]));
  const classes: ClassRow[] = r.perCategory.map((c, k) => ({
    id: c.id, name: c.name, nGt: nGt.get(c.id) ?? 0, nDt: nDt.get(c.id) ?? 0,
    AP: c.AP, AP50: c.AP50, AP75: c.AP75, AR100: c.AR100,
    voc07: v07.get(c.id) ?? -1, voc12: v12.get(c.id) ?? -1,
    pr50: Array.from(c.precision50, (v) => (v < 0 ? null : v)), pr75: curve(t75, k),
  }));
  const gtsByImage = new Map<number, number[]>();
  gt.annotations.forEach((g, i) => {
    if (g.iscrowd) return;
    const l = gtsByImage.get(g.imageId) ?? [];
    l.push(i);
    gtsByImage.set(g.imageId, l);
  });
  const images: ImageExplained[] = gt.images.map((im) => ({
    imageId: im.id,
    dets: cocoExplainImage(r.evaluation, im.id, 0, 'all').map((e) => ({ det: e.detIndex, status: e.status, gt: e.gtIndex, iou: e.iou })),
    gts: gtsByImage.get(im.id) ?? [],
  }));
  return {
    stats: r.stats, summaryLines: r.summaryLines, classes, recThrs: Array.from(COCO_REC_THRS),
    voc07mAP: r.voc07.mAP, voc12mAP: r.voc12.mAP, images, skipped: r.skipped,
  };
}

export interface ImageCounts {
  readonly imageId: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  /** F1 at IoU 0.5 among detections with score >= the threshold; 1 when there is nothing to find and nothing found. */
  readonly f1: number;
  /** Matched GT indices (TP) and unmatched ones (FN) at this threshold. */
  readonly matchedGts: ReadonlySet<number>;
}

/**
 * TP/FP/FN of one image at IoU 0.5 for detections scoring >= `minScore`. COCO matching is greedy by
 * score, so a detection's match never depends on lower-scored ones: cutting the list keeps it valid.
 */
export function countImage(im: ImageExplained, scores: ArrayLike<number>, minScore: number): ImageCounts {
  let tp = 0, fp = 0;
  const matchedGts = new Set<number>();
  for (const d of im.dets) {
    if ((scores[d.det] ?? 0) < minScore) continue;
    if (d.status === 'tp') {
      tp++;
      matchedGts.add(d.gt);
    } else if (d.status === 'fp') fp++;
  }
  const fn = im.gts.filter((g) => !matchedGts.has(g)).length;
  const denom = 2 * tp + fp + fn;
  return { imageId: im.imageId, tp, fp, fn, f1: denom === 0 ? 1 : (2 * tp) / denom, matchedGts };
}
