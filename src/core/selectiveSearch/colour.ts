/** RGB(A) bytes → planar images in the colour spaces selective search uses, each channel on 0..255. */
import type { PlanarImage } from './fh';

export type ColourSpace = 'rgb' | 'hsv' | 'lab';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major, 4 bytes per pixel. */
  readonly data: ArrayLike<number>;
}

function srgbToLinear(c: number): number {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

const LINEAR = Float32Array.from({ length: 256 }, (_, i) => srgbToLinear(i));

function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

/** One pixel's channels on 0..255: RGB as is; HSV with H in [0, 360) → 0..255; CIE Lab (D65) with L·2.55, a + 128, b + 128. */
export function convertPixel(r: number, g: number, b: number, space: ColourSpace, out: number[]): void {
  if (space === 'rgb') {
    out[0] = r;
    out[1] = g;
    out[2] = b;
    return;
  }
  if (space === 'hsv') {
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const d = max - min;
    let hue = 0;
    if (d > 0) {
      if (max === r) hue = ((g - b) / d + 6) % 6;
      else if (max === g) hue = (b - r) / d + 2;
      else hue = (r - g) / d + 4;
    }
    out[0] = (hue / 6) * 255;
    out[1] = max === 0 ? 0 : (d / max) * 255;
    out[2] = max;
    return;
  }
  const lr = LINEAR[r]!;
  const lg = LINEAR[g]!;
  const lb = LINEAR[b]!;
  const x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047;
  const y = 0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb;
  const z = (0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / 1.08883;
  const fx = labF(x);
  const fy = labF(y);
  const fz = labF(z);
  out[0] = (116 * fy - 16) * 2.55;
  out[1] = 500 * (fx - fy) + 128;
  out[2] = 200 * (fy - fz) + 128;
}

export function toPlanar(img: RgbaImage, space: ColourSpace): PlanarImage {
  const n = img.width * img.height;
  const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const px = [0, 0, 0];
  const d = img.data;
  for (let i = 0; i < n; i++) {
    convertPixel(d[4 * i]! | 0, d[4 * i + 1]! | 0, d[4 * i + 2]! | 0, space, px);
    planes[0]![i] = px[0]!;
    planes[1]![i] = px[1]!;
    planes[2]![i] = px[2]!;
  }
  return { width: img.width, height: img.height, planes };
}
