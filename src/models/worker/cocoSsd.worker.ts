/**
 * COCO-SSD in a dedicated Web Worker, behind comlink: the same `CocoSsdAdapter` as on the page, on the
 * worker's own tfjs backend (WASM threads when cross-origin isolated). Frames arrive as transferred
 * `ImageBitmap`s (or RGBA pixels) and are read into `ImageData` on an OffscreenCanvas; raw outputs go
 * back with their buffers transferred. One call at a time per worker: the client (`cocoSsdClient.ts`) keeps
 * at most one frame in flight per worker, and runs several such workers ("lanes") side by side on WASM/CPU.
 */
import { expose, transfer } from 'comlink';
import type { Size } from '../../core/geometry';
import { watchWebglContext, type BackendName } from '../backend';
import { CocoSsdAdapter, type Detection, type SsdRaw } from '../cocoSsd';
import type { RgbaPixels, Timings } from '../types';
import { VerifiedFiles } from '../verifiedLoad';
import { CONTEXT_LOST_MESSAGE, type ContextLostMessage } from './messages';
import { initWorkerBackend, workerMemory, workerTensors, type WorkerBackendInfo, type WorkerMemory } from '../workerBackend';

/** A frame as sent to the worker: a transferred bitmap or plain RGBA pixels. */
export type WorkerFrame = ImageBitmap | RgbaPixels;

let adapter: CocoSsdAdapter | null = null;
let canvas: OffscreenCanvas | null = null;
/** Stops watching the WebGL context (set while a model is loaded on WebGL). */
let unwatchGl: () => void = () => undefined;

const isBitmap = (f: WorkerFrame): f is ImageBitmap => typeof ImageBitmap !== 'undefined' && f instanceof ImageBitmap;

function toImageData(frame: WorkerFrame): ImageData | RgbaPixels {
  if (!isBitmap(frame)) return frame;
  const { width, height } = frame;
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('OffscreenCanvas 2d context unavailable in the worker');
  ctx.drawImage(frame, 0, 0);
  frame.close();
  return ctx.getImageData(0, 0, width, height);
}

function model(): CocoSsdAdapter {
  if (!adapter) throw new Error('coco-ssd worker: load() first');
  return adapter;
}

const api = {
  /** Starts the backend and loads the graph from `modelUrl` (warm-up included). */
  async load(modelUrl: string, wasmBase: string, preferred?: BackendName, bodies?: Map<string, ArrayBuffer>): Promise<WorkerBackendInfo & { readonly memory: WorkerMemory }> {
    const info = await initWorkerBackend(wasmBase, preferred);
    adapter?.dispose();
    // The bytes the page fetched and checked (size + sha256); without them, the URL.
    const base = modelUrl.slice(0, modelUrl.lastIndexOf('/') + 1);
    const files = bodies ? new VerifiedFiles(base, bodies) : undefined;
    const a = new CocoSsdAdapter(modelUrl, files?.handler(modelUrl.slice(base.length)));
    await a.load();
    adapter = a;
    unwatchGl();
    // A lost WebGL context is reported to the page (the runtime reloads the model on WASM, issue #15).
    unwatchGl = watchWebglContext(() => self.postMessage({ type: CONTEXT_LOST_MESSAGE } satisfies ContextLostMessage));
    // The engine's figures with the model loaded and warmed up: the page's tensor count is complete
    // before the first frame (every lane of a pool counted).
    return { ...info, memory: workerMemory() };
  },
  async runRaw(frame: WorkerFrame): Promise<SsdRaw & { readonly inferMs: number; readonly memory: WorkerMemory }> {
    const t0 = performance.now();
    const raw = await model().runRaw(toImageData(frame));
    const inferMs = performance.now() - t0;
    return transfer({ ...raw, inferMs, memory: workerMemory() }, [raw.scores.buffer, raw.boxes.buffer]);
  },
  async detectWithPackage(frame: WorkerFrame, maxDetections: number, minScore: number, imageSize?: Size): Promise<{ result: Detection[]; timings: Timings }> {
    return model().detectWithPackage(toImageData(frame), maxDetections, minScore, imageSize);
  },
  tensors(): number {
    return workerTensors();
  },
  dispose(): void {
    unwatchGl();
    unwatchGl = () => undefined;
    adapter?.dispose();
    adapter = null;
  },
};

export type CocoSsdWorkerApi = typeof api;

expose(api);
