import { useMemo } from 'react';
import { buildPrTable, operatingIndex, prCurve, type PrInputRow } from '../../core/metrics-lab/prTable';
import type { GtBox, OperatingPoint, PhotoEvaluation } from '../../core/metrics-lab/photoEval';
import { useLang, useT } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';
import { LineChart, type Series } from '../../ui/charts/LineChart';
import { Formula } from '../../ui/Formula';
import { MARK_COLORS } from './GtEditor';
import { labTexts } from './texts';

const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');
const f3 = (v: number) => (Number.isFinite(v) && v >= 0 ? v.toFixed(3) : '—');
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const X_RANGE = [0, 1] as const;
const Y_RANGE = [0, 1.05] as const;

export interface MetricsResultsProps {
  readonly boxes: readonly GtBox[];
  readonly evaluation: PhotoEvaluation;
  readonly op: OperatingPoint;
  readonly scoreThreshold: number;
  readonly minScore: number;
  readonly selectedClass: number;
  readonly onSelectClass: (id: number) => void;
}

export function MetricsResults({ boxes, evaluation, op, scoreThreshold, minScore, selectedClass, onSelectClass }: MetricsResultsProps) {
  const t = useT(labTexts);
  const lang = useLang();
  const { standard, atT, explain, iouThreshold } = evaluation;
  const tShown = iouThreshold.toFixed(2);
  const { total } = op;
  const P = ratio(total.tp, total.tp + total.fp);
  const R = ratio(total.tp, total.npos);
  const [map, map50, map75] = [standard.stats[0]!, standard.stats[1]!, standard.stats[2]!];

  // Classes with GT or with a detection above the display threshold.
  const classes = useMemo(() => [...op.perClass.values()].filter((c) => c.npos > 0 || c.detections > 0), [op]);
  const cls = useMemo(
    () => (classes.some((c) => c.categoryId === selectedClass) ? selectedClass : ((classes.find((c) => c.npos > 0) ?? classes[0])?.categoryId ?? 0)),
    [classes, selectedClass],
  );
  const apOf = (list: readonly { id: number; AP: number }[], id: number) => list.find((c) => c.id === id)?.AP ?? -1;

  const npos = boxes.filter((b) => b.categoryId === cls && !b.iscrowd).length;
  const rows = useMemo(() => {
    const input: PrInputRow[] = explain
      .filter((e) => e.categoryId === cls && e.status !== 'over-max-dets')
      .map((e) => ({ detIndex: e.detIndex, score: e.score, rank: e.rank, status: e.status as PrInputRow['status'], iou: e.iou }));
    return buildPrTable(input, npos);
  }, [explain, cls, npos]);
  const opIndex = operatingIndex(rows, scoreThreshold);
  const curve = useMemo(() => prCurve(rows, opIndex), [rows, opIndex]);
  const clsName = cls ? cocoLabel(cls, lang) : '—';
  const series = useMemo<Series[]>(
    () => [
      { label: t('envelope'), color: '#1565c0', y: curve.envelope, fill: true, stepped: true },
      { label: t('rawPrecision'), color: MARK_COLORS.fp, y: curve.raw },
      { label: t('marker', { score: scoreThreshold.toFixed(2) }), color: '#222222', y: curve.marker, dash: [5, 4] },
    ],
    [curve, t, scoreThreshold],
  );
  const clsVoc07 = apOf(atT.voc07.perClass, cls);
  const clsVoc12 = apOf(atT.voc12.perClass, cls);
  const clsCoco = apOf(atT.perCategory, cls);
  const finalRecall = rows.length > 0 ? rows[rows.length - 1]!.recall : NaN;

  const noGt = total.npos === 0;
  return (
    <div className="lab-results">
      <h3>{t('overview')}</h3>
      <p className="overview" data-testid="overview">
        {noGt
          ? t('overviewNoGt')
          : t('overviewSentence', { score: scoreThreshold.toFixed(2), tp: total.tp, npos: total.npos, r: f2(R), fp: total.fp, p: f2(P), map50: f3(map50), map: f3(map) })}
      </p>
      <dl className="big-stats">
        <div><dt>{t('precision')}</dt><dd data-testid="m-precision">{f2(P)}</dd><dd className="sub">{total.tp} / ({total.tp} + {total.fp})</dd></div>
        <div><dt>{t('recall')}</dt><dd data-testid="m-recall">{f2(R)}</dd><dd className="sub">{total.tp} / {total.npos}</dd></div>
        <div><dt>{t('map50')}</dt><dd data-testid="m-map50">{f3(map50)}</dd></div>
        <div><dt>{t('map75')}</dt><dd data-testid="m-map75">{f3(map75)}</dd></div>
        <div title={t('mapCocoHint')}><dt>{t('mapCoco')}</dt><dd data-testid="m-map">{f3(map)}</dd><dd className="sub">{t('mapCocoHint')}</dd></div>
      </dl>
      <div className="formulas">
        <Formula display tex={String.raw`\text{Precision}=\frac{TP}{TP+FP}=\frac{${total.tp}}{${total.tp}+${total.fp}}=${f2(P)}\qquad \text{Recall}=\frac{TP}{TP+FN}=\frac{${total.tp}}{${total.tp}+${total.fn}}=${f2(R)}`} />
        <Formula display tex={String.raw`\text{AP}_{t}=\int_0^1 p_{\text{interp}}(r)\,dr,\quad p_{\text{interp}}(r)=\max_{\tilde r\ge r}p(\tilde r)\qquad \text{mAP}=\frac1K\sum_{k=1}^{K}\text{AP}_k\qquad \text{AP}_{[.5:.95]}=\frac1{10}\sum_{t\in\{.50,.55,\dots,.95\}}\text{mAP}_t`} />
      </div>

      <h3>{t('perClass')}</h3>
      <p className="hint">{t('perClassHint', { t: tShown })}</p>
      <div className="table-scroll">
        <table className="lab-table" data-testid="class-table">
          <thead>
            <tr>
              <th scope="col">{t('colClass')}</th>
              <th scope="col">{t('colGt')}</th>
              <th scope="col">{t('colDet')}</th>
              <th scope="col" className="c-tp">{t('colTp')}</th>
              <th scope="col" className="c-fp">{t('colFp')}</th>
              <th scope="col" className="c-fn">{t('colFn')}</th>
              <th scope="col">{t('colP')}</th>
              <th scope="col">{t('colR')}</th>
              <th scope="col">{t('colVoc07')}</th>
              <th scope="col">{t('colVoc12')}</th>
              <th scope="col">{t('colCoco')}</th>
              <th scope="col">{t('colCocoAll')}</th>
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => {
              const ap = (v: number) => (c.npos > 0 ? f3(v) : t('noGtForClass'));
              return (
                <tr key={c.categoryId} className={c.categoryId === cls ? 'selected' : undefined} data-testid="class-row" data-class={c.categoryId}>
                  <th scope="row">
                    <button type="button" className="linklike" aria-pressed={c.categoryId === cls} onClick={() => onSelectClass(c.categoryId)}>
                      {cocoLabel(c.categoryId, lang)}
                    </button>
                  </th>
                  <td>{c.npos}</td>
                  <td>{c.detections}</td>
                  <td className="c-tp">{c.tp}</td>
                  <td className="c-fp">{c.fp}</td>
                  <td className="c-fn">{c.fn}</td>
                  <td>{f2(ratio(c.tp, c.tp + c.fp))}</td>
                  <td>{f2(ratio(c.tp, c.npos))}</td>
                  <td>{ap(apOf(atT.voc07.perClass, c.categoryId))}</td>
                  <td>{ap(apOf(atT.voc12.perClass, c.categoryId))}</td>
                  <td>{ap(apOf(atT.perCategory, c.categoryId))}</td>
                  <td>{ap(apOf(standard.perCategory, c.categoryId))}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={8}>{t('meanRow')}</th>
              <td data-testid="ap-voc07">{f3(atT.voc07.mAP)}</td>
              <td data-testid="ap-voc12">{f3(atT.voc12.mAP)}</td>
              <td data-testid="ap-coco">{f3(atT.stats[0]!)}</td>
              <td data-testid="ap-coco-all">{f3(map)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="hint">{t('apSource')}</p>

      {cls > 0 && (
        <>
          <h3>{t('prHeading', { cls: clsName })}</h3>
          <div className="pr-layout">
            <div>
              <LineChart
                x={curve.x}
                series={series}
                xLabel="recall"
                yLabel="precision"
                xRange={X_RANGE}
                yRange={Y_RANGE}
                height={320}
                testId="pr-chart"
                label={t('prChartLabel', { cls: clsName, t: tShown, n: rows.length, r: f2(finalRecall), ap: f3(clsVoc12) })}
              />
              <p className="hint">{t('prExplain')}</p>
            </div>
            <div className="ap-three">
              <h4>{t('apHeading', { t: tShown })}</h4>
              <dl>
                <dt>{t('colVoc07')}</dt>
                <dd data-testid="cls-voc07">{f3(clsVoc07)}</dd>
                <dd><Formula tex={String.raw`\frac1{11}\sum_{r\in\{0,0.1,\dots,1\}}p_{\text{interp}}(r)`} /></dd>
                <dt>{t('colVoc12')}</dt>
                <dd data-testid="cls-voc12">{f3(clsVoc12)}</dd>
                <dd><Formula tex={String.raw`\sum_k (r_k-r_{k-1})\,p_{\text{interp}}(r_k)`} /></dd>
                <dt>{t('colCoco')}</dt>
                <dd data-testid="cls-coco">{f3(clsCoco)}</dd>
                <dd><Formula tex={String.raw`\frac1{101}\sum_{r\in\{0,0.01,\dots,1\}}p_{\text{interp}}(r)`} /></dd>
              </dl>
            </div>
          </div>
          <h3>{t('tableHeading', { cls: clsName })}</h3>
          {rows.length === 0 ? (
            <p>{t('noDetections')}</p>
          ) : (
            <div className="table-scroll tall">
              <table className="lab-table pr-table" data-testid="pr-table">
                <thead>
                  <tr>
                    <th scope="col">{t('colRank')}</th>
                    <th scope="col">{t('colScore')}</th>
                    <th scope="col">{t('colIou')}</th>
                    <th scope="col">{t('colStatus')}</th>
                    <th scope="col">{t('colCumTp')}</th>
                    <th scope="col">{t('colCumFp')}</th>
                    <th scope="col">{t('colPrec')}</th>
                    <th scope="col">{t('colRec')}</th>
                    <th scope="col">{t('colInterp')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={r.detIndex} className={`${r.status}${i > opIndex ? ' below' : ''}${i === opIndex ? ' op' : ''}`} data-testid="pr-row" data-status={r.status}>
                      <td>{i + 1}</td>
                      <td>{r.score.toFixed(3)}</td>
                      <td>{r.iou.toFixed(2)}</td>
                      <td className={`st-${r.status}`}>
                        {r.status === 'tp' ? t('statusTp') : r.status === 'fp' ? t('statusFp') : t('statusIgnored')}
                        {i > opIndex && <span className="visually-hidden"> ({t('belowThreshold')})</span>}
                      </td>
                      <td>{r.cumTp}</td>
                      <td>{r.cumFp}</td>
                      <td>{f3(r.precision)}</td>
                      <td>{f3(r.recall)}</td>
                      <td>{f3(r.interpolated)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="hint">{t('whyLow', { min: minScore.toFixed(2) })}</p>
        </>
      )}
    </div>
  );
}
