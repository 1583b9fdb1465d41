/**
 * Drawing boxes and instance masks over an image or a video frame. Boxes and masks arrive in original
 * image pixels and are converted to canvas pixels by the shared painter (`painter.ts`, core/coords),
 * nowhere else.
 */
import type { Box } from '../core/geometry';
import type { InstanceMask } from '../models/types';
import type { Painter } from './painter';

export interface DrawnBox {
  readonly box: Box<'image'>;
  readonly text: string;
  readonly color: string;
  /** The detection's instance mask (COCO RLE in image pixels), drawn under the boxes. */
  readonly mask?: InstanceMask;
}

/** A mask drawn on its own, without a box (a view colouring masks by class, or masks older than the boxes). */
export interface DrawnMask {
  /** COCO RLE in image pixels. */
  readonly mask: InstanceMask;
  readonly color: string;
}

export interface FrameOptions {
  /** Masks without a box of their own, drawn (before the boxes' masks) under the boxes. */
  readonly masks?: readonly DrawnMask[];
  /** Fill opacity of every mask, 0..1 (default 0.35); the edge is opaque. */
  readonly maskOpacity?: number;
  /** The masks alone on black: neither the image nor the boxes are drawn. */
  readonly masksOnly?: boolean;
  /**
   * Leave the image out (a transparent canvas over an element that shows it, e.g. the live `<video>`
   * preview the compositor draws): masks and boxes only.
   */
  readonly noImage?: boolean;
}

/** A stable, well-separated colour per class id (golden-angle hues). */
export function classColor(id: number): string {
  return `hsl(${Math.round((id * 137.508) % 360)} 85% 45%)`;
}

/**
 * Clear the canvas, draw the image, every instance mask (filled, with its edge: `opts.masks`, then the
 * boxes' own), then the boxes with their labels on top (`fontPx` in canvas px). `opts.masksOnly`: the
 * masks alone on black.
 */
export function drawFrame(p: Painter, pixels: CanvasImageSource, boxes: readonly DrawnBox[], fontPx: number, opts: FrameOptions = {}): void {
  const { ctx } = p;
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (opts.masksOnly) {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  } else if (!opts.noImage) p.drawImage(pixels);
  ctx.save();
  const line = Math.max(2, fontPx / 7);
  const alpha = opts.maskOpacity ?? 0.35;
  for (const m of opts.masks ?? []) p.fillMask(m.mask, m.color, alpha, line / p.dpr);
  for (const b of boxes) if (b.mask) p.fillMask(b.mask, b.color, alpha, line / p.dpr);
  if (opts.masksOnly) {
    ctx.restore();
    return;
  }
  for (const b of boxes) {
    const c = p.toCanvas(b.box);
    p.strokeBox(c, b.color, line / p.dpr);
    p.label(b.text, c.x1 - line / 2, c.y1, b.color, fontPx);
  }
  ctx.restore();
}
