/** A finished (or cancelled) run: summary, skipped images, the results views and the exports. */
import { downloadJson } from '../../../ui/download';
import { Results } from './Results';
import { LIST_MAX, type DatasetController } from './useDatasetEvaluation';

export function RunOutcome({ c }: { readonly c: DatasetController }) {
  const { t, result, previous, state, setState, cancelled } = c;
  if (!result) return null;
  return (
    <div className="dataset-eval__results" data-testid="dataset-results" data-partial={cancelled ? 'true' : 'false'}>
      {cancelled ? (
        <p role="status" className="dataset-eval__partial" data-testid="dataset-cancelled">
          <strong>{t('partialBadge', { done: result.settings.imagesProcessed, total: result.settings.imagesRequested })}</strong>{' '}
          {t('cancelled', { done: result.settings.imagesProcessed, total: result.settings.imagesRequested })}
        </p>
      ) : (
        <p role="status" data-testid="dataset-done" data-tensors-before={result.tensors.before} data-tensors-after={result.tensors.after}>
          {t('done', { n: result.settings.imagesProcessed, dets: result.results.length, ms: Math.round(result.msPerImage) })}{' '}
          {t(result.tensors.after === result.tensors.before ? 'tensors' : 'tensorsLeak', { before: result.tensors.before, after: result.tensors.after })}
        </p>
      )}
      <p className="dataset-eval__note" data-testid="dataset-run-settings">
        {t('runWith', {
          post: t(result.settings.postProcessing === 'project' ? 'postProjectShort' : 'postPackageShort'),
          score: result.settings.scoreThreshold,
          iou: result.settings.postProcessing === 'project' ? result.settings.nmsIou : result.settings.scoreThreshold,
          max: result.settings.maxDetections,
          backend: result.settings.backend,
        })}
      </p>
      {result.skipped.length > 0 && (
        <div className="dataset-eval__warn" data-testid="dataset-skipped">
          <p>{t('skipped', { n: result.skipped.length })}</p>
          <ul>{result.skipped.map((s) => <li key={s.name}>{t('skipReason', { name: s.name, reason: s.reason })}</li>)}</ul>
        </div>
      )}
      {result.noticed.length > 0 && (
        <div className="dataset-eval__warn" data-testid="dataset-noticed">
          <ul>{result.noticed.map((s) => <li key={s.name}>{t('skipReason', { name: s.name, reason: s.reason })}</li>)}</ul>
        </div>
      )}
      {result.sizeWarnings.length > 0 && (
        <ul className="dataset-eval__warn">{result.sizeWarnings.slice(0, LIST_MAX).map((w) => <li key={w}>{w}</li>)}</ul>
      )}
      <Results result={result} previous={previous} state={state} setState={setState} />
      <div className="dataset-eval__export" role="group" aria-label={t('export')}>
        <span>{t('export')}:</span>
        <button type="button" data-testid="dataset-export-dets" onClick={() => downloadJson(result.results, 'detections.coco-results.json')}>{t('exportDets')}</button>
        <button type="button" data-testid="dataset-export-report" onClick={() => c.exportReport('json')}>{t('exportReport')}</button>
        <button type="button" onClick={() => c.exportReport('md')}>{t('exportMd')}</button>
        <button type="button" onClick={() => c.exportReport('csv')}>{t('exportCsv')}</button>
      </div>
    </div>
  );
}
