import { useCallback } from 'react';
import { decodeBox, sigmoid } from '../../core/yolo/encoding';
import { useT } from '../../i18n/LangContext';
import { Formula } from '../../ui/Formula';
import { Slider } from '../../ui/Slider';
import { PaintCanvas } from './PaintCanvas';
import type { SetState, YoloPageState } from './state';
import { yoloTexts } from './texts';

const S = 8;
const f2 = (v: number) => v.toFixed(2);

export function EncodingSection({ state, setState }: { state: YoloPageState; setState: SetState }) {
  const t = useT(yoloTexts);
  const { cx, cy, pw, ph, tx, ty, tw, th } = state;
  const b = decodeBox({ tx, ty, tw, th }, cx, cy, pw, ph);

  const paint = useCallback(
    (ctx: CanvasRenderingContext2D, w: number) => {
      const u = w / S;
      ctx.strokeStyle = '#bbb';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i <= S; i++) {
        ctx.moveTo(i * u, 0);
        ctx.lineTo(i * u, S * u);
        ctx.moveTo(0, i * u);
        ctx.lineTo(S * u, i * u);
      }
      ctx.stroke();
      ctx.fillStyle = 'rgba(245, 183, 0, 0.35)';
      ctx.fillRect(cx * u, cy * u, u, u);
      ctx.setLineDash([5, 4]);
      ctx.strokeStyle = '#00a6ff';
      ctx.lineWidth = 1.5;
      ctx.strokeRect((cx + 0.5 - pw / 2) * u, (cy + 0.5 - ph / 2) * u, pw * u, ph * u);
      ctx.setLineDash([]);
      ctx.strokeStyle = '#e6194b';
      ctx.lineWidth = 2.5;
      ctx.strokeRect((b.bx - b.bw / 2) * u, (b.by - b.bh / 2) * u, b.bw * u, b.bh * u);
      ctx.fillStyle = '#e6194b';
      ctx.beginPath();
      ctx.arc(b.bx * u, b.by * u, 4, 0, 2 * Math.PI);
      ctx.fill();
    },
    [cx, cy, pw, ph, b],
  );

  const tex = String.raw`\begin{aligned}
b_x &= \sigma(t_x) + c_x = \sigma(${f2(tx)}) + ${cx} = ${f2(sigmoid(tx))} + ${cx} = ${f2(b.bx)}\\
b_y &= \sigma(t_y) + c_y = \sigma(${f2(ty)}) + ${cy} = ${f2(sigmoid(ty))} + ${cy} = ${f2(b.by)}\\
b_w &= p_w\,e^{t_w} = ${f2(pw)}\cdot e^{${f2(tw)}} = ${f2(b.bw)}\\
b_h &= p_h\,e^{t_h} = ${f2(ph)}\cdot e^{${f2(th)}} = ${f2(b.bh)}
\end{aligned}`;

  const sl = (key: keyof YoloPageState, label: string, min: number, max: number, step: number) => (
    <Slider label={label} value={state[key] as number} min={min} max={max} step={step} onChange={(v) => setState({ [key]: v })} format={(v) => (step >= 1 ? String(v) : v.toFixed(2))} testId={`enc-${key}`} />
  );

  return (
    <section className="yolo-section" aria-labelledby="yolo-enc-h">
      <h2 id="yolo-enc-h">{t('encHeading')}</h2>
      <p>{t('encIntro')}</p>
      <div className="yolo-two">
        <div>
          <PaintCanvas
            width={320}
            height={320}
            paint={paint}
            label={t('encCanvasLabel', { cx, cy, s: S, pw: f2(pw), ph: f2(ph), bx: f2(b.bx), by: f2(b.by), bw: f2(b.bw), bh: f2(b.bh) })}
            testId="enc-canvas"
          />
          <small className="hint">{t('encLegend')}</small>
        </div>
        <div>
          <div className="yolo-sliders">
            {sl('cx', 'c_x', 0, S - 1, 1)}
            {sl('cy', 'c_y', 0, S - 1, 1)}
            {sl('pw', 'p_w', 0.25, 6, 0.05)}
            {sl('ph', 'p_h', 0.25, 6, 0.05)}
            {sl('tx', 't_x', -5, 5, 0.05)}
            {sl('ty', 't_y', -5, 5, 0.05)}
            {sl('tw', 't_w', -2, 2, 0.05)}
            {sl('th', 't_h', -2, 2, 0.05)}
          </div>
          <div className="yolo-math" data-testid="enc-formula">
            <Formula tex={tex} display />
          </div>
        </div>
      </div>
    </section>
  );
}
