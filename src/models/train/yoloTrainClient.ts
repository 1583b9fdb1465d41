/**
 * The YOLO page's handle on TinyYOLO training in its own Web Worker (`yoloTrain.worker.ts`). No tfjs
 * here: the page hands over its net's config and weights (`session`), commands go to the worker, and
 * reports come back through a callback. The worker starts on the first session (a page that never
 * trains starts no second tfjs engine); `dispose()` terminates it.
 *
 * Sessions: each `session()` copies a net into the worker and gets a number; reports, results and
 * errors of an older session (a reset replaced the net) are dropped, never applied to the new net.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { BackendName } from '../backend';
import type { YoloTrainWorkerApi } from './yoloTrain.worker';
import type { EvalResult, SessionInit, TrainReport } from './yoloTrainShared';

export type { EvalResult, SessionInit, StepReport, StoppedReport, TrainReport } from './yoloTrainShared';

interface Connection {
  readonly worker: Worker;
  readonly remote: Remote<YoloTrainWorkerApi>;
  /** The worker's backend (`wasm`, `wasm ×2`, …) once started. */
  readonly backend: Promise<string>;
  /** Rejects when the worker fails (a load error, a crash). */
  readonly failed: Promise<never>;
}

export class YoloTrainClient {
  private conn: Connection | null = null;
  private current = 0;
  /** The worker's backend label, once known (null before the first session). */
  backend: string | null = null;

  constructor(
    private readonly wasmBase: string,
    private readonly preferred: BackendName | undefined,
  ) {}

  /** True once a worker is running (tests and the page read it). */
  get started(): boolean {
    return this.conn !== null;
  }

  private connect(): Connection {
    if (this.conn) return this.conn;
    const worker = new Worker(new URL('./yoloTrain.worker.ts', import.meta.url), { type: 'module', name: 'yolo-train' });
    const remote = wrap<YoloTrainWorkerApi>(worker);
    const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(e.message || 'the training worker failed to start'))));
    failed.catch(() => undefined);
    const backend = remote.init(this.wasmBase, this.preferred);
    const conn: Connection = { worker, remote, backend, failed };
    void backend.then((b) => this.conn === conn && (this.backend = b), () => undefined);
    this.conn = conn;
    return conn;
  }

  private async ready(): Promise<Remote<YoloTrainWorkerApi>> {
    const conn = this.connect();
    await Promise.race([conn.backend, conn.failed]);
    return conn.remote;
  }

  /**
   * Copies a net into the worker: a new session (the previous one stops; its pending reports are
   * dropped). Resolves with the session's number once the worker holds the net.
   */
  async session(init: SessionInit): Promise<number> {
    const id = ++this.current;
    const r = await this.ready();
    await r.load(init);
    return id;
  }

  /** Whether `id` is still the session the page works with. */
  isCurrent(id: number): boolean {
    return id === this.current && this.conn !== null;
  }

  /** Drops the current session (the net is being replaced): the worker stops, late reports are ignored. */
  drop(): void {
    this.current++;
    void this.conn?.remote.pause();
  }

  /**
   * Trains session `id` until `pause()`; every report of that session goes to `onReport`. Resolves when
   * the worker's loop ends (a pause, a new session); rejects with the worker's error for this session.
   */
  async train(id: number, onReport: (r: TrainReport) => void): Promise<void> {
    const conn = this.conn;
    if (!conn || !this.isCurrent(id)) return;
    try {
      await Promise.race([
        conn.remote.start(
          proxy((r: TrainReport) => {
            if (this.isCurrent(id)) onReport(r);
          }),
        ),
        conn.failed,
      ]);
    } catch (e) {
      if (this.isCurrent(id)) throw e;
    }
  }

  /** Posted at once; the worker reads it before the step in flight counts (see the worker). */
  pause(): void {
    void this.conn?.remote.pause();
  }

  setLearningRate(lr: number): void {
    void this.conn?.remote.setLearningRate(lr);
  }

  /** mAP on the test split of session `id`'s net in the worker; null when the session was dropped meanwhile. */
  async evaluate(id: number): Promise<EvalResult | null> {
    const conn = this.conn;
    if (!conn || !this.isCurrent(id)) return null;
    const r = await Promise.race([conn.remote.evaluate(), conn.failed]);
    return this.isCurrent(id) ? r : null;
  }

  /** Terminates the worker (its net and tensors go with it); a later session starts a new one. */
  dispose(): void {
    const conn = this.conn;
    this.current++;
    if (!conn) return;
    this.conn = null;
    this.backend = null;
    conn.worker.terminate();
  }
}
