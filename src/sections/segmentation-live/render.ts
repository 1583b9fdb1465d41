/**
 * Draws a frame and its segmentation on a canvas in one of four views. The mask is upsampled in
 * TypeScript (core/maskOps.ts: bilinear for soft masks, then the threshold) to the size the frame is
 * drawn at, so the edge is smooth at any zoom; the background blur is the canvas `filter: blur()`
 * (with a down-and-up-scaling fallback where the 2D context has no `filter`), and the person is
 * composited over it through the mask (`destination-in`).
 */
import { fitView } from '../../core/coords';
import type { Size } from '../../core/geometry';
import { DATASETS, type Rgb } from '../../core/segmentationLabels';
import type { SegResult } from '../../models/segDecode';
import { classAlphaRgba, classRgba, personAlphaRgba, resizeBilinear, resizeNearest } from '../../core/maskOps';

export const VIEWS = ['overlay', 'mask', 'blur', 'cutout'] as const;
export type View = (typeof VIEWS)[number];

export interface RenderSettings {
  readonly view: View;
  readonly opacity: number;
  /** Blur radius, CSS pixels of the drawn image. */
  readonly blur: number;
  readonly threshold: number;
  /** Show the soft mask (probabilities) instead of the thresholded one. */
  readonly soft: boolean;
}

const PERSON_TINT: Rgb = [0, 190, 255];
const WHITE: Rgb = [255, 255, 255];

/** Scratch canvases, reused between frames. */
const scratch = new Map<string, HTMLCanvasElement>();
function canvasFor(key: string, w: number, h: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } | null {
  let c = scratch.get(key);
  if (!c) {
    c = document.createElement('canvas');
    scratch.set(key, c);
  }
  if (c.width !== w) c.width = w;
  if (c.height !== h) c.height = h;
  const ctx = c.getContext('2d');
  return ctx ? { canvas: c, ctx } : null;
}

function putRgba(key: string, rgba: Uint8ClampedArray, w: number, h: number): HTMLCanvasElement | null {
  const s = canvasFor(key, w, h);
  if (!s) return null;
  s.ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, w, h), 0, 0);
  return s.canvas;
}

function checkerboard(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, cell: number): void {
  ctx.fillStyle = '#ddd';
  ctx.fillRect(x, y, w, h);
  ctx.fillStyle = '#aaa';
  for (let j = 0; j * cell < h; j++) {
    for (let i = j % 2; i * cell < w; i += 2) ctx.fillRect(x + i * cell, y + j * cell, Math.min(cell, w - i * cell), Math.min(cell, h - j * cell));
  }
}

function drawBlurred(ctx: CanvasRenderingContext2D, frame: CanvasImageSource, w: number, h: number, radius: number): void {
  if (typeof ctx.filter === 'string') {
    ctx.filter = `blur(${radius}px)`;
    // Draw a little larger so the blur does not fade to transparent at the borders.
    const m = radius * 2;
    ctx.drawImage(frame, -m, -m, w + 2 * m, h + 2 * m);
    ctx.filter = 'none';
    return;
  }
  const f = Math.max(2, radius / 2);
  const small = canvasFor('blur-small', Math.max(1, Math.round(w / f)), Math.max(1, Math.round(h / f)));
  if (!small) return;
  small.ctx.drawImage(frame, 0, 0, small.canvas.width, small.canvas.height);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small.canvas, 0, 0, w, h);
}

/**
 * Draws `frame` (of `frameSize`) fitted into the canvas, mirrored if asked, with `result` on top.
 * Returns nothing; the caller provides the text alternative.
 */
export function renderSegmentation(
  canvas: HTMLCanvasElement,
  frame: CanvasImageSource,
  frameSize: Size,
  result: SegResult | null,
  s: RenderSettings,
  mirrored: boolean,
  dpr: number,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx || frameSize.width === 0 || frameSize.height === 0) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const view = fitView(frameSize, { width: canvas.width, height: canvas.height });
  const dw = Math.max(1, Math.round(frameSize.width * view.scale));
  const dh = Math.max(1, Math.round(frameSize.height * view.scale));
  // Every layer is drawn in the frame's own orientation at (0, 0, dw, dh); mirroring is one transform.
  if (mirrored) ctx.setTransform(-1, 0, 0, 1, view.offsetX + dw, view.offsetY);
  else ctx.setTransform(1, 0, 0, 1, view.offsetX, view.offsetY);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, dw, dh);
  ctx.clip();

  if (!result) {
    ctx.drawImage(frame, 0, 0, dw, dh);
    ctx.restore();
    return;
  }

  const ds = DATASETS[result.dataset];
  const soft = result.probs;
  let up: Float32Array | null = null;
  let labelsUp: Uint8Array | null = null;
  if (soft) up = resizeBilinear(soft, result.width, result.height, dw, dh);
  else labelsUp = resizeNearest(result.labels, result.width, result.height, dw, dh);

  /** The person (kept class) as an alpha mask. */
  const keepMask = (): HTMLCanvasElement | null =>
    up ? putRgba('keep', personAlphaRgba(up, s.threshold, s.soft, WHITE), dw, dh) : putRgba('keep', classAlphaRgba(labelsUp!, ds.personClass), dw, dh);
  /** The mask as colours: person tint (or white on black in the mask view), or the class colours. */
  const colourMask = (tint: Rgb): HTMLCanvasElement | null => {
    if (up) return putRgba('colour', personAlphaRgba(up, s.threshold, s.soft, tint), dw, dh);
    const transparent = new Set(ds.id === 'cityscapes' ? [] : [0]);
    return putRgba('colour', classRgba(labelsUp!, ds.colors, transparent), dw, dh);
  };

  switch (s.view) {
    case 'overlay': {
      ctx.drawImage(frame, 0, 0, dw, dh);
      const m = colourMask(PERSON_TINT);
      if (m) {
        ctx.globalAlpha = s.opacity;
        ctx.drawImage(m, 0, 0);
        ctx.globalAlpha = 1;
      }
      break;
    }
    case 'mask': {
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, dw, dh);
      const m = colourMask(WHITE);
      if (m) ctx.drawImage(m, 0, 0);
      break;
    }
    case 'blur':
    case 'cutout': {
      if (s.view === 'blur') drawBlurred(ctx, frame, dw, dh, s.blur * dpr);
      else checkerboard(ctx, 0, 0, dw, dh, Math.round(12 * dpr));
      const mask = keepMask();
      const person = canvasFor('person', dw, dh);
      if (mask && person) {
        person.ctx.globalCompositeOperation = 'source-over';
        person.ctx.clearRect(0, 0, dw, dh);
        person.ctx.drawImage(frame, 0, 0, dw, dh);
        person.ctx.globalCompositeOperation = 'destination-in';
        person.ctx.drawImage(mask, 0, 0);
        person.ctx.globalCompositeOperation = 'source-over';
        ctx.drawImage(person.canvas, 0, 0);
      }
      break;
    }
  }
  ctx.restore();
}
