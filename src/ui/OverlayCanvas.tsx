import { useEffect, useRef, useState } from 'react';
import { fitView } from '../core/coords';
import type { Size } from '../core/geometry';
import { drawFrame, type DrawnBox, type DrawnMask } from './drawDetections';
import { drawHighlight, useHighlight } from './highlight';
import { painter } from './painter';
import { sourcePixels, sourceSize, type Source } from './source';

export interface OverlayCanvasProps {
  readonly source: Source;
  readonly boxes: readonly DrawnBox[];
  /** Text alternative of what the canvas shows (the table below gives the details). */
  readonly label: string;
  /** Masks without a box of their own (drawn under the boxes), e.g. coloured by class. */
  readonly masks?: readonly DrawnMask[];
  /** Fill opacity of the masks, 0..1 (default 0.35; edges are opaque). */
  readonly maskOpacity?: number;
  /** The masks alone on black (no image, no boxes). */
  readonly masksOnly?: boolean;
  readonly testId?: string;
}

/**
 * The source (image, or live video redrawn on each new camera frame) with instance masks (a box's
 * `mask`, or `masks`: COCO RLE in image pixels) and boxes on top, all through the shared painter, sized
 * to its container and sharp on high-DPI screens. The canvas carries the boxes as drawn, in canvas
 * pixels (`data-boxes`, JSON `[x1, y1, x2, y2][]`), and whether masks are drawn (`data-drawn`), so a
 * test can read the pixels back against them.
 */
export function OverlayCanvas({ source, boxes, label, masks, maskOpacity, masksOnly = false, testId = 'overlay' }: OverlayCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxesRef = useRef(boxes);
  const [cssSize, setCssSize] = useState<Size>({ width: 0, height: 0 });
  const highlight = useHighlight(); // a results-table row under the pointer / focus (highlight.ts)

  useEffect(() => {
    boxesRef.current = boxes;
  }, [boxes]);

  const size = sourceSize(source);
  const aspect = size.width > 0 && size.height > 0 ? size.height / size.width : 0.75;

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const measure = () => {
      const width = wrap.clientWidth;
      const maxH = window.innerHeight * 0.7;
      const height = Math.min(width * aspect, maxH);
      setCssSize({ width: Math.round(height < width * aspect ? height / aspect : width), height: Math.round(height) });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(wrap);
    return () => ro.disconnect();
  }, [aspect]);

  // A still is drawn again when its boxes change; live video draws the latest boxes (`boxesRef`) with its
  // next camera frame, so a new result costs no extra draw.
  const stillBoxes = source.kind === 'still' ? boxes : null;
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || cssSize.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const s = sourceSize(source);
    const view = fitView(s, { width: Math.round(cssSize.width * dpr), height: Math.round(cssSize.height * dpr) }, source.kind === 'video' && source.mirrored);
    canvas.dataset.boxes = JSON.stringify(boxes.map((b) => {
      const c = painter(ctx, s, view, dpr).toCanvas(b.box);
      return [c.x1, c.y1, c.x2, c.y2];
    }));
  }, [source, cssSize, boxes]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || cssSize.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.round(cssSize.width * dpr);
    const height = Math.round(cssSize.height * dpr);
    // Setting a canvas's size clears it: only when it changes (not on every re-run of this effect).
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const draw = () => {
      const s = sourceSize(source);
      if (s.width === 0 || s.height === 0) return;
      const mirrored = source.kind === 'video' && source.mirrored;
      const view = fitView(s, { width: canvas.width, height: canvas.height }, mirrored);
      const p = painter(ctx, s, view, dpr);
      drawFrame(p, sourcePixels(source), boxesRef.current, Math.round(14 * dpr), { masks, maskOpacity, masksOnly });
      if (highlight && !masksOnly) drawHighlight(p, highlight);
    };
    if (source.kind === 'still') {
      draw();
      return;
    }
    // Live video: redrawn once per new camera frame (`requestVideoFrameCallback`: 15–30 times a second)
    // rather than on every animation frame (60+): the same picture, a quarter of the main thread's
    // drawing work, which goes to the workers' inference on a 2-core laptop. Without it, every frame.
    const v = source.video;
    draw();
    if (typeof v.requestVideoFrameCallback === 'function') {
      let stopped = false;
      let handle = 0;
      const onFrame = () => {
        if (stopped) return;
        draw();
        handle = v.requestVideoFrameCallback(onFrame);
      };
      handle = v.requestVideoFrameCallback(onFrame);
      return () => {
        stopped = true;
        v.cancelVideoFrameCallback(handle);
      };
    }
    let raf = 0;
    const loop = () => {
      draw();
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [source, cssSize, stillBoxes, highlight, masks, maskOpacity, masksOnly]);

  return (
    <div ref={wrapRef} className="overlay-wrap">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={label}
        data-testid={testId}
        data-drawn={(masks?.length ?? 0) > 0 || boxes.some((b) => b.mask) ? 'masks' : 'none'}
        style={{ width: cssSize.width, height: cssSize.height }}
      />
    </div>
  );
}
