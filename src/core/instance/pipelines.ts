/**
 * The mask step for one detection, in image pixels: the filled box (the baseline) and GrabCut
 * initialised by the box (the classical pipeline). The learned head's paste-back is `pasteMask`.
 */
import { imageBox } from '../coords';
import { rleArea, rleFrBbox, rleFrPoly } from '../eval/mask';
import type { Rle } from '../eval/types';
import { type Box, type Size } from '../geometry';
import { grabCut, type GrabCutOptions, type PixelRect } from './grabcut';
import { cropResize, type RgbaImage } from './image';
import { pasteMask } from './paste';
import { cropMaskArea, rleToCropMask, type CropMask } from './rle';

export const MASK_METHODS = ['box', 'ellipse', 'classic', 'learned'] as const;
export type MaskMethod = (typeof MASK_METHODS)[number];

/** The filled box as COCO rasterises it (`rleFrBbox`): what `segm` evaluation of a bare box gives. */
export function boxMaskRle(b: Box<'image'>, size: Size): Rle {
  return rleFrBbox([b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1], size.height, size.width);
}

/** The ellipse inscribed in the box (a 32-gon rasterised like a COCO polygon): a second, rounder baseline. */
export function ellipseMaskRle(b: Box<'image'>, size: Size): Rle {
  const cx = (b.x1 + b.x2) / 2, cy = (b.y1 + b.y2) / 2, rx = (b.x2 - b.x1) / 2, ry = (b.y2 - b.y1) / 2;
  const pts: number[] = [];
  for (let i = 0; i < 32; i++) {
    const a = (2 * Math.PI * i) / 32;
    pts.push(cx + rx * Math.cos(a), cy + ry * Math.sin(a));
  }
  return rleFrPoly(pts, size.height, size.width);
}

/**
 * GrabCut's result is kept when it covers between these fractions of the box; outside, the cut has
 * collapsed (a tiny or empty mask) or found nothing to separate (the whole box), and the inscribed
 * ellipse is used instead. Chosen on 12 photos of coco-mini-train, not on the test photos
 * (`npx tsx scripts/tune-classic.ts`: min 0.4 best, 0.3–0.5 within 0.0004 AP; max made no
 * difference there, 0.95 kept); docs/BENCHMARKS.md, "Instance segmentation (session 4)".
 */
export const CLASSIC_KEEP = { min: 0.4, max: 0.95 } as const;

export interface ClassicOptions extends GrabCutOptions {
  /** Context around the box, as a fraction of its larger side (default 0.15), at least 3 px. */
  readonly margin?: number;
  /** Longest side of the working crop, px (default 72): GrabCut runs at this resolution. */
  readonly workSide?: number;
}

export interface ClassicPlan {
  /** The crop around the box, in original image pixels (clipped to the image). */
  readonly region: Box<'image'>;
  readonly workWidth: number;
  readonly workHeight: number;
  /** The box inside the working crop. */
  readonly rect: PixelRect;
}

/** Where GrabCut will look for one box: crop with margin, working size and the box in it. */
export function planClassic(b: Box<'image'>, size: Size, options: ClassicOptions = {}): ClassicPlan {
  const side = Math.max(b.x2 - b.x1, b.y2 - b.y1);
  const m = Math.max(3, (options.margin ?? 0.15) * side);
  const region = imageBox(
    Math.max(0, b.x1 - m), Math.max(0, b.y1 - m), Math.min(size.width, b.x2 + m), Math.min(size.height, b.y2 + m),
  );
  const rw = Math.max(1e-6, region.x2 - region.x1), rh = Math.max(1e-6, region.y2 - region.y1);
  const workSide = options.workSide ?? 72;
  const s = Math.min(1, workSide / Math.max(rw, rh));
  const workWidth = Math.max(1, Math.round(rw * s)), workHeight = Math.max(1, Math.round(rh * s));
  const sx = workWidth / rw, sy = workHeight / rh;
  const rect: PixelRect = {
    x0: Math.max(0, Math.round((b.x1 - region.x1) * sx)),
    y0: Math.max(0, Math.round((b.y1 - region.y1) * sy)),
    x1: Math.min(workWidth, Math.round((b.x2 - region.x1) * sx)),
    y1: Math.min(workHeight, Math.round((b.y2 - region.y1) * sy)),
  };
  return { region, workWidth, workHeight, rect };
}

/**
 * GrabCut mask of one detection. `img` is the image as processed (maybe a downscaled working copy of
 * the original); `b` and the result are in original pixels of size `size`.
 */
export function classicMask(img: RgbaImage, b: Box<'image'>, size: Size, options: ClassicOptions = {}): CropMask {
  const plan = planClassic(b, size, options);
  const kx = img.width / size.width, ky = img.height / size.height;
  const { region } = plan;
  const work = cropResize(img, { x1: region.x1 * kx, y1: region.y1 * ky, x2: region.x2 * kx, y2: region.y2 * ky }, plan.workWidth, plan.workHeight);
  const alpha = grabCut(work, plan.rect, options);
  return pasteMask(alpha, plan.workHeight, plan.workWidth, region, size, { threshold: 0.5, clip: b });
}

export interface CheckedMask {
  readonly mask: CropMask;
  /** True when GrabCut's cut was rejected (see CLASSIC_KEEP) and the ellipse is used. */
  readonly fallback: boolean;
}

/** The classical pipeline as measured: GrabCut from the box, the inscribed ellipse when the cut fails. */
export function classicPipelineMask(img: RgbaImage, b: Box<'image'>, size: Size, options: ClassicOptions = {}): CheckedMask {
  const cut = classicMask(img, b, size, options);
  const f = cropMaskArea(cut) / Math.max(1, rleArea(boxMaskRle(b, size)));
  if (f >= CLASSIC_KEEP.min && f <= CLASSIC_KEEP.max) return { mask: cut, fallback: false };
  return { mask: rleToCropMask(ellipseMaskRle(b, size)), fallback: true };
}
