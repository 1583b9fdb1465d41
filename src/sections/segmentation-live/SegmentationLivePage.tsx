import { useEffect, useMemo, useRef, useState } from 'react';
import { replaceQuery, useRoute } from '../../app/router';
import { classColor, cssColor, DATASETS } from '../../core/segmentationLabels';
import { bool, num, oneOf, readState, writeState } from '../../core/urlState';
import { useT } from '../../i18n/LangContext';
import { deeplabDataset, DEEPLAB_IDS, type DeepLabId } from '../../models/deeplab';
import { MEET_ID, SELFIE_ID, type SegAdapter, type SegRaw, type SegResult } from '../../models/segmentation';
import type { Timings } from '../../models/types';
import { BackendPicker } from '../../ui/BackendPicker';
import { decodeImage } from '../../ui/imageDecode';
import { ImageSource } from '../../ui/ImageSource';
import { fetchSample, sampleUrl } from '../../ui/sampleIndex';
import { PerfStats } from '../../ui/PerfStats';
import { Slider } from '../../ui/Slider';
import type { Source, StillSource, VideoSource } from '../../ui/source';
import { runFrameLoop } from '../../ui/frameLoop';
import { useFps } from '../../ui/useFps';
import { ModelStatus } from '../../ui/ModelStatus';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { useModel } from '../../ui/useModel';
import { deeplabFolder, isDeepLab, probeDeepLab, SEG_MODEL_IDS, type Presence, type SegModelId } from './loader';
import { liveSegmentationMeta } from './meta';
import { VIEWS, type RenderSettings } from './render';
import { SegCanvas, type SegFrame } from './SegCanvas';
import { segLiveTexts } from './texts';

/** Every control in the URL (`#/segmentation/live?model=mediapipe-meet&view=blur&blur=20`). */
const SCHEMA = {
  model: oneOf<SegModelId>(SEG_MODEL_IDS, SELFIE_ID),
  view: oneOf(VIEWS, 'overlay'),
  opacity: num(0.55, 0, 1),
  threshold: num(0.5, 0.01, 0.99),
  blur: num(12, 1, 40, true),
  soft: bool(false),
};

type T = ReturnType<typeof useT<keyof typeof segLiveTexts.en>>;

interface Tagged<V> {
  readonly source: Source;
  readonly adapter: SegAdapter;
  readonly value: V;
}

interface VideoFrame {
  readonly canvas: HTMLCanvasElement;
  readonly result: SegResult;
  readonly timings: Timings;
}

const DATASET_KEY = { pascal: 'datasetPascal', cityscapes: 'datasetCityscapes', ade20k: 'datasetAde20k' } as const;
const VIEW_KEY = { overlay: 'viewOverlay', mask: 'viewMask', blur: 'viewBlur', cutout: 'viewCutout' } as const;

