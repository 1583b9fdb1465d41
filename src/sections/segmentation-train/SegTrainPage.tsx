import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useSearchParam } from '../../app/router';
import { SEG_CLASS_COLORS, SEG_NUM_CLASSES, type SegEvaluation } from '../../core/segSynth';
import { num, oneOf } from '../../core/urlState';
import { useLang, useT } from '../../i18n/LangContext';
import { isBackendName } from '../../models/backendNames';
import { NET_IDS, type NetId } from '../../models/segNets';
import { BackendPicker } from '../../ui/BackendPicker';
import { LineChart, type Series } from '../../ui/charts/LineChart';
import { Slider } from '../../ui/Slider';
import { useUrlState } from '../../ui/useUrlState';
import { LabelCanvas, type CellView } from './LabelCanvas';
import { segTrainMeta } from './meta';
import { EVAL_EVERY, PREVIEW, SegTrainer, VAL_N, type InitFrom, type TrainerSnapshot } from './trainer';
import { segTrainTexts } from './texts';
import './train.css';

const INITS: readonly InitFrom[] = ['checkpoint', 'scratch'];
const VIEWS: readonly CellView[] = ['classes', 'errors'];

/** Every control in the URL (`#/segmentation/train?init=scratch&lr=0.01&view=errors`). */
const SCHEMA = {
  init: oneOf<InitFrom>(INITS, 'checkpoint'),
  lr: num(0.003, 0.0001, 0.02),
  batch: num(8, 2, 16, true),
  view: oneOf<CellView>(VIEWS, 'classes'),
};

type T = ReturnType<typeof useT<keyof typeof segTrainTexts.en>>;

const NET_KEY = { fcn: 'netFcn', unet: 'netUnet', aspp: 'netAspp' } as const;
const NET_COLOR: Record<NetId, string> = { fcn: '#c2410c', unet: '#0b5cad', aspp: '#15803d' };
const CLASS_KEYS = ['className0', 'className1', 'className2', 'className3'] as const;

