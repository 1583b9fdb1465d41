import type { InvalidBoxProblem } from '../../../core/annotations';

const PROBLEM_KEY = { 'not-finite': 'problem_notFinite', 'non-positive-size': 'problem_nonPositive', 'outside-image': 'problem_outside', 'unknown-category': 'problem_unknownCat' } as const satisfies Record<InvalidBoxProblem, string>;
const SHOWN = 50;

/** Invalid boxes of the import, each with its place in the file; the user decides (issue #15, defect 6). */
function InvalidBoxes({ c }: { readonly c: DatasetController }) {
  const { t, pending } = c;
  if (!pending) return null;
  const { invalid, boxes } = pending.outcome;
  return (
    <div className="dataset-eval__warn" role="alert" data-testid="invalid-boxes">
      <p>{t('invalidHeading', { n: invalid.length, total: boxes })}</p>
      <ul>
        {invalid.slice(0, SHOWN).map((b) => (
          <li key={b.index}>
            {t('invalidAt', {
              file: b.file, where: b.where, line: b.line !== undefined ? t('invalidLine', { n: b.line }) : '', problem: t(PROBLEM_KEY[b.problem]),
              box: b.bbox ? `[${b.bbox.map((v) => String(v)).join(', ')}]` : '—', cat: b.categoryId,
            })}
          </li>
        ))}
      </ul>
      {invalid.length > SHOWN && <p>{t('invalidMore', { n: invalid.length - SHOWN })}</p>}
      <p>
        <button type="button" data-testid="invalid-skip" onClick={() => c.decideInvalid('skip')}>{t('invalidSkip')}</button>{' '}
        <button type="button" data-testid="invalid-fix" onClick={() => c.decideInvalid('fix')}>{t('invalidFix')}</button>{' '}
        <button type="button" data-testid="invalid-abort" onClick={() => c.decideInvalid('abort')}>{t('invalidAbort')}</button>
      </p>
    </div>
  );
}

/** What was picked, what the annotations are, how images and annotations match. */
import { shortList, type DatasetController } from './useDatasetEvaluation';

export function StatusPanel({ c }: { readonly c: DatasetController }) {
  const { t, images, ann, importStatus, ignored, saved, match, more, fmtName, pending } = c;
  const p = importStatus.progress;
  return (
  <div className="dataset-eval__status" aria-live="polite" data-testid="dataset-status">
    {images.length > 0 && <p>{t('imagesPicked', { n: images.length })}</p>}
    {importStatus.reading && (
      <p data-testid="import-progress" role="status" data-stage={p?.stage ?? 'reading'}>
        {p ? t('importProgress', { stage: t(`importStage_${p.stage}`), done: p.done, total: p.total }) : '…'}{' '}
        {p && p.total > 0 && <progress max={p.total} value={p.done} aria-label={t(`importStage_${p.stage}`)} />}{' '}
        <button type="button" data-testid="import-cancel" onClick={c.cancelImport}>{t('importCancel')}</button>
      </p>
    )}
    {importStatus.note && <p role="status" data-testid="import-note">{importStatus.note}</p>}
    {pending && <InvalidBoxes c={c} />}
  {importStatus.error && (
    <p role="alert" className="dataset-eval__error" data-testid="dataset-error">
      {importStatus.error}{ann.kind === 'ok' ? ` ${t('importKept')}` : ''}
    </p>
  )}
  {importStatus.rejected > 0 && <p className="dataset-eval__warn" data-testid="dataset-rejected">{t('importRejected', { n: importStatus.rejected })}</p>}
  {ignored.length > 0 && <p className="dataset-eval__warn" data-testid="dataset-ignored">{t('ignoredFiles', { list: shortList(ignored, more) })}</p>}
    {ann.kind === 'ok' && (
      <p data-testid="dataset-format" data-format={ann.origin === 'saved' || ann.origin === 'imported' ? ann.origin : ann.set.format} data-boxes={ann.set.gt.annotations.length}>
        {t('detected', { format: fmtName, files: ann.origin === 'saved' || ann.origin === 'imported' ? '' : shortList(ann.set.sourceFiles, more) })}
        {ann.set.classListFile ? `; ${t('classList', { file: ann.set.classListFile })}` : ''}
        {`; ${t('boxes', { n: ann.set.gt.annotations.length })}`}
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
