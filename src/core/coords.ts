/**
 * The one place where coordinates change space. Everything that draws or exports a box goes
 * through these functions.
 */
import { box, type Box, type Size } from './geometry';

export function normalizedToImage(b: Box<'normalized'>, image: Size): Box<'image'> {
  return box<'image'>(b.x1 * image.width, b.y1 * image.height, b.x2 * image.width, b.y2 * image.height);
}

export function imageToNormalized(b: Box<'image'>, image: Size): Box<'normalized'> {
  return box<'normalized'>(b.x1 / image.width, b.y1 / image.height, b.x2 / image.width, b.y2 / image.height);
}

/** How an image is shown on a canvas: uniform scale, offset, optional horizontal mirror (webcam). */
export interface View {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
  /** Width of the drawn image in canvas px, needed to mirror. */
  readonly mirrored: boolean;
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

export function imageToCanvas(b: Box<'image'>, v: View): Box<'canvas'> {
  let x1 = b.x1 * v.scale;
  let x2 = b.x2 * v.scale;
  if (v.mirrored) [x1, x2] = [v.drawnWidth - x2, v.drawnWidth - x1];
  return box<'canvas'>(x1 + v.offsetX, b.y1 * v.scale + v.offsetY, x2 + v.offsetX, b.y2 * v.scale + v.offsetY);
}

export function canvasToImage(b: Box<'canvas'>, v: View): Box<'image'> {
  let x1 = (b.x1 - v.offsetX) / v.scale;
  let x2 = (b.x2 - v.offsetX) / v.scale;
  if (v.mirrored) {
    const w = v.drawnWidth / v.scale;
    [x1, x2] = [w - x2, w - x1];
  }
  return box<'image'>(x1, (b.y1 - v.offsetY) / v.scale, x2, (b.y2 - v.offsetY) / v.scale);
}

/** Largest size that fits in `max` pixels along the longer side, keeping the aspect ratio. */
export function fitWithin(size: Size, maxSide: number): Size {
  const longest = Math.max(size.width, size.height);
  if (longest <= maxSide) return size;
  const s = maxSide / longest;
  return { width: Math.max(1, Math.round(size.width * s)), height: Math.max(1, Math.round(size.height * s)) };
}

/** Pixels of the tensor fed to a model (maybe a downscaled working copy) → normalized. */
export function pixelsToNormalized(b: Box<'model'>, input: Size): Box<'normalized'> {
  return box<'normalized'>(b.x1 / input.width, b.y1 / input.height, b.x2 / input.width, b.y2 / input.height);
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
  return box<'image'>(x1 + crop.x, b.y1 + crop.y, x2 + crop.x, b.y2 + crop.y);
}
