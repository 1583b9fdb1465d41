/**
 * COCO-SSD in a dedicated Web Worker, behind comlink: the same `CocoSsdAdapter` as on the page, on the
 * worker's own tfjs backend (WASM threads when cross-origin isolated). Frames arrive as transferred
 * `ImageBitmap`s (or RGBA pixels) and are read into `ImageData` on an OffscreenCanvas; raw outputs go
 * back with their buffers transferred (plumbing shared with the segmentation worker: `workerHost.ts`). One
 * call at a time per worker: the client (`cocoSsdClient.ts`) keeps at most one frame in flight per worker,
 * and runs several such workers ("lanes") side by side on WASM/CPU.
 */
import { expose, transfer } from 'comlink';
import type { Size } from '../../core/geometry';
import type { BackendName } from '../backend';
import { CocoSsdAdapter, type Detection, type SsdRaw } from '../cocoSsd';
import type { Timings } from '../types';
import { VerifiedFiles } from '../verifiedLoad';
import { initWorkerBackend, workerMemory, workerTensors, type WorkerBackendInfo, type WorkerMemory } from '../workerBackend';
import { FrameReader, ownBuffer, reportContextLoss, type WorkerFrame } from './workerHost';

let adapter: CocoSsdAdapter | null = null;
const frames = new FrameReader();
/** Stops watching the WebGL context (set while a model is loaded on WebGL). */
let unwatchGl: () => void = () => undefined;

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
    unwatchGl = reportContextLoss();
    // The engine's figures with the model loaded and warmed up: the page's tensor count is complete
    // before the first frame (every lane of a pool counted).
    return { ...info, memory: workerMemory() };
  },
  async runRaw(frame: WorkerFrame): Promise<SsdRaw & { readonly inferMs: number; readonly memory: WorkerMemory }> {
    const t0 = performance.now();
    const out = await model().runRaw(frames.read(frame));
    const inferMs = performance.now() - t0;
    const raw: SsdRaw = { ...out, scores: ownBuffer(out.scores), boxes: ownBuffer(out.boxes) };
    return transfer({ ...raw, inferMs, memory: workerMemory() }, [raw.scores.buffer, raw.boxes.buffer]);
  },
  async detectWithPackage(frame: WorkerFrame, maxDetections: number, minScore: number, imageSize?: Size): Promise<{ result: Detection[]; timings: Timings }> {
    return model().detectWithPackage(frames.read(frame), maxDetections, minScore, imageSize);
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
