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

/** A stable, well-separated colour per class id (golden-angle hues). */
export function classColor(id: number): string {
  return `hsl(${Math.round((id * 137.508) % 360)} 85% 45%)`;
}

/**
 * Clear the canvas, draw the image, every instance mask (filled, with its edge), then the boxes with
 * their labels on top (`fontPx` in canvas px).
 */
export function drawFrame(p: Painter, pixels: CanvasImageSource, boxes: readonly DrawnBox[], fontPx: number): void {
  const { ctx } = p;
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  p.drawImage(pixels);
  ctx.save();
  const line = Math.max(2, fontPx / 7);
  for (const b of boxes) if (b.mask) p.fillMask(b.mask, b.color, 0.35, line / p.dpr);
  for (const b of boxes) {
    const c = p.toCanvas(b.box);
    p.strokeBox(c, b.color, line / p.dpr);
    p.label(b.text, c.x1 - line / 2, c.y1, b.color, fontPx);
  }
  ctx.restore();
}
