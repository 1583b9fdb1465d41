import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { replaceQuery, useRoute } from '../../app/router';
import { dragBox, iouParts, isArrowKey, nudgeBox, RESIZE_HANDLES, type Handle } from '../../core/metrics-lab/boxEdit';
import { BOARD, fitPlayground, PLAYGROUND_SCHEMA, type PlaygroundState } from '../../core/metrics-lab/urlSchemas';
import type { XYWH } from '../../core/geometry';
import { readState, writeState } from '../../core/urlState';
import { useT } from '../../i18n/LangContext';
import { Formula } from '../../ui/Formula';
import { Slider } from '../../ui/Slider';
import { labTexts } from './texts';
import { usePointerToBoard } from './usePointerBoard';

type Which = 'gt' | 'pred';
const COLORS: Record<Which, string> = { gt: '#1565c0', pred: '#c2185b' };

interface Drag {
  readonly which: Which;
  readonly handle: Handle;
  readonly start: XYWH;
  readonly x0: number;
  readonly y0: number;
  readonly pointerId: number;
  readonly current: XYWH;
}

const boxOf = (s: PlaygroundState, w: Which): XYWH => (w === 'gt' ? [s.gx, s.gy, s.gw, s.gh] : [s.px, s.py, s.pw, s.ph]);
const withBox = (s: PlaygroundState, w: Which, b: XYWH): PlaygroundState => {
  const [x, y, bw, bh] = b.map(Math.round) as unknown as [number, number, number, number];
  return w === 'gt' ? { ...s, gx: x, gy: y, gw: bw, gh: bh } : { ...s, px: x, py: y, pw: bw, ph: bh };
};

function cornerPoint(b: XYWH, h: Handle): [number, number] {
  const x = h.includes('w') ? b[0] : h.includes('e') ? b[0] + b[2] : b[0] + b[2] / 2;
  const y = h.includes('n') ? b[1] : h.includes('s') ? b[1] + b[3] : b[1] + b[3] / 2;
  return [x, y];
}

const CURSORS: Record<Handle, string> = {
  move: 'move', n: 'ns-resize', s: 'ns-resize', e: 'ew-resize', w: 'ew-resize', ne: 'nesw-resize', sw: 'nesw-resize', nw: 'nwse-resize', se: 'nwse-resize',
};

