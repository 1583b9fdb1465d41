import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useSearchParam } from '../../app/router';
import { SHAPE_CLASSES } from '../../core/yolo/synthData';
import { isBackendName } from '../../models/backendNames';
import { useT } from '../../i18n/LangContext';
import { BackendPicker } from '../../ui/BackendPicker';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { useUrlState } from '../../ui/useUrlState';
import { EncodingSection } from './EncodingSection';
import { GridSection } from './GridSection';
import { LossSection } from './LossSection';
import { yoloMeta } from './meta';
import { PriorsSection } from './PriorsSection';
import { SCHEMA } from './state';
import { yoloTexts } from './texts';
import { TrainSection } from './TrainSection';
import { yoloStore } from './yoloStore';
import './yolo.css';

export default function YoloPage() {
  const t = useT(yoloTexts);
  const tMeta = useT(yoloMeta.texts);
  const [state, setState] = useUrlState(SCHEMA);
  const snap = useSyncExternalStore(yoloStore.subscribe, yoloStore.getSnapshot);
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  const runtime = useRuntimeInstance();
  useEffect(() => {
    void yoloStore.ensure(runtime, preferred);
  }, [runtime, preferred]);
  useEffect(() => () => yoloStore.dispose(), []);
  const className = useCallback((c: number) => {
    const name = SHAPE_CLASSES[c];
    return name ? t(name) : String(c);
  }, [t]);
  const net = snap.net;

  return (
    <article className="section yolo">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker />
        <span role="status" data-testid="yolo-model-status" data-origin={snap.origin ?? ''}>
          {snap.status === 'loading' && t('modelLoading')}
          {snap.status === 'ready' && net && snap.origin === 'checkpoint' && t('modelCheckpoint', { params: net.numParams, map: snap.shipped ? snap.shipped.mAP50.toFixed(3) : '?' })}
          {snap.status === 'ready' && net && snap.origin === 'scratch' && t('modelScratch', { params: net.numParams })}
        </span>
      </div>
      {snap.status === 'error' && (
        <p className="error" role="alert" data-testid="yolo-model-error">
          {t('modelError', { detail: snap.error ?? '' })}{' '}
          <button type="button" onClick={() => void yoloStore.reset(false)}>
            {t('startScratch')}
          </button>
        </p>
      )}
      {net && <GridSection net={net} version={snap.version} state={state} setState={setState} className={className} />}
      <PriorsSection state={state} setState={setState} />
      <EncodingSection state={state} setState={setState} />
      <LossSection state={state} setState={setState} className={className} />
      {net && <TrainSection snap={{ ...snap, net }} state={state} setState={setState} className={className} />}
    </article>
  );
}
