/** The page's status line and its explanations: the model line, the limits section, DeepLab help. */
import { DEEPLAB_IDS, type DeepLabId } from '../../models/deeplabInfo';
import { ModelStatus } from '../../ui/ModelStatus';
import { modelTitle, type T } from './labels';
import { deeplabFolder } from './loader';
import type { SegLive } from './useSegmentationLive';

/** The selected model's status, or why a DeepLab model cannot be loaded. */
export function ModelLine({ live, t }: { live: Pick<SegLive, 'state' | 'presence' | 'selectedDeeplabAbsent' | 'retry' | 'workerBackend'>; t: T }) {
  const { state, presence, selectedDeeplabAbsent, retry, workerBackend } = live;
  // the model runs in a worker: the line names the worker's backend, not the page's (never started)
  if (!selectedDeeplabAbsent) return <ModelStatus id={state.model} title={modelTitle(state.model, t)} onRetry={retry} backend={workerBackend} />;
  const id = state.model as DeepLabId;
  return (
    <p className="model-status error" role="alert" data-testid="deeplab-missing">
      {presence?.[id] === 'invalid'
        ? t('deeplabInvalid', { file: `${deeplabFolder(id)}model.json` })
        : t('deeplabMissingSelected', { model: modelTitle(state.model, t), file: `${deeplabFolder(id)}model.json`, folder: deeplabFolder(id) })}
    </p>
  );
}

const TRY_FILES = ['skimage_chelsea.png', 'skimage_coffee.png'] as const;

/** Where the network runs: its own thread (a Web Worker) on the worker's backend; the page only decodes and draws. */
export function WorkerLine({ live, t }: { live: Pick<SegLive, 'adapter' | 'workerBackend' | 'mainBackend'>; t: T }) {
  const { adapter, workerBackend, mainBackend } = live;
  if (!adapter) return null;
  return (
    <span className="hint" data-testid="inference-where" data-worker="1" data-main-backend={mainBackend ?? ''} data-backend={workerBackend ?? ''} data-threads={adapter.backend.threads}>
      {t('inWorker', { backend: workerBackend ?? '?', threads: adapter.backend.threads })}
    </span>
  );
}

/** What the person models cannot do, with two photos to try it on. */
export function LimitsSection({ live, t }: { live: Pick<SegLive, 'videoSource' | 'loadSample' | 'sampleError'>; t: T }) {
  const { videoSource, loadSample, sampleError } = live;
  return (
    <section aria-labelledby="seg-limits-h" data-testid="limits">
      <h2 id="seg-limits-h">{t('limitsTitle')}</h2>
      <p>{t('limitsText')}</p>
      <p>{t('limitsMeasured')}</p>
      <div className="toolbar">
        {TRY_FILES.map((file) => (
          <button key={file} type="button" disabled={!!videoSource} title={videoSource ? t('tryDisabled') : undefined} onClick={() => void loadSample(file)} data-testid={`try-${file}`}>
            {file === 'skimage_chelsea.png' ? t('tryCat') : t('tryCoffee')}
          </button>
        ))}
      </div>
      {sampleError && (
        <p className="error" role="alert">
          {sampleError}
        </p>
      )}
    </section>
  );
}

/** Which DeepLab models are installed and where the absent ones go. */
export function DeepLabHelp({ live, t }: { live: Pick<SegLive, 'presence' | 'installedDeeplab'>; t: T }) {
  const { presence, installedDeeplab } = live;
  return (
    <section aria-labelledby="seg-deeplab-h" data-testid="deeplab-help">
      <h2 id="seg-deeplab-h">{t('deeplabTitle')}</h2>
      {installedDeeplab.length > 0 && <p>{t('deeplabPresent', { list: installedDeeplab.map((id) => modelTitle(id, t)).join(', ') })}</p>}
      {installedDeeplab.length < DEEPLAB_IDS.length && (
        <p data-testid="deeplab-absent">
          {t('deeplabAbsent', {
            folders: DEEPLAB_IDS.filter((id) => presence?.[id] !== 'present')
              .map((id) => deeplabFolder(id))
              .join(', '),
          })}
        </p>
      )}
    </section>
  );
}