export function IouPlayground() {
  const t = useT(labTexts);
  const { query } = useRoute();
  const qs = query.toString();
  const committed = useMemo(() => fitPlayground(readState(PLAYGROUND_SCHEMA, new URLSearchParams(qs))), [qs]);
  const commit = (s: PlaygroundState) => replaceQuery(writeState(PLAYGROUND_SCHEMA, s, new URLSearchParams(window.location.hash.split('?')[1] ?? '')));

  const svgRef = useRef<SVGSVGElement>(null);
  const toBoard = usePointerToBoard(svgRef, BOARD);
  const [drag, setDrag] = useState<Drag | null>(null);
  const state = drag ? withBox(committed, drag.which, drag.current) : committed;
  const gt = boxOf(state, 'gt');
  const pred = boxOf(state, 'pred');
  const parts = iouParts(gt, pred);
  const correct = parts.iou >= state.t;
  const committedParts = iouParts(boxOf(committed, 'gt'), boxOf(committed, 'pred'));

  const fmt = (v: number) => v.toFixed(2);
  const verdictText = (iou: number, thr: number) => t(iou >= thr ? 'verdictYes' : 'verdictNo', { t: fmt(thr), iou: iou.toFixed(3) });

  const onDown = (which: Which, handle: Handle) => (e: PointerEvent<SVGElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    (e.currentTarget as SVGElement & { focus?: () => void }).focus?.();
    const p = toBoard(e.clientX, e.clientY);
    const start = boxOf(committed, which);
    setDrag({ which, handle, start, x0: p.x, y0: p.y, pointerId: e.pointerId, current: start });
  };
  const onMove = (e: PointerEvent<SVGElement>) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const p = toBoard(e.clientX, e.clientY);
    setDrag({ ...drag, current: dragBox(drag.start, drag.handle, p.x - drag.x0, p.y - drag.y0, BOARD, 4) });
  };
  const onUp = (e: PointerEvent<SVGElement>) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    commit(withBox(committed, drag.which, drag.current));
    setDrag(null);
  };
  const onKey = (which: Which, handle: Handle) => (e: KeyboardEvent<SVGElement>) => {
    if (!isArrowKey(e.key)) return;
    e.preventDefault();
    e.stopPropagation(); // ←/→ would otherwise turn the page
    const step = e.altKey ? 1 : 5;
    const b = boxOf(committed, which);
    let next: XYWH;
    if (handle === 'move') next = nudgeBox(b, e.key, e.shiftKey, step, BOARD, 4);
    else {
      const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
      const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
      next = dragBox(b, handle, dx, dy, BOARD, 4);
    }
    commit(withBox(committed, which, next));
  };

  const names: Record<Which, string> = { gt: t('gt'), pred: t('pred') };
  const aria = (which: Which, b: XYWH) => t('boxAria', { name: names[which], x: b[0], y: b[1], w: b[2], h: b[3] });
  const unionPath = [gt, pred].map(([x, y, w, h]) => `M${x} ${y}h${w}v${h}h${-w}z`).join('');
  const iouText = parts.iou.toFixed(3);

  const renderBox = (which: Which, b: XYWH) => (
    <g key={which}>
      <rect
        x={b[0]} y={b[1]} width={b[2]} height={b[3]}
        className="pg-box" fill="transparent" stroke={COLORS[which]} strokeWidth={3}
        strokeDasharray={which === 'pred' ? '10 6' : undefined}
        style={{ cursor: CURSORS.move }}
        tabIndex={0} role="button" aria-roledescription="box" aria-label={aria(which, b)}
        data-testid={`pg-${which}`}
        onPointerDown={onDown(which, 'move')} onPointerMove={onMove} onPointerUp={onUp} onPointerCancel={onUp}
        onKeyDown={onKey(which, 'move')}
      />
      <text
        x={which === 'gt' ? b[0] + 6 : b[0] + b[2] - 6}
        y={which === 'gt' ? b[1] + 22 : b[1] + b[3] - 10}
        textAnchor={which === 'gt' ? 'start' : 'end'}
        className="pg-label"
        fill={COLORS[which]}
      >
        {which === 'gt' ? 'A · GT' : 'B · pred'}
      </text>
      {RESIZE_HANDLES.filter((h) => h.length === 2).map((h) => {
        const [cx, cy] = cornerPoint(b, h);
        return (
          <rect
            key={h} x={cx - 8} y={cy - 8} width={16} height={16} rx={3}
            className="pg-handle" fill="#fff" stroke={COLORS[which]} strokeWidth={2.5} style={{ cursor: CURSORS[h] }}
            tabIndex={0} role="button" aria-label={`${t('handleAria', { name: names[which] })} ${h.toUpperCase()}`}
            data-testid={`pg-${which}-${h}`}
            onPointerDown={onDown(which, h)} onPointerMove={onMove} onPointerUp={onUp} onPointerCancel={onUp}
            onKeyDown={onKey(which, h)}
          />
        );
      })}
    </g>
  );

  const I = Math.round(parts.intersection), A = Math.round(parts.areaA), B = Math.round(parts.areaB), U = Math.round(parts.union);
  return (
    <section className="lab-section" aria-labelledby="pg-h">
      <h2 id="pg-h">{t('pgHeading')}</h2>
      <p className="lead">{t('pgIntro')}</p>
      <div className="pg-layout">
        <div className="pg-board-wrap">
          <svg
            ref={svgRef}
            viewBox={`0 0 ${BOARD.width} ${BOARD.height}`}
            className="pg-board"
            role="group"
            aria-label={t('boardLabel', { gt: aria('gt', gt), pred: aria('pred', pred), iou: iouText })}
            data-testid="pg-board"
          >
            <defs>
              <pattern id="pg-grid" width="40" height="40" patternUnits="userSpaceOnUse">
                <path d="M40 0H0V40" fill="none" stroke="#e3e7eb" strokeWidth="1" />
              </pattern>
              <pattern id="pg-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="8" height="8" fill="#7b1fa2" fillOpacity="0.35" />
                <line x1="0" y1="0" x2="0" y2="8" stroke="#7b1fa2" strokeWidth="3" />
              </pattern>
            </defs>
            <rect width={BOARD.width} height={BOARD.height} fill="url(#pg-grid)" />
            <path d={unionPath} fill="#ffc107" fillOpacity={0.28} fillRule="nonzero" aria-hidden="true" />
            {parts.overlap && (
              <rect x={parts.overlap[0]} y={parts.overlap[1]} width={parts.overlap[2]} height={parts.overlap[3]} fill="url(#pg-hatch)" aria-hidden="true" />
            )}
            {renderBox('gt', gt)}
            {renderBox('pred', pred)}
          </svg>
          <ul className="legend" aria-hidden="true">
            <li><span className="sw" style={{ borderColor: COLORS.gt }} /> {t('gt')} (A)</li>
            <li><span className="sw dashed" style={{ borderColor: COLORS.pred }} /> {t('pred')} (B)</li>
            <li><span className="sw fill" style={{ background: 'rgba(123,31,162,0.55)' }} /> {t('intersection')}</li>
            <li><span className="sw fill" style={{ background: 'rgba(255,193,7,0.45)' }} /> {t('union')}</li>
          </ul>
        </div>
        <div className="pg-side">
          <p className="big-number" aria-hidden="true">
            IoU = <strong data-testid="pg-iou">{parts.iou.toFixed(2)}</strong>
          </p>
          <Formula display tex={String.raw`\mathrm{IoU}=\frac{|A\cap B|}{|A\cup B|}=\frac{|A\cap B|}{|A|+|B|-|A\cap B|}`} />
          <Formula display tex={String.raw`=\frac{${I}}{${A}+${B}-${I}}=\frac{${I}}{${U}}=${iouText}`} />
          <p className="hint">
            |A| = {A} px² ({t('areaA')}), |B| = {B} px² ({t('areaB')})
          </p>
          <Slider label={t('threshold')} hint={t('thresholdHint')} value={state.t} min={0.05} max={0.95} step={0.05} onChange={(v) => commit({ ...committed, t: v })} format={fmt} testId="pg-threshold" />
          <p className={`verdict ${correct ? 'ok' : 'bad'}`} data-testid="pg-verdict" data-correct={correct}>
            {correct ? '✔ ' : '✘ '}
            {verdictText(parts.iou, state.t)}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {t('live', { iou: committedParts.iou.toFixed(2), verdict: verdictText(committedParts.iou, committed.t) })}
          </p>
        </div>
      </div>
    </section>
  );
}
