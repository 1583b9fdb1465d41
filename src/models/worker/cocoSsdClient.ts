/**
 * COCO-SSD behind the same calls as `CocoSsdAdapter` (runRaw / decode / decodeTimed / run /
 * detectWithPackage / dispose), with the graph running in a Web Worker (`cocoSsd.worker.ts`) and the
 * project's post-processing (`ssdDecode.ts`, pure) on the page. No tfjs on this side: pages using it
 * never start a tfjs backend on the main thread. Frames are sent as transferred `ImageBitmap`s.
 *
 * Created by the registry's `worker` factory through `runtime.loadInWorker(id)` / `useWorkerModel(id)`;
 * the runtime owns it (disposed on a backend switch: the worker is terminated).
 */
import { wrap, transfer, type Remote } from 'comlink';
import type { Size } from '../../core/geometry';
import type { BackendName } from '../backend';
import type { Detection, DetectOptions, SsdRaw } from '../cocoSsd';
import { COCO_SSD_INFO } from '../cocoSsdInfo';
import { decodeSsd } from '../ssdDecode';
import { ModelLoadError, type PixelInput, type RgbaPixels, type Timings } from '../types';
import type { WorkerBackendInfo, WorkerMemory } from '../workerBackend';
import type { CocoSsdWorkerApi, WorkerFrame } from './cocoSsd.worker';
import { isContextLostMessage } from './messages';

/** What a worker-backed adapter tells the page about where it runs. */
export interface WorkerAdapterInfo {
  readonly inWorker: true;
  readonly backend: WorkerBackendInfo;
}

function isRgba(input: PixelInput): input is RgbaPixels {
  return !(typeof HTMLElement !== 'undefined' && input instanceof HTMLElement) && !(typeof ImageData !== 'undefined' && input instanceof ImageData);
}

/** The frame as a transferable: a bitmap of the DOM image/video, or a copy of the RGBA pixels. */
export async function frameOf(input: PixelInput): Promise<WorkerFrame> {
  if (isRgba(input)) return { width: input.width, height: input.height, data: new Uint8ClampedArray(input.data) };
  return createImageBitmap(input);
}

function transferFrame<T extends WorkerFrame>(f: T): T {
  return transfer(f, [f instanceof ImageBitmap ? f : f.data.buffer as ArrayBuffer]);
}

/**
 * Read-only diagnostics on `window.__cvlWorkerTf`, like `__cvlTf` for the main thread (the soak test
 * and benchmark read them): the worker engine's tfjs memory right after the latest frame.
 */
function publishWorkerMemory(m: WorkerMemory): void {
  (globalThis as { __cvlWorkerTf?: { memory: () => WorkerMemory } }).__cvlWorkerTf = { memory: () => m };
}

