/**
 * COCO-SSD behind the same calls as `CocoSsdAdapter` (runRaw / decode / decodeTimed / run /
 * detectWithPackage / dispose), with the graph running in Web Workers (`cocoSsd.worker.ts`) and the
 * project's post-processing (`ssdDecode.ts`, pure) on the page. No tfjs on this side: pages using it
 * never start a tfjs backend on the main thread. Frames are sent as transferred `ImageBitmap`s.
 *
 * Both cores (issue #14): on WASM/CPU a single-threaded graph run uses one core, so the adapter runs
 * `lanes` workers, each with its own copy of the weights, and each call goes to an idle lane — the live
 * loop keeps one frame in flight per lane, so two frames infer at once on two cores. On WebGL (one GPU) and
 * with WASM threads (the graph already uses every core) one lane is enough.
 *
 * Created by the registry's `worker` factory through `runtime.loadInWorker(id)` / `useWorkerModel(id)`;
 * the runtime owns it (disposed on a backend switch: the worker is terminated).
 */
import { transfer, type Remote } from 'comlink';
import type { Size } from '../../core/geometry';
import type { BackendName } from '../backend';
import type { Detection, DetectOptions, SsdRaw } from '../cocoSsd';
import { COCO_SSD_INFO } from '../cocoSsdInfo';
import { decodeSsd } from '../ssdDecode';
import type { PixelInput, Timings } from '../types';
import type { WorkerBackendInfo, WorkerMemory } from '../workerBackend';
import type { CocoSsdWorkerApi } from './cocoSsd.worker';
import { frameOf, ModelWorker, publishWorkerMemory, transferFrame, workerLoadError, type WorkerLike } from './workerClient';

/** What a worker-backed adapter tells the page about where it runs. */
export interface WorkerAdapterInfo {
  readonly inWorker: true;
  readonly backend: WorkerBackendInfo;
}

const spawnCocoSsdWorker = (): Worker => new Worker(new URL('./cocoSsd.worker.ts', import.meta.url), { type: 'module', name: 'coco-ssd' });

/** How many workers to run a CPU-bound graph on: one per core, at most 2 (`cores` = hardwareConcurrency). */
export function lanesFor(backend: BackendName, threads: number, cores: number | undefined): number {
  if (backend === 'webgl' || threads > 1) return 1;
  return Math.max(1, Math.min(2, cores ?? 1));
}

/** One worker with the model loaded, and whether a call is running on it. */
interface Lane {
  readonly worker: ModelWorker<CocoSsdWorkerApi>;
  info: WorkerBackendInfo | null;
  memory: WorkerMemory | null;
  busy: number;
}

function sumMemory(ms: readonly WorkerMemory[]): WorkerMemory {
  const gpu = ms.some((m) => m.numBytesInGPU !== undefined) ? { numBytesInGPU: ms.reduce((a, m) => a + (m.numBytesInGPU ?? 0), 0) } : {};
  return {
    numTensors: ms.reduce((a, m) => a + m.numTensors, 0),
    numBytes: ms.reduce((a, m) => a + m.numBytes, 0),
    numDataBuffers: ms.reduce((a, m) => a + m.numDataBuffers, 0),
    ...gpu,
  };
}

const copyBodies = (b: Map<string, ArrayBuffer>): Map<string, ArrayBuffer> => new Map([...b].map(([k, v]) => [k, v.slice(0)]));

export class CocoSsdWorkerAdapter implements WorkerAdapterInfo {
  readonly info = COCO_SSD_INFO;
  readonly inWorker = true as const;
  private pool: Lane[] = [];
  private backendInfo: WorkerBackendInfo | null = null;
  private memory: WorkerMemory | null = null;
  /** Rejects the callers still waiting for a lane once the pool is terminated (a lane's own calls: `ModelWorker`). */
  private closed: Promise<never> = new Promise<never>(() => undefined);
  private close: (e: Error) => void = () => undefined;
  private contextLost = false;
  private lostListeners = new Set<() => void>();
  /** Callers waiting for a lane to become idle. */
  private waiting: (() => void)[] = [];

  constructor(
    private readonly modelUrl: string,
    private readonly wasmBase: string,
    private readonly preferred?: BackendName,
    /** The folder's checked files (manifest path → bytes), transferred to the worker on `load`. */
    private bodies?: Map<string, ArrayBuffer>,
    /** Cores to use (tests; default `navigator.hardwareConcurrency`). */
    private readonly cores: number | undefined = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1,
    private readonly spawn: () => WorkerLike = spawnCocoSsdWorker,
  ) {}

  get loaded(): boolean {
    return this.backendInfo !== null;
  }

  /** Backend and threads of the workers (after `load`; every lane runs on the same backend). */
  get backend(): WorkerBackendInfo {
    if (!this.backendInfo) throw new Error('coco-ssd worker: not loaded');
    return this.backendInfo;
  }

  /** Workers the graph runs on (frames that can infer at the same time). */
  get lanes(): number {
    return this.pool.length;
  }

  /** Starts one worker and loads the model in it; the lane joins the pool once warmed up. */
  private async startLane(preferred: BackendName | undefined, bodies: Map<string, ArrayBuffer> | undefined): Promise<Lane> {
    const worker = new ModelWorker<CocoSsdWorkerApi>('coco-ssd', this.spawn);
    try {
      const { memory, ...info } = await Promise.race([
        worker.start((remote) => remote.load(this.modelUrl, this.wasmBase, preferred, bodies ? transfer(bodies, [...bodies.values()]) : undefined)),
        this.closed,
      ]);
      worker.onContextLost(() => this.lost());
      return { worker, info, memory, busy: 0 };
    } catch (e) {
      worker.terminate(); // also when the pool was disposed while this lane was loading
      throw e;
    }
  }

