import { useEffect, useMemo, useRef, useState } from 'react';
import { imageIdFromFileName, toCocoResults } from '../../core/cocoResults';
import { bool, num, oneOf } from '../../core/urlState';
import { useLang, useT } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';
import type { Lang } from '../../i18n/texts';
import type { Size } from '../../core/geometry';
import type { Detection, SsdRaw } from '../../models/cocoSsd';
import { COCO_SSD_INFO, COCO_SSD_INPUT } from '../../models/cocoSsdInfo';
import type { Timings } from '../../models/types';
import { BackendPicker } from '../../ui/BackendPicker';
import { baseName, downloadBlob, downloadJson } from '../../ui/download';
import { classColor, drawFrame, type DrawnBox } from '../../ui/drawDetections';
import { fitPainter } from '../../ui/painter';
import { DetectionsTable } from '../../ui/DetectionsTable';
import { ImageSource } from '../../ui/ImageSource';
import { ModelStatus } from '../../ui/ModelStatus';
import { OverlayCanvas } from '../../ui/OverlayCanvas';
import { PerfStats } from '../../ui/PerfStats';
import { Slider } from '../../ui/Slider';
import { sourcePixels, sourceSize, type Source } from '../../ui/source';
import { useWorkerModel } from '../../ui/useModel';
import { useRuntime } from '../../ui/useRuntime';
import { useFps } from '../../ui/useFps';
import { useUrlState } from '../../ui/useUrlState';
import { liveDetectionMeta } from './meta';
import { runPipelinedLoop } from './pipelineLoop';
import { liveTexts } from './texts';
import { inferAccurate, mergeAccurate, type InferredPasses } from '../../models/accuratePasses';
import { DEFAULT_ACCURATE, type AccurateOptions } from '../../core/tiling';
import { imageDataOf } from '../../ui/readPixels';

/** Everything a lecturer may want to preset, in the URL (`#/detection/live?score=0.3&agnostic=1`). */
const SCHEMA = {
  score: num(0.5, 0.01, 1),
  iou: num(0.5, 0.05, 1),
  max: num(20, 1, 100, true),
  agnostic: bool(false),
  post: oneOf(['project', 'package'] as const, 'project'),
  /** Accuracy mode (issue #14): the whole image plus a 2×2 grid of overlapping crops, merged by NMS. */
  mode: oneOf(['fast', 'accurate'] as const, 'fast'),
  /** In the accuracy mode, each pass also on the mirrored crop (twice the passes). */
  flip: bool(false),
};

const COCO_SSD_ID = COCO_SSD_INFO.id;

interface Tagged<T> {
  readonly source: Source;
  readonly value: T;
}

interface Frame {
  readonly detections: readonly Detection[];
  readonly timings: Timings;
  /** Graph runs behind this result (1 in the fast mode). */
  readonly passes?: number;
}

const accurateOptions = (flip: boolean): AccurateOptions => ({ ...DEFAULT_ACCURATE, flip });

/** The frame's pixels as the accuracy mode's input (RGBA from a canvas). */
function passPixels(el: HTMLCanvasElement | HTMLVideoElement) {
  const img = imageDataOf(el);
  return { data: img.data, size: { width: img.width, height: img.height }, channels: 4 as const };
}

function labelOf(d: Detection, lang: Lang): string {
  return `${cocoLabel(d.categoryId, lang)} ${d.score.toFixed(2)}`;
}

