/** RGBA images as plain data (ImageData-shaped), and an area-averaging crop + resize. */

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major, 4 bytes per pixel (ImageData layout). */
  readonly data: Uint8ClampedArray | Uint8Array;
}

/** A window of an image in its own pixels (x2, y2 exclusive edges; fractional allowed). */
export interface CropWindow {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/**
 * The window `w` of `img` resampled to outW×outH: each output pixel is the mean of the source pixels
 * whose centres fall in its footprint (at least the nearest one), so downscaling does not alias.
 */
export function cropResize(img: RgbaImage, w: CropWindow, outW: number, outH: number): RgbaImage {
  const out = new Uint8ClampedArray(outW * outH * 4);
  const fx = (w.x2 - w.x1) / outW, fy = (w.y2 - w.y1) / outH;
  const clampX = (v: number) => Math.min(img.width - 1, Math.max(0, v));
  const clampY = (v: number) => Math.min(img.height - 1, Math.max(0, v));
  for (let oy = 0; oy < outH; oy++) {
    const sy0 = w.y1 + oy * fy, sy1 = sy0 + fy;
    let ya = Math.ceil(sy0 - 0.5), yb = Math.ceil(sy1 - 0.5) - 1;
    if (yb < ya) ya = yb = Math.floor((sy0 + sy1) / 2);
    ya = clampY(ya); yb = clampY(yb);
    for (let ox = 0; ox < outW; ox++) {
      const sx0 = w.x1 + ox * fx, sx1 = sx0 + fx;
      let xa = Math.ceil(sx0 - 0.5), xb = Math.ceil(sx1 - 0.5) - 1;
      if (xb < xa) xa = xb = Math.floor((sx0 + sx1) / 2);
      xa = clampX(xa); xb = clampX(xb);
      let r = 0, g = 0, b = 0, n = 0;
      for (let y = ya; y <= yb; y++) {
        let p = (y * img.width + xa) * 4;
        for (let x = xa; x <= xb; x++, p += 4) {
          r += img.data[p]!; g += img.data[p + 1]!; b += img.data[p + 2]!; n++;
        }
      }
      const q = (oy * outW + ox) * 4;
      out[q] = r / n; out[q + 1] = g / n; out[q + 2] = b / n; out[q + 3] = 255;
    }
  }
  return { width: outW, height: outH, data: out };
}
