/**
 * Masks in image pixels: a binary crop (a window of the image, row-major) and its COCO RLE over the
 * whole image (column-major runs, starting with a run of zeros), built without materialising the
 * full image.
 */
import { makeRle } from '../eval/mask';
import type { Rle } from '../eval/types';
import type { Size } from '../geometry';

/** A binary mask over the window [x0, x0 + width) × [y0, y0 + height) of an image, row-major. */
export interface CropMask {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  /** `data[y * width + x]` is 1 inside the mask. */
  readonly data: Uint8Array;
}

/** COCO RLE (column-major, image size `size`) of a crop mask; parts outside the image are dropped. */
export function cropMaskToRle(m: CropMask, size: Size): Rle {
  const H = size.height, W = size.width;
  const counts: number[] = [];
  let v = 0;
  let run = 0;
  const push = (value: number, n: number) => {
    if (n <= 0) return;
    if (value !== v) {
      counts.push(run);
      run = 0;
      v = value;
    }
    run += n;
  };
  const xa = Math.max(0, m.x0), xb = Math.min(W, m.x0 + m.width);
  const ya = Math.max(0, m.y0), yb = Math.min(H, m.y0 + m.height);
  if (xb <= xa || yb <= ya) return makeRle(H, W, [H * W]);
  push(0, xa * H);
  for (let x = xa; x < xb; x++) {
    push(0, ya);
    const cx = x - m.x0;
    for (let y = ya; y < yb; y++) push(m.data[(y - m.y0) * m.width + cx] ? 1 : 0, 1);
    push(0, H - yb);
  }
  push(0, (W - xb) * H);
  counts.push(run);
  return makeRle(H, W, counts);
}

/** Crop mask of a column-major full-image RLE decoded into its tight window (empty → 0×0). */
export function rleToCropMask(r: Rle): CropMask {
  const H = r.h, W = r.w;
  let xs = W, xe = -1, ys = H, ye = -1;
  let pos = 0;
  for (let j = 0; j < r.counts.length; j++) {
    const n = r.counts[j]!;
    if (j % 2 === 1 && n > 0) {
      for (let p = pos; p < pos + n; p++) {
        const x = Math.floor(p / H), y = p - x * H;
        if (x < xs) xs = x;
        if (x > xe) xe = x;
        if (y < ys) ys = y;
        if (y > ye) ye = y;
      }
    }
    pos += n;
  }
  if (xe < 0) return { x0: 0, y0: 0, width: 0, height: 0, data: new Uint8Array(0) };
  const width = xe - xs + 1, height = ye - ys + 1;
  const data = new Uint8Array(width * height);
  pos = 0;
  for (let j = 0; j < r.counts.length; j++) {
    const n = r.counts[j]!;
    if (j % 2 === 1) {
      for (let p = pos; p < pos + n; p++) {
        const x = Math.floor(p / H), y = p - x * H;
        data[(y - ys) * width + (x - xs)] = 1;
      }
    }
    pos += n;
  }
  return { x0: xs, y0: ys, width, height, data };
}

export function cropMaskArea(m: CropMask): number {
  let a = 0;
  for (let i = 0; i < m.data.length; i++) a += m.data[i]!;
  return a;
}
