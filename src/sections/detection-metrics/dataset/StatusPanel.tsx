/** What was picked, what the annotations are, how images and annotations match. */
import { shortList, type DatasetController } from './useDatasetEvaluation';

export function StatusPanel({ c }: { readonly c: DatasetController }) {
  const { t, images, ann, importStatus, ignored, saved, match, more, fmtName } = c;
  return (
  <div className="dataset-eval__status" aria-live="polite" data-testid="dataset-status">
    {images.length > 0 && <p>{t('imagesPicked', { n: images.length })}</p>}
    {importStatus.reading && <p data-testid="dataset-reading">…</p>}
  {importStatus.error && (
    <p role="alert" className="dataset-eval__error" data-testid="dataset-error">
      {importStatus.error}{ann.kind === 'ok' ? ` ${t('importKept')}` : ''}
    </p>
  )}
  {importStatus.rejected > 0 && <p className="dataset-eval__warn" data-testid="dataset-rejected">{t('importRejected', { n: importStatus.rejected })}</p>}
  {ignored.length > 0 && <p className="dataset-eval__warn" data-testid="dataset-ignored">{t('ignoredFiles', { list: shortList(ignored, more) })}</p>}
    {ann.kind === 'ok' && (
      <p data-testid="dataset-format" data-format={ann.origin === 'saved' || ann.origin === 'imported' ? ann.origin : ann.set.format}>
        {t('detected', { format: fmtName, files: ann.origin === 'saved' || ann.origin === 'imported' ? '' : shortList(ann.set.sourceFiles, more) })}
        {ann.set.classListFile ? `; ${t('classList', { file: ann.set.classListFile })}` : ''}
        {ann.origin === 'files' && saved?.storage === true && ann.set.units === 'pixels' ? ` ${t('savedNote')}` : ''}
      </p>
    )}
    {ann.kind === 'ok' && ann.set.unmapped.length > 0 && (
      <p className="dataset-eval__warn" data-testid="dataset-unmapped">
        {t('unmapped', { list: ann.set.unmapped.map((u) => `${u.name} (${u.boxes})`).join(', ') })}
      </p>
    )}
    {match && (
      <div className="dataset-eval__match" data-testid="dataset-match">
        <p>{t('matched', { n: match.matched.length })}</p>
        {match.imagesWithoutAnnotations.length > 0 && (
          <p className="dataset-eval__warn" data-testid="dataset-unannotated">
            {t('imagesWithout', { n: match.imagesWithoutAnnotations.length, list: shortList(match.imagesWithoutAnnotations, more) })}
          </p>
        )}
        {match.annotationsWithoutImages.length > 0 && (
          <p className="dataset-eval__warn" data-testid="dataset-missing-images">
            {t('annotationsWithout', { n: match.annotationsWithoutImages.length, list: shortList(match.annotationsWithoutImages, more) })}
          </p>
        )}
        {match.duplicates.length > 0 && (
          <p className="dataset-eval__warn">{t('duplicates', { n: match.duplicates.length, list: shortList(match.duplicates, more) })}</p>
        )}
      </div>
    )}
  </div>
  );
}
