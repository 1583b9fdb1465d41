/** The shipped checkpoints' training report (checkpoints/seg-report.json, by `npm run train:seg`). */
import { useEffect, useMemo, useState } from 'react';
import { SEG_NUM_CLASSES } from '../../core/segSynth';
import { useLang, useT } from '../../i18n/LangContext';
import { NET_IDS, type NetId } from '../../models/train/segTrainShared';
import { LineChart, type Series } from '../../ui/charts/LineChart';
import { CLASS_KEYS, f3, NET_COLOR, pct, verdict, type T } from './shared';
import { segTrainTexts } from './texts';

interface ReportNet {
  readonly params: number;
  readonly finalLoss: number;
  readonly test: {
    readonly pixelAccuracy: number;
    readonly classIoU: readonly number[];
    readonly meanIoU: number;
    readonly boundaryMeanIoU: number;
  } | null;
  readonly curve: { readonly lossEvery: number; readonly loss: readonly number[] };
}

interface Report {
  readonly config: { readonly steps: number; readonly batch: number; readonly peakLr: number; readonly testCount: number };
  readonly nets: Readonly<Record<NetId, ReportNet>>;
}

function isReport(x: unknown): x is Report {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { format?: unknown; nets?: unknown; config?: unknown };
  return r.format === 'seg-report-v1' && typeof r.nets === 'object' && r.nets !== null && typeof r.config === 'object' && NET_IDS.every((id) => id in (r.nets as object));
}

export function useReport(): Report | null | 'missing' {
  const [report, setReport] = useState<Report | null | 'missing'>(null);
  useEffect(() => {
    let live = true;
    fetch(new URL('checkpoints/seg-report.json', new URL('.', document.baseURI)).href)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then(
        (j: unknown) => live && setReport(isReport(j) ? j : 'missing'),
        () => live && setReport('missing'),
      );
    return () => {
      live = false;
    };
  }, []);
  return report;
}

export /** Header of the metrics tables (live and from the training report): net, params, [origin,] scores. */
function MetricsHead({ origin = false }: { origin?: boolean }) {
  const t = useT(segTrainTexts);
  return (
    <thead>
      <tr>
        <th scope="col">{t('colNet')}</th>
        <th scope="col">{t('colParams')}</th>
        {origin && <th scope="col">{t('colOrigin')}</th>}
        <th scope="col">{t('colPixAcc')}</th>
        {Array.from({ length: SEG_NUM_CLASSES }, (_, c) => (
          <th key={c} scope="col">
            {t('colIou', { cls: t(CLASS_KEYS[c]!) })}
          </th>
        ))}
        <th scope="col">{t('colMiou')}</th>
        <th scope="col">{t('colBoundary')}</th>
      </tr>
    </thead>
  );
}

export function ReportSection({ report, names, t }: { report: Report | null | 'missing'; names: Record<NetId, string>; t: T }) {
  const lang = useLang();
  const curve = useMemo(() => {
    if (!report || report === 'missing') return null;
    const every = report.nets.unet.curve.lossEvery;
    const len = Math.max(...NET_IDS.map((id) => report.nets[id].curve.loss.length));
    const x = Array.from({ length: len }, (_, i) => (i + 1) * every);
    const series: Series[] = NET_IDS.map((id) => ({ label: names[id], color: NET_COLOR[id], y: report.nets[id].curve.loss }));
    return { x, series };
  }, [report, names]);
  if (report === null) return null;
  if (report === 'missing')
    return (
      <section aria-labelledby="st-report-h">
        <h2 id="st-report-h">{t('reportTitle')}</h2>
        <p className="notice" data-testid="report-missing">
          {t('reportMissing')}
        </p>
      </section>
    );
  const b: Record<NetId, number> = { fcn: report.nets.fcn.test?.boundaryMeanIoU ?? NaN, unet: report.nets.unet.test?.boundaryMeanIoU ?? NaN, aspp: report.nets.aspp.test?.boundaryMeanIoU ?? NaN };
  const v = verdict(b, t);
  return (
    <section aria-labelledby="st-report-h">
      <h2 id="st-report-h">{t('reportTitle')}</h2>
      <p className="hint">{t('reportHint', { steps: report.config.steps, batch: report.config.batch, lr: report.config.peakLr, test: report.config.testCount })}</p>
      <div className="st-grid-wrap">
        <table className="detections" data-testid="report-table">
          <MetricsHead />
          <tbody>
            {NET_IDS.map((id) => {
              const r = report.nets[id];
              return (
                <tr key={id} data-testid={`report-${id}`}>
                  <th scope="row">{names[id]}</th>
                  <td>{r.params.toLocaleString(lang)}</td>
                  <td>{r.test ? pct(r.test.pixelAccuracy) : '—'}</td>
                  {Array.from({ length: SEG_NUM_CLASSES }, (_, c) => (
                    <td key={c}>{f3(r.test?.classIoU[c])}</td>
                  ))}
                  <td>{f3(r.test?.meanIoU)}</td>
                  <td>{f3(r.test?.boundaryMeanIoU)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {v.best && <p data-testid="report-verdict">{t('reportVerdict', { best: names[v.best], bestVal: v.bestVal, others: v.others })}</p>}
      {curve && (
        <>
          <h3>{t('shippedCurveTitle')}</h3>
          <LineChart
            x={curve.x}
            series={curve.series}
            xLabel={t('step')}
            yLabel={t('lossChart')}
            label={t('shippedLossAlt', { values: NET_IDS.map((id) => `${names[id]} ${f3(report.nets[id].finalLoss)}`).join(', ') })}
            height={200}
            testId="shipped-loss-chart"
          />
        </>
      )}
    </section>
  );
}
