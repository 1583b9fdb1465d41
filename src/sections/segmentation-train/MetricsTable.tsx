/** Live validation metrics of the three nets and the boundary verdict. */
import { SEG_NUM_CLASSES, type SegEvaluation } from '../../core/segSynth';
import { useLang } from '../../i18n/LangContext';
import { NET_IDS, type NetId } from '../../models/train/segTrainShared';
import type { TrainerSnapshot } from '../../models/train/segTrainClient';
import { MetricsHead } from './ReportSection';
import { f3, pct, verdict, type T } from './shared';

function scoresOf(evals: Record<NetId, SegEvaluation | null>, key: 'meanIoU' | 'boundaryMeanIoU'): Record<NetId, number> | null {
  const out: Partial<Record<NetId, number>> = {};
  for (const id of NET_IDS) {
    const e = evals[id];
    if (!e) return null;
    out[id] = e[key];
  }
  return out as Record<NetId, number>;
}

export function MetricsTable({ snap, names, t }: { snap: TrainerSnapshot; names: Record<NetId, string>; t: T }) {
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

