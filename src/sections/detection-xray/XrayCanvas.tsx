import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { canvasPoint, imageToNormalized, normalizedFromYxyxRow } from '../../core/coords';
import type { Size } from '../../core/geometry';
import { fitPainter, type Painter } from '../../ui/painter';
import type { StillSource } from '../../ui/source';

export type { Painter } from '../../ui/painter';

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
  const painterRef = useRef<Painter | null>(null);
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
    const p = fitPainter(ctx, source.size, { dpr });
    painterRef.current = p;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    p.drawImage(source.pixels);
    ctx.save();
    paint(p);
    ctx.restore();
  }, [source, cssSize, paint]);

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    const canvas = canvasRef.current;
    const p = painterRef.current;
    if (!onPoint || !canvas || !p) return;
    const r = canvas.getBoundingClientRect();
    const sx = canvas.width / Math.max(1, r.width);
    const sy = canvas.height / Math.max(1, r.height);
    const cx = (e.clientX - r.left) * sx;
    const cy = (e.clientY - r.top) * sy;
    const n = imageToNormalized(p.toImage(canvasPoint(cx, cy)), source.size);
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
  p.strokeBox(p.fromNormalized(normalizedFromYxyxRow(rows, i)), color, width, dash);
}
