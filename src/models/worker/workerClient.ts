/**
 * Page-side plumbing shared by model-worker clients (the segmentation client, and each lane of coco-ssd's pool).
 * No tfjs here: a page whose models run in workers never starts a tfjs backend of its own.
 *
 * `ModelWorker` owns one Worker behind comlink: `start` spawns it and races the remote `load` against
 * the worker failing to start; `call` races every call against termination, so a call pending when the
 * worker is terminated (backend switch, lost WebGL context) is rejected instead of hanging forever; the
 * worker's `cvl:webgl-context-lost` message reaches `onContextLost` subscribers once; `published`
 * records the worker engine's tfjs memory of the latest frame on `window.__cvlWorkerTf` (read-only:
 * the soak test, the fault tests and `npm run bench:soak` read it).
 */
import { transfer, wrap, type Remote } from 'comlink';
import type { Size } from '../../core/geometry';
import { ModelLoadError, type PixelInput, type RgbaPixels } from '../types';
import type { WorkerMemory } from '../workerBackend';
import { isContextLostMessage } from './messages';
import type { WorkerFrame } from './workerHost';

function isRgba(input: PixelInput): input is RgbaPixels {
  return !(typeof HTMLElement !== 'undefined' && input instanceof HTMLElement) && !(typeof ImageData !== 'undefined' && input instanceof ImageData);
}

/**
 * The frame as a transferable: a bitmap of the DOM image/canvas/video, or a copy of the RGBA pixels.
 * `resize`: a DOM source is scaled to that size as the bitmap is made (the browser resamples it, off the
 * main thread's JS), for a graph that resizes its input to a fixed size anyway; RGBA pixels are sent as they are.
 */
export async function frameOf(input: PixelInput, resize?: Size): Promise<WorkerFrame> {
  if (isRgba(input)) return { width: input.width, height: input.height, data: new Uint8ClampedArray(input.data) };
  if (resize && typeof VideoFrame !== 'undefined' && typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement) {
    // The camera's current frame itself, without a copy: the worker scales and converts it. This takes the
    // pixel work (about 6 ms a frame here, `createImageBitmap` with a resize) off the page's main thread.
    try {
      return { videoFrame: new VideoFrame(input), width: resize.width, height: resize.height };
    } catch {
      /* no frame to wrap yet (or no VideoFrame from a video element here): a bitmap, as below */
    }
  }
  return resize ? createImageBitmap(input, { resizeWidth: resize.width, resizeHeight: resize.height, resizeQuality: 'medium' }) : createImageBitmap(input);
}

/** Marks the frame's bitmap, video frame or pixel buffer for transfer: the page keeps no copy. */
export function transferFrame<T extends WorkerFrame>(f: T): T {
  if (typeof ImageBitmap !== 'undefined' && f instanceof ImageBitmap) return transfer(f, [f]);
  if ('videoFrame' in f) return transfer(f, [f.videoFrame as unknown as Transferable]);
  return transfer(f, [(f as RgbaPixels).data.buffer as ArrayBuffer]);
}

/** The worker engine's memory after the latest frame, as `window.__cvlWorkerTf.memory()`. */
export function publishWorkerMemory(m: WorkerMemory): void {
  (globalThis as { __cvlWorkerTf?: { memory: () => WorkerMemory } }).__cvlWorkerTf = { memory: () => m };
}

/** A load failure in (or of) a worker as the `ModelLoadError` the status line explains. */
export function workerLoadError(name: string, url: string, e: unknown): ModelLoadError {
  if (e instanceof ModelLoadError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const kind = /404|not found|Failed to fetch|fetch failed/i.test(msg) ? 'missing' : /shape|byte|weights|JSON|Unexpected|sha-?256|size/i.test(msg) ? 'corrupt' : 'other';
  return new ModelLoadError(kind, url, `${name} (worker): ${msg}`);
}

/** The endpoint a `ModelWorker` talks to: a `Worker` (tests pass a stand-in over a MessageChannel). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'terminate'>;

export class ModelWorker<Api> {
  private worker: WorkerLike | null = null;
  private remote: Remote<Api> | null = null;
  /** Rejects every call still waiting on the worker once it is terminated (comlink never answers them). */
  private closed: Promise<never> = new Promise<never>(() => undefined);
  private close: (e: Error) => void = () => undefined;
  private contextLost = false;
  private lostListeners = new Set<() => void>();
  private memory: WorkerMemory | null = null;

  /** `spawn`: `() => new Worker(new URL('./x.worker.ts', import.meta.url), …)` (the bundler needs that literal). */
  constructor(
    readonly name: string,
    private readonly spawn: () => WorkerLike,
  ) {}

  get running(): boolean {
    return this.worker !== null;
  }

  /** Spawns the worker and runs `boot` (the remote load); a worker that fails to start rejects it. */
  async start<T>(boot: (remote: Remote<Api>) => Promise<T>): Promise<T> {
    this.terminate();
    const worker = this.spawn();
    this.worker = worker;
    this.remote = wrap<Api>(worker as Worker);
    this.contextLost = false;
    this.closed = new Promise<never>((_, reject) => {
      this.close = reject;
    });
    this.closed.catch(() => undefined);
    worker.addEventListener('message', (ev: Event) => {
      if (isContextLostMessage((ev as MessageEvent).data)) this.lost();
    });
    const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (e: Event) => reject(new Error((e as ErrorEvent).message || 'the worker failed to start')), { once: true }));
    failed.catch(() => undefined);
    return this.call(Promise.race([boot(this.remote), failed]));
  }

  /** The remote API (throws once terminated). */
  get api(): Remote<Api> {
    if (!this.remote) throw new Error(`${this.name} worker: not loaded or disposed`);
    return this.remote;
  }

  /** A call to the worker, rejected if the worker is terminated before it answers. */
  call<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.closed]);
  }

  private lost(): void {
    if (this.contextLost) return;
    this.contextLost = true;
    for (const cb of [...this.lostListeners]) cb();
  }

  /** `cb` once when the worker's WebGL context is lost (at once if it already was). Returns the unsubscribe. */
  onContextLost(cb: () => void): () => void {
    if (this.contextLost) {
      cb();
      return () => undefined;
    }
    this.lostListeners.add(cb);
    return () => this.lostListeners.delete(cb);
  }

  /** Records (and publishes on `window.__cvlWorkerTf`) the worker engine's memory after a frame. */
  published(m: WorkerMemory): void {
    this.memory = m;
    publishWorkerMemory(m);
  }

  /** The worker engine's tfjs memory as of the last frame (`null` before the first). */
  get lastMemory(): WorkerMemory | null {
    return this.memory;
  }

  /** Terminates the worker (its backend and weights go with it); pending calls are rejected. */
  terminate(reason = 'terminated (backend switch or lost WebGL context)'): void {
    const w = this.worker;
    this.worker = null;
    this.remote = null;
    this.lostListeners.clear();
    if (!w) return;
    w.terminate();
    this.close(new Error(`${this.name} worker: ${reason}`));
  }
}
