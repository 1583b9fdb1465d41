/**
 * The live segmentation page's controller: URL state, the DeepLab folder probe, the model (its graph in
 * a Web Worker: useWorkerModel; decoding here), the source, inference on a still image (once per image
 * and model; the threshold only re-decodes) or on video frames (one inference in flight, each mask shown
 * on the very frame it was computed on), and the derived frame, settings and class shares the widgets show.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { replaceQuery, useRoute } from '../../app/router';
import { DATASETS } from '../../core/segmentationLabels';
import { bool, num, oneOf, readState, writeState } from '../../core/urlState';
import { DEEPLAB_IDS, type DeepLabId } from '../../models/deeplabInfo';
import { MEET_ID, SELFIE_ID, type SegAdapter, type SegRaw, type SegResult } from '../../models/segDecode';
import type { Timings } from '../../models/types';
import { runFrameLoop } from '../../ui/frameLoop';
import { decodeImage } from '../../ui/imageDecode';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { fetchSample, sampleUrl } from '../../ui/sampleIndex';
import type { Source, StillSource, VideoSource } from '../../ui/source';
import { useFps } from '../../ui/useFps';
import { useRuntime } from '../../ui/useRuntime';
import { useWorkerModel } from '../../ui/useModel';
import { isDeepLab, probeDeepLab, SEG_MODEL_IDS, type Presence, type SegModelId } from './loader';
import { VIEWS, type RenderSettings } from './render';
import type { SegFrame } from './SegCanvas';

/** Every control in the URL (`#/segmentation/live?model=mediapipe-meet&view=blur&blur=20`). */
export const SCHEMA = {
  model: oneOf<SegModelId>(SEG_MODEL_IDS, SELFIE_ID),
  view: oneOf(VIEWS, 'overlay'),
  opacity: num(0.55, 0, 1),
  threshold: num(0.5, 0.01, 0.99),
  blur: num(12, 1, 40, true),
  soft: bool(false),
};

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

export interface ShareRow {
  readonly id: number;
  readonly share: number;
}

export function useSegmentationLive(sampleFailed: (name: string) => string) {
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
  // The graph runs in a Web Worker (#14): the page decodes and draws, its own tfjs backend never starts.
  const { adapter, retry, backend: workerBackend } = useWorkerModel<SegModelId>(loadable ? state.model : null);
  const mainBackend = useRuntime().backend?.active ?? null;

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
      setSampleError(sampleFailed(file));
    }
  };

  const dataset = result ? DATASETS[result.dataset] : null;
  const shareRows = useMemo<ShareRow[]>(() => {
    if (!result) return [];
    const rows: ShareRow[] = [];
    result.shares.forEach((share, id) => {
      if (share > 0 || result.dataset === 'person') rows.push({ id, share });
    });
    return rows.sort((a, b) => b.share - a.share);
  }, [result]);

  const installedDeeplab = DEEPLAB_IDS.filter((id) => presence?.[id] === 'present');
  const offered: SegModelId[] = [SELFIE_ID, MEET_ID, ...installedDeeplab];
  if (!offered.includes(state.model)) offered.push(state.model);

  return {
    state,
    setState,
    presence,
    selectedDeeplabAbsent,
    retry,
    adapter,
    workerBackend,
    mainBackend,
    source,
    setSource,
    videoSource,
    shown,
    result,
    error,
    frame,
    settings,
    fps,
    loadSample,
    sampleError,
    dataset,
    shareRows,
    installedDeeplab,
    offered,
    busy: !!adapter && !!stillSource && !shown && !error,
  };
}

/** What the controller gives the page's widgets. */
export type SegLive = ReturnType<typeof useSegmentationLive>;
