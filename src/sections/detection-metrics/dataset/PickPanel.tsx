/** Picking the data: images, annotation files, drop zone, the sample, the stored sets (with undo and export). */
import { FileButton } from '../../../ui/FileButton';
import type { DatasetController } from './useDatasetEvaluation';

export function PickPanel({ c }: { readonly c: DatasetController }) {
  const { t, ann, saved, sample, sampleState, dragging, setDragging, busy, importedCount, forgotten, storeNote } = c;
  return (
    <fieldset className="dataset-eval__pick" disabled={busy}>
      <legend>{t('pick')}</legend>
      <div
        className={`dataset-eval__drop${dragging ? ' is-dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={c.onDrop}
        data-testid="dataset-drop"
      >
        <span className="dataset-eval__file">
          <FileButton
            label={t('images')} multiple accept="image/*" testId="dataset-images"
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = ''; // picking the same files again fires again
              if (files.length > 0) c.pickImages(files);
            }}
          />
        </span>
        <span className="dataset-eval__file">
          <FileButton
            label={t('annotations')} multiple accept=".json,.xml,.txt,.names,.yaml,.yml,application/json,text/xml,text/plain" testId="dataset-annotations"
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = '';
              if (files.length > 0) void c.importAnnotations(files);
            }}
          />
        </span>
        <p className="dataset-eval__hint">{t('drop')}</p>
      </div>
      {sample && (
        <p>
          <button type="button" onClick={() => void c.loadSample()} disabled={sampleState.loading} data-testid="dataset-sample">
            {sampleState.loading ? t('sampleLoading') : t('sample', { n: sample.names.length })}
          </button>
        </p>
      )}
      {sampleState.error && <p role="alert" className="dataset-eval__error">{sampleState.error}</p>}
      {saved && saved.count > 0 && (
        <p className="dataset-eval__saved" data-testid="dataset-saved">
          {t('savedDrawn', { n: saved.count })}{' '}
          {!(ann.kind === 'ok' && ann.origin === 'saved') && <button type="button" onClick={() => void c.applySaved()}>{t('useSaved')}</button>}{' '}
          <button type="button" data-testid="dataset-forget" onClick={() => void c.forgetSaved()}>{t('forgetSaved')}</button>
        </p>
      )}
      {importedCount > 0 && (
        <p className="dataset-eval__saved" data-testid="dataset-imported">
          {t('importedStored', { n: importedCount })}{' '}
          {!(ann.kind === 'ok' && ann.origin === 'imported') && <button type="button" onClick={() => void c.applyImported()}>{t('useImported')}</button>}
        </p>
      )}
      {storeNote && (
        <p role="status" data-testid="dataset-store-note">
          {storeNote}{' '}
          {forgotten && forgotten.length > 0 && <button type="button" data-testid="dataset-undo-forget" onClick={() => void c.undoForget()}>{t('undoForget')}</button>}
        </p>
      )}
      {((saved?.count ?? 0) > 0 || importedCount > 0) && (
        <p>
          <button type="button" data-testid="dataset-export-all" onClick={() => void c.exportAll()}>{t('exportAll')}</button>
        </p>
      )}
      {saved && !saved.storage && <p className="dataset-eval__note">{t('noStorage')}</p>}
    </fieldset>
  );
}
