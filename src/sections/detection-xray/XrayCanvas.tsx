import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { canvasToImage, fitView, imageToCanvas, imageToNormalized, normalizedToImage, type View } from '../../core/coords';
import { box, type Box, type Size } from '../../core/geometry';
import type { StillSource } from '../../ui/source';

/** Maps normalized model coordinates to canvas pixels (through core/coords, nowhere else). */
export interface Painter {
  readonly ctx: CanvasRenderingContext2D;
  readonly dpr: number;
  /** Normalized box (x1, y1, x2, y2 in 0..1 of the image) → canvas box. */
  toCanvas(b: Box<'normalized'>): Box<'canvas'>;
}

export interface XrayCanvasProps {
  readonly source: StillSource;
  readonly label: string;
  readonly paint: (p: Painter) => void;
  /** A click/tap at a normalized point (x, y). */
  readonly onPoint?: (x: number, y: number) => void;
  readonly onKeyDown?: (e: KeyboardEvent<HTMLCanvasElement>) => void;
  readonly testId: string;
  /** Fraction of the viewport height the canvas may take. */
  readonly maxHeight?: number;
}

/** The still image with a custom overlay painted on top; sharp on high-DPI screens. */
export function XrayCanvas({ source, label, paint, onPoint, onKeyDown, testId, maxHeight = 0.6 }: XrayCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<View | null>(null);
  const [cssSize, setCssSize] = useState<Size>({ width: 0, height: 0 });
  const aspect = source.size.height / Math.max(1, source.size.width);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const measure = () => {
      const width = wrap.clientWidth;
      const maxH = window.innerHeight * maxHeight;
      const height = Math.min(width * aspect, maxH);
      setCssSize({ width: Math.round(height < width * aspect ? height / aspect : width), height: Math.round(height) });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(wrap);
    return () => ro.disconnect();
  }, [aspect, maxHeight]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || cssSize.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(cssSize.width * dpr);
    canvas.height = Math.round(cssSize.height * dpr);
    const view = fitView(source.size, { width: canvas.width, height: canvas.height });
    viewRef.current = view;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source.pixels, view.offsetX, view.offsetY, view.drawnWidth, source.size.height * view.scale);
    ctx.save();
    paint({ ctx, dpr, toCanvas: (b) => imageToCanvas(normalizedToImage(b, source.size), view) });
    ctx.restore();
  }, [source, cssSize, paint]);

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    const canvas = canvasRef.current;
    const view = viewRef.current;
    if (!onPoint || !canvas || !view) return;
    const r = canvas.getBoundingClientRect();
    const sx = canvas.width / Math.max(1, r.width);
    const sy = canvas.height / Math.max(1, r.height);
    const cx = (e.clientX - r.left) * sx;
    const cy = (e.clientY - r.top) * sy;
    const n = imageToNormalized(canvasToImage(box<'canvas'>(cx, cy, cx, cy), view), source.size);
    if (n.x1 >= 0 && n.x1 <= 1 && n.y1 >= 0 && n.y1 <= 1) onPoint(n.x1, n.y1);
  };

  return (
    <div ref={wrapRef} className="overlay-wrap">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={label}
        data-testid={testId}
        tabIndex={onKeyDown ? 0 : undefined}
        onPointerDown={onPoint ? onPointerDown : undefined}
        onKeyDown={onKeyDown}
        style={{ width: cssSize.width, height: cssSize.height, touchAction: 'manipulation', cursor: onPoint ? 'pointer' : undefined }}
      />
    </div>
  );
}

/** Stroke a normalized (ymin, xmin, ymax, xmax) row, the graph's layout. */
export function strokeYxyx(p: Painter, rows: ArrayLike<number>, i: number, color: string, width: number, dash: readonly number[] = []): void {
  const c = p.toCanvas(box<'normalized'>(rows[4 * i + 1]!, rows[4 * i]!, rows[4 * i + 3]!, rows[4 * i + 2]!));
  p.ctx.strokeStyle = color;
  p.ctx.lineWidth = width * p.dpr;
  p.ctx.setLineDash(dash.map((d) => d * p.dpr));
  p.ctx.strokeRect(c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1);
  p.ctx.setLineDash([]);
}

export function labelAt(p: Painter, text: string, x: number, y: number, color: string): void {
  const fs = 12 * p.dpr;
  p.ctx.font = `600 ${fs}px system-ui, sans-serif`;
  p.ctx.textBaseline = 'top';
  const w = p.ctx.measureText(text).width + fs * 0.6;
  const ty = y - fs * 1.35 >= 0 ? y - fs * 1.35 : y;
  p.ctx.fillStyle = color;
  p.ctx.fillRect(x, ty, w, fs * 1.35);
  p.ctx.fillStyle = '#fff';
  p.ctx.fillText(text, x + fs * 0.3, ty + fs * 0.18);
}
