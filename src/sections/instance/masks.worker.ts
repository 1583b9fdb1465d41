/** The classical mask step (GrabCut from each box) off the main thread (comlink). */
import { imageBox } from '../../core/coords';
import { expose } from 'comlink';
import { type Size } from '../../core/geometry';
import type { RgbaImage } from '../../core/instance/image';
import { classicPipelineMask, type CheckedMask } from '../../core/instance/pipelines';

/** Boxes as [x1, y1, x2, y2] in pixels of `size` (the original image); `image` may be a downscaled copy. */
function classic(image: RgbaImage, boxes: readonly (readonly [number, number, number, number])[], size: Size): CheckedMask[] {
  return boxes.map(([x1, y1, x2, y2]) => classicPipelineMask(image, imageBox(x1, y1, x2, y2), size));
}

const api = { classic };
export type MasksWorkerApi = typeof api;
expose(api);
