/**
 * `#/segmentation/live`: person segmentation (MediaPipe Selfie/Meet) or DeepLab v3 on a photo or the
 * webcam, in four views. The controller is `useSegmentationLive`; this file lays out its widgets.
 */
import { useT } from '../../i18n/LangContext';
import { BackendPicker } from '../../ui/BackendPicker';
import { ImageSource } from '../../ui/ImageSource';
import { ClassShares } from './ClassShares';
import { percent, VIEW_KEY } from './labels';
import { liveSegmentationMeta } from './meta';
import { SegCanvas } from './SegCanvas';
import { DeepLabHelp, LimitsSection, ModelLine, WorkerLine } from './SegHelp';
import { SegSettings } from './SegSettings';
import { SegStats } from './SegStats';
import { segLiveTexts } from './texts';
import { useSegmentationLive } from './useSegmentationLive';

export default function SegmentationLivePage() {
  const t = useT(segLiveTexts);
  const tMeta = useT(liveSegmentationMeta.texts);
  const live = useSegmentationLive((name) => t('sampleFailed', { name }));
  const { state, frame, result, error, settings, source, setSource, busy } = live;
  const sourceName = source?.name ?? '';
  const canvasLabel = result
    ? t('canvasLabel', { name: sourceName, view: t(VIEW_KEY[state.view]), share: percent(result.personShare) })
    : t('canvasLabelNone', { name: sourceName });

  return (
    <article className="section live-segmentation">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker worker={state.model} />
        <ModelLine live={live} t={t} />
        <WorkerLine live={live} t={t} />
      </div>
      <div className="live-layout">
        <div className="live-main">
          <ImageSource onSource={setSource} />
          {frame ? <SegCanvas frame={frame} settings={settings} label={canvasLabel} /> : <p className="empty">{t('noSource')}</p>}
          {error && (
            <p className="error" role="alert" data-testid="infer-error">
              {t('inferError', { detail: error })}
            </p>
          )}
          <p className="hint">{t('upsampleNote')}</p>
        </div>
        <aside className="live-side">
          <SegSettings live={live} t={t} />
          <SegStats live={live} t={t} />
          {busy && <p role="status">{t('running')}</p>}
        </aside>
      </div>
      <ClassShares live={live} t={t} />
      <LimitsSection live={live} t={t} />
      <DeepLabHelp live={live} t={t} />
    </article>
  );
}
