import { useT } from '../i18n/LangContext';
import { ModelLoadError } from '../models/types';
import { useLoadProgress } from './loadProgress';
import { runtimeTexts } from './runtime.texts';
import { useRuntime } from './useRuntime';

/** How the lecture writes the backends' names. */
export function backendName(b: string | undefined): string {
  return b === 'webgl' ? 'WebGL' : b === 'wasm' ? 'WASM' : b === 'cpu' ? 'CPU' : (b ?? '');
}

/** Loading / ready / error line for one model, with the fix spelled out on error. */
const mb = (b: number): string => (b / 1e6).toFixed(1);

/** «12.6 of 18.6 MB, about 9 s left», then «warming up the network…». */
export function LoadProgressLine({ id }: { id: string }) {
  const t = useT(runtimeTexts);
  const p = useLoadProgress(id, true);
  if (!p) return null;
  return (
    <p className="load-progress" data-testid="load-progress" data-phase={p.phase}>
      <progress max={p.total} value={p.phase === 'warmup' ? undefined : p.loaded} aria-label={t('loadProgressAria')} />{' '}
      {p.phase === 'warmup'
        ? t('warmup')
        : p.etaSeconds === null
          ? t('downloaded', { loaded: mb(p.loaded), total: mb(p.total) })
          : t('downloadedEta', { loaded: mb(p.loaded), total: mb(p.total), s: Math.max(1, Math.round(p.etaSeconds)) })}
    </p>
  );
}

/**
 * `backend`: where this model runs, when the caller knows it (`useWorkerModel(id).backend` — a worker's
 * engine is not the page's); otherwise the page's active backend. The same model id may run on the page
 * (one section) and in a worker (another), so the worker's backend is never guessed from the id alone.
 */
export function ModelStatus({ id, title, onRetry, backend }: { id: string; title: string; onRetry: () => void; backend?: string | null }) {
  const t = useT(runtimeTexts);
  const snap = useRuntime();
  const status = snap.models[id];
  const where = backendName((backend === undefined ? snap.backend?.active : backend) ?? undefined);
  if (!status || status.state === 'idle' || status.state === 'loading') {
    return (
      <div className="model-status" role="status" data-testid="model-status" data-state="loading">
        <p>{t('modelLoading', { model: title })}</p>
        <LoadProgressLine id={id} />
      </div>
    );
  }
  if (status.state === 'ready') {
    return (
      <p className="model-status" role="status" data-testid="model-status" data-state="ready">
        {where ? t('modelReady', { model: title, backend: where }) : t('modelReadyNoBackend', { model: title })}
      </p>
    );
  }
  const e = status.error;
  const detail = e.message;
  const key = e instanceof ModelLoadError ? (e.kind === 'missing' ? 'modelMissing' : e.kind === 'corrupt' ? 'modelCorrupt' : 'modelOther') : 'modelOther';
  return (
    <div className="model-status error" role="alert" data-testid="model-status" data-state="error">
      <p>{t(key, { detail })}</p>
      <button type="button" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}
