import { useEffect, useRef, useState } from 'react';
import type { Size } from '../../core/geometry';
import type { SegResult } from '../../models/segDecode';
import { renderSegmentation, type RenderSettings } from './render';

export interface SegFrame {
  /** The pixels the mask was computed on (a still image, or a captured video frame). */
  readonly pixels: CanvasImageSource;
  readonly size: Size;
  readonly result: SegResult | null;
  readonly mirrored: boolean;
}

/** The frame with its mask in the chosen view, sized to its container and sharp on high-DPI screens. */
export function SegCanvas({ frame, settings, label }: { frame: SegFrame; settings: RenderSettings; label: string }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [cssSize, setCssSize] = useState<Size>({ width: 0, height: 0 });
  const aspect = frame.size.width > 0 && frame.size.height > 0 ? frame.size.height / frame.size.width : 0.75;

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const measure = () => {
      const width = wrap.clientWidth;
      const height = Math.min(width * aspect, window.innerHeight * 0.7);
      setCssSize({ width: Math.round(height < width * aspect ? height / aspect : width), height: Math.round(height) });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(wrap);
    return () => ro.disconnect();
  }, [aspect]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || cssSize.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(cssSize.width * dpr);
    const h = Math.round(cssSize.height * dpr);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    renderSegmentation(canvas, frame.pixels, frame.size, frame.result, settings, frame.mirrored, dpr);
  }, [frame, settings, cssSize]);

  return (
    <div ref={wrapRef} className="overlay-wrap">
      <canvas ref={canvasRef} role="img" aria-label={label} data-testid="seg-canvas" style={{ width: cssSize.width, height: cssSize.height }} />
    </div>
  );
}