  async load(): Promise<void> {
    this.closed = new Promise<never>((_, reject) => {
      this.close = reject;
    });
    this.closed.catch(() => undefined);
    const bodies = this.bodies;
    this.bodies = undefined;
    // A second lane only where it can help (CPU-bound backends, more than one core); when the backend is
    // known in advance both lanes load at once, otherwise the second follows the first's backend.
    const want = (b: BackendName, threads: number) => lanesFor(b, threads, this.cores);
    const early = this.preferred !== undefined && this.preferred !== 'webgl' && want(this.preferred, 1) > 1;
    const spare = bodies && want('wasm', 1) > 1 ? copyBodies(bodies) : undefined;
    try {
      const first = this.startLane(this.preferred, bodies);
      const second = early ? this.startLane(this.preferred, spare) : null;
      second?.catch(() => undefined);
      const lane0 = await first;
      this.pool = [lane0];
      const info = lane0.info!;
      let lane1: Lane | null = null;
      if (want(info.backend, info.threads) > 1) {
        try {
          lane1 = second ? await second : await this.startLane(info.backend, spare);
          if (lane1.info?.backend !== info.backend) {
            lane1.worker.terminate(); // lanes on two backends would give two answers for one frame
            lane1 = null;
          }
        } catch {
          lane1 = null; // one lane still works: the page runs at one frame in flight
        }
      } else if (second) {
        void second.then((l) => l.worker.terminate(), () => undefined);
      }
      if (lane1) this.pool.push(lane1);
      this.backendInfo = info;
      this.publish();
    } catch (e) {
      this.dispose();
      throw workerLoadError('coco-ssd', this.modelUrl, e);
    }
  }

  /** The pool's tfjs figures: every lane's latest, summed (published on `window.__cvlWorkerTf`). */
  private publish(): void {
    const ms = this.pool.flatMap((l) => (l.memory ? [l.memory] : []));
    if (ms.length === 0) return;
    this.memory = sumMemory(ms);
    publishWorkerMemory(this.memory);
  }

  /** An idle lane (waits for one when all are busy); marks it busy until `release`. */
  private async acquire(): Promise<Lane> {
    for (;;) {
      if (this.pool.length === 0) throw new Error('coco-ssd worker: not loaded or disposed');
      const idle = this.pool.find((l) => l.busy === 0);
      if (idle) {
        idle.busy++;
        return idle;
      }
      await Promise.race([new Promise<void>((r) => this.waiting.push(r)), this.closed]);
    }
  }

  private release(lane: Lane): void {
    lane.busy--;
    this.waiting.shift()?.();
  }

  /** A call on an idle lane, rejected if the workers are terminated before it answers. */
  private async onLane<T>(f: (api: Remote<CocoSsdWorkerApi>, lane: Lane) => Promise<T>): Promise<T> {
    const lane = await this.acquire();
    try {
      return await lane.worker.call(f(lane.worker.api, lane));
    } finally {
      this.release(lane);
    }
  }

  private lost(): void {
    if (this.contextLost) return;
    this.contextLost = true;
    for (const cb of [...this.lostListeners]) cb();
  }

  /**
   * Calls `cb` once when a worker's WebGL context is lost (at once if it already was): the runtime
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

  /** The graph's raw outputs (computed in a worker) and the worker's inference time. */
  /**
   * `resize`: send a DOM frame scaled to that size (the live loop sends camera frames at the graph's own
   * input size, `COCO_SSD_INPUT`: less to copy, convert and resize in the worker, the same normalized boxes).
   */
  async runRawTimed(input: PixelInput, resize?: Size): Promise<{ raw: SsdRaw; inferMs: number }> {
    return this.onLane(async (api, lane) => {
      const frame = await frameOf(input, resize);
      const { inferMs, memory, ...raw } = await api.runRaw(transferFrame(frame));
      lane.memory = memory;
      this.publish();
      return { raw, inferMs };
    });
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

  /** Graph in a worker, NMS here; `inferMs` is the round trip (frame capture, transfer, graph, outputs back). */
  async run(input: PixelInput, options: DetectOptions): Promise<{ raw: SsdRaw; result: Detection[]; timings: Timings }> {
    const t0 = performance.now();
    const raw = await this.runRaw(input);
    const t1 = performance.now();
    const result = decodeSsd(raw, options);
    return { raw, result, timings: { inferMs: t1 - t0, decodeMs: performance.now() - t1 } };
  }

  async detectWithPackage(input: PixelInput, maxDetections: number, minScore: number, imageSize?: Size): Promise<{ result: Detection[]; timings: Timings }> {
    const t0 = performance.now();
    const r = await this.onLane(async (api) => api.detectWithPackage(transferFrame(await frameOf(input)), maxDetections, minScore, imageSize));
    return { result: r.result, timings: { inferMs: performance.now() - t0, decodeMs: 0 } };
  }

  /** Tensors alive in the workers, summed over the lanes (leak checks). */
  async tensors(): Promise<number> {
    if (this.pool.length === 0) throw new Error('coco-ssd worker: not loaded or disposed');
    const n = await Promise.all(this.pool.map((l) => l.worker.call(l.worker.api.tensors())));
    return n.reduce((a, b) => a + b, 0);
  }

  /** The workers' tfjs memory (summed over the lanes) as of the last frame or the load. */
  get lastMemory(): WorkerMemory | null {
    return this.memory;
  }

  /** Terminates the workers (their backends and weights go with them). */
  dispose(): void {
    for (const l of this.pool) l.worker.terminate();
    this.close(new Error('coco-ssd worker: terminated (backend switch or lost WebGL context)'));
    this.lostListeners.clear();
    this.pool = [];
    this.waiting = [];
    this.backendInfo = null;
  }
}
