/**
 * One photo through the evaluation engine: the student's ground truth + the detector's output →
 * the engine's COCO / VOC numbers and its per-detection matching. Nothing here computes AP: every AP
 * is the engine's (src/core/eval), so the page shows what `npm run eval` prints for the same files.
 */
import { COCO_CATEGORIES } from '../cocoClasses';
import type { CocoResult } from '../cocoResults';
import type { XYWH } from '../geometry';
import {
  COCO_IOU_THRS, VOC07_PROFILE, VOC12_PROFILE, cocoExplainImage, cocoProfileWith, evaluateDetections,
  type DetectionExplanation, type EvalReport, type GroundTruth,
} from '../eval';

export interface GtBox {
  readonly categoryId: number;
  /** [x, y, w, h] in original image pixels. */
  readonly bbox: XYWH;
  /** COCO crowd region (only from imported annotations). */
  readonly iscrowd?: boolean;
  /** COCO `area` (segmentation area) when imported; w·h otherwise. */
  readonly area?: number;
}

export interface PhotoImage {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly fileName: string;
}

/** GT annotation ids are 1-based (pycocotools treats a matched GT id 0 as unmatched). */
export const gtIdOf = (index: number): number => index + 1;

export function boxArea(b: GtBox): number {
  return b.area ?? b.bbox[2] * b.bbox[3];
}

/** Ground truth of one image over all 80 COCO categories. */
export function photoGroundTruth(boxes: readonly GtBox[], image: PhotoImage): GroundTruth {
  return {
    images: [{ id: image.id, width: image.width, height: image.height, fileName: image.fileName }],
    categories: COCO_CATEGORIES.map(([id, name]) => ({ id, name })),
    annotations: boxes.map((b, i) => ({
      id: gtIdOf(i), imageId: image.id, categoryId: b.categoryId, bbox: b.bbox, area: boxArea(b),
      iscrowd: b.iscrowd === true, difficult: false,
    })),
  };
}

/** The same ground truth as a COCO JSON file (what `npm run eval -- --gt` reads). */
export function photoCocoJson(boxes: readonly GtBox[], image: PhotoImage) {
  return {
    images: [{ id: image.id, file_name: image.fileName, width: image.width, height: image.height }],
    annotations: boxes.map((b, i) => ({
      id: gtIdOf(i), image_id: image.id, category_id: b.categoryId, bbox: [...b.bbox], area: boxArea(b), iscrowd: b.iscrowd ? 1 : 0,
    })),
    categories: COCO_CATEGORIES.map(([id, name]) => ({ id, name, supercategory: '' })),
  };
}

/** The annotations of the image called `fileName` (or the only image of the file) in a parsed COCO GT. */
export function annotationsForImage(
  gt: GroundTruth, fileName: string, size: { readonly width: number; readonly height: number },
): { ok: true; boxes: GtBox[]; imageId: number } | { ok: false; reason: 'no-image' | 'size' } {
  const byName = gt.images.find((im) => im.fileName === fileName);
  const image = byName ?? (gt.images.length === 1 ? gt.images[0] : undefined);
  if (!image) return { ok: false, reason: 'no-image' };
  if (image.width > 0 && image.height > 0 && (image.width !== size.width || image.height !== size.height)) return { ok: false, reason: 'size' };
  const known = new Set(COCO_CATEGORIES.map(([id]) => id));
  const boxes: GtBox[] = [];
  for (const a of gt.annotations) {
    if (a.imageId !== image.id || !a.bbox || !known.has(a.categoryId)) continue;
    boxes.push({ categoryId: a.categoryId, bbox: [a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]], iscrowd: a.iscrowd, area: a.area });
  }
  return { ok: true, boxes, imageId: image.id };
}

/** The engine's own double for a threshold on the 0.05 grid (so 0.9 means linspace's 0.8999999999999999). */
export function engineIouThreshold(t: number): number {
  for (const v of COCO_IOU_THRS) if (Math.abs(v - t) < 1e-9) return v;
  return t;
}

