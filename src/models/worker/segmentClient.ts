/**
 * Live segmentation behind the calls of a `SegAdapter` (runRaw / decode / decodeTimed / run / dispose),
 * with the graph running in a Web Worker (`segment.worker.ts`) and the decoding (`segDecode.ts`, pure)
 * on the page. No tfjs on this side: `#/segmentation/live` never starts a tfjs backend on the main
 * thread. Frames are sent as transferred `ImageBitmap`s; the worker's plumbing is `workerClient.ts`.
 *
 * Created by the registry's `worker` factory through `runtime.loadInWorker(id)` / `useWorkerModel(id)`;
 * the runtime owns it (disposed on a backend switch or a lost WebGL context: the worker is terminated).
 */
import { transfer } from 'comlink';
import type { BackendName } from '../backend';
import { DEEPLAB_TITLES, deeplabDataset, isDeepLabId, type DeepLabId } from '../deeplabInfo';
import { decodeSeg, decodeSegTimed, PERSON_MODELS, type PersonModelId, type SegAdapter, type SegOptions, type SegRaw, type SegResult } from '../segDecode';
import type { ModelInfo, PixelInput, Timings } from '../types';
import type { WorkerBackendInfo, WorkerMemory } from '../workerBackend';
import type { SegWorkerApi } from './segment.worker';
import { frameOf, ModelWorker, transferFrame, workerLoadError, type WorkerLike } from './workerClient';

export type SegWorkerModelId = PersonModelId | DeepLabId;

const spawnSegWorker = (): Worker => new Worker(new URL('./segment.worker.ts', import.meta.url), { type: 'module', name: 'segmentation' });

export class SegWorkerAdapter implements SegAdapter {
  readonly info: ModelInfo;
  readonly dataset: SegAdapter['dataset'];
  readonly inWorker = true as const;
  private readonly worker: ModelWorker<SegWorkerApi>;
  private backendInfo: WorkerBackendInfo | null = null;

  constructor(
    readonly id: SegWorkerModelId,
    private readonly modelUrl: string,
    private readonly wasmBase: string,
    private readonly preferred?: BackendName,
    /** The folder's checked files (manifest path → bytes), transferred to the worker on `load`. */
    private bodies?: Map<string, ArrayBuffer>,
    spawn: () => WorkerLike = spawnSegWorker,
  ) {
    if (isDeepLabId(id)) {
      this.dataset = deeplabDataset(id);
      this.info = { id, task: 'semantic-segmentation', title: DEEPLAB_TITLES[this.dataset] };
    } else {
      this.dataset = 'person';
      this.info = PERSON_MODELS[id].info;
    }
    this.worker = new ModelWorker<SegWorkerApi>(id, spawn);
  }

  get loaded(): boolean {
    return this.backendInfo !== null;
  }

  /** Backend and threads of the worker (after `load`). */
  get backend(): WorkerBackendInfo {
    if (!this.backendInfo) throw new Error(`${this.id} worker: not loaded`);
    return this.backendInfo;
  }

  async load(): Promise<void> {
    if (this.backendInfo) return;
    const bodies = this.bodies;
    this.bodies = undefined; // transferred: the page keeps no second copy of the weights
    try {
      this.backendInfo = await this.worker.start((remote) => {
        const sent = bodies ? transfer(bodies, [...bodies.values()]) : undefined;
        return remote.load({ id: this.id, modelUrl: this.modelUrl }, this.wasmBase, this.preferred, sent);
      });
    } catch (e) {
      this.dispose();
      throw workerLoadError(this.id, this.modelUrl, e);
    }
  }

  /** `cb` once when the worker's WebGL context is lost: the runtime then reloads the model on WASM. */
  onContextLost(cb: () => void): () => void {
    return this.worker.onContextLost(cb);
  }

  /** The graph's raw output (computed in the worker) and the worker's own inference time. */
  async runRawTimed(input: PixelInput): Promise<{ raw: SegRaw; inferMs: number }> {
    const api = this.worker.api;
    const frame = await frameOf(input);
    const { raw, inferMs, memory } = await this.worker.call(api.runRaw(transferFrame(frame)));
    this.worker.published(memory);
    return { raw, inferMs };
  }

  async runRaw(input: PixelInput): Promise<SegRaw> {
    return (await this.runRawTimed(input)).raw;
  }

  decode(raw: SegRaw, options: SegOptions): SegResult {
    return decodeSeg(raw, options, this.dataset);
  }

  decodeTimed(raw: SegRaw, options: SegOptions): { result: SegResult; decodeMs: number } {
    return decodeSegTimed(raw, options, this.dataset);
  }

  /** Graph in the worker, decoding here; `inferMs` is the round trip (frame capture, transfer, graph, output back). */
  async run(input: PixelInput, options: SegOptions): Promise<{ raw: SegRaw; result: SegResult; timings: Timings }> {
    const t0 = performance.now();
    const raw = await this.runRaw(input);
    const t1 = performance.now();
    const result = decodeSeg(raw, options, this.dataset);
    return { raw, result, timings: { inferMs: t1 - t0, decodeMs: performance.now() - t1 } };
  }

  /** Tensors alive in the worker (leak checks). */
  tensors(): Promise<number> {
    return this.worker.call(this.worker.api.tensors());
  }

  /** The worker engine's tfjs memory as of the last frame (`null` before the first). */
  get lastMemory(): WorkerMemory | null {
    return this.worker.lastMemory;
  }

  /** Terminates the worker (its backend and weights go with it); calls still pending are rejected. */
  dispose(): void {
    this.worker.terminate();
    this.backendInfo = null;
  }
}
