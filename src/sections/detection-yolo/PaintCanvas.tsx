import { useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';

/** Paints in CSS pixels on a canvas sharp on high-DPI screens; `paint` gets the context already scaled. */
export interface PaintCanvasProps {
  readonly width: number;
  readonly height: number;
  readonly paint: (ctx: CanvasRenderingContext2D, width: number, height: number) => void;
  readonly label: string;
  readonly testId?: string;
  /** Click / tap at (x, y) as fractions of the canvas size. */
  readonly onPoint?: (x: number, y: number) => void;
  readonly onKeyDown?: (e: KeyboardEvent<HTMLCanvasElement>) => void;
}

export function PaintCanvas({ width, height, paint, label, testId, onPoint, onKeyDown }: PaintCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    paint(ctx, width, height);
  }, [width, height, paint]);
  const onPointerDown = onPoint
    ? (e: PointerEvent<HTMLCanvasElement>) => {
      const r = e.currentTarget.getBoundingClientRect();
      onPoint((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
    }
    : undefined;
  return (
    <canvas
      ref={ref}
      className="yolo-canvas"
      style={{ width, height }}
      role="img"
      aria-label={label}
      data-testid={testId}
      tabIndex={onKeyDown ? 0 : undefined}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}

/** An RGBA buffer as a canvas (for drawImage with scaling). */
export function rgbaCanvas(rgba: Uint8ClampedArray, w: number, h: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const copy = new Uint8ClampedArray(rgba.length);
  copy.set(rgba);
  c.getContext('2d')?.putImageData(new ImageData(copy, w, h), 0, 0);
  return c;
}

export const PRIOR_COLORS = ['#00a6ff', '#ff6b00', '#b400ff', '#00b36b', '#e6007a', '#8a6d00', '#0047ff', '#ff2d2d', '#3d9970'];
export const CLASS_COLORS = ['#e6194b', '#3cb44b', '#4363d8'];

/** A box label: white text on a patch of the box colour, kept inside the canvas. */
export function drawLabel(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string, width: number): void {
  ctx.font = '11px sans-serif';
  const w = ctx.measureText(text).width + 6;
  const lx = Math.max(0, Math.min(x, width - w));
  const ly = Math.max(0, y - 14);
  ctx.fillStyle = color;
  ctx.fillRect(lx, ly, w, 14);
  ctx.fillStyle = '#fff';
  ctx.fillText(text, lx + 3, ly + 11);
}
