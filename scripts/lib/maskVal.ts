/**
 * Mask AP of the learned head on held-out photos of the training set, the way `npm run detect --
 * --mask-method learned` + `npm run eval -- --iou-type segm` measure it on ../shared/images: the
 * detector's own boxes (score >= 0.01, per-class NMS at IoU 0.6, max 100), the head's 28×28
 * probabilities pasted into each box at a threshold, COCO segm AP@[.5:.95], maxDets 100. Used by
 * `npm run train:mask` to choose the paste threshold on held-out training photos — never on the test photos.
 */
import path from 'node:path';
import { cocoAccumulate, cocoEvaluate, cocoSummarize, cocoGroundTruthFromJson, cocoResultsFromJson } from '../../src/core/eval';
import { rleToString } from '../../src/core/eval/mask';
import { cropMaskToRle } from '../../src/core/instance/rle';
import { pasteMask } from '../../src/core/instance/paste';
import type { CocoSsdAdapter } from '../../src/models/cocoSsd';
import * as tf from '@tensorflow/tfjs';
import type { RoiBox } from '../../src/core/roi';
import { pixelsToTensor } from '../../src/models/adapterUtils';
import { backboneMaps, headInputs, MASK_SIDE, type MaskHeadNet } from '../../src/models/maskHead';
import type { RgbaPixels } from '../../src/models/types';
import { loadImagePixels } from './nodeTf';
import { readCoco } from './maskData';

/** The detector settings of `npm run detect` (its defaults). */
export const DETECT_DEFAULTS = { scoreThreshold: 0.01, iouThreshold: 0.6, maxDetections: 100, classAgnostic: false } as const;

export interface HeldOutAp {
  readonly threshold: number;
  readonly maskAp: number;
  readonly maskAp50: number;
  readonly filledBoxAp: number;
}

/** σ of the head for `boxes` on `img` (what MaskHeadAdapter.runBoxes computes), [n·28·28]. */
async function headProbs(detector: CocoSsdAdapter, net: MaskHeadNet, img: RgbaPixels, boxes: readonly RoiBox[]): Promise<Float32Array> {
  if (boxes.length === 0) return new Float32Array(0);
  const image = pixelsToTensor(img);
  const maps = await backboneMaps(detector.graphModel, image);
  const inputs = headInputs(maps, image, boxes, { width: img.width, height: img.height });
  const p = tf.tidy(() => tf.sigmoid(net.forward(inputs.features, inputs.rgb)));
  try {
    return await p.data<'float32'>();
  } finally {
    tf.dispose([image, ...maps, inputs.features, inputs.rgb, p]);
  }
}

/** σ(logit(p) − logit(t)) per cell: the head's output after `foldThreshold(net, t)`. */
export function shifted(p: Float32Array, t: number): Float32Array {
  const s = Math.log(t / (1 - t));
  return p.map((v) => {
    const c = Math.min(Math.max(v, 1e-7), 1 - 1e-7);
    return 1 / (1 + Math.exp(-(Math.log(c / (1 - c)) - s)));
  });
}

/** Segm AP (stats[0], stats[1]) of COCO results against the ground truth of `imageIds`. */
function segmAp(annotations: string, imageIds: readonly number[], results: readonly object[]): [number, number] {
  const coco = readCoco(annotations) as unknown as { images: { id: number }[]; annotations: { image_id: number }[]; categories?: unknown };
  const keep = new Set(imageIds);
  const gtJson = { ...coco, images: coco.images.filter((i) => keep.has(i.id)), annotations: coco.annotations.filter((a) => keep.has(a.image_id)) };
  const gt = cocoGroundTruthFromJson(gtJson, 'held-out', { iouType: 'segm' });
  const dets = cocoResultsFromJson(results, 'held-out', { iouType: 'segm' });
  const { stats } = cocoSummarize(cocoAccumulate(cocoEvaluate(gt, dets, { iouType: 'segm' })));
  return [stats[0]!, stats[1]!];
}

/**
 * Held-out mask AP of `net` at each paste threshold of `thresholds`, and of the filled boxes (the
 * baseline) on the same detections.
 */
export async function heldOutMaskAp(
  detector: CocoSsdAdapter, net: MaskHeadNet, annotations: string, imagesDir: string, imageIds: readonly number[], thresholds: readonly number[],
  onImage?: (done: number, total: number) => void,
): Promise<HeldOutAp[]> {
  const coco = readCoco(annotations);
  const imgs = new Map(coco.images.map((i) => [i.id, i]));
  const perT: object[][] = thresholds.map(() => []);
  const boxes: object[] = [];
  let done = 0;
  for (const id of imageIds) {
    const info = imgs.get(id);
    done++;
    if (!info) continue;
    const img = await loadImagePixels(path.join(imagesDir, info.file_name));
    const size = { width: img.width, height: img.height };
    const dets = (await detector.run(img, { ...DETECT_DEFAULTS, imageSize: size })).result.filter((d) => d.categoryId > 0);
    const probs = await headProbs(detector, net, img, dets.map((d) => d.box));
    dets.forEach((d, i) => {
      const base = { image_id: id, category_id: d.categoryId, score: d.score, bbox: [d.box.x1, d.box.y1, d.box.x2 - d.box.x1, d.box.y2 - d.box.y1] };
      const cell = probs.subarray(i * MASK_SIDE * MASK_SIDE, (i + 1) * MASK_SIDE * MASK_SIDE);
      thresholds.forEach((t, k) => {
        // as shipped: the threshold folded into the bias (σ(z − logit t)), pasted at 0.5
        const r = cropMaskToRle(pasteMask(shifted(cell, t), MASK_SIDE, MASK_SIDE, d.box, size), size);
        perT[k]!.push({ ...base, segmentation: { size: [r.h, r.w], counts: rleToString(r) } });
      });
      boxes.push(base);
    });
    onImage?.(done, imageIds.length);
  }
  const filledBoxAp = boxesAsMasksAp(annotations, imageIds, boxes);
  return thresholds.map((t, k) => {
    const [maskAp, maskAp50] = segmAp(annotations, imageIds, perT[k]!);
    return { threshold: t, maskAp, maskAp50, filledBoxAp };
  });
}

/** Segm AP of the filled boxes (the box polygons as masks, like `--mask-method box`). */
function boxesAsMasksAp(annotations: string, imageIds: readonly number[], boxes: readonly object[]): number {
  const withMasks = boxes.map((b) => {
    const [x, y, w, h] = (b as { bbox: number[] }).bbox as [number, number, number, number];
    return { ...b, segmentation: [[x, y, x, y + h, x + w, y + h, x + w, y]] };
  });
  return segmAp(annotations, imageIds, withMasks)[0];
}