function modelTitle(id: SegModelId, t: T): string {
  if (id === SELFIE_ID) return t('modelSelfie');
  if (id === MEET_ID) return t('modelMeet');
  return t('modelDeeplab', { dataset: t(DATASET_KEY[deeplabDataset(id)]) });
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

export default function SegmentationLivePage() {
  const t = useT(segLiveTexts);
  const tMeta = useT(liveSegmentationMeta.texts);
  const { query } = useRoute();
  const queryString = query.toString();
  const state = useMemo(() => readState(SCHEMA, new URLSearchParams(queryString)), [queryString]);
  const setState = (patch: Partial<typeof state>) => replaceQuery(writeState(SCHEMA, { ...state, ...patch }, new URLSearchParams(queryString)));

  const runtime = useRuntimeInstance();

  // DeepLab folders: probed once; absent ones are explained, not offered.
  const [presence, setPresence] = useState<Readonly<Record<DeepLabId, Presence>> | null>(null);
  useEffect(() => {
    let live = true;
    void probeDeepLab(runtime).then((p) => live && setPresence(p));
    return () => {
      live = false;
    };
  }, [runtime]);
  const selectedDeeplabAbsent = isDeepLab(state.model) && presence !== null && presence[state.model] !== 'present';
  const loadable = !isDeepLab(state.model) || presence?.[state.model] === 'present';
  const { adapter, retry } = useModel<SegModelId>(loadable ? state.model : null);

  const [source, setSource] = useState<Source | null>(null);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [rawFor, setRawFor] = useState<Tagged<{ raw: SegRaw; inferMs: number }> | null>(null);
  const [videoFor, setVideoFor] = useState<Tagged<VideoFrame> | null>(null);
  const [errorFor, setErrorFor] = useState<{ source: Source; value: string } | null>(null);
  const [fps, tickFps, resetFps] = useFps();
  const thresholdRef = useRef(state.threshold);
  useEffect(() => {
    thresholdRef.current = state.threshold;
  }, [state.threshold]);

  const fail = (s: Source, e: unknown) => setErrorFor({ source: s, value: e instanceof Error ? e.message : String(e) });

  // Still image: run the graph once per (model, image); the threshold only re-decodes.
  const stillSource = source?.kind === 'still' ? source : null;
  useEffect(() => {
    if (!adapter || !stillSource) return;
    let live = true;
    const t0 = performance.now();
    adapter.runRaw(stillSource.pixels).then(
      (raw) => live && setRawFor({ source: stillSource, adapter, value: { raw, inferMs: performance.now() - t0 } }),
      (e: unknown) => live && fail(stillSource, e),
    );
    return () => {
      live = false;
    };
  }, [adapter, stillSource]);
  const raw = rawFor && rawFor.source === stillSource && rawFor.adapter === adapter ? rawFor.value : null;
  const stillDecoded = useMemo(() => {
    if (!raw || !adapter) return null;
    const { result, decodeMs } = adapter.decodeTimed(raw.raw, { threshold: state.threshold });
    return { result, timings: { inferMs: raw.inferMs, decodeMs } };
  }, [raw, adapter, state.threshold]);

  // Video: grab a frame, segment it, show that very frame with its mask; one inference in flight.
  const videoSource: VideoSource | null = source?.kind === 'video' ? source : null;
  const [preview, setPreview] = useState<{ source: Source; canvas: HTMLCanvasElement } | null>(null);
  useEffect(() => {
    if (!videoSource) return;
    const buffers = [document.createElement('canvas'), document.createElement('canvas')];
    let n = 0;
    resetFps();
    const v = videoSource.video;
    return runFrameLoop(v, async (stopped) => {
      const canvas = buffers[n++ % 2]!;
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      canvas.getContext('2d')?.drawImage(v, 0, 0);
      if (!adapter) {
        setPreview({ source: videoSource, canvas });
        return;
      }
      try {
        const r = await adapter.run(canvas, { threshold: thresholdRef.current });
        if (stopped()) return;
        setVideoFor({ source: videoSource, adapter, value: { canvas, result: r.result, timings: r.timings } });
        setErrorFor(null);
        tickFps();
      } catch (e) {
        if (!stopped()) fail(videoSource, e);
      }
    });
  }, [adapter, videoSource, tickFps, resetFps]);
  const video = videoFor && videoFor.source === videoSource && videoFor.adapter === adapter ? videoFor.value : null;

  const shown: { result: SegResult; timings: Timings } | null = stillSource ? stillDecoded : video;
  const result = shown?.result ?? null;
  const error = errorFor && errorFor.source === source ? errorFor.value : null;

  const frame = useMemo<SegFrame | null>(() => {
    if (stillSource) return { pixels: stillSource.pixels, size: { width: stillSource.pixels.width, height: stillSource.pixels.height }, result, mirrored: false };
    if (videoSource && video) return { pixels: video.canvas, size: { width: video.canvas.width, height: video.canvas.height }, result, mirrored: videoSource.mirrored };
    if (videoSource && preview?.source === videoSource) {
      return { pixels: preview.canvas, size: { width: preview.canvas.width, height: preview.canvas.height }, result: null, mirrored: videoSource.mirrored };
    }
    return null;
  }, [stillSource, videoSource, video, preview, result]);

  const settings = useMemo<RenderSettings>(
    () => ({ view: state.view, opacity: state.opacity, blur: state.blur, threshold: state.threshold, soft: state.soft }),
    [state.view, state.opacity, state.blur, state.threshold, state.soft],
  );

  const loadSample = async (file: string) => {
    setSampleError(null);
    try {
      const blob = await fetchSample(sampleUrl(import.meta.env.BASE_URL, file));
      const out = await decodeImage(blob);
      if (!out.ok) throw new Error(out.problem.kind);
      const still: StillSource = { kind: 'still', name: file, size: out.size, pixels: out.pixels };
      setSource(still);
    } catch {
      setSampleError(t('sampleFailed', { name: file }));
    }
  };

  const dataset = result ? DATASETS[result.dataset] : null;
  const classLabel = (id: number): string => {
    if (dataset?.id === 'person') return id === 1 ? t('classPerson') : t('classBackground');
    return dataset?.labels[id] ?? String(id);
  };
  const shareRows = useMemo(() => {
    if (!result) return [];
    const rows: { id: number; share: number }[] = [];
    result.shares.forEach((share, id) => {
      if (share > 0 || result.dataset === 'person') rows.push({ id, share });
    });
    return rows.sort((a, b) => b.share - a.share);
  }, [result]);

  const installedDeeplab = DEEPLAB_IDS.filter((id) => presence?.[id] === 'present');
  const offered: SegModelId[] = [SELFIE_ID, MEET_ID, ...installedDeeplab];
  if (!offered.includes(state.model)) offered.push(state.model);
  const personShare = result ? percent(result.personShare) : '—';
  const viewName = t(VIEW_KEY[state.view]);
  const sourceName = source?.name ?? '';
  const busy = !!adapter && !!stillSource && !shown && !error;
  const isPerson = !isDeepLab(state.model);

  return (
    <article className="section live-segmentation">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker />
        {selectedDeeplabAbsent ? (
          <p className="model-status error" role="alert" data-testid="deeplab-missing">
            {presence?.[state.model as DeepLabId] === 'invalid'
              ? t('deeplabInvalid', { file: `${deeplabFolder(state.model as DeepLabId)}model.json` })
              : t('deeplabMissingSelected', {
                  model: modelTitle(state.model, t),
                  file: `${deeplabFolder(state.model as DeepLabId)}model.json`,
                  folder: deeplabFolder(state.model as DeepLabId),
                })}
          </p>
        ) : (
          <ModelStatus id={state.model} title={modelTitle(state.model, t)} onRetry={retry} />
        )}
      </div>
      <div className="live-layout">
        <div className="live-main">
          <ImageSource onSource={setSource} />
          {frame ? (
            <SegCanvas
              frame={frame}
              settings={settings}
              label={result ? t('canvasLabel', { name: sourceName, view: viewName, share: personShare }) : t('canvasLabelNone', { name: sourceName })}
            />
          ) : (
            <p className="empty">{t('noSource')}</p>
          )}
          {error && (
            <p className="error" role="alert" data-testid="infer-error">
              {t('inferError', { detail: error })}
            </p>
          )}
          <p className="hint">{t('upsampleNote')}</p>
        </div>
        <aside className="live-side">
          <fieldset>
            <legend>{t('settings')}</legend>
            <label className="field">
              {t('model')}{' '}
              <select value={state.model} onChange={(e) => setState({ model: e.currentTarget.value as SegModelId })} data-testid="seg-model">
                {offered.map((id) => (
                  <option key={id} value={id}>
                    {modelTitle(id, t)}
                  </option>
                ))}
              </select>
            </label>
            <div role="radiogroup" aria-label={t('view')} className="radios">
              <span>{t('view')}</span>
              {VIEWS.map((v) => (
                <label key={v}>
                  <input type="radio" name="seg-view" value={v} checked={state.view === v} onChange={() => setState({ view: v })} data-testid={`view-${v}`} /> {t(VIEW_KEY[v])}
                </label>
              ))}
            </div>
            {state.view === 'overlay' && (
              <Slider label={t('opacity')} value={state.opacity} min={0} max={1} step={0.05} onChange={(v) => setState({ opacity: v })} format={(v) => v.toFixed(2)} testId="opacity-slider" />
            )}
            {state.view === 'blur' && <Slider label={t('blur')} value={state.blur} min={1} max={40} step={1} onChange={(v) => setState({ blur: v })} testId="blur-slider" />}
            {isPerson && (
              <>
                <Slider label={t('threshold')} hint={t('thresholdHint')} value={state.threshold} min={0.01} max={0.99} step={0.01} onChange={(v) => setState({ threshold: v })} format={(v) => v.toFixed(2)} testId="threshold-slider" />
                <label className="check" title={t('softHint')}>
                  <input type="checkbox" checked={state.soft} onChange={(e) => setState({ soft: e.currentTarget.checked })} data-testid="soft" /> {t('soft')}
                </label>
              </>
            )}
          </fieldset>
          <dl className="stats">
            <dt>{t('personShare')}</dt>
            <dd data-testid="person-share" data-share={result ? result.personShare.toFixed(4) : ''}>
              {personShare}
            </dd>
            <PerfStats timings={shown?.timings} fps={videoSource ? fps : null} />
            {result && frame && (
              <>
                <dt>{t('resolution')}</dt>
                <dd>{t('resolutionValue', { w: result.width, h: result.height, iw: frame.size.width, ih: frame.size.height })}</dd>
              </>
            )}
          </dl>
          {busy && <p role="status">{t('running')}</p>}
        </aside>
      </div>

      <section aria-labelledby="seg-shares-h">
        <h2 id="seg-shares-h">{t('sharesTitle')}</h2>
        {dataset && dataset.id !== 'person' && <p className="hint">{t('englishNames')}</p>}
        <table className="detections" data-testid="class-shares">
          <thead>
            <tr>
              <th scope="col">{t('colClass')}</th>
              <th scope="col">{t('colShare')}</th>
            </tr>
          </thead>
          <tbody>
            {dataset &&
              shareRows.map(({ id, share }) => (
                <tr key={id} data-testid="class-share-row" data-class={dataset.labels[id]} data-share={share.toFixed(4)}>
                  <td>
                    <span className="swatch" style={{ background: cssColor(dataset.id === 'person' && id === 1 ? [0, 190, 255] : classColor(dataset, id)) }} aria-hidden="true" /> {classLabel(id)}
                  </td>
                  <td>{percent(share)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="seg-limits-h" data-testid="limits">
        <h2 id="seg-limits-h">{t('limitsTitle')}</h2>
        <p>{t('limitsText')}</p>
        <p>{t('limitsMeasured')}</p>
        <div className="toolbar">
          {(['skimage_chelsea.png', 'skimage_coffee.png'] as const).map((file) => (
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
    </article>
  );
}
