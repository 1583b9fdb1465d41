import { classColor, cssColor } from '../../core/segmentationLabels';
import { percent, type T } from './labels';
import type { SegLive } from './useSegmentationLive';

/** The share of the image per class, largest first (person models: person and background). */
export function ClassShares({ live, t }: { live: Pick<SegLive, 'dataset' | 'shareRows'>; t: T }) {
  const { dataset, shareRows } = live;
  const classLabel = (id: number): string => {
    if (dataset?.id === 'person') return id === 1 ? t('classPerson') : t('classBackground');
    return dataset?.labels[id] ?? String(id);
  };
  return (
    <section aria-labelledby="seg-shares-h">
      <h2 id="seg-shares-h">{t('sharesTitle')}</h2>
      {dataset && dataset.id !== 'person' && <p className="hint">{t('englishNames')}</p>}
      <table className="detections" data-testid="class-shares">
        <thead>
          <tr>
            <th scope="col">{t('colClass')}</th>
            <th scope="col">{t('colShare')}</th>
          </tr>
        </thead>
        <tbody>
          {dataset &&
            shareRows.map(({ id, share }) => (
              <tr key={id} data-testid="class-share-row" data-class={dataset.labels[id]} data-share={share.toFixed(4)}>
                <td>
                  <span className="swatch" style={{ background: cssColor(dataset.id === 'person' && id === 1 ? [0, 190, 255] : classColor(dataset, id)) }} aria-hidden="true" /> {classLabel(id)}
                </td>
                <td>{percent(share)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
