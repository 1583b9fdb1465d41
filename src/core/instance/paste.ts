/**
 * Mask R-CNN's paste-back: an m×n soft mask predicted for a region (a box, or a crop around it) is
 * resized bilinearly to the region's size in image pixels and thresholded. Only pixels whose centre
 * lies inside `clip` (default: the region) can be set, so a pasted mask never leaves its box.
 */
import type { Box, Size } from '../geometry';
import type { CropMask } from './rle';

export interface PasteOptions {
  /** A pixel is in the mask when the interpolated value is `>= threshold` (default 0.5). */
  readonly threshold?: number;
  /** Pixels whose centre is outside this box stay 0 (default: the region itself). */
  readonly clip?: Box<'image'>;
}

/**
 * Bilinear value of the row-major `rows`×`cols` grid `probs` at grid coordinates (u, v), where cell
 * (c, r) has its centre at (c, r); clamped at the edges (as `align_corners=False` resizing does).
 */
export function bilinearAt(probs: ArrayLike<number>, rows: number, cols: number, u: number, v: number): number {
  const uc = Math.min(Math.max(u, 0), cols - 1);
  const vc = Math.min(Math.max(v, 0), rows - 1);
  const c0 = Math.floor(uc), r0 = Math.floor(vc);
  const c1 = Math.min(c0 + 1, cols - 1), r1 = Math.min(r0 + 1, rows - 1);
  const fu = uc - c0, fv = vc - r0;
  const a = probs[r0 * cols + c0]!, b = probs[r0 * cols + c1]!;
  const c = probs[r1 * cols + c0]!, d = probs[r1 * cols + c1]!;
  return (a * (1 - fu) + b * fu) * (1 - fv) + (c * (1 - fu) + d * fu) * fv;
}

/**
 * Paste a row-major `rows`×`cols` soft mask that covers `region` (image pixels) into the image of
 * size `size`. Pixel (px, py) has its centre at (px + 0.5, py + 0.5); its value is the bilinear
 * sample at grid coordinates ((px + 0.5 − x1) / w · cols − 0.5, (py + 0.5 − y1) / h · rows − 0.5).
 */
export function pasteMask(
  probs: ArrayLike<number>,
  rows: number,
  cols: number,
  region: Box<'image'>,
  size: Size,
  options: PasteOptions = {},
): CropMask {
  const threshold = options.threshold ?? 0.5;
  const clip = options.clip ?? region;
  const cx1 = Math.max(clip.x1, region.x1, 0), cx2 = Math.min(clip.x2, region.x2, size.width);
  const cy1 = Math.max(clip.y1, region.y1, 0), cy2 = Math.min(clip.y2, region.y2, size.height);
  // pixels whose centre c satisfies cx1 <= c < cx2
  const x0 = Math.max(0, Math.ceil(cx1 - 0.5));
  const x1 = Math.min(size.width, Math.ceil(cx2 - 0.5));
  const y0 = Math.max(0, Math.ceil(cy1 - 0.5));
  const y1 = Math.min(size.height, Math.ceil(cy2 - 0.5));
  const width = Math.max(0, x1 - x0), height = Math.max(0, y1 - y0);
  const data = new Uint8Array(width * height);
  const rw = region.x2 - region.x1, rh = region.y2 - region.y1;
  if (width === 0 || height === 0 || !(rw > 0) || !(rh > 0)) return { x0, y0, width, height, data };
  const sx = cols / rw, sy = rows / rh;
  for (let y = 0; y < height; y++) {
    const v = (y0 + y + 0.5 - region.y1) * sy - 0.5;
    for (let x = 0; x < width; x++) {
      const u = (x0 + x + 0.5 - region.x1) * sx - 0.5;
      if (bilinearAt(probs, rows, cols, u, v) >= threshold) data[y * width + x] = 1;
    }
  }
  return { x0, y0, width, height, data };
}

/**
 * The inverse view of paste-back: a crop mask (image pixels) as the `m`×`m` grid over `region` that a
 * Mask R-CNN head would output — each cell the fraction of its area covered by mask pixels
 * (pixels counted by their centres, 4×4 sub-samples per cell).
 */
export function maskToGrid(mask: CropMask, region: Box<'image'>, m = 28): Float32Array {
  const out = new Float32Array(m * m);
  const cw = (region.x2 - region.x1) / m, ch = (region.y2 - region.y1) / m;
  const S = 4;
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) {
    let hit = 0;
    for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
      const x = Math.floor(region.x1 + (c + (sx + 0.5) / S) * cw) - mask.x0;
      const y = Math.floor(region.y1 + (r + (sy + 0.5) / S) * ch) - mask.y0;
      if (x >= 0 && y >= 0 && x < mask.width && y < mask.height && mask.data[y * mask.width + x]) hit++;
    }
    out[r * m + c] = hit / (S * S);
  }
  return out;
}
