/** Start/pause/reset, learning rate and batch, the training status (with its backend) and the live curves. */
import { useMemo } from 'react';
import { NET_IDS, type NetId } from '../../models/train/segTrainShared';
import type { InitFrom, SegTrainClient, TrainerSnapshot } from '../../models/train/segTrainClient';
import { EVAL_EVERY } from '../../models/train/segTrainShared';
import { BackendPicker } from '../../ui/BackendPicker';
import { LineChart, type Series } from '../../ui/charts/LineChart';
import { Slider } from '../../ui/Slider';
import { f3, NET_COLOR, type T } from './shared';

export interface PanelProps {
  readonly snap: TrainerSnapshot;
  readonly trainer: SegTrainClient;
  readonly state: { init: InitFrom; lr: number; batch: number };
  readonly setState: (p: Partial<{ init: InitFrom; lr: number; batch: number }>) => void;
  readonly preferred: Parameters<SegTrainClient['reset']>[1];
  readonly names: Record<NetId, string>;
  readonly t: T;
}

export function TrainPanel({ snap, trainer, state, setState, preferred, names, t }: PanelProps) {
  const training = snap.phase === 'training';
  const busy = snap.phase === 'loading' || snap.phase === 'idle' || snap.phase === 'scoring';
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
          {snap.phase === 'scoring'
            ? t('scoring', { step: snap.step })
            : busy
            ? t('loading')
            : snap.stepsPerSec !== null
              ? t('status', { step: snap.step, rate: snap.stepsPerSec.toFixed(2), backend: snap.backend ?? '?' })
              : t('statusNoRate', { step: snap.step, backend: snap.backend ?? '?' })}
        </p>
      </div>
      <p className="hint" data-testid="train-backend" data-backend={snap.backend ?? ''}>
        {t('workerNote', { backend: snap.backend ?? '…' })}
      </p>
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
            <button type="button" disabled={snap.phase !== 'ready'} onClick={() => trainer.start()} data-testid="start">
              {t('start')}
            </button>
          )}
          <button
            type="button"
            disabled={busy}
            data-testid="reset-checkpoint"
            onClick={() => {
              setState({ init: 'checkpoint' });
              trainer.reset('checkpoint', preferred);
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
              trainer.reset('scratch', preferred);
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

