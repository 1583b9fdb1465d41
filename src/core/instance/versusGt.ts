/**
 * An image's instance masks against its ground truth: per-instance mask IoU (best same-class,
 * non-crowd annotation) and the image's COCO mask AP next to its box AP (maxDets 100).
 */
import { evaluateDetections } from '../eval/report';
import { rleIou, segmentationToRle } from '../eval/mask';
import type { Detection as EvalDetection, GroundTruth, Rle } from '../eval/types';
import type { Box, Size } from '../geometry';
import { rleToString } from '../eval/mask';

export interface MaskedInstance {
  readonly box: Box<'image'>;
  readonly score: number;
  readonly categoryId: number;
  readonly rle: Rle;
}

export interface VersusGt {
  /** Per instance: best mask IoU with a same-class, non-crowd annotation (0 when there is none). */
  readonly iou: readonly number[];
  /** COCO AP@[.5:.95] of the masks and of the boxes, on this image only. */
  readonly maskAp: number;
  readonly boxAp: number;
  readonly gtCount: number;
}

/** The image of `gt` whose file name (last path component) is `name`, if any. */
export function findGtImage(gt: GroundTruth, name: string): { id: number; size: Size } | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const im = gt.images.find((i) => i.fileName !== undefined && i.fileName.slice(i.fileName.lastIndexOf('/') + 1) === base);
  return im ? { id: im.id, size: { width: im.width, height: im.height } } : undefined;
}

export function compareWithGt(gt: GroundTruth, imageId: number, instances: readonly MaskedInstance[]): VersusGt {
  const image = gt.images.find((i) => i.id === imageId);
  if (!image) throw new Error(`compareWithGt: no image ${imageId}`);
  const anns = gt.annotations.filter((a) => a.imageId === imageId);
  const gtRles = anns.map((a) => (a.segmentation ? segmentationToRle(a.segmentation, image.height, image.width) : null));
  const iou = instances.map((d) => {
    let best = 0;
    anns.forEach((a, k) => {
      const g = gtRles[k];
      if (a.iscrowd || a.categoryId !== d.categoryId || !g) return;
      best = Math.max(best, rleIou(d.rle, g));
    });
    return best;
  });
  const sub: GroundTruth = { images: [image], categories: gt.categories, annotations: anns };
  const segDets: EvalDetection[] = instances.map((d) => ({
    imageId, categoryId: d.categoryId, score: d.score,
    segmentation: { size: [d.rle.h, d.rle.w], counts: rleToString(d.rle) },
  }));
  const boxDets: EvalDetection[] = instances.map((d) => ({
    imageId, categoryId: d.categoryId, score: d.score, bbox: [d.box.x1, d.box.y1, d.box.x2 - d.box.x1, d.box.y2 - d.box.y1],
  }));
  const maskAp = evaluateDetections(sub, segDets, { iouType: 'segm' }).stats[0] ?? -1;
  const boxAp = evaluateDetections(sub, boxDets, { iouType: 'bbox' }).stats[0] ?? -1;
  return { iou, maskAp, boxAp, gtCount: anns.filter((a) => !a.iscrowd).length };
}
