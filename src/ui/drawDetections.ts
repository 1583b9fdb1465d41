/**
 * Drawing boxes over an image or a video frame. Boxes arrive in original image pixels and are
 * converted to canvas pixels with `imageToCanvas` (core/coords), nowhere else.
 */
import { imageToCanvas, type View } from '../core/coords';
import type { Box } from '../core/geometry';

export interface DrawnBox {
  readonly box: Box<'image'>;
  readonly text: string;
  readonly color: string;
}

/** A stable, well-separated colour per class id (golden-angle hues). */
export function classColor(id: number): string {
  return `hsl(${Math.round((id * 137.508) % 360)} 85% 45%)`;
}

export function drawFrame(
  ctx: CanvasRenderingContext2D,
  pixels: CanvasImageSource,
  view: View,
  drawnHeight: number,
  boxes: readonly DrawnBox[],
  fontPx: number,
): void {
  const { canvas } = ctx;
  ctx.save();
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (view.mirrored) {
    ctx.translate(view.offsetX + view.drawnWidth, view.offsetY);
    ctx.scale(-1, 1);
    ctx.drawImage(pixels, 0, 0, view.drawnWidth, drawnHeight);
  } else {
    ctx.drawImage(pixels, view.offsetX, view.offsetY, view.drawnWidth, drawnHeight);
  }
  ctx.restore();

  ctx.save();
  ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  const line = Math.max(2, fontPx / 7);
  for (const b of boxes) {
    const c = imageToCanvas(b.box, view);
    ctx.strokeStyle = b.color;
    ctx.lineWidth = line;
    ctx.strokeRect(c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1);
    const tw = ctx.measureText(b.text).width + fontPx * 0.6;
    const th = fontPx * 1.35;
    const ty = c.y1 - th >= 0 ? c.y1 - th : c.y1;
    ctx.fillStyle = b.color;
    ctx.fillRect(c.x1 - line / 2, ty, tw, th);
    ctx.fillStyle = '#fff';
    ctx.fillText(b.text, c.x1 + fontPx * 0.3 - line / 2, ty + fontPx * 0.18);
  }
  ctx.restore();
}
