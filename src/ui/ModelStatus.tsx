import { useT } from '../i18n/LangContext';
import { ModelLoadError } from '../models/types';
import { runtimeTexts } from './runtime.texts';
import { useRuntime } from './useRuntime';

/** Loading / ready / error line for one model, with the fix spelled out on error. */
export function ModelStatus({ id, title, onRetry }: { id: string; title: string; onRetry: () => void }) {
  const t = useT(runtimeTexts);
  const snap = useRuntime();
  const status = snap.models[id];
  if (!status || status.state === 'idle' || status.state === 'loading') {
    return (
      <p className="model-status" role="status" data-testid="model-status" data-state="loading">
        {t('modelLoading', { model: title })}
      </p>
    );
  }
  if (status.state === 'ready') {
    return (
      <p className="model-status" role="status" data-testid="model-status" data-state="ready">
        {t('modelReady', { model: title, backend: snap.backend?.active.toUpperCase() ?? '' })}
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
