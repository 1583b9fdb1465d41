/**
 * Boxes with typed coordinate spaces (the excalidraw idea): a box in one space cannot be passed
 * where another is expected without going through a conversion in `coords.ts`, which is also the only
 * file that constructs boxes (per space: `imageBox`, `normalizedBox`, …).
 *
 * Spaces:
 * - `image`:      pixels of the original image (what results and exports are in);
 * - `normalized`: [0, 1] relative to the image (what SSD-style models output);
 * - `model`:      pixels of the tensor fed to a model (after resizing);
 * - `canvas`:     CSS pixels of an on-screen canvas or overlay.
 */
export type Space = 'image' | 'normalized' | 'model' | 'canvas';

declare const spaceBrand: unique symbol;

/** Axis-aligned box, corners (x1, y1) top-left and (x2, y2) bottom-right, x2 >= x1, y2 >= y1. */
export interface Box<S extends Space> {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly [spaceBrand]: S;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** COCO-style [x, y, w, h]. */
export type XYWH = readonly [number, number, number, number];

export function toXYWH<S extends Space>(b: Box<S>): [number, number, number, number] {
  return [b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1];
}

export function width<S extends Space>(b: Box<S>): number {
  return Math.max(0, b.x2 - b.x1);
}

export function height<S extends Space>(b: Box<S>): number {
  return Math.max(0, b.y2 - b.y1);
}

export function area<S extends Space>(b: Box<S>): number {
  return width(b) * height(b);
}

export function intersection<S extends Space>(a: Box<S>, b: Box<S>): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union; 0 when both boxes are empty. */
export function iou<S extends Space>(a: Box<S>, b: Box<S>): number {
  const inter = intersection(a, b);
  if (inter === 0) return 0;
  return inter / (area(a) + area(b) - inter);
}