function loadErrorOf(url: string, e: unknown): ModelLoadError {
  if (e instanceof ModelLoadError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const kind = /404|not found|Failed to fetch|fetch failed/i.test(msg) ? 'missing' : /shape|byte|weights|JSON|Unexpected/i.test(msg) ? 'corrupt' : 'other';
  return new ModelLoadError(kind, url, `coco-ssd (worker): ${msg}`);
}

export class CocoSsdWorkerAdapter implements WorkerAdapterInfo {
  readonly info = COCO_SSD_INFO;
  readonly inWorker = true as const;
  private worker: Worker | null = null;
  private remote: Remote<CocoSsdWorkerApi> | null = null;
  private backendInfo: WorkerBackendInfo | null = null;
  private memory: WorkerMemory | null = null;
  /** Rejects every call still waiting on the worker once it is terminated (comlink never answers them). */
  private closed: Promise<never> = new Promise<never>(() => undefined);
  private close: (e: Error) => void = () => undefined;
  private contextLost = false;
  private lostListeners = new Set<() => void>();

  constructor(
    private readonly modelUrl: string,
    private readonly wasmBase: string,
    private readonly preferred?: BackendName,
    /** The folder's checked files (manifest path → bytes), transferred to the worker on `load`. */
    private bodies?: Map<string, ArrayBuffer>,
  ) {}

  get loaded(): boolean {
    return this.backendInfo !== null;
  }

  /** Backend and threads of the worker (after `load`). */
  get backend(): WorkerBackendInfo {
    if (!this.backendInfo) throw new Error('coco-ssd worker: not loaded');
    return this.backendInfo;
  }

  async load(): Promise<void> {
    this.worker = new Worker(new URL('./cocoSsd.worker.ts', import.meta.url), { type: 'module', name: 'coco-ssd' });
    this.remote = wrap<CocoSsdWorkerApi>(this.worker);
    this.closed = new Promise<never>((_, reject) => {
      this.close = reject;
    });
    this.closed.catch(() => undefined);
    this.worker.addEventListener('message', (ev: MessageEvent) => {
      if (isContextLostMessage(ev.data)) this.lost();
    });
    const failed = new Promise<never>((_, reject) => this.worker?.addEventListener('error', (e) => reject(new Error(e.message || 'the worker failed to start')), { once: true }));
    try {
      const bodies = this.bodies;
      this.bodies = undefined;
      const sent = bodies ? transfer(bodies, [...bodies.values()]) : undefined;
      this.backendInfo = await Promise.race([this.remote.load(this.modelUrl, this.wasmBase, this.preferred, sent), failed]);
    } catch (e) {
      this.dispose();
      throw loadErrorOf(this.modelUrl, e);
    }
  }

  private api(): Remote<CocoSsdWorkerApi> {
    if (!this.remote) throw new Error('coco-ssd worker: not loaded or disposed');
    return this.remote;
  }

  /** A call to the worker, rejected if the worker is terminated before it answers. */
  private call<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.closed]);
  }

  private lost(): void {
    if (this.contextLost) return;
    this.contextLost = true;
    for (const cb of [...this.lostListeners]) cb();
  }

  /**
   * Calls `cb` once when the worker's WebGL context is lost (at once if it already was): the runtime
   * then replaces this adapter with one on WASM. Returns the unsubscribe.
   */
  onContextLost(cb: () => void): () => void {
    if (this.contextLost) {
      cb();
      return () => undefined;
    }
    this.lostListeners.add(cb);
    return () => this.lostListeners.delete(cb);
  }

  /** The graph's raw outputs (computed in the worker) and the worker's inference time. */
  async runRawTimed(input: PixelInput): Promise<{ raw: SsdRaw; inferMs: number }> {
    const api = this.api();
    const frame = await frameOf(input);
    const { inferMs, memory, ...raw } = await this.call(api.runRaw(transferFrame(frame)));
    this.memory = memory;
    publishWorkerMemory(memory);
    return { raw, inferMs };
  }

  async runRaw(input: PixelInput): Promise<SsdRaw> {
    return (await this.runRawTimed(input)).raw;
  }

  decode(raw: SsdRaw, options: DetectOptions): Detection[] {
    return decodeSsd(raw, options);
  }

  decodeTimed(raw: SsdRaw, options: DetectOptions): { result: Detection[]; decodeMs: number } {
    const t0 = performance.now();
    const result = decodeSsd(raw, options);
    return { result, decodeMs: performance.now() - t0 };
  }

  /** Graph in the worker, NMS here; `inferMs` is the round trip (frame capture, transfer, graph, outputs back). */
  async run(input: PixelInput, options: DetectOptions): Promise<{ raw: SsdRaw; result: Detection[]; timings: Timings }> {
    const t0 = performance.now();
    const raw = await this.runRaw(input);
    const t1 = performance.now();
    const result = decodeSsd(raw, options);
    return { raw, result, timings: { inferMs: t1 - t0, decodeMs: performance.now() - t1 } };
  }

  async detectWithPackage(input: PixelInput, maxDetections: number, minScore: number, imageSize?: Size): Promise<{ result: Detection[]; timings: Timings }> {
    const api = this.api();
    const t0 = performance.now();
    const frame = await frameOf(input);
    const r = await this.call(api.detectWithPackage(transferFrame(frame), maxDetections, minScore, imageSize));
    return { result: r.result, timings: { inferMs: performance.now() - t0, decodeMs: 0 } };
  }

  /** Tensors alive in the worker (leak checks). */
  tensors(): Promise<number> {
    return this.call(this.api().tensors());
  }

  /** The worker engine's tfjs memory as of the last frame (`null` before the first). */
  get lastMemory(): WorkerMemory | null {
    return this.memory;
  }

  /** Terminates the worker (its backend and weights go with it). */
  dispose(): void {
    this.worker?.terminate();
    if (this.worker) this.close(new Error('coco-ssd worker: terminated (backend switch or lost WebGL context)'));
    this.lostListeners.clear();
    this.worker = null;
    this.remote = null;
    this.backendInfo = null;
  }
}
