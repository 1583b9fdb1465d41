import { useEffect, useRef, useState } from 'react';
import { fitView, imageToCanvas } from '../../core/coords';
import type { Size } from '../../core/geometry';
import type { DrawnBox } from '../../ui/drawDetections';
import { sourcePixels, sourceSize, type Source } from '../../ui/source';

export interface MaskLayer {
  /** RGBA of size `size` (a display-resolution copy of the masks). */
  readonly rgba: Uint8ClampedArray;
  readonly size: Size;
}

export interface MaskCanvasProps {
  readonly source: Source;
  readonly layer: MaskLayer | null;
  readonly boxes: readonly DrawnBox[];
  /** Black background instead of the photo. */
  readonly maskOnly: boolean;
  readonly label: string;
  readonly testId: string;
}

/**
 * The photo (or live video), a mask layer on top and the boxes with labels. The canvas carries the
 * drawn boxes in canvas pixels (`data-boxes`) so a test can read the pixels back against them.
 */
export function MaskCanvas({ source, layer, boxes, maskOnly, label, testId }: MaskCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [cssWidth, setCssWidth] = useState(0);
  const [boxesAttr, setBoxesAttr] = useState('[]');
  const size = sourceSize(source);
  const aspect = size.width > 0 && size.height > 0 ? size.height / size.width : 0.75;

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const measure = () => setCssWidth(wrap.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(wrap);
    return () => ro.disconnect();
  }, []);

  const layerCanvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (!layer) {
      layerCanvas.current = null;
      return;
    }
    const c = document.createElement('canvas');
    c.width = layer.size.width;
    c.height = layer.size.height;
    c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(layer.rgba), layer.size.width, layer.size.height), 0, 0);
    layerCanvas.current = c;
  }, [layer]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || cssWidth === 0) return;
    const cssHeight = Math.round(cssWidth * aspect);
    canvas.width = cssWidth;
    canvas.height = cssHeight;
    const draw = () => {
      const s = sourceSize(source);
      if (s.width === 0 || s.height === 0) return;
      const mirrored = source.kind === 'video' && source.mirrored;
      const view = fitView(s, { width: canvas.width, height: canvas.height }, mirrored);
      const h = s.height * view.scale;
      ctx.save();
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      if (mirrored) {
        ctx.translate(view.offsetX + view.drawnWidth, view.offsetY);
        ctx.scale(-1, 1);
      } else ctx.translate(view.offsetX, view.offsetY);
      if (!maskOnly) ctx.drawImage(sourcePixels(source), 0, 0, view.drawnWidth, h);
      ctx.imageSmoothingEnabled = false;
      if (layerCanvas.current) ctx.drawImage(layerCanvas.current, 0, 0, view.drawnWidth, h);
      ctx.restore();
      if (maskOnly) return;
      ctx.save();
      ctx.lineWidth = 2;
      ctx.font = '600 13px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      for (const b of boxes) {
        const c = imageToCanvas(b.box, view);
        ctx.strokeStyle = b.color;
        ctx.strokeRect(c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1);
        const tw = ctx.measureText(b.text).width + 6;
        ctx.fillStyle = b.color;
        ctx.fillRect(c.x1, Math.max(0, c.y1 - 17), tw, 17);
        ctx.fillStyle = '#fff';
        ctx.fillText(b.text, c.x1 + 3, Math.max(0, c.y1 - 17) + 2);
      }
      ctx.restore();
    };
    const s = sourceSize(source);
    const view = fitView(s, { width: canvas.width, height: canvas.height }, source.kind === 'video' && source.mirrored);
    setBoxesAttr(JSON.stringify(boxes.map((b) => {
      const c = imageToCanvas(b.box, view);
      return [c.x1, c.y1, c.x2, c.y2];
    })));
    if (source.kind === 'still') {
      draw();
      return;
    }
    let raf = 0;
    const loop = () => {
      draw();
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [source, cssWidth, aspect, boxes, layer, maskOnly]);

  return (
    <div ref={wrapRef} className="mask-canvas-wrap">
      <canvas ref={canvasRef} role="img" aria-label={label} data-testid={testId} data-boxes={boxesAttr} data-drawn={layer ? 'masks' : 'none'} />
    </div>
  );
}
