/**
 * The one place where coordinates change space (and the only file that can make a `Box<S>`).
 *
 * - per-space constructors (`imageBox`, `normalizedBox`, `modelBox`, `canvasBox`, points, XYWH):
 *   numbers that already are in that space become a typed box;
 * - conversions between spaces (normalized ↔ image, model pixels → normalized, image ↔ canvas);
 * - layout changes of flat rows (TensorFlow's yxyx → xyxy, YOLO's normalized centre boxes, grid units);
 * - clipping of boxes reported to users or written to COCO results.
 *
 * `geometry.ts` has the types and space-preserving measures (area, IoU) but no constructor; a unit
 * test (tests/unit/coords-gate.test.ts) scans src/ for casts to `Box<…>` and hand-made swaps.
 */
import type { Box, Size, Space, XYWH } from './geometry';

function make<S extends Space>(x1: number, y1: number, x2: number, y2: number): Box<S> {
  return { x1, y1, x2, y2 } as Box<S>;
}

// ---------------------------------------------------------------------------------------------
// Constructors, one per space.

/** A box in pixels of the original image (results, exports, annotations). */
export function imageBox(x1: number, y1: number, x2: number, y2: number): Box<'image'> {
  return make<'image'>(x1, y1, x2, y2);
}
/** A box in [0, 1] of the image (SSD/YOLO outputs, YOLO labels). */
export function normalizedBox(x1: number, y1: number, x2: number, y2: number): Box<'normalized'> {
  return make<'normalized'>(x1, y1, x2, y2);
}
/** A box in pixels of the tensor fed to a model. */
export function modelBox(x1: number, y1: number, x2: number, y2: number): Box<'model'> {
  return make<'model'>(x1, y1, x2, y2);
}
/** A box in pixels of a canvas (or CSS pixels of an overlay). */
export function canvasBox(x1: number, y1: number, x2: number, y2: number): Box<'canvas'> {
  return make<'canvas'>(x1, y1, x2, y2);
}
export const canvasPoint = (x: number, y: number): Box<'canvas'> => make<'canvas'>(x, y, x, y);
export const normalizedPoint = (x: number, y: number): Box<'normalized'> => make<'normalized'>(x, y, x, y);

/** COCO-style [x, y, w, h] in image pixels → box. */
export function imageFromXYWH([x, y, w, h]: XYWH): Box<'image'> {
  return make<'image'>(x, y, x + w, y + h);
}
/** [x, y, w, h] in model-input pixels (coco-ssd's own `detect()`) → box. */
export function modelFromXYWH([x, y, w, h]: XYWH): Box<'model'> {
  return make<'model'>(x, y, x + w, y + h);
}

/** Clamp a box to [0, w] x [0, h] of its own space. */
export function clip<S extends Space>(b: Box<S>, size: Size): Box<S> {
  const c = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  return make<S>(c(b.x1, size.width), c(b.y1, size.height), c(b.x2, size.width), c(b.y2, size.height));
}

// ---------------------------------------------------------------------------------------------
// Flat rows (typed arrays of 4 numbers per box).

/** Reorder a [n, 4] (y1, x1, y2, x2) array — TensorFlow's layout — into (x1, y1, x2, y2). */
export function yxyxToXyxy(src: Float32Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i += 4) {
    out[i] = src[i + 1]!;
    out[i + 1] = src[i]!;
    out[i + 2] = src[i + 3]!;
    out[i + 3] = src[i + 2]!;
  }
  return out;
}

/** Row `i` of a normalized (ymin, xmin, ymax, xmax) array, the SSD graph's layout. */
export function normalizedFromYxyxRow(rows: ArrayLike<number>, i: number): Box<'normalized'> {
  return make<'normalized'>(rows[4 * i + 1]!, rows[4 * i]!, rows[4 * i + 3]!, rows[4 * i + 2]!);
}

/** Row `i` of a normalized (x1, y1, x2, y2) array (NMS output of a normalized model output). */
export function normalizedFromXyxyRow(rows: ArrayLike<number>, i: number): Box<'normalized'> {
  return make<'normalized'>(rows[4 * i]!, rows[4 * i + 1]!, rows[4 * i + 2]!, rows[4 * i + 3]!);
}

// ---------------------------------------------------------------------------------------------
// YOLO: centre boxes, normalized labels and grid units.

/** A YOLO label's normalized centre box (cx, cy, w, h) → normalized COCO-style [x, y, w, h]. */
export function yoloCentreToXYWH(cx: number, cy: number, w: number, h: number): [number, number, number, number] {
  return [cx - w / 2, cy - h / 2, w, h];
}

/** A centre box (cx, cy, w, h) → corners [x1, y1, x2, y2] in the same units (R-CNN's decoded deltas). */
export function centreToCorners(cx: number, cy: number, w: number, h: number): [number, number, number, number] {
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

/** A box centred at (bx, by) of size bw × bh in grid units (cell = 1) → normalized corners, into `out` row `r`. */
export function writeGridCentreRow(out: Float32Array, r: number, bx: number, by: number, bw: number, bh: number, grid: number): void {
  out[4 * r] = (bx - bw / 2) / grid;
  out[4 * r + 1] = (by - bh / 2) / grid;
  out[4 * r + 2] = (bx + bw / 2) / grid;
  out[4 * r + 3] = (by + bh / 2) / grid;
}

/** Normalized corners → centre and size in grid units (cell = 1), the YOLO target's frame. */
export function normalizedToGridCentre(
  b: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number },
  grid: number,
): { bx: number; by: number; bw: number; bh: number } {
  return { bw: (b.x2 - b.x1) * grid, bh: (b.y2 - b.y1) * grid, bx: ((b.x1 + b.x2) / 2) * grid, by: ((b.y1 + b.y2) / 2) * grid };
}