export interface PhotoEvaluation {
  /** Standard COCO profile: AP@[.5:.95], AP50, AP75 (stats[0..2]) and per class. */
  readonly standard: EvalReport;
  /** At the chosen IoU threshold: COCO 101-point (stats[0] = mAP at t), VOC07 11-point, VOC12 all-point. */
  readonly atT: EvalReport;
  /** The engine's verdict for every detection at the chosen threshold (COCO matching rules). */
  readonly explain: readonly DetectionExplanation[];
  readonly iouThreshold: number;
}

export function evaluatePhoto(boxes: readonly GtBox[], results: readonly CocoResult[], image: PhotoImage, iouThreshold: number): PhotoEvaluation {
  const gt = photoGroundTruth(boxes, image);
  const dets = results.map((r) => ({ imageId: image.id, categoryId: r.category_id, score: r.score, bbox: r.bbox }));
  const t = engineIouThreshold(iouThreshold);
  const standard = evaluateDetections(gt, dets);
  const atT = evaluateDetections(gt, dets, {
    coco: cocoProfileWith({ iouThrs: Float64Array.of(t) }),
    voc07: { ...VOC07_PROFILE, iouThreshold: t },
    voc12: { ...VOC12_PROFILE, iouThreshold: t },
  });
  return { standard, atT, explain: cocoExplainImage(atT.evaluation, image.id, 0), iouThreshold: t };
}

export interface ClassCounts {
  readonly categoryId: number;
  /** Non-crowd GT boxes. */
  readonly npos: number;
  /** Detections at or above the score threshold (not counting ignored ones). */
  readonly detections: number;
  readonly tp: number;
  readonly fp: number;
  /** GT boxes no counted detection matched. */
  readonly fn: number;
}

export interface OperatingPoint {
  readonly total: ClassCounts & { readonly categoryId: 0 };
  readonly perClass: ReadonlyMap<number, ClassCounts>;
  /** Status of each detection (by index) at the score threshold; absent = below threshold. */
  readonly status: ReadonlyMap<number, DetectionExplanation>;
  /** GT indexes matched by a TP detection above the threshold. */
  readonly matchedGt: ReadonlySet<number>;
}

/**
 * Counts at a score threshold. Greedy matching visits detections by score, so a detection's status
 * does not depend on weaker ones: cutting the engine's explanation at the threshold equals
 * evaluating only the detections above it.
 */
export function operatingPoint(boxes: readonly GtBox[], explain: readonly DetectionExplanation[], scoreThreshold: number): OperatingPoint {
  const status = new Map<number, DetectionExplanation>();
  const matchedGt = new Set<number>();
  const acc = new Map<number, { npos: number; detections: number; tp: number; fp: number; matched: number }>();
  const get = (id: number) => {
    let c = acc.get(id);
    if (!c) acc.set(id, (c = { npos: 0, detections: 0, tp: 0, fp: 0, matched: 0 }));
    return c;
  };
  for (const b of boxes) if (!b.iscrowd) get(b.categoryId).npos++;
  for (const e of explain) {
    if (e.score < scoreThreshold || e.status === 'over-max-dets') continue;
    status.set(e.detIndex, e);
    const c = get(e.categoryId);
    if (e.status === 'tp') {
      c.tp++;
      c.detections++;
      matchedGt.add(e.gtIndex);
    } else if (e.status === 'fp') {
      c.fp++;
      c.detections++;
    }
  }
  const perClass = new Map<number, ClassCounts>();
  const total = { categoryId: 0 as const, npos: 0, detections: 0, tp: 0, fp: 0, fn: 0 };
  for (const [categoryId, c] of [...acc].sort((a, b) => a[0] - b[0])) {
    const counts = { categoryId, npos: c.npos, detections: c.detections, tp: c.tp, fp: c.fp, fn: c.npos - c.tp };
    perClass.set(categoryId, counts);
    total.npos += counts.npos;
    total.detections += counts.detections;
    total.tp += counts.tp;
    total.fp += counts.fp;
    total.fn += counts.fn;
  }
  return { total, perClass, status, matchedGt };
}
