/** Run / cancel, model status, progress and run errors. */
import { COCO_SSD_ID } from '../../../models/cocoSsd';
import { ModelStatus } from '../../../ui/ModelStatus';
import type { DatasetController } from './useDatasetEvaluation';

export function RunPanel({ c }: { readonly c: DatasetController }) {
  const { t, busy, match, ann, phase, snap, modelAttempt } = c;
  return (
    <>
    <div className="dataset-eval__run">
      <button
        type="button" data-testid="dataset-run" disabled={busy || !match || match.matched.length === 0 || ann.kind !== 'ok'}
        onClick={c.startRun}
      >
        {t('run')}
      </button>
      {(phase.kind === 'running' || phase.kind === 'loading-model') && (
        <button type="button" data-testid="dataset-cancel" onClick={c.cancel}>{t('cancel')}</button>
      )}
      {(phase.kind === 'loading-model' || snap.models[COCO_SSD_ID]?.state === 'error') && (
        <ModelStatus id={COCO_SSD_ID} title="COCO-SSD" onRetry={c.retryModel} key={modelAttempt} />
      )}
    </div>

    {phase.kind === 'running' && (
      <div className="dataset-eval__progress">
        <div
          role="progressbar" aria-label={t('progressLabel')} aria-valuemin={0} aria-valuemax={phase.total} aria-valuenow={phase.done}
          aria-valuetext={t('progress', { i: Math.min(phase.done + 1, phase.total), n: phase.total, name: phase.name })}
          data-testid="dataset-progress" className="dataset-eval__bar"
        >
          <div style={{ width: `${phase.total > 0 ? (100 * phase.done) / phase.total : 0}%` }} />
        </div>
        <p aria-live="polite">{t('progress', { i: Math.min(phase.done + 1, phase.total), n: phase.total, name: phase.name })}</p>
      </div>
    )}
    {phase.kind === 'evaluating' && <p aria-live="polite" data-testid="dataset-evaluating">{t('evaluating')}</p>}
    {phase.kind === 'error' && <p role="alert" className="dataset-eval__error" data-testid="dataset-run-error">{phase.message}</p>}
    </>
  );
}
