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
 * The source (image, or live video shown by its own <video> element under the canvas) with instance masks (a box's
 * `mask`, or `masks`: COCO RLE in image pixels) and boxes on top, all through the shared painter, sized
 * to its container and sharp on high-DPI screens. The canvas carries the boxes as drawn, in canvas
 * pixels (`data-boxes`, JSON `[x1, y1, x2, y2][]`), and whether masks are drawn (`data-drawn`), so a
 * test can read the pixels back against them.
 */
export function OverlayCanvas({ source, boxes, label, masks, maskOpacity, masksOnly = false, testId = 'overlay' }: OverlayCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [cssSize, setCssSize] = useState<Size>({ width: 0, height: 0 });
  const highlight = useHighlight(); // a results-table row under the pointer / focus (highlight.ts)

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

  // The boxes as drawn, in canvas pixels, for tests that read the pixels back.
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

  // Live video (not masks-only) is shown by a <video> element of its own, drawn by the browser's
  // compositor, under a transparent canvas that holds the masks and boxes: the main thread no longer copies
  // every camera frame into the canvas (a 640×480 drawImage per frame took more main-thread time than
  // anything else during live detection; see docs/BENCHMARKS.md, session 6). The canvas is redrawn only
  // when what it shows changes: a still, new boxes or masks, the highlight, the size.
  const live = source.kind === 'video' && !masksOnly ? source : null;
  const previewRef = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const preview = previewRef.current;
    if (!live || !preview) return;
    const v = live.video;
    if (v.srcObject) preview.srcObject = v.srcObject;
    else if (v.currentSrc) preview.src = v.currentSrc;
    preview.play().catch(() => undefined); // muted: allowed without a gesture; a refusal leaves the canvas boxes
    return () => {
      preview.pause();
      preview.srcObject = null;
      preview.removeAttribute('src');
    };
  }, [live]);

  const [videoSize, setVideoSize] = useState(0);
  useEffect(() => {
    if (!live) return;
    const v = live.video;
    const onResize = () => setVideoSize((n) => n + 1);
    v.addEventListener('resize', onResize);
    v.addEventListener('loadedmetadata', onResize);
    return () => {
      v.removeEventListener('resize', onResize);
      v.removeEventListener('loadedmetadata', onResize);
    };
  }, [live]);

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
    const s = sourceSize(source);
    if (s.width === 0 || s.height === 0) return;
    const mirrored = source.kind === 'video' && source.mirrored;
    const view = fitView(s, { width: canvas.width, height: canvas.height }, mirrored);
    const p = painter(ctx, s, view, dpr);
    drawFrame(p, sourcePixels(source), boxes, Math.round(14 * dpr), { masks, maskOpacity, masksOnly, noImage: live !== null });
    if (highlight && !masksOnly) drawHighlight(p, highlight);
  }, [source, live, cssSize, boxes, highlight, masks, maskOpacity, masksOnly, videoSize]);

  return (
    <div ref={wrapRef} className="overlay-wrap">
      <div className="overlay-stage" style={{ width: cssSize.width, height: cssSize.height }}>
        {live && (
          <video
            ref={previewRef}
            className="overlay-video"
            data-testid={`${testId}-video`}
            muted
            playsInline
            aria-hidden="true"
            tabIndex={-1}
            style={{ transform: live.mirrored ? 'scaleX(-1)' : undefined }}
          />
        )}
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={label}
          data-testid={testId}
          data-live={live ? 'video' : undefined}
          data-drawn={(masks?.length ?? 0) > 0 || boxes.some((b) => b.mask) ? 'masks' : 'none'}
          style={{ width: cssSize.width, height: cssSize.height }}
        />
      </div>
    </div>
  );
}
