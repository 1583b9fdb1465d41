import { toXYWH } from '../../core/geometry';
import { cocoName } from '../../core/cocoClasses';
import { ssdColumnToCocoId } from '../../core/cocoClasses';
import type { NmsTrace } from '../../core/ssd/nmsTrace';
import { useLang, useT } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';
import type { Detection } from '../../models/cocoSsd';
import { classColor } from '../../ui/drawDetections';
import { xrayTexts } from './texts';

/** Whether the traced NMS ended where the project pipeline (`CocoSsdAdapter.decode`) ends. */
export function traceMatches(detections: readonly Detection[], trace: NmsTrace): boolean {
  const traced = trace.final.map((j) => trace.steps[j]!).filter((s) => cocoName(ssdColumnToCocoId(s.cls)) !== undefined);
  return (
    traced.length === detections.length &&
    traced.every((s, q) => s.index === detections[q]!.anchor && ssdColumnToCocoId(s.cls) === detections[q]!.categoryId)
  );
}

export function FinalDetections({ detections, trace }: { detections: readonly Detection[]; trace: NmsTrace }) {
  const t = useT(xrayTexts);
  const lang = useLang();
  const ok = traceMatches(detections, trace);
  return (
    <section className="xray-section" aria-labelledby="xray-final-h">
      <h2 id="xray-final-h">{t('finalHeading')}</h2>
      <p data-testid="final-match" data-match={ok}>
        {t('finalMatch', { ok: ok ? t('yes') : t('no') })}
      </p>
      {detections.length === 0 && <p>{t('none')}</p>}
      <table className="xray-table detections" data-testid="final-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('colClass')}</th>
            <th scope="col">{t('colScore')}</th>
            <th scope="col">{t('colAnchor')}</th>
            <th scope="col">{t('colBoxPx')}</th>
          </tr>
        </thead>
        <tbody>
          {detections.map((d, i) => (
            <tr key={i} data-testid="detection-row" data-class={d.label} data-score={d.score}>
              <td>{i + 1}</td>
              <td>
                <span className="swatch" style={{ background: classColor(d.categoryId) }} aria-hidden="true" /> {cocoLabel(d.categoryId, lang)}
              </td>
              <td>{d.score.toFixed(3)}</td>
              <td>{d.anchor}</td>
              <td>{toXYWH(d.box).map((v) => Math.round(v)).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