export default function LiveDetectionPage() {
  const t = useT(liveTexts);
  const tMeta = useT(liveDetectionMeta.texts);
  const lang = useLang();
  const [state, setState] = useUrlState(SCHEMA);
  const { adapter, retry, backend: workerBackend } = useWorkerModel(COCO_SSD_ID);
  const mainBackend = useRuntime().backend?.active ?? '';

  const [source, setSource] = useState<Source | null>(null);
  const [rawFor, setRawFor] = useState<Tagged<{ raw: SsdRaw; inferMs: number }> | null>(null);
  const [frameFor, setFrameFor] = useState<Tagged<Frame> | null>(null);
  const [errorFor, setErrorFor] = useState<Tagged<string> | null>(null);
  const [fps, tickFps, resetFps] = useFps();
  const [fastVideo, setFastVideo] = useState<Tagged<number> | null>(null);

  const nms = useMemo(
    () => ({ scoreThreshold: state.score, iouThreshold: state.iou, maxDetections: state.max, classAgnostic: state.agnostic }),
    [state.score, state.iou, state.max, state.agnostic],
  );
  const optsRef = useRef({ nms, post: state.post, mode: state.mode, flip: state.flip });
  useEffect(() => {
    optsRef.current = { nms, post: state.post, mode: state.mode, flip: state.flip };
  }, [nms, state.post, state.mode, state.flip]);

  const fail = (s: Source, e: unknown) => setErrorFor({ source: s, value: e instanceof Error ? e.message : String(e) });

  // Still image: run the graph once per (model, image); sliders only re-run the post-processing.
  const stillSource = source?.kind === 'still' ? source : null;
  useEffect(() => {
    if (!adapter || !stillSource || state.post !== 'project') return;
    let live = true;
    const t0 = performance.now();
    adapter.runRaw(stillSource.pixels).then(
      (r) => live && setRawFor({ source: stillSource, value: { raw: r, inferMs: performance.now() - t0 } }),
      (e: unknown) => live && fail(stillSource, e),
    );
    return () => {
      live = false;
    };
  }, [adapter, stillSource, state.post]);

  // Still image, package mode: its detect() runs the graph and its own NMS each time.
  useEffect(() => {
    if (!adapter || !stillSource || state.post !== 'package') return;
    let live = true;
    adapter.detectWithPackage(stillSource.pixels, state.max, state.score, stillSource.size).then(
      (r) => live && setFrameFor({ source: stillSource, value: { detections: r.result, timings: r.timings } }),
      (e: unknown) => live && fail(stillSource, e),
    );
    return () => {
      live = false;
    };
  }, [adapter, stillSource, state.post, state.max, state.score]);

  // Still image, accuracy mode: every pass's graph run once per (model, image, flip), spread over the
  // workers; sliders only re-decode and re-merge.
  const accurate = state.mode === 'accurate' && state.post === 'project';
  const [passesFor, setPassesFor] = useState<Tagged<InferredPasses> | null>(null);
  useEffect(() => {
    if (!adapter || !stillSource || !accurate) return;
    let live = true;
    inferAccurate(adapter, passPixels(stillSource.pixels), accurateOptions(state.flip), adapter.lanes).then(
      (r) => live && setPassesFor({ source: stillSource, value: r }),
      (e: unknown) => live && fail(stillSource, e),
    );
    return () => {
      live = false;
    };
  }, [adapter, stillSource, accurate, state.flip]);
  const inferred = accurate && passesFor && passesFor.source === stillSource && passesFor.value.passes.length === (state.flip ? 10 : 5) ? passesFor.value : null;
  const accurateStill = useMemo<Frame | null>(() => {
    if (!inferred || !adapter || !stillSource) return null;
    const { result, decodeMs } = mergeAccurate(adapter, inferred, { ...nms, imageSize: stillSource.size }, accurateOptions(state.flip));
    return { detections: result, timings: { inferMs: inferred.inferMs, decodeMs }, passes: inferred.passes.length };
  }, [inferred, adapter, stillSource, nms, state.flip]);

  const raw = rawFor && rawFor.source === stillSource ? rawFor.value : null;
  const decoded = useMemo<Frame | null>(() => {
    if (!raw || !adapter || !stillSource) return null;
    const { result, decodeMs } = adapter.decodeTimed(raw.raw, { ...nms, imageSize: stillSource.size });
    return { detections: result, timings: { inferMs: raw.inferMs, decodeMs } };
  }, [raw, adapter, stillSource, nms]);

  // Video: the graph runs in the workers, one frame in flight per worker; frame n is drawn while frame n+1 infers.
  const videoSource = source?.kind === 'video' ? source : null;
  useEffect(() => {
    if (!adapter || !videoSource) return;
    resetFps();
    const v = videoSource.video;
    // The project's NMS runs here on the raw outputs, with the settings of when they arrive.
    type Sent = { readonly raw: SsdRaw; readonly inferMs: number; readonly imageSize: Size } | { readonly frame: Frame };
    const send = async (): Promise<Sent> => {
      const { nms: o, post, mode, flip } = optsRef.current;
      const imageSize = { width: v.videoWidth, height: v.videoHeight };
      if (post === 'project' && mode === 'accurate') {
        // Every pass of this frame at once on the workers (one frame in flight: it already uses them all).
        const acc = accurateOptions(flip);
        const inferred = await inferAccurate(adapter, passPixels(v), acc, adapter.lanes);
        const { result, decodeMs } = mergeAccurate(adapter, inferred, { ...o, imageSize }, acc);
        return { frame: { detections: result, timings: { inferMs: inferred.inferMs, decodeMs }, passes: inferred.passes.length } };
      }
      if (post === 'package') {
        const r = await adapter.detectWithPackage(v, o.maxDetections, o.scoreThreshold, imageSize);
        return { frame: { detections: r.result, timings: r.timings } };
      }
      const t0 = performance.now();
      // At the graph's input size (it resizes to 300×300 anyway): less for the worker to copy and convert.
      const { raw } = await adapter.runRawTimed(v, COCO_SSD_INPUT);
      return { raw, inferMs: performance.now() - t0, imageSize };
    };
    return runPipelinedLoop(
      v,
      send,
      (r) => {
        let value: Frame;
        if ('frame' in r) value = r.frame;
        else {
          const { result, decodeMs } = adapter.decodeTimed(r.raw, { ...optsRef.current.nms, imageSize: r.imageSize });
          value = { detections: result, timings: { inferMs: r.inferMs, decodeMs } };
        }
        setFrameFor({ source: videoSource, value });
        if ((value.passes ?? 1) === 1 && !('frame' in r && optsRef.current.post === 'package')) setFastVideo({ source: videoSource, value: value.timings.inferMs });
        setErrorFor(null);
        tickFps();
      },
      (e) => fail(videoSource, e),
      () => (optsRef.current.mode === 'accurate' && optsRef.current.post === 'project' ? 1 : adapter.lanes),
    );
  }, [adapter, videoSource, tickFps, resetFps]);

  const frame = frameFor && frameFor.source === source ? frameFor.value : null;
  const error = errorFor && errorFor.source === source ? errorFor.value : null;
  const shown: Frame | null = stillSource && state.post === 'project' ? (accurate ? accurateStill : decoded) : frame;
  // The accuracy mode's cost: its graph runs, and its latency against the fast mode's on the same image
  // (a still: the fast pass is the one the fast mode runs anyway; video: the last fast frame).
  const fastMs = stillSource ? (raw?.inferMs ?? null) : fastVideo && fastVideo.source === source ? fastVideo.value : null;
  const cost = shown?.passes && shown.passes > 1 ? { passes: shown.passes, ms: shown.timings.inferMs, ratio: fastMs ? shown.timings.inferMs / fastMs : null } : null;
  const detections = useMemo(() => shown?.detections ?? [], [shown]);
  const drawn = useMemo<DrawnBox[]>(
    () => detections.map((d) => ({ box: d.box, text: labelOf(d, lang), color: classColor(d.categoryId) })),
    [detections, lang],
  );

  const exportJson = () => {
    if (!source) return;
    const id = imageIdFromFileName(source.name) ?? 1;
    downloadJson(toCocoResults(detections, id), `${baseName(source.name)}.detections.json`);
  };
  const exportPng = () => {
    if (!source) return;
    const size = sourceSize(source);
    const pixels = sourcePixels(source);
    const w = pixels instanceof HTMLVideoElement ? pixels.videoWidth : pixels.width;
    const h = pixels instanceof HTMLVideoElement ? pixels.videoHeight : pixels.height;
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    drawFrame(fitPainter(ctx, size), pixels, drawn, Math.max(12, Math.round(w / 60)));
    c.toBlob((blob) => blob && downloadBlob(blob, `${baseName(source.name)}.detections.png`), 'image/png');
  };

  const listText = detections.map((d) => labelOf(d, lang)).join(', ');
  const timings = shown?.timings;
  const busy = !!adapter && !!stillSource && !shown && !error;

  return (
    <article className="section live-detection">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker worker={COCO_SSD_ID} />
        <ModelStatus id={COCO_SSD_ID} title="COCO-SSD" onRetry={retry} backend={workerBackend} />
        {adapter && (
          <span className="hint" data-testid="inference-where" data-worker="1" data-main-backend={mainBackend} data-backend={workerBackend ?? ''} data-threads={adapter.backend.threads} data-lanes={adapter.lanes}>
            {t('inWorker', { backend: workerBackend ?? '?', threads: adapter.backend.threads, lanes: adapter.lanes })}
          </span>
        )}
      </div>
      <div className="live-layout">
        <div className="live-main">
          <ImageSource onSource={setSource} />
          {source ? (
            <OverlayCanvas
              source={source}
              boxes={drawn}
              label={
                detections.length > 0
                  ? t('canvasLabel', { name: source.name, n: detections.length, list: listText })
                  : t('canvasLabelEmpty', { name: source.name })
              }
            />
          ) : (
            <p className="empty">{t('noSource')}</p>
          )}
          {error && (
            <p className="error" role="alert" data-testid="infer-error">
              {t('inferError', { detail: error })}
            </p>
          )}
        </div>
        <aside className="live-side">
          <fieldset>
            <legend>{t('settings')}</legend>
            <Slider label={t('score')} hint={t('scoreHint')} value={state.score} min={0.01} max={1} step={0.01} onChange={(v) => setState({ score: v })} format={(v) => v.toFixed(2)} testId="score-slider" />
            <Slider label={t('iou')} hint={t('iouHint')} value={state.iou} min={0.05} max={1} step={0.05} onChange={(v) => setState({ iou: v })} format={(v) => v.toFixed(2)} testId="iou-slider" />
            <Slider label={t('max')} value={state.max} min={1} max={100} step={1} onChange={(v) => setState({ max: v })} testId="max-slider" />
            <label className="check" title={t('agnosticHint')}>
              <input type="checkbox" checked={state.agnostic} onChange={(e) => setState({ agnostic: e.currentTarget.checked })} data-testid="agnostic" />{' '}
              {t('agnostic')}
            </label>
            <div role="radiogroup" aria-label={t('post')} className="radios">
              <span>{t('post')}</span>
              {(['project', 'package'] as const).map((p) => (
                <label key={p}>
                  <input type="radio" name="post" value={p} checked={state.post === p} onChange={() => setState({ post: p })} data-testid={`post-${p}`} />{' '}
                  {p === 'project' ? t('postProject') : t('postPackage')}
                </label>
              ))}
              {state.post === 'package' && <small className="hint">{t('postPackageNote')}</small>}
            </div>
            <div role="radiogroup" aria-label={t('mode')} className="radios">
              <span>{t('mode')}</span>
              {(['fast', 'accurate'] as const).map((m) => (
                <label key={m}>
                  <input type="radio" name="mode" value={m} checked={state.mode === m} disabled={state.post === 'package'} onChange={() => setState({ mode: m })} data-testid={`mode-${m}`} />{' '}
                  {m === 'fast' ? t('modeFast') : t('modeAccurate')}
                </label>
              ))}
              {state.mode === 'accurate' && (
                <label className="check">
                  <input type="checkbox" checked={state.flip} disabled={state.post === 'package'} onChange={(e) => setState({ flip: e.currentTarget.checked })} data-testid="mode-flip" /> {t('modeFlip')}
                </label>
              )}
              <small className="hint">{state.post === 'package' ? t('modePackageNote') : state.mode === 'accurate' ? t('modeAccurateHint') : t('modeFastHint')}</small>
              {cost && (
                <small className="hint" data-testid="accurate-cost" data-passes={cost.passes} data-ratio={cost.ratio?.toFixed(2) ?? ''}>
                  {cost.ratio !== null && fastMs !== null
                    ? t('modeCostRatio', { passes: cost.passes, ms: Math.round(cost.ms), fast: Math.round(fastMs), ratio: cost.ratio.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
                    : t('modeCost', { passes: cost.passes, ms: Math.round(cost.ms) })}
                </small>
              )}
            </div>
          </fieldset>
          <dl className="stats">
            <PerfStats timings={timings} fps={videoSource ? fps : null} />
          </dl>
          {busy && <p role="status">{t('running')}</p>}
          <div className="exports">
            <button type="button" onClick={exportJson} disabled={!source || !shown} data-testid="export-json">
              {t('exportJson')}
            </button>
            <button type="button" onClick={exportPng} disabled={!source || !shown} data-testid="export-png">
              {t('exportPng')}
            </button>
            <small className="hint">{t('exportNote')}</small>
          </div>
        </aside>
      </div>
      <section aria-labelledby="results-h">
        <h2 id="results-h">{t('results')}</h2>
        {shown && detections.length === 0 && <p>{t('none')}</p>}
        <DetectionsTable detections={detections} headers={{ cls: t('colClass'), score: t('colScore'), box: t('colBox') }} />
      </section>
    </article>
  );
}

