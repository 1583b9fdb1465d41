/** The first validation images: truth and each net's prediction (classes or errors). */
import { SEG_CLASS_COLORS } from '../../core/segSynth';
import { NET_IDS, type NetId } from '../../models/train/segTrainShared';
import type { SegTrainClient, TrainerSnapshot } from '../../models/train/segTrainClient';
import { PREVIEW, VAL_N } from '../../models/train/segTrainShared';
import { LabelCanvas, type CellView } from './LabelCanvas';
import { CLASS_KEYS, pct, type T } from './shared';

export const VIEWS: readonly CellView[] = ['classes', 'errors'];

function classList(labels: ArrayLike<number>, t: T): string {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]!);
  return [...seen]
    .sort()
    .map((c) => t(CLASS_KEYS[c] ?? 'className0'))
    .join(', ');
}

export function PredictionGrid({ snap, trainer, view, setView, names, t }: { snap: TrainerSnapshot; trainer: SegTrainClient; view: CellView; setView: (v: CellView) => void; names: Record<NetId, string>; t: T }) {
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

