import { useStepper } from '../../ui/stepper';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ssdColumnToCocoId } from '../../core/cocoClasses';
import { normalizedPoint } from '../../core/coords';
import type { NmsTrace } from '../../core/nms';
import { useT } from '../../i18n/LangContext';
import type { SsdInternals } from '../../models/ssdInternals';
import { classColor } from '../../ui/drawDetections';
import type { StillSource } from '../../ui/source';
import { TableHead } from '../../ui/TableHead';
import { xrayTexts } from './texts';
import { strokeYxyx, XrayCanvas, type Painter } from './XrayCanvas';

export interface NmsStepperProps {
  readonly source: StillSource;
  readonly internals: SsdInternals;
  readonly trace: NmsTrace;
  /** 1-based step (from the URL); clamped to the trace. */
  readonly step: number;
  readonly iouThreshold: number;
  readonly onStep: (step: number) => void;
  readonly className: (column: number) => string;
}

const MAX_GREY = 400;
const WINDOW = 40;
const PLAY_MS = 700;

export function NmsStepper({ source, internals, trace, step, iouThreshold, onStep, className }: NmsStepperProps) {
  const t = useT(xrayTexts);
  const total = trace.steps.length;
  const cur = Math.max(1, Math.min(total, step));
  const current = total > 0 ? trace.steps[cur - 1] : undefined;
  const [playing, setPlaying] = useState(false);
  // → / ← (and space in lecturer mode) step through NMS instead of leaving the section.
  useStepper({
    next: () => onStep(Math.min(total, cur + 1)),
    prev: () => onStep(Math.max(1, cur - 1)),
    canNext: cur < total,
    canPrev: cur > 1,
  });

  const latest = useRef({ cur, total, onStep });
  useEffect(() => {
    latest.current = { cur, total, onStep };
  }, [cur, total, onStep]);
  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => {
      const { cur: c, total: n, onStep: go } = latest.current;
      if (c >= n) setPlaying(false);
      else go(c + 1);
    }, PLAY_MS);
    return () => window.clearInterval(id);
  }, [playing]);

  const keptBefore = useMemo(() => trace.steps.slice(0, cur - 1).filter((s) => s.kept), [trace, cur]);
  const boxes = internals.boxes;

  const paint = useCallback(
    (p: Painter) => {
      const rows = trace.rows;
      for (let j = 0; j < Math.min(rows.length, MAX_GREY); j++) strokeYxyx(p, boxes, rows[j]!, 'rgba(200, 200, 200, 0.55)', 1);
      for (const s of keptBefore) strokeYxyx(p, boxes, s.index, classColor(ssdColumnToCocoId(s.cls)), 2.5);
      if (!current) return;
      if (!current.kept && current.suppressedBy !== undefined) {
        strokeYxyx(p, boxes, current.suppressedBy, '#f5b700', 4);
      }
      strokeYxyx(p, boxes, current.index, current.kept ? '#1b7f3a' : '#d32f2f', 4, [8, 5]);
      const x = boxes[4 * current.index + 1]!;
      const y = boxes[4 * current.index]!;
      const c = p.fromNormalized(normalizedPoint(x, y));
      const text = current.kept ? `${className(current.cls)} ${current.score.toFixed(2)}` : `IoU ${(current.iou ?? 0).toFixed(2)}`;
      p.label(text, c.x1, c.y1, current.kept ? '#1b7f3a' : '#d32f2f');
    },
    [trace, boxes, keptBefore, current, className],
  );

  if (total === 0) {
    return (
      <section className="xray-section" aria-labelledby="xray-nms-h">
        <h2 id="xray-nms-h">{t('nmsHeading')}</h2>
        <p data-testid="nms-empty">{t('noSteps')}</p>
      </section>
    );
  }

  const verdict = current!.kept ? 'kept' : 'suppressed';
  const verdictText = current!.kept
    ? t('verdictKept', { anchor: current!.index, cls: className(current!.cls), score: current!.score.toFixed(3), thr: iouThreshold.toFixed(2) })
    : t('verdictSuppressed', {
        anchor: current!.index,
        cls: className(current!.cls),
        score: current!.score.toFixed(3),
        by: current!.suppressedBy ?? -1,
        iou: (current!.iou ?? 0).toFixed(3),
        thr: iouThreshold.toFixed(2),
      });
  const from = Math.max(1, Math.min(cur - 5, total - WINDOW + 1));
  const to = Math.min(total, from + WINDOW - 1);
  const go = (s: number) => onStep(Math.max(1, Math.min(total, s)));

  return (
    <section className="xray-section" aria-labelledby="xray-nms-h">
      <h2 id="xray-nms-h">{t('nmsHeading')}</h2>
      <p>{t('nmsIntro')}</p>
      <div className="xray-stepper" role="group" aria-label={t('nmsHeading')}>
        <button type="button" onClick={() => go(1)} disabled={cur <= 1} data-testid="nms-first">
          {t('first')}
        </button>
        <button type="button" onClick={() => go(cur - 1)} disabled={cur <= 1} data-testid="nms-prev">
          {t('prev')}
        </button>
        <button type="button" onClick={() => setPlaying((p) => !p)} aria-pressed={playing} disabled={cur >= total && !playing} data-testid="nms-play">
          {playing ? t('pause') : t('play')}
        </button>
        <button type="button" onClick={() => go(cur + 1)} disabled={cur >= total} data-testid="nms-next">
          {t('next')}
        </button>
        <output data-testid="nms-step" data-step={cur} data-total={total} aria-live="polite">
          {t('stepOf', { k: cur, n: total })}
        </output>
      </div>
      <p className="xray-verdict" data-testid="nms-verdict" data-verdict={verdict} aria-live="polite">
        {verdictText}
      </p>
      <div className="xray-two">
        <XrayCanvas
          source={source}
          paint={paint}
          testId="nms-canvas"
          label={t('nmsCanvasLabel', { k: cur, anchor: current!.index, verdict: current!.kept ? t('kept') : t('suppressed'), kept: keptBefore.length, boxes: trace.rows.length })}
        />
        <div>
          <div className="xray-scroll">
            <table className="xray-table" data-testid="nms-list">
              <TableHead columns={[t('colStep'), t('colAnchor'), t('colClass'), t('colScore'), t('colVerdict'), t('colIou')]} />
              <tbody>
                {trace.steps.slice(from - 1, to).map((s, q) => {
                  const k = from + q;
                  return (
                    <tr key={k} aria-current={k === cur} className={k < cur ? (s.kept ? 'kept' : 'suppressed') : undefined}>
                      <td>
                        <button type="button" className="linklike" onClick={() => go(k)}>
                          {k}
                        </button>
                      </td>
                      <td>{s.index}</td>
                      <td>{className(s.cls)}</td>
                      <td>{s.score.toFixed(3)}</td>
                      <td>{k <= cur ? (s.kept ? t('kept') : `${t('suppressed')} (#${s.suppressedBy ?? ''})`) : '…'}</td>
                      <td>{k <= cur && !s.kept ? (s.iou ?? 0).toFixed(3) : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <small className="hint">{t('listNote', { from, to, n: total })}</small>
        </div>
      </div>
    </section>
  );
}
