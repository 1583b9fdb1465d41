/**
 * The YOLO page's TinyYOLO training in a dedicated Web Worker, behind comlink: its own tfjs engine
 * (WASM unless the page asks for another backend) with the project's gradient kernels, so a step
 * (0.3–0.6 s on WASM) never blocks the page. The page copies its net in (`load`: config + weights, the
 * checkpoint's verified bytes having been loaded by the runtime on the page), and gets every applied
 * step's loss, and every few steps the weights, back through a proxied callback; the page's own net
 * takes those weights, so its detections show the trained net.
 *
 * Pause: a step is computed (gradients, the expensive part), then the worker yields to its message
 * queue, and only then applies the step. A pause (or a new session) that arrived during the step is
 * therefore read before the step counts: the step in flight is dropped, weights and Adam state stay as
 * they were, and no further step is reported after the worker has read the pause.
 */
import { expose, type ProxyOrClone } from 'comlink';
import type { BackendName } from '../backend';
import { TinyYolo } from '../tinyYolo';
import { initWorkerBackend, workerMemory, type WorkerMemory } from '../workerBackend';
import { stepUnlessStopped } from './pendingStep';
import { BrowserTrainer, evaluateTestSplit } from './tinyYoloTrainer';
import { WEIGHTS_EVERY, type EvalResult, type SessionInit, type TrainReport } from './yoloTrainShared';

let trainer: BrowserTrainer | null = null;
let lr = 0.002;
/** Bumped by every start, pause and load: a loop runs while its own number is current. */
let run = 0;
let running = false;

function stop(): void {
  run++;
  running = false;
}

const api = {
  /** Starts the worker's backend; says which one it got (`wasm`, `wasm ×2`, `webgl`…). */
  async init(wasmBase: string, preferred?: BackendName): Promise<string> {
    const info = await initWorkerBackend(wasmBase, preferred ?? 'wasm', true);
    return info.backend === 'wasm' && info.threads > 1 ? `wasm ×${info.threads}` : info.backend;
  },

  /** A new session on a copy of the page's net (the previous one, and a loop still running, end). */
  load(s: SessionInit): void {
    stop();
    const net = TinyYolo.create(s.config, 0);
    try {
      net.setWeightArrays(s.weights);
    } catch (e) {
      net.dispose();
      throw e;
    }
    if (trainer) {
      trainer.dispose();
      trainer.net.dispose();
    }
    lr = s.lr;
    trainer = new BrowserTrainer(net, lr, s.startImage);
  },

  setLearningRate(value: number): void {
    lr = value;
  },

  /**
   * Trains until `pause()` or a new session; every applied step goes to `onReport`, and when the loop
   * stops a `stopped` report with the weights. Resolves then (the page does not wait for it).
   */
  async start(onReport: ProxyOrClone<(r: TrainReport) => void>): Promise<void> {
    const t = trainer;
    if (!t) throw new Error('yoloTrain.worker: load() a net first');
    stop();
    const mine = run;
    running = true;
    const report = onReport as (r: TrainReport) => void;
    const current = () => running && mine === run && trainer === t;
    try {
      while (current()) {
        t.setLearningRate(lr);
        const t0 = performance.now();
        const pending = await stepUnlessStopped(() => t.computeStep(), current);
        if (!pending) break;
        const ms = performance.now() - t0;
        const weights = t.step % WEIGHTS_EVERY === 0 ? await t.net.weightArrays() : undefined;
        report({ kind: 'step', step: t.step, loss: pending.loss, ms, ...(weights ? { weights } : {}) });
      }
    } finally {
      if (mine === run) running = false;
    }
    if (trainer === t) report({ kind: 'stopped', step: t.step, weights: await t.net.weightArrays() });
  },

  /** Stops before the next step counts (the step in flight, if any, is dropped). */
  pause(): void {
    stop();
  },

  /** mAP@.5 / mAP@[.5:.95] of the session's net on the held-out test split. */
  evaluate(): Promise<EvalResult> {
    if (!trainer) return Promise.reject(new Error('yoloTrain.worker: load() a net first'));
    return evaluateTestSplit(trainer.net);
  },

  memory(): WorkerMemory {
    return workerMemory();
  },

  dispose(): void {
    stop();
    trainer?.dispose();
    trainer?.net.dispose();
    trainer = null;
  },
};

export type YoloTrainWorkerApi = typeof api;

expose(api);
