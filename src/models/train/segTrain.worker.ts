/**
 * The segmentation trainer (`segTrainer.ts`) in a dedicated Web Worker, behind comlink: its own tfjs
 * engine on WASM (threads when cross-origin isolated) with the project's gradient kernels, so opening
 * the training page neither blocks the page nor changes the app's backend. Snapshots go to the page
 * through a proxied callback after every change (a step, a score); predictions travel as copies.
 */
import { expose, type ProxyOrClone } from 'comlink';
import type { BackendName } from '../backend';
import { initWorkerBackend } from '../workerBackend';
import { SegTrainer, type InitFrom, type TrainerSnapshot } from './segTrainer';

let trainer: SegTrainer | null = null;
let unsubscribe: () => void = () => undefined;

const api = {
  /** Creates the engine; `onSnapshot` gets every new snapshot (and the current one at once). */
  init(siteBase: string, wasmBase: string, onSnapshot: ProxyOrClone<(s: TrainerSnapshot) => void>): void {
    unsubscribe();
    trainer?.dispose();
    const setup = async (preferred: BackendName | undefined) => {
      const info = await initWorkerBackend(wasmBase, preferred ?? 'wasm', true);
      return info.backend === 'wasm' && info.threads > 1 ? `wasm ×${info.threads}` : info.backend;
    };
    const t = new SegTrainer(setup, siteBase);
    trainer = t;
    const push = () => void (onSnapshot as (s: TrainerSnapshot) => void)(t.getSnapshot());
    unsubscribe = t.subscribe(push);
    push();
  },
  reset(from: InitFrom, preferred?: BackendName): Promise<void> {
    return trainer?.reset(from, preferred) ?? Promise.resolve();
  },
  /** Resolves when training stops (pause, reset, `maxSteps`); the page does not wait for it. */
  start(maxSteps?: number): Promise<void> {
    return trainer?.start(maxSteps) ?? Promise.resolve();
  },
  pause(): void {
    trainer?.pause();
  },
  configure(lr: number, batch: number): void {
    trainer?.configure(lr, batch);
  },
  dispose(): void {
    unsubscribe();
    trainer?.dispose();
    trainer = null;
  },
};

export type SegTrainWorkerApi = typeof api;

expose(api);
