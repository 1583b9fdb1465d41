/**
 * The glue between synthetic images, YOLO targets and COCO evaluation (pure, typed arrays):
 * batches for training, GT in the metrics engine's format, detections → COCO results.
 */
import { normalizedRowToImageXYWH, pixelCornersToNormalized } from '../coords';
import type { DetectionArrays } from '../nms';
import { numPriors, type YoloGridSpec } from './encoding';
import type { SynthImage } from './synthData';
import { buildTargets, type GtBox } from './targets';

/** The split every TinyYOLO run uses: same seeds in the script, the page and the tests. */
export interface YoloSplits {
  readonly trainSeed: number;
  readonly trainCount: number;
  readonly testSeed: number;
  readonly testCount: number;
}

export const DEFAULT_SPLITS: YoloSplits = { trainSeed: 1, trainCount: 8000, testSeed: 2, testCount: 300 };

/** Normalized GT boxes of a synthetic image. */
export function gtBoxesOf(im: SynthImage): GtBox[] {
  return im.objects.map((o) => ({ ...pixelCornersToNormalized(o, im), cls: o.cls }));
}

/** RGBA images (all size × size) → network input values (v / 255 − 0.5), N·H·W·3. */
export function rgbaToInput(images: readonly { readonly rgba: ArrayLike<number> }[], size: number): Float32Array {
  const out = new Float32Array(images.length * size * size * 3);
  let o = 0;
  const px = size * size;
  for (const im of images) {
    if (im.rgba.length < px * 4) throw new RangeError(`rgbaToInput: image has ${im.rgba.length / 4} pixels, expected ${px}`);
    for (let i = 0; i < px; i++) {
      out[o++] = im.rgba[4 * i]! / 255 - 0.5;
      out[o++] = im.rgba[4 * i + 1]! / 255 - 0.5;
      out[o++] = im.rgba[4 * i + 2]! / 255 - 0.5;
    }
  }
  return out;
}

export interface YoloBatchArrays {
  readonly input: Float32Array;
  readonly obj: Float32Array;
  readonly loc: Float32Array;
  readonly cls: Float32Array;
  readonly size: number;
}

/** Inputs and concatenated targets of a batch of synthetic images. */
export function makeBatch(images: readonly SynthImage[], spec: YoloGridSpec, inputSize: number): YoloBatchArrays {
  const n = spec.grid * spec.grid * numPriors(spec);
  const C = spec.numClasses;
  const obj = new Float32Array(images.length * n);
  const loc = new Float32Array(images.length * n * 4);
  const cls = new Float32Array(images.length * n * C);
  images.forEach((im, k) => {
    const t = buildTargets(gtBoxesOf(im), spec);
    obj.set(t.obj, k * n);
    loc.set(t.loc, k * n * 4);
    cls.set(t.cls, k * n * C);
  });
  return { input: rgbaToInput(images, inputSize), obj, loc, cls, size: images.length };
}

export interface CocoResultJson {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

/** Detections (normalized boxes, class index) → COCO results in pixels; category id = class + 1. */
export function detectionsToCoco(d: DetectionArrays, imageId: number, width: number, height: number): CocoResultJson[] {
  const out: CocoResultJson[] = [];
  for (let j = 0; j < d.count; j++) {
    const [x, y, w, h] = normalizedRowToImageXYWH(d.boxes, j, { width, height });
    const r = (v: number) => Math.round(v * 100) / 100;
    out.push({ image_id: imageId, category_id: d.classes[j]! + 1, bbox: [r(x), r(y), r(w), r(h)], score: Math.round(d.scores[j]! * 1e5) / 1e5 });
  }
  return out;
}


/**
 * TinyYOLO's priors (p_w, p_h) in grid units (8×8 grid): k-means (1 − IoU, k = 3, seed 42) on the boxes
 * of the first 2000 training images, as scripts/train-yolo.ts computes them (a unit test checks it).
 */
export const TINYYOLO_PRIORS: readonly number[] = [3.0176, 2.0174, 2.0685, 3.2872, 3.6463, 3.5352];

/** Post-processing used to score TinyYOLO (script, page and tests): low threshold for a full PR curve. */
export const EVAL_NMS = { scoreThreshold: 0.01, iouThreshold: 0.45, maxDetections: 100, classAgnostic: false } as const;