/** Pixel corners of an object in an image of `size` → normalized corners (plain numbers, for training targets). */
export function pixelCornersToNormalized<T extends { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }>(
  o: T,
  size: Size,
): { x1: number; y1: number; x2: number; y2: number } {
  return { x1: o.x1 / size.width, y1: o.y1 / size.height, x2: o.x2 / size.width, y2: o.y2 / size.height };
}

// ---------------------------------------------------------------------------------------------
// Between spaces.

export function normalizedToImage(b: Box<'normalized'>, image: Size): Box<'image'> {
  return make<'image'>(b.x1 * image.width, b.y1 * image.height, b.x2 * image.width, b.y2 * image.height);
}

/** What users see and COCO results get: the box in image pixels, clipped to the image. */
export function normalizedToImageClipped(b: Box<'normalized'>, image: Size): Box<'image'> {
  return clip(normalizedToImage(b, image), image);
}

export function imageToNormalized(b: Box<'image'>, image: Size): Box<'normalized'> {
  return make<'normalized'>(b.x1 / image.width, b.y1 / image.height, b.x2 / image.width, b.y2 / image.height);
}

/** Normalized COCO-style [x, y, w, h] (a YOLO label) → [x, y, w, h] in pixels of an image of `size`. */
export function normalizedXYWHToImage([x, y, w, h]: XYWH, size: Size): [number, number, number, number] {
  return [x * size.width, y * size.height, w * size.width, h * size.height];
}

/** Row `j` of normalized (x1, y1, x2, y2) rows → [x, y, w, h] in image pixels, clipped to the image. */
export function normalizedRowToImageXYWH(rows: ArrayLike<number>, j: number, image: Size): [number, number, number, number] {
  const b = normalizedToImageClipped(normalizedFromXyxyRow(rows, j), image);
  return [b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1];
}

/** Pixels of the tensor fed to a model (maybe a downscaled working copy) → normalized. */
export function pixelsToNormalized(b: Box<'model'>, input: Size): Box<'normalized'> {
  return make<'normalized'>(b.x1 / input.width, b.y1 / input.height, b.x2 / input.width, b.y2 / input.height);
}

/** How an image is shown on a canvas: uniform scale, offset, optional horizontal mirror (webcam). */
export interface View {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
  readonly mirrored: boolean;
  /** Width of the drawn image in canvas px, needed to mirror. */
  readonly drawnWidth: number;
}

/** Fit an image of `image` size into a `target` area, keeping the aspect ratio, centred. */
export function fitView(image: Size, target: Size, mirrored = false): View {
  if (image.width <= 0 || image.height <= 0) return { scale: 1, offsetX: 0, offsetY: 0, mirrored, drawnWidth: 0 };
  const scale = Math.min(target.width / image.width, target.height / image.height);
  const drawnWidth = image.width * scale;
  return {
    scale,
    offsetX: (target.width - drawnWidth) / 2,
    offsetY: (target.height - image.height * scale) / 2,
    mirrored,
    drawnWidth,
  };
}

/** Image drawn at `scale`, top-left at the origin (exports at full resolution, grids drawn edge to edge). */
export function scaleView(scale: number, image: Size): View {
  return { scale, offsetX: 0, offsetY: 0, mirrored: false, drawnWidth: image.width * scale };
}

export function imageToCanvas(b: Box<'image'>, v: View): Box<'canvas'> {
  let x1 = b.x1 * v.scale;
  let x2 = b.x2 * v.scale;
  if (v.mirrored) [x1, x2] = [v.drawnWidth - x2, v.drawnWidth - x1];
  return make<'canvas'>(x1 + v.offsetX, b.y1 * v.scale + v.offsetY, x2 + v.offsetX, b.y2 * v.scale + v.offsetY);
}

export function canvasToImage(b: Box<'canvas'>, v: View): Box<'image'> {
  let x1 = (b.x1 - v.offsetX) / v.scale;
  let x2 = (b.x2 - v.offsetX) / v.scale;
  if (v.mirrored) {
    const w = v.drawnWidth / v.scale;
    [x1, x2] = [w - x2, w - x1];
  }
  return make<'image'>(x1, (b.y1 - v.offsetY) / v.scale, x2, (b.y2 - v.offsetY) / v.scale);
}

/** Largest size that fits in `max` pixels along the longer side, keeping the aspect ratio. */
export function fitWithin(size: Size, maxSide: number): Size {
  const longest = Math.max(size.width, size.height);
  if (longest <= maxSide) return size;
  const s = maxSide / longest;
  return { width: Math.max(1, Math.round(size.width * s)), height: Math.max(1, Math.round(size.height * s)) };
}

/** A rectangle of an image in its pixels (a crop or tile fed to a model on its own). */
export interface CropRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A box in the pixels of a crop of the image → image pixels. `flipped`: the crop was mirrored
 * left↔right before the model saw it, so x is mirrored back first.
 */
export function cropToImage(b: Box<'image'>, crop: CropRect, flipped: boolean): Box<'image'> {
  const x1 = flipped ? crop.width - b.x2 : b.x1;
  const x2 = flipped ? crop.width - b.x1 : b.x2;
  return make<'image'>(x1 + crop.x, b.y1 + crop.y, x2 + crop.x, b.y2 + crop.y);
}
