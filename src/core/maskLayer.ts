/**
 * An instance mask (COCO RLE in original image pixels) rasterised into an alpha layer of any display
 * size, for the shared painter (src/ui/painter.ts): fill pixels get `fillAlpha`, edge pixels (mask
 * pixels with a non-mask pixel within `edgePx` along a row or column, or at the image border) get 255,
 * everything else 0. Nearest-pixel sampling: layer pixel (ox, oy) shows image pixel
 * (⌊(ox + ½)·w/W⌋, ⌊(oy + ½)·h/H⌋), so the layer drawn over the image's rectangle puts each mask
 * edge where the image coordinates say.
 */
import type { Rle } from './eval/types';
import type { Size } from './geometry';

/** Alpha per layer pixel (row-major, `out.width × out.height`). */
export function maskAlphaLayer(mask: Rle, out: Size, fillAlpha: number, edgePx: number): Uint8ClampedArray {
  const W = Math.max(0, Math.round(out.width)), H = Math.max(0, Math.round(out.height));
  const alpha = new Uint8ClampedArray(W * H);
  const h = mask.h, w = mask.w;
  if (W === 0 || H === 0 || h === 0 || w === 0) return alpha;
  // Which layer row/column each image row/column maps from (nearest), then mark the inside.
  const srcX = new Int32Array(W), srcY = new Int32Array(H);
  for (let ox = 0; ox < W; ox++) srcX[ox] = Math.min(w - 1, Math.floor(((ox + 0.5) * w) / W));
  for (let oy = 0; oy < H; oy++) srcY[oy] = Math.min(h - 1, Math.floor(((oy + 0.5) * h) / H));
  // Column-major runs: decode one image column at a time into a row lookup.
  const col = new Uint8Array(h);
  const inside = new Uint8Array(W * H);
  const columns = columnStarts(mask);
  let prevX = -1;
  for (let ox = 0; ox < W; ox++) {
    const x = srcX[ox]!;
    if (x !== prevX) {
      decodeColumn(mask, columns, x, col);
      prevX = x;
    }
    for (let oy = 0; oy < H; oy++) if (col[srcY[oy]!]) inside[oy * W + ox] = 1;
  }
  const fill = Math.round(Math.min(1, Math.max(0, fillAlpha)) * 255);
  const e = Math.max(0, Math.round(edgePx));
  for (let oy = 0; oy < H; oy++) {
    for (let ox = 0; ox < W; ox++) {
      const i = oy * W + ox;
      if (!inside[i]) continue;
      alpha[i] = e > 0 && nearOutside(inside, W, H, ox, oy, e) ? 255 : fill;
    }
  }
  return alpha;
}

function nearOutside(inside: Uint8Array, W: number, H: number, ox: number, oy: number, e: number): boolean {
  for (let d = 1; d <= e; d++) {
    if (ox - d < 0 || ox + d >= W || oy - d < 0 || oy + d >= H) return true;
    if (!inside[oy * W + ox - d] || !inside[oy * W + ox + d] || !inside[(oy - d) * W + ox] || !inside[(oy + d) * W + ox]) return true;
  }
  return false;
}

/** Index of the first run touching each column start, with the run's starting offset. */
interface ColumnIndex {
  readonly run: Uint32Array;
  readonly start: Float64Array;
}

function columnStarts(mask: Rle): ColumnIndex {
  const run = new Uint32Array(mask.w), start = new Float64Array(mask.w);
  let pos = 0, j = 0;
  for (let x = 0; x < mask.w; x++) {
    const c0 = x * mask.h;
    while (j < mask.counts.length && pos + mask.counts[j]! <= c0) pos += mask.counts[j++]!;
    run[x] = j;
    start[x] = pos;
  }
  return { run, start };
}

function decodeColumn(mask: Rle, idx: ColumnIndex, x: number, out: Uint8Array): void {
  out.fill(0);
  const c0 = x * mask.h, c1 = c0 + mask.h;
  let pos = idx.start[x]!;
  for (let j = idx.run[x]!; j < mask.counts.length && pos < c1; j++) {
    const n = mask.counts[j]!;
    if (j % 2 === 1) {
      const a = Math.max(pos, c0), b = Math.min(pos + n, c1);
      if (b > a) out.fill(1, a - c0, b - c0);
    }
    pos += n;
  }
}
