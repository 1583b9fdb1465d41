/**
 * Live segmentation in a dedicated Web Worker, behind comlink: the same tfjs adapters as on the page
 * (`PersonSegmenter` for MediaPipe Selfie/Meet, `DeepLabAdapter` when its weights are installed) on the
 * worker's own tfjs backend. Frames arrive as transferred `ImageBitmap`s (or RGBA pixels); the raw
 * output (person probabilities or class ids, plain typed arrays) goes back with its buffer transferred,
 * and the page decodes it (`segDecode.ts`, pure). One call at a time: the page keeps one frame in flight.
 */
import { expose, transfer } from 'comlink';
import type { BackendName } from '../backend';
import type { DeepLabId } from '../deeplabInfo';
import type { PersonModelId, SegAdapter, SegRaw } from '../segDecode';
import { VerifiedFiles } from '../verifiedLoad';
import { initWorkerBackend, workerMemory, workerTensors, type WorkerBackendInfo, type WorkerMemory } from '../workerBackend';
import { FrameReader, ownBuffer, reportContextLoss, type WorkerFrame } from './workerHost';

/** Which model the worker loads, and from where (the JSON file's URL). */
export interface SegWorkerModel {
  readonly id: PersonModelId | DeepLabId;
  readonly modelUrl: string;
}

let adapter: SegAdapter | null = null;
const frames = new FrameReader();
/** Stops watching the WebGL context (set while a model is loaded on WebGL). */
let unwatchGl: () => void = () => undefined;

function model(): SegAdapter {
  if (!adapter) throw new Error('segmentation worker: load() first');
  return adapter;
}

async function open(m: SegWorkerModel, files: VerifiedFiles | undefined): Promise<SegAdapter> {
  if (m.id === 'mediapipe-selfie' || m.id === 'mediapipe-meet') {
    const { PersonSegmenter, PERSON_MODELS } = await import('../segmentation');
    const spec = PERSON_MODELS[m.id];
    return new PersonSegmenter(spec, m.modelUrl, files?.handler(spec.entry));
  }
  const { DeepLabAdapter } = await import('../deeplab');
  return new DeepLabAdapter(m.id, m.modelUrl);
}

const api = {
  /** Starts the backend and loads the model (warm-up included) from the page's checked bytes, else its URL. */
  async load(m: SegWorkerModel, wasmBase: string, preferred?: BackendName, bodies?: Map<string, ArrayBuffer>): Promise<WorkerBackendInfo> {
    const info = await initWorkerBackend(wasmBase, preferred);
    adapter?.dispose();
    adapter = null;
    const base = m.modelUrl.slice(0, m.modelUrl.lastIndexOf('/') + 1);
    const a = await open(m, bodies ? new VerifiedFiles(base, bodies) : undefined);
    await a.load();
    adapter = a;
    unwatchGl();
    // A lost WebGL context is reported to the page (the runtime reloads the model on WASM, issue #15).
    unwatchGl = reportContextLoss();
    return info;
  },
  async runRaw(frame: WorkerFrame): Promise<{ readonly raw: SegRaw; readonly inferMs: number; readonly memory: WorkerMemory }> {
    const t0 = performance.now();
    const out = await model().runRaw(frames.read(frame));
    const inferMs = performance.now() - t0;
    const raw: SegRaw = out.kind === 'soft' ? { ...out, probs: ownBuffer(out.probs) } : { ...out, labels: ownBuffer(out.labels) };
    const buffer = (raw.kind === 'soft' ? raw.probs.buffer : raw.labels.buffer) as ArrayBuffer;
    return transfer({ raw, inferMs, memory: workerMemory() }, [buffer]);
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

export type SegWorkerApi = typeof api;

expose(api);