const f3 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(3));
const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)} %`);

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

/** "U-Net" is best near edges by … — or a tie when the best two are within 0.005. */
function verdict(scores: Record<NetId, number>, t: T): { best: NetId | null; bestVal: string; others: string } {
  const sorted = [...NET_IDS].sort((a, b) => scores[b] - scores[a]);
  const best = sorted[0]!;
  const second = sorted[1]!;
  const others = sorted
    .slice(1)
    .map((id) => `${t(NET_KEY[id])} ${f3(scores[id])}`)
    .join(', ');
  return { best: scores[best] - scores[second] >= 0.005 ? best : null, bestVal: f3(scores[best]), others };
}

function useReport(): Report | null | 'missing' {
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

/** Header of the metrics tables (live and from the training report): net, params, [origin,] scores. */
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

export default function SegTrainPage() {
  const t = useT(segTrainTexts);
  const tm = useT(segTrainMeta.texts);
  const [state, setState] = useUrlState(SCHEMA);
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  const [trainer] = useState(() => new SegTrainer());
  const snap = useSyncExternalStore(trainer.subscribe, trainer.getSnapshot);
  const report = useReport();

  // The initial weights are chosen once per mount (and by the reset buttons), not on every URL change.
  const [initAtMount] = useState(state.init);
  useEffect(() => {
    void trainer.reset(initAtMount, preferred);
    return () => trainer.dispose();
  }, [trainer, initAtMount, preferred]);

  useEffect(() => {
    trainer.configure(state.lr, state.batch);
  }, [trainer, state.lr, state.batch]);

  const names = useMemo(() => Object.fromEntries(NET_IDS.map((id) => [id, t(NET_KEY[id])])) as Record<NetId, string>, [t]);

  return (
    <article className="section seg-train">
      <h1>{tm('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <section aria-labelledby="st-explain-h">
        <h2 id="st-explain-h">{t('explainTitle')}</h2>
        <dl className="st-explain">
          {NET_IDS.map((id) => (
            <div key={id}>
              <dt>
                <span className="swatch" style={{ background: NET_COLOR[id] }} aria-hidden="true" /> {names[id]}
              </dt>
              <dd>{t(id === 'fcn' ? 'explainFcn' : id === 'unet' ? 'explainUnet' : 'explainAspp')}</dd>
            </div>
          ))}
        </dl>
      </section>

      <TrainPanel snap={snap} trainer={trainer} state={state} setState={setState} preferred={preferred} names={names} t={t} />

      <PredictionGrid snap={snap} trainer={trainer} view={state.view} setView={(v) => setState({ view: v })} names={names} t={t} />

      <MetricsTable snap={snap} names={names} t={t} />

      <ReportSection report={report} names={names} t={t} />
    </article>
  );
}

interface PanelProps {
  readonly snap: TrainerSnapshot;
  readonly trainer: SegTrainer;
  readonly state: { init: InitFrom; lr: number; batch: number };
  readonly setState: (p: Partial<{ init: InitFrom; lr: number; batch: number }>) => void;
  readonly preferred: Parameters<SegTrainer['reset']>[1];
  readonly names: Record<NetId, string>;
  readonly t: T;
}

function TrainPanel({ snap, trainer, state, setState, preferred, names, t }: PanelProps) {
  const training = snap.phase === 'training';
  const busy = snap.phase === 'loading' || snap.phase === 'idle';
  const lossSeries = useMemo<Series[]>(() => NET_IDS.map((id) => ({ label: names[id], color: NET_COLOR[id], y: snap.curves.loss[id] })), [snap.curves.loss, names]);
  const miouSeries = useMemo<Series[]>(() => NET_IDS.map((id) => ({ label: names[id], color: NET_COLOR[id], y: snap.curves.miou[id] })), [snap.curves.miou, names]);
  const last = (a: readonly number[]) => f3(a.at(-1));
  const lossValues = NET_IDS.map((id) => `${names[id]} ${last(snap.curves.loss[id])}`).join(', ');
  const miouValues = NET_IDS.map((id) => `${names[id]} ${last(snap.curves.miou[id])}`).join(', ');
  const rows = snap.curves.evalSteps.map((s, i) => ({ s, i }));
  return (
    <section aria-labelledby="st-train-h" data-testid="train-panel">
      <h2 id="st-train-h">{t('trainTitle')}</h2>
      <div className="toolbar">
        <BackendPicker />
        <p className="model-status" role="status" data-testid="train-status" data-phase={snap.phase} data-step={snap.step}>
          {busy
            ? t('loading')
            : snap.stepsPerSec !== null
              ? t('status', { step: snap.step, rate: snap.stepsPerSec.toFixed(2), backend: snap.backend ?? '?' })
              : t('statusNoRate', { step: snap.step, backend: snap.backend ?? '?' })}
        </p>
      </div>
      {snap.error && (
        <p className="error" role="alert" data-testid="train-error">
          {t('trainError', { detail: snap.error })}
        </p>
      )}
      <div className="st-controls">
        <div className="st-buttons">
          {training ? (
            <button type="button" onClick={() => trainer.pause()} data-testid="pause">
              {t('pause')}
            </button>
          ) : (
            <button type="button" disabled={snap.phase !== 'ready'} onClick={() => void trainer.start()} data-testid="start">
              {t('start')}
            </button>
          )}
          <button
            type="button"
            disabled={busy}
            data-testid="reset-checkpoint"
            onClick={() => {
              setState({ init: 'checkpoint' });
              void trainer.reset('checkpoint', preferred);
            }}
          >
            {t('resetCheckpoint')}
          </button>
          <button
            type="button"
            disabled={busy}
            data-testid="reset-scratch"
            onClick={() => {
              setState({ init: 'scratch' });
              void trainer.reset('scratch', preferred);
            }}
          >
            {t('resetScratch')}
          </button>
        </div>
        <Slider label={t('lr')} value={state.lr} min={0.0001} max={0.02} step={0.0001} onChange={(v) => setState({ lr: v })} format={(v) => v.toFixed(4)} testId="lr-slider" />
        <Slider label={t('batch')} value={state.batch} min={2} max={16} step={1} onChange={(v) => setState({ batch: v })} testId="batch-slider" />
      </div>
      {snap.curves.steps.length === 0 ? (
        <p className="hint" data-testid="no-curves">
          {t('noCurves')}
        </p>
      ) : null}
      <div className="st-charts">
        <div data-testid="loss-chart-wrap" data-points={snap.curves.steps.length}>
          <h3>{t('lossChart')}</h3>
          <LineChart x={snap.curves.steps} series={lossSeries} xLabel={t('step')} yLabel={t('lossChart')} label={t('lossAlt', { values: lossValues })} height={220} testId="loss-chart" />
        </div>
        <div data-testid="miou-chart-wrap" data-points={snap.curves.evalSteps.length}>
          <h3>{t('miouChart')}</h3>
          <LineChart x={snap.curves.evalSteps} series={miouSeries} xLabel={t('step')} yLabel="mIoU" label={t('miouAlt', { every: EVAL_EVERY, values: miouValues })} height={220} yRange={[0, 1]} testId="miou-chart" />
        </div>
      </div>
      <details>
        <summary>{t('curveTable')}</summary>
        <table className="detections" data-testid="curve-table">
          <thead>
            <tr>
              <th scope="col">{t('colStep')}</th>
              {NET_IDS.map((id) => (
                <th key={id} scope="col">
                  {t('colMiouNet', { net: names[id] })}
                </th>
              ))}
              {NET_IDS.map((id) => (
                <th key={`l${id}`} scope="col">
                  {t('colLoss', { net: names[id] })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ s, i }) => (
              <tr key={i}>
                <td>{s}</td>
                {NET_IDS.map((id) => (
                  <td key={id}>{f3(snap.curves.miou[id][i])}</td>
                ))}
                {NET_IDS.map((id) => (
                  <td key={`l${id}`}>{s > 0 ? f3(snap.curves.loss[id][s - 1]) : '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function classList(labels: ArrayLike<number>, t: T): string {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]!);
  return [...seen]
    .sort()
    .map((c) => t(CLASS_KEYS[c] ?? 'className0'))
    .join(', ');
}

function PredictionGrid({ snap, trainer, view, setView, names, t }: { snap: TrainerSnapshot; trainer: SegTrainer; view: CellView; setView: (v: CellView) => void; names: Record<NetId, string>; t: T }) {
  const size = trainer.valSamples[0]?.width ?? 64;
  const n = size * size;
  const preview = trainer.valSamples.slice(0, PREVIEW);
  return (
    <section aria-labelledby="st-val-h">
      <h2 id="st-val-h">{t('valTitle')}</h2>
      <p className="hint">{t('valHint', { n: PREVIEW, total: VAL_N })}</p>
      <div role="radiogroup" aria-label={t('view')} className="st-view">
        {t('view')}:{' '}
        {VIEWS.map((v) => (
          <label key={v}>
            <input type="radio" name="st-view" value={v} checked={view === v} onChange={() => setView(v)} data-testid={`view-${v}`} /> {t(v === 'classes' ? 'viewClasses' : 'viewErrors')}
          </label>
        ))}
      </div>
      <p className="st-legend" aria-label={t('legend')}>
        {view === 'classes'
          ? SEG_CLASS_COLORS.map((c, i) => (
              <span key={i}>
                <span className="swatch" style={{ background: `rgb(${c.join(',')})` }} aria-hidden="true" /> {t(CLASS_KEYS[i]!)}
              </span>
            ))
          : t('errorsLegend')}
      </p>
      <div className="st-grid-wrap">
        <table className="st-grid" data-testid="pred-grid">
          <thead>
            <tr>
              <th scope="col">{t('colImage')}</th>
              <th scope="col">{t('colTruth')}</th>
              {NET_IDS.map((id) => (
                <th key={id} scope="col">
                  {names[id]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.map((s, i) => (
              <tr key={i}>
                <td>
                  <LabelCanvas size={size} rgba={s.rgba} label={t('imageAlt', { i: i + 1 })} />
                </td>
                <td>
                  <LabelCanvas size={size} rgba={s.rgba} labels={view === 'classes' ? s.labels : undefined} truth={s.labels} view={view} label={t('truthAlt', { i: i + 1, classes: classList(s.labels, t) })} />
                </td>
                {NET_IDS.map((id) => {
                  const pred = snap.nets?.[id].pred?.subarray(i * n, (i + 1) * n);
                  let ok = 0;
                  if (pred) for (let p = 0; p < n; p++) if (pred[p] === s.labels[p]) ok++;
                  return (
                    <td key={id}>
                      {pred ? (
                        <LabelCanvas size={size} rgba={s.rgba} labels={pred} truth={s.labels} view={view} label={t('predAlt', { net: names[id], i: i + 1, acc: pct(ok / n) })} testId={`pred-${id}-${i}`} />
                      ) : (
                        <span className="hint">{t('noPred')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function scoresOf(evals: Record<NetId, SegEvaluation | null>, key: 'meanIoU' | 'boundaryMeanIoU'): Record<NetId, number> | null {
  const out: Partial<Record<NetId, number>> = {};
  for (const id of NET_IDS) {
    const e = evals[id];
    if (!e) return null;
    out[id] = e[key];
  }
  return out as Record<NetId, number>;
}

function MetricsTable({ snap, names, t }: { snap: TrainerSnapshot; names: Record<NetId, string>; t: T }) {
  const lang = useLang();
  const nets = snap.nets;
  if (!nets) return null;
  const evals = { fcn: nets.fcn.eval, unet: nets.unet.eval, aspp: nets.aspp.eval };
  const b = scoresOf(evals, 'boundaryMeanIoU');
  const m = scoresOf(evals, 'meanIoU');
  const all = m ? NET_IDS.map((id) => `${names[id]} ${f3(m[id])}`).join(', ') : '';
  const v = b ? verdict(b, t) : null;
  return (
    <section aria-labelledby="st-metrics-h">
      <h2 id="st-metrics-h">{t('metricsTitle')}</h2>
      {NET_IDS.filter((id) => nets[id].origin === 'missing').map((id) => (
        <p key={id} className="notice" role="status" data-testid={`missing-${id}`}>
          {t('missingDetail', { net: names[id], detail: nets[id].originDetail ?? '?' })}
        </p>
      ))}
      <div className="st-grid-wrap">
        <table className="detections" data-testid="metrics-table">
          <MetricsHead origin />
          <tbody>
            {NET_IDS.map((id) => {
              const e = nets[id].eval;
              const o = nets[id];
              const more = snap.step;
              const origin = o.origin === 'checkpoint' ? t('originCheckpoint', { steps: o.baseSteps, more }) : o.origin === 'missing' ? t('originMissing', { more }) : t('originScratch', { more });
              return (
                <tr key={id} data-testid={`metrics-${id}`} data-origin={o.origin}>
                  <th scope="row">{names[id]}</th>
                  <td>{o.paramCount.toLocaleString(lang)}</td>
                  <td>{origin}</td>
                  <td>{e ? pct(e.pixelAccuracy) : '—'}</td>
                  {Array.from({ length: SEG_NUM_CLASSES }, (_, c) => (
                    <td key={c}>{f3(e?.classIoU[c])}</td>
                  ))}
                  <td data-testid={`miou-${id}`}>{f3(e?.meanIoU)}</td>
                  <td data-testid={`bmiou-${id}`}>{f3(e?.boundaryMeanIoU)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {v && (
        <p data-testid="boundary-verdict">
          {v.best ? t('boundaryVerdict', { best: names[v.best], bestVal: v.bestVal, others: v.others, all }) : t('boundaryTie', { all: NET_IDS.map((id) => `${names[id]} ${f3(b![id])}`).join(', ') })}
        </p>
      )}
    </section>
  );
}

function ReportSection({ report, names, t }: { report: Report | null | 'missing'; names: Record<NetId, string>; t: T }) {
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
