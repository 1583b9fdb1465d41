/**
 * The one image → canvas painter every canvas of the app draws through: the image (or video frame,
 * maybe mirrored) fitted into the canvas, boxes converted with core/coords (never by hand), and
 * instance masks (COCO RLE in image pixels) drawn over the image's own rectangle of the view.
 */
import type { Rle } from '../core/eval/types';
import { fitView, fitWithin, imageToCanvas, normalizedToImage, canvasToImage, type View } from '../core/coords';
import type { Box, Size } from '../core/geometry';
import { maskAlphaLayer } from '../core/maskLayer';
import { boxLabelMinPx } from './theme';

export interface Painter {
  readonly ctx: CanvasRenderingContext2D;
  /** Canvas pixels per CSS pixel (line widths and fonts are given in CSS px). */
  readonly dpr: number;
  /** Size of the image in its own pixels. */
  readonly image: Size;
  readonly view: View;
  /** Image-pixel box → canvas box. */
  toCanvas(b: Box<'image'>): Box<'canvas'>;
  /** Normalized box (0..1 of the image) → canvas box. */
  fromNormalized(b: Box<'normalized'>): Box<'canvas'>;
  /** Canvas point/box → image pixels (pointer input). */
  toImage(b: Box<'canvas'>): Box<'image'>;
  /** Draw the image itself where the view puts it (mirrored for a selfie camera). */
  drawImage(pixels: CanvasImageSource): void;
  /** Stroke a canvas box; `width` and `dash` in CSS px. */
  strokeBox(c: Box<'canvas'>, color: string, width: number, dash?: readonly number[]): void;
  /**
   * An instance mask (COCO RLE in original image pixels, `h × w` = the image) filled with `color` at
   * `fillAlpha` (0..1) and its edge opaque, `edgeWidth` CSS px wide; mirrored with the image.
   */
  fillMask(mask: Rle, color: string, fillAlpha?: number, edgeWidth?: number): void;
  /** A filled label with white text whose bottom-left sits on (x, y), or below it at the top edge. */
  label(text: string, x: number, y: number, color: string, fontPx?: number): void;
}

/** A painter fitting `image` into the whole canvas (centred, aspect kept). */
export function fitPainter(ctx: CanvasRenderingContext2D, image: Size, opts: { mirrored?: boolean; dpr?: number } = {}): Painter {
  return painter(ctx, image, fitView(image, { width: ctx.canvas.width, height: ctx.canvas.height }, opts.mirrored ?? false), opts.dpr ?? 1);
}

export function painter(ctx: CanvasRenderingContext2D, image: Size, view: View, dpr = 1): Painter {
  const p: Painter = {
    ctx,
    dpr,
    image,
    view,
    toCanvas: (b) => imageToCanvas(b, view),
    fromNormalized: (b) => imageToCanvas(normalizedToImage(b, image), view),
    toImage: (b) => canvasToImage(b, view),
    drawImage(pixels) {
      const h = image.height * view.scale;
      ctx.save();
      if (view.mirrored) {
        ctx.translate(view.offsetX + view.drawnWidth, view.offsetY);
        ctx.scale(-1, 1);
        ctx.drawImage(pixels, 0, 0, view.drawnWidth, h);
      } else {
        ctx.drawImage(pixels, view.offsetX, view.offsetY, view.drawnWidth, h);
      }
      ctx.restore();
    },
    strokeBox(c, color, width, dash = []) {
      ctx.strokeStyle = color;
      ctx.lineWidth = width * dpr;
      ctx.setLineDash(dash.map((d) => d * dpr));
      ctx.strokeRect(c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1);
      ctx.setLineDash([]);
    },
    fillMask(mask, color, fillAlpha = 0.35, edgeWidth = 2) {
      const layer = maskCanvas(mask, { width: image.width * view.scale, height: image.height * view.scale }, color, fillAlpha, edgeWidth * dpr);
      if (!layer) return;
      ctx.save();
      ctx.imageSmoothingEnabled = false;
      p.drawImage(layer);
      ctx.restore();
    },
    label(text, x, y, color, requestedPx = 12 * dpr) {
      // The theme's smallest label (projector: 24 CSS px, src/ui/theme.ts).
      const fontPx = Math.max(requestedPx, boxLabelMinPx() * dpr);
      ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      const w = ctx.measureText(text).width + fontPx * 0.6;
      const th = fontPx * 1.35;
      const ty = y - th >= 0 ? y - th : y;
      ctx.fillStyle = color;
      ctx.fillRect(x, ty, w, th);
      ctx.fillStyle = '#fff';
      ctx.fillText(text, x + fontPx * 0.3, ty + fontPx * 0.18);
    },
  };
  return p;
}

/** Longest side of a mask layer (the layer is drawn at the image's displayed size, never larger). */
const MAX_LAYER = 2048;
/** Per mask object, its coloured layers by size/colour/alpha/edge (a few: e.g. an instance and a semantic view). */
const layers = new WeakMap<Rle, Map<string, HTMLCanvasElement>>();
const LAYERS_PER_MASK = 4;

/**
 * The mask as a coloured canvas of the displayed image size (cached per mask object, so a live video
 * redraws the same detections without rasterising them again every frame, and two views of the same
 * masks in different colours do not evict each other).
 */
function maskCanvas(mask: Rle, drawn: Size, color: string, fillAlpha: number, edgePx: number): HTMLCanvasElement | null {
  const out = fitWithin({ width: Math.max(1, Math.round(drawn.width)), height: Math.max(1, Math.round(drawn.height)) }, MAX_LAYER);
  const key = `${out.width}x${out.height}|${color}|${fillAlpha}|${edgePx}`;
  let cached = layers.get(mask);
  const hit = cached?.get(key);
  if (hit) return hit;
  const canvas = document.createElement('canvas');
  canvas.width = out.width;
  canvas.height = out.height;
  const c = canvas.getContext('2d');
  if (!c) return null;
  const alpha = maskAlphaLayer(mask, out, fillAlpha, edgePx);
  const rgba = new Uint8ClampedArray(alpha.length * 4);
  for (let i = 0; i < alpha.length; i++) rgba[i * 4 + 3] = alpha[i]!;
  c.putImageData(new ImageData(rgba, out.width, out.height), 0, 0);
  // Colour every drawn pixel, keeping its alpha.
  c.globalCompositeOperation = 'source-in';
  c.fillStyle = color;
  c.fillRect(0, 0, out.width, out.height);
  if (!cached) layers.set(mask, (cached = new Map()));
  if (cached.size >= LAYERS_PER_MASK) cached.delete(cached.keys().next().value!);
  cached.set(key, canvas);
  return canvas;
}
