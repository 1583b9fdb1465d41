import { cocoName } from '../../core/cocoClasses';
import { ssdColumnToCocoId } from '../../core/cocoClasses';
import type { NmsTrace } from '../../core/nms';
import { useT } from '../../i18n/LangContext';
import type { Detection } from '../../models/cocoSsd';
import { DetectionsTable } from '../../ui/DetectionsTable';
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
  const ok = traceMatches(detections, trace);
  return (
    <section className="xray-section" aria-labelledby="xray-final-h">
      <h2 id="xray-final-h">{t('finalHeading')}</h2>
      <p data-testid="final-match" data-match={ok}>
        {t('finalMatch', { ok: ok ? t('yes') : t('no') })}
      </p>
      {detections.length === 0 && <p>{t('none')}</p>}
      <DetectionsTable
        detections={detections}
        headers={{ cls: t('colClass'), score: t('colScore'), anchor: t('colAnchor'), box: t('colBoxPx') }}
        className="xray-table detections"
        testId="final-table"
      />
    </section>
  );
}
