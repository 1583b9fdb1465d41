import { decodeOne, sigmoid } from '../../core/ssd/boxCoder';
import { topClasses } from '../../core/ssd/cells';
import type { Priors } from '../../core/ssd/priors';
import { useT } from '../../i18n/LangContext';
import type { SsdInternals } from '../../models/ssdInternals';
import { Formula } from '../../ui/Formula';
import { TableHead } from '../../ui/TableHead';
import { fx, tx } from '../../core/format';
import { xrayTexts } from './texts';

export interface CellDetailProps {
  readonly internals: SsdInternals;
  readonly priors: Priors;
  /** Our decode of the encodings with our priors (ymin, xmin, ymax, xmax rows). */
  readonly ours: Float32Array;
  /** Anchor indices of the selected cell, k = 0..b−1. */
  readonly anchors: readonly number[];
  readonly map: number;
  readonly row: number;
  readonly col: number;
  /** Prior whose arithmetic is shown; −1 = the cell's best. */
  readonly k: number;
  readonly classFilter: number;
  readonly onK: (k: number) => void;
  readonly className: (column: number) => string;
}

const GENERAL =
  String.raw`y = \frac{t_y}{10}\,h_a + y_a,\quad x = \frac{t_x}{10}\,w_a + x_a,\quad h = e^{t_h/5}\,h_a,\quad w = e^{t_w/5}\,w_a`;

function row4(a: ArrayLike<number>, i: number): number[] {
  return [a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!];
}

/** The selected cell's priors: encodings, decoded boxes, top classes, and one prior's arithmetic. */
export function CellDetail({ internals, priors, ours, anchors, map, row, col, k, classFilter, onK, className }: CellDetailProps) {
  const t = useT(xrayTexts);
  const n = priors.featureMaps[map]!;
  const specs = priors.specs[map]!;
  const C = internals.numClasses;
  const tops = anchors.map((a) => (classFilter >= 0 ? [{ column: classFilter, score: internals.scores[a * C + classFilter]! }] : topClasses(internals.scores, C, a, 3)));
  let best = 0;
  tops.forEach((tt, i) => {
    if ((tt[0]?.score ?? 0) > (tops[best]?.[0]?.score ?? 0)) best = i;
  });
  const shownK = k >= 0 && k < anchors.length ? k : best;
  const a = anchors[shownK]!;
  const d = decodeOne(internals.encodings, priors.corners, a);
  const top = tops[shownK]?.[0];
  const z = top ? internals.logits[a * (C + 1) + top.column + 1]! : 0;

  const math = String.raw`\begin{aligned}
y &= \frac{t_y}{10}\,h_a + y_a = \frac{${tx(d.ty)}}{10}\cdot ${fx(d.ha)} + ${fx(d.ya)} = ${fx(d.y)}\\
x &= \frac{t_x}{10}\,w_a + x_a = \frac{${tx(d.tx)}}{10}\cdot ${fx(d.wa)} + ${fx(d.xa)} = ${fx(d.x)}\\
h &= e^{t_h/5}\,h_a = e^{${tx(d.th)}/5}\cdot ${fx(d.ha)} = ${fx(d.h)}\\
w &= e^{t_w/5}\,w_a = e^{${tx(d.tw)}/5}\cdot ${fx(d.wa)} = ${fx(d.w)}\\
(y_{\min}, x_{\min}, y_{\max}, x_{\max}) &= \left(y - \tfrac{h}{2},\ x - \tfrac{w}{2},\ y + \tfrac{h}{2},\ x + \tfrac{w}{2}\right) = (${fx(d.ymin)},\ ${fx(d.xmin)},\ ${fx(d.ymax)},\ ${fx(d.xmax)})
\end{aligned}`;
  const scoreMath = String.raw`p = \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{1}{1 + e^{-${tx(z)}}} = ${fx(sigmoid(z))}`;

  return (
    <section className="xray-section" aria-labelledby="xray-cell-h" data-testid="cell-detail" data-anchor={a}>
      <h2 id="xray-cell-h">{t('cellHeading', { row, col, n })}</h2>
      <p>{t('cellIntro')}</p>
      <Formula tex={GENERAL} display />
      <div className="xray-scroll">
        <table className="xray-table" data-testid="cell-priors">
          <TableHead columns={[t('colK'), t('colAnchor'), t('colSpec'), t('colPrior'), t('colCode'), t('colBox'), t('colTop'), <span className="visually-hidden">{t('showMath')}</span>]} />
          <tbody>
            {anchors.map((anchor, i) => {
              const s = specs[i]!;
              return (
                <tr key={anchor} aria-current={i === shownK}>
                  <td>{i}</td>
                  <td>{anchor}</td>
                  <td>
                    {fx(s.scale, 3)} × {fx(s.aspect, 4)}
                  </td>
                  <td>{row4(priors.centers, anchor).map((v) => fx(v)).join(', ')}</td>
                  <td>{row4(internals.encodings, anchor).map((v) => fx(v, 3)).join(', ')}</td>
                  <td>{row4(ours, anchor).map((v) => fx(v)).join(', ')}</td>
                  <td>{tops[i]!.map((c) => `${className(c.column)} ${c.score.toFixed(3)}`).join('; ')}</td>
                  <td>
                    <button type="button" onClick={() => onK(i)} aria-pressed={i === shownK} data-testid="show-math">
                      {t('showMath')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{t('mathHeading', { anchor: a, k: shownK })}</h3>
      <div className="xray-math" data-testid="cell-math">
        <Formula tex={math} display />
      </div>
      {top && (
        <>
          <p>{t('mathScore', { name: className(top.column) })}</p>
          <div className="xray-math">
            <Formula tex={scoreMath} display />
          </div>
        </>
      )}
    </section>
  );
}
