/**
 * Upsampling a model-resolution mask to the pixels it is drawn on, in plain TypeScript (no DOM, no
 * tfjs; unit-tested). Soft masks are resized **bilinearly** (half-pixel centres, as
 * tf.image.resizeBilinear with halfPixelCenters) and only then thresholded, so contours follow the
 * interpolated probability instead of the model's 256-px staircase. Class-id maps are resized with
 * nearest neighbour (interpolating ids would invent classes).
 */
import type { Rgb } from './segmentationLabels';

interface Taps {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly f: Float32Array;
}

/** For each destination index: the two source indices and the weight of the second. */
function taps(src: number, dst: number): Taps {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const f = new Float32Array(dst);
  const scale = src / dst;
  for (let d = 0; d < dst; d++) {
    const s = Math.min(src - 1, Math.max(0, (d + 0.5) * scale - 0.5));
    const a = Math.floor(s);
    i0[d] = a;
    i1[d] = Math.min(a + 1, src - 1);
    f[d] = s - a;
  }
  return { i0, i1, f };
}

/** Bilinear resize of a one-channel float map (row-major). */
export function resizeBilinear(src: ArrayLike<number>, sw: number, sh: number, dw: number, dh: number, out = new Float32Array(dw * dh)): Float32Array {
  if (src.length !== sw * sh) throw new RangeError(`mask has ${src.length} values, expected ${sw}x${sh}`);
  if (out.length !== dw * dh) throw new RangeError(`output has ${out.length} values, expected ${dw}x${dh}`);
  const xs = taps(sw, dw);
  const ys = taps(sh, dh);
  for (let y = 0; y < dh; y++) {
    const r0 = ys.i0[y]! * sw;
    const r1 = ys.i1[y]! * sw;
    const fy = ys.f[y]!;
    for (let x = 0; x < dw; x++) {
      const a = xs.i0[x]!;
      const b = xs.i1[x]!;
      const fx = xs.f[x]!;
      const top = src[r0 + a]! + (src[r0 + b]! - src[r0 + a]!) * fx;
      const bottom = src[r1 + a]! + (src[r1 + b]! - src[r1 + a]!) * fx;
      out[y * dw + x] = top + (bottom - top) * fy;
    }
  }
  return out;
}

/** Nearest-neighbour resize of a label map. */
export function resizeNearest(src: ArrayLike<number>, sw: number, sh: number, dw: number, dh: number, out = new Uint8Array(dw * dh)): Uint8Array {
  if (src.length !== sw * sh) throw new RangeError(`label map has ${src.length} values, expected ${sw}x${sh}`);
  const xi = new Int32Array(dw);
  for (let x = 0; x < dw; x++) xi[x] = Math.min(sw - 1, Math.floor(((x + 0.5) * sw) / dw));
  for (let y = 0; y < dh; y++) {
    const row = Math.min(sh - 1, Math.floor(((y + 0.5) * sh) / dh)) * sw;
    for (let x = 0; x < dw; x++) out[y * dw + x] = src[row + xi[x]!]!;
  }
  return out;
}

/** Half-width, in probability units, of the ramp that anti-aliases a thresholded edge. */
const EDGE = 0.02;

/**
 * Person mask → RGBA pixels of one colour whose alpha is the mask: the upsampled probability
 * itself (`soft`), or the thresholded mask with a narrow anti-aliasing ramp at the threshold.
 */
export function personAlphaRgba(
  upsampled: Float32Array,
  threshold: number,
  soft: boolean,
  color: Rgb,
  out = new Uint8ClampedArray(upsampled.length * 4),
): Uint8ClampedArray {
  const [r, g, b] = color;
  for (let i = 0; i < upsampled.length; i++) {
    const p = upsampled[i]!;
    const a = soft ? p : Math.min(1, Math.max(0, (p - threshold + EDGE) / (2 * EDGE)));
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = Math.round(a * 255);
  }
  return out;
}

/** Class map → RGBA in the dataset's colours; `transparent` ids (e.g. background) get alpha 0. */
export function classRgba(labels: Uint8Array, colors: readonly Rgb[], transparent: ReadonlySet<number>, out = new Uint8ClampedArray(labels.length * 4)): Uint8ClampedArray {
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    const rgb = colors[c];
    if (!rgb || transparent.has(c)) {
      out[4 * i + 3] = 0;
      continue;
    }
    out[4 * i] = rgb[0];
    out[4 * i + 1] = rgb[1];
    out[4 * i + 2] = rgb[2];
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Label map → RGBA: alpha 255 where the class is `keep`, else 0 (what blur and cut-out keep). */
export function classAlphaRgba(labels: Uint8Array, keep: number, out = new Uint8ClampedArray(labels.length * 4)): Uint8ClampedArray {
  for (let i = 0; i < labels.length; i++) {
    out[4 * i] = 255;
    out[4 * i + 1] = 255;
    out[4 * i + 2] = 255;
    out[4 * i + 3] = labels[i] === keep ? 255 : 0;
  }
  return out;
}
