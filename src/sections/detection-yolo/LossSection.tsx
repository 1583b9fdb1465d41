import { yoloLoss } from '../../core/yolo/loss';
import { sigmoid } from '../../core/yolo/encoding';
import { useT } from '../../i18n/LangContext';
import { Formula } from '../../ui/Formula';
import { Slider } from '../../ui/Slider';
import type { SetState, YoloPageState } from './state';
import { yoloTexts } from './texts';

/** A 3×3 grid, one prior, C = 3: one GT in cell (1, 1), class 0, centre offset (0.4, 0.6), size ln(1.5), ln(0.8). */
const S = 3;
const C = 3;
const GT = { gx: 0.4, gy: 0.6, gw: Math.log(1.5), gh: Math.log(0.8), cls: 0 };
const f3 = (v: number) => v.toFixed(3);

export function LossSection({ state, setState, className }: { state: YoloPageState; setState: SetState; className: (c: number) => string }) {
  const t = useT(yoloTexts);
  const n = S * S;
  const D = 5 + C;
  const raw = new Float64Array(n * D);
  const obj = new Float64Array(n);
  const loc = new Float64Array(n * 4);
  const cls = new Float64Array(n * C);
  const r = 1 * S + 1;
  for (let i = 0; i < n; i++) raw[i * D + 4] = state.lbg;
  raw[r * D] = state.ltx;
  raw[r * D + 1] = state.ltx;
  raw[r * D + 2] = state.ltw;
  raw[r * D + 3] = state.ltw;
  raw[r * D + 4] = state.lto;
  raw[r * D + 5] = state.lcls;
  obj[r] = 1;
  loc.set([GT.gx, GT.gy, GT.gw, GT.gh], 4 * r);
  cls[r * C + GT.cls] = 1;
  const w = { alphaConf: state.a1, alphaLoc: state.a2, alphaCls: state.a3, lambdaNoobj: state.lam };
  const l = yoloLoss(raw, obj, loc, cls, C, 1, w);

  const sx = sigmoid(state.ltx);
  const sgn = (v: number) => (v < 0 ? `+ ${(-v).toFixed(3)}` : `- ${v.toFixed(3)}`);
  const tex = String.raw`\begin{aligned}
L_{conf}^{obj} &= -\ln\sigma(${state.lto.toFixed(2)}) = ${f3(l.confObj)}\\
L_{conf}^{noobj} &= ${state.lam.toFixed(2)}\cdot 8\cdot\big(-\ln(1-\sigma(${state.lbg.toFixed(2)}))\big) = ${f3(l.confNoobj)}\\
L_{loc} &= (${sx.toFixed(3)} - ${GT.gx})^2 + (${sx.toFixed(3)} - ${GT.gy})^2\\
&\quad + (${state.ltw.toFixed(2)} ${sgn(GT.gw)})^2 + (${state.ltw.toFixed(2)} ${sgn(GT.gh)})^2 = ${f3(l.loc)}\\
L_{cls} &= -\ln\frac{e^{${state.lcls.toFixed(2)}}}{e^{${state.lcls.toFixed(2)}} + e^{0} + e^{0}} = ${f3(l.cls)}\\
L &= ${state.a1.toFixed(1)}\cdot ${f3(l.conf)} + ${state.a2.toFixed(1)}\cdot ${f3(l.loc)} + ${state.a3.toFixed(1)}\cdot ${f3(l.cls)} = ${f3(l.total)}
\end{aligned}`;

  const sl = (key: keyof YoloPageState, label: string, min: number, max: number, step: number) => (
    <Slider label={label} value={state[key] as number} min={min} max={max} step={step} onChange={(v) => setState({ [key]: v })} format={(v) => v.toFixed(2)} testId={`loss-${key}`} />
  );
  const rows: [string, number, number][] = [
    [t('termConfObj'), l.confObj, state.a1 * l.confObj],
    [t('termConfNoobj'), l.confNoobj, state.a1 * l.confNoobj],
    [t('termLoc'), l.loc, state.a2 * l.loc],
    [t('termCls'), l.cls, state.a3 * l.cls],
  ];

  return (
    <section className="yolo-section" aria-labelledby="yolo-loss-h">
      <h2 id="yolo-loss-h">{t('lossHeading')}</h2>
      <p>{t('lossIntro')}</p>
      <p>
        <strong>{t('lossGt', { cls: className(GT.cls) })}</strong>: g = ({GT.gx}, {GT.gy}, ln 1.5, ln 0.8)
      </p>
      <div className="yolo-two">
        <div className="yolo-sliders">
          {sl('ltx', t('lossPredTx'), -5, 5, 0.05)}
          {sl('ltw', t('lossPredTw'), -2, 2, 0.05)}
          {sl('lto', t('lossPredTo'), -6, 6, 0.1)}
          {sl('lbg', t('lossPredBg'), -6, 6, 0.1)}
          {sl('lcls', t('lossPredCls'), -5, 5, 0.1)}
          {sl('lam', t('lambdaNoobj'), 0, 1, 0.05)}
          {sl('a1', 'α₁ (conf)', 0, 5, 0.1)}
          {sl('a2', 'α₂ (loc)', 0, 5, 0.1)}
          {sl('a3', 'α₃ (cls)', 0, 5, 0.1)}
        </div>
        <div>
          <table className="yolo-table" data-testid="loss-table">
            <thead>
              <tr>
                <th scope="col">{t('lossTerm')}</th>
                <th scope="col">{t('lossValue')}</th>
                <th scope="col">{t('lossWeighted')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([name, v, wv]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{f3(v)}</td>
                  <td>{f3(wv)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('termTotal')}</th>
                <td />
                <td data-testid="loss-total">{f3(l.total)}</td>
              </tr>
            </tbody>
          </table>
          <div className="yolo-math">
            <Formula tex={tex} display />
          </div>
        </div>
      </div>
    </section>
  );
}
