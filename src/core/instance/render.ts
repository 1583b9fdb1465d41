/**
 * Painting instance masks (original image pixels) into an RGBA layer of any display size, for the
 * instance view (a colour per instance), the semantic view (a colour per class, instances merged),
 * the mask-only view and per-instance cut-outs. Nearest-pixel sampling; later items paint over earlier.
 */
import type { Size } from '../geometry';
import type { CropMask } from './rle';

export interface PaintItem {
  readonly mask: CropMask;
  /** RGB 0..255. */
  readonly color: readonly [number, number, number];
}

/**
 * RGBA layer of size `out` for masks given in pixels of `size`: mask pixels get their item's colour at
 * opacity `alpha` (0..1), everything else stays transparent.
 */
export function paintMasks(items: readonly PaintItem[], size: Size, out: Size, alpha: number): Uint8ClampedArray {
  const W = out.width, H = out.height;
  const layer = new Uint8ClampedArray(W * H * 4);
  const sx = W / size.width, sy = H / size.height;
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  for (const { mask: m, color } of items) {
    if (m.width === 0 || m.height === 0) continue;
    const ox0 = Math.max(0, Math.floor(m.x0 * sx)), ox1 = Math.min(W, Math.ceil((m.x0 + m.width) * sx));
    const oy0 = Math.max(0, Math.floor(m.y0 * sy)), oy1 = Math.min(H, Math.ceil((m.y0 + m.height) * sy));
    for (let oy = oy0; oy < oy1; oy++) {
      const y = Math.floor((oy + 0.5) / sy) - m.y0;
      if (y < 0 || y >= m.height) continue;
      for (let ox = ox0; ox < ox1; ox++) {
        const x = Math.floor((ox + 0.5) / sx) - m.x0;
        if (x < 0 || x >= m.width || !m.data[y * m.width + x]) continue;
        const p = (oy * W + ox) * 4;
        layer[p] = color[0]; layer[p + 1] = color[1]; layer[p + 2] = color[2]; layer[p + 3] = a;
      }
    }
  }
  return layer;
}

/** A distinct colour per instance index (golden-angle hues), RGB 0..255. */
export function instanceColor(i: number): [number, number, number] {
  const h = ((i * 137.508) % 360) / 60;
  const s = 0.75, v = 0.95;
  const c = v * s, x = c * (1 - Math.abs((h % 2) - 1)), m = v - c;
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}
