/**
 * The mask step of `npm run detect -- --masks`: one COCO RLE `segmentation` per detection, by the
 * filled box, GrabCut initialised by the box (classic), or the learned mask head (learned).
 */
import { rleToString } from '../../src/core/eval/mask';
import type { Rle } from '../../src/core/eval/types';
import type { Size } from '../../src/core/geometry';
import { cropMaskToRle } from '../../src/core/instance/rle';
import { boxMaskRle, classicPipelineMask, ellipseMaskRle, MASK_METHODS, type MaskMethod } from '../../src/core/instance/pipelines';
import type { Detection } from '../../src/models/cocoSsd';
import type { DecodedImage } from './nodeTf';

export { MASK_METHODS, type MaskMethod };

export interface RleJson {
  readonly size: [number, number];
  readonly counts: string;
}

export function rleJson(r: Rle): RleJson {
  return { size: [r.h, r.w], counts: rleToString(r) };
}

/** Masks of `dets` (in the pixels of `img`) by a pure pipeline: 'box', 'ellipse' or 'classic'. */
export function pureMasks(method: 'box' | 'ellipse' | 'classic', dets: readonly Detection[], img: DecodedImage): RleJson[] {
  const size: Size = { width: img.width, height: img.height };
  const rgba = { width: img.width, height: img.height, data: img.rgba };
  return dets.map((d) => {
    if (method === 'box') return rleJson(boxMaskRle(d.box, size));
    if (method === 'ellipse') return rleJson(ellipseMaskRle(d.box, size));
    return rleJson(cropMaskToRle(classicPipelineMask(rgba, d.box, size).mask, size));
  });
}

export interface LearnedMasks {
  masks(dets: readonly Detection[]): Promise<RleJson[]>;
  dispose(): void;
}

/** The learned head on the detector's feature maps (loaded from public/checkpoints/maskhead). */
export function loadLearned(detector: import('../../src/models/cocoSsd').CocoSsdAdapter): Promise<LearnedMasks> {
  return Promise.reject(new Error(`--mask-method learned: no mask head checkpoint for ${detector.info.id} in this build`));
}
