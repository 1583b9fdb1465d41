import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { XYWH } from '../../core/geometry';
import { boxFromPoints, dragBox, isArrowKey, nudgeBox, RESIZE_HANDLES, type Handle } from '../../core/metrics-lab/boxEdit';
import type { GtBox } from '../../core/metrics-lab/photoEval';
import type { StillSource } from '../../ui/source';
import { usePointerToBoard } from './usePointerBoard';

export const MARK_COLORS = { tp: '#1b8a2f', fp: '#d32f2f', fn: '#ef6c00', gt: '#ffffff', crowd: '#9e9e9e' } as const;

export interface ShownDetection {
  readonly bbox: XYWH;
  readonly status: 'tp' | 'fp' | 'ignored';
  readonly text: string;
  readonly index: number;
}

export interface GtEditorProps {
  readonly still: StillSource;
  readonly boxes: readonly GtBox[];
  readonly onChange: (boxes: GtBox[]) => void;
  readonly selected: number;
  readonly onSelect: (i: number) => void;
  readonly newClass: number;
  readonly detections: readonly ShownDetection[];
  /** GT indexes matched by a shown TP detection. */
  readonly matched: ReadonlySet<number>;
  readonly boxLabel: (i: number) => string;
  readonly gtText: (i: number) => string;
  readonly label: string;
}

type Drag =
  | { readonly kind: 'edit'; readonly index: number; readonly handle: Handle; readonly start: XYWH; readonly x0: number; readonly y0: number; readonly pointerId: number; readonly current: XYWH }
  | { readonly kind: 'draw'; readonly x0: number; readonly y0: number; readonly pointerId: number; readonly current: XYWH };

const CURSORS: Record<Handle, string> = {
  move: 'move', n: 'ns-resize', s: 'ns-resize', e: 'ew-resize', w: 'ew-resize', ne: 'nesw-resize', sw: 'nesw-resize', nw: 'nwse-resize', se: 'nwse-resize',
};

function handlePoint(b: XYWH, h: Handle): [number, number] {
  const x = h.includes('w') ? b[0] : h.includes('e') ? b[0] + b[2] : b[0] + b[2] / 2;
  const y = h.includes('n') ? b[1] : h.includes('s') ? b[1] + b[3] : b[1] + b[3] / 2;
  return [x, y];
}

const round2 = (b: XYWH): XYWH => [b[0], b[1], b[2], b[3]].map((v) => Math.round(v * 100) / 100) as unknown as XYWH;

/**
 * The photo with ground-truth boxes to draw and edit (an SVG over a canvas; the SVG's viewBox is
 * the original image's pixel grid, so boxes are stored in original pixels) and the detector's boxes
 * marked TP / FP.
 */
