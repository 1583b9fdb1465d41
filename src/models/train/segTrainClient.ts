/**
 * The page's handle on the segmentation trainer running in its own Web Worker (`segTrain.worker.ts`):
 * the same subscribe/getSnapshot store the page had, commands posted to the worker, snapshots streamed
 * back. No tfjs on this side. `dispose()` terminates the worker (the page's owner calls it on unmount).
 */
import { proxy, wrap, type Remote } from 'comlink';
import { splitSamples, type SynthSample } from '../../core/segSynth';
import type { BackendName } from '../backend';
import type { InitFrom, TrainerSnapshot } from './segTrainer';
import { VAL_N } from './segTrainShared';
import type { SegTrainWorkerApi } from './segTrain.worker';

export type { InitFrom, Phase, TrainerSnapshot, NetSnapshot, Curves } from './segTrainer';

const EMPTY: TrainerSnapshot = {
  phase: 'idle',
  backend: null,
  step: 0,
  stepsPerSec: null,
  nets: null,
  curves: { steps: [], loss: { fcn: [], unet: [], aspp: [] }, evalSteps: [], miou: { fcn: [], unet: [], aspp: [] } },
  error: null,
};

interface Connection {
  readonly worker: Worker;
  readonly remote: Remote<SegTrainWorkerApi>;
  readonly ready: Promise<void>;
}

/**
 * Created without a worker; `connect()` starts one (and resets the snapshot), `dispose()` terminates
 * it. Connecting again after `dispose()` starts a fresh worker (React's StrictMode mounts twice).
 */
export class SegTrainClient {
  private snap: TrainerSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private conn: Connection | null = null;
  /** The same validation images the worker scores (pure, deterministic: computed here too for display). */
  readonly valSamples: readonly SynthSample[] = splitSamples('val', 0, VAL_N);

  constructor(
    private readonly siteBase: string,
    private readonly wasmBase: string,
  ) {}

  /** Starts the worker (idempotent while connected). */
  connect(): void {
    if (this.conn) return;
    const worker = new Worker(new URL('./segTrain.worker.ts', import.meta.url), { type: 'module', name: 'seg-train' });
    const remote = wrap<SegTrainWorkerApi>(worker);
    const conn: Connection = {
      worker,
      remote,
      ready: remote.init(
        this.siteBase,
        this.wasmBase,
        proxy((s: TrainerSnapshot) => {
          if (this.conn === conn) this.publish(s);
        }),
      ),
    };
    this.conn = conn;
    this.pausing = false;
    worker.addEventListener('error', (e) => this.conn === conn && this.fail(e.message || 'worker failed to start'));
    conn.ready.catch((e: unknown) => this.conn === conn && this.fail(e instanceof Error ? e.message : String(e)));
    this.publish(EMPTY);
  }

  /**
   * Set by `pause()` while training: the page shows `scoring` (training stopped) at once, and the
   * worker's `training` snapshots (the step in flight, still computing when the pause was posted) do
   * not bring the page back into training; the worker's next other phase ends it.
   */
  private pausing = false;

  private publish(s: TrainerSnapshot): void {
    if (s.phase !== 'training') this.pausing = false;
    this.snap = this.pausing ? { ...s, phase: 'scoring' } : s;
    this.listeners.forEach((l) => l());
  }

  private fail(message: string): void {
    this.publish({ ...this.snap, phase: 'error', error: message });
  }

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  getSnapshot = (): TrainerSnapshot => this.snap;

  private call(f: (r: Remote<SegTrainWorkerApi>) => Promise<unknown>): void {
    const conn = this.conn;
    if (!conn) return;
    void conn.ready.then(() => f(conn.remote)).catch((e: unknown) => this.conn === conn && this.fail(e instanceof Error ? e.message : String(e)));
  }

  /** (Re)creates the three nets in the worker (checkpoint or scratch) on `preferred` (default WASM). */
  reset(from: InitFrom, preferred?: BackendName): void {
    this.call((r) => r.reset(from, preferred));
  }

  /** Trains until `pause()`, a reset or `maxSteps` more steps; progress arrives as snapshots. */
  start(maxSteps?: number): void {
    this.pausing = false;
    this.call((r) => r.start(maxSteps));
  }

  /**
   * Acts at once: the page leaves `training` now; the worker reads the pause when the step in progress
   * has its gradients and drops that step (`segTrainer.ts`), then scores.
   */
  pause(): void {
    if (this.snap.phase === 'training') {
      this.pausing = true;
      this.publish(this.snap);
    }
    this.call((r) => r.pause());
  }

  configure(lr: number, batch: number): void {
    this.call((r) => r.configure(lr, batch));
  }

  /** Terminates the worker (its tensors and nets go with it). */
  dispose(): void {
    const conn = this.conn;
    if (!conn) return;
    this.conn = null;
    conn.worker.terminate();
  }
}