export function GtEditor({ still, boxes, onChange, selected, onSelect, newClass, detections, matched, boxLabel, gtText, label }: GtEditorProps) {
  const size = still.size;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const toImage = usePointerToBoard(svgRef, size);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [unit, setUnit] = useState(1); // image px per CSS px

  useEffect(() => {
    const c = canvasRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = still.pixels.width;
    c.height = still.pixels.height;
    ctx.drawImage(still.pixels, 0, 0);
  }, [still]);

  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const measure = () => setUnit(el.clientWidth > 0 ? size.width / el.clientWidth : 1);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [size.width]);

  const shown = boxes.map((b, i) => (drag?.kind === 'edit' && drag.index === i ? { ...b, bbox: drag.current } : b));

  const startDraw = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0 || drag) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = toImage(e.clientX, e.clientY);
    onSelect(-1);
    setDrag({ kind: 'draw', x0: p.x, y0: p.y, pointerId: e.pointerId, current: [p.x, p.y, 0, 0] });
  };
  const startEdit = (index: number, handle: Handle) => (e: PointerEvent<SVGElement>) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    svgRef.current?.setPointerCapture(e.pointerId);
    const b = boxes[index];
    if (!b) return;
    const p = toImage(e.clientX, e.clientY);
    onSelect(index);
    (e.currentTarget.closest('g')?.querySelector('[data-gt-body]') as SVGElement | null)?.focus();
    setDrag({ kind: 'edit', index, handle, start: b.bbox, x0: p.x, y0: p.y, pointerId: e.pointerId, current: b.bbox });
  };
  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const p = toImage(e.clientX, e.clientY);
    if (drag.kind === 'draw') setDrag({ ...drag, current: boxFromPoints(drag.x0, drag.y0, p.x, p.y, size) });
    else setDrag({ ...drag, current: dragBox(drag.start, drag.handle, p.x - drag.x0, p.y - drag.y0, size, 2 * unit) });
  };
  const onUp = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    setDrag(null);
    if (drag.kind === 'draw') {
      const [, , w, h] = drag.current;
      if (w >= 4 * unit && h >= 4 * unit) {
        onChange([...boxes, { categoryId: newClass, bbox: round2(drag.current) }]);
        onSelect(boxes.length);
      }
    } else if (drag.current !== drag.start) {
      onChange(boxes.map((b, i) => (i === drag.index ? { categoryId: b.categoryId, bbox: round2(drag.current) } : b)));
    }
  };
  const onKey = (index: number) => (e: KeyboardEvent<SVGElement>) => {
    const b = boxes[index];
    if (!b) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onChange(boxes.filter((_, i) => i !== index));
      onSelect(-1);
      return;
    }
    if (e.key === 'Escape') {
      onSelect(-1);
      return;
    }
    const key = e.key;
    if (!isArrowKey(key)) return;
    e.preventDefault();
    e.stopPropagation(); // ←/→ would otherwise turn the page
    const step = Math.max(1, Math.round(unit * (e.altKey ? 1 : 5)));
    onChange(boxes.map((g, i) => (i === index ? { categoryId: g.categoryId, bbox: round2(nudgeBox(g.bbox, key, e.shiftKey, step, size, 2)) } : g)));
  };

  const font = 14 * unit;
  const hs = 12 * unit;
  const drawing = drag?.kind === 'draw' ? drag.current : null;

  return (
    <div className="gt-editor" style={{ aspectRatio: `${size.width} / ${size.height}`, maxWidth: `calc(70vh * ${size.width / size.height})` }}>
      <canvas ref={canvasRef} aria-hidden="true" />
      <svg
        ref={svgRef}
        viewBox={`0 0 ${size.width} ${size.height}`}
        role="group"
        aria-label={label}
        data-testid="gt-editor"
        style={{ cursor: 'crosshair' }}
        onPointerDown={startDraw}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      >
        {detections.map((d) => {
          const color = d.status === 'tp' ? MARK_COLORS.tp : d.status === 'fp' ? MARK_COLORS.fp : MARK_COLORS.crowd;
          const [x, y, w, h] = d.bbox;
          const ty = y - font * 1.5 >= 0 ? y - font * 1.5 : y;
          return (
            <g key={`d${d.index}`} pointerEvents="none" data-testid="det-box" data-status={d.status}>
              <rect x={x} y={y} width={w} height={h} fill="none" stroke={color} strokeWidth={3} vectorEffect="non-scaling-stroke" />
              <rect x={x} y={ty} width={Math.max(w, d.text.length * font * 0.56)} height={font * 1.5} fill={color} opacity={0.9} />
              <text x={x + font * 0.3} y={ty + font * 1.1} fontSize={font} fill="#fff" fontWeight={700}>{d.text}</text>
            </g>
          );
        })}
        {shown.map((b, i) => {
          const [x, y, w, h] = b.bbox;
          const isSel = i === selected;
          const fn = !b.iscrowd && !matched.has(i);
          const color = b.iscrowd ? MARK_COLORS.crowd : fn ? MARK_COLORS.fn : MARK_COLORS.gt;
          return (
            <g key={`g${i}`} data-testid="gt-box" data-fn={fn} data-index={i}>
              <rect x={x} y={y} width={w} height={h} fill="none" stroke="#000" strokeOpacity={0.55} strokeWidth={fn ? 6 : 5} vectorEffect="non-scaling-stroke" pointerEvents="none" />
              <rect
                data-gt-body=""
                x={x} y={y} width={w} height={h}
                fill={isSel ? 'rgba(255,255,255,0.12)' : 'transparent'}
                stroke={color} strokeWidth={fn ? 4 : 2.5} strokeDasharray={fn ? '10 6' : b.iscrowd ? '3 4' : undefined}
                vectorEffect="non-scaling-stroke"
                style={{ cursor: CURSORS.move }}
                tabIndex={0} role="button" aria-pressed={isSel} aria-label={boxLabel(i)}
                onFocus={() => onSelect(i)}
                onPointerDown={startEdit(i, 'move')}
                onKeyDown={onKey(i)}
              />
              <text x={x + 4 * unit} y={y + h - 6 * unit} fontSize={font} fill={color} stroke="#000" strokeWidth={3 * unit} paintOrder="stroke" fontWeight={700} pointerEvents="none">
                {gtText(i)}
              </text>
              {isSel &&
                RESIZE_HANDLES.map((hd) => {
                  const [cx, cy] = handlePoint(b.bbox, hd);
                  return (
                    <rect
                      key={hd} x={cx - hs / 2} y={cy - hs / 2} width={hs} height={hs}
                      fill="#fff" stroke="#0b5cad" strokeWidth={2} vectorEffect="non-scaling-stroke"
                      style={{ cursor: CURSORS[hd] }} data-testid={`gt-handle-${hd}`}
                      onPointerDown={startEdit(i, hd)}
                    />
                  );
                })}
            </g>
          );
        })}
        {drawing && (
          <rect x={drawing[0]} y={drawing[1]} width={drawing[2]} height={drawing[3]} fill="rgba(255,255,255,0.15)" stroke="#fff" strokeWidth={2} strokeDasharray="6 4" vectorEffect="non-scaling-stroke" pointerEvents="none" />
        )}
      </svg>
    </div>
  );
}
