/**
 * The tfjs backend inside a Web Worker (training, live inference): the same webgl → wasm → cpu
 * selection as the page (`backend.ts`), with the WASM binaries from the app's own `wasm/` folder and,
 * when the page is cross-origin isolated (COOP/COEP headers, `crossOriginIsolated`), the threaded SIMD
 * WASM binary on every core (`setThreadsCount`). The main thread's backend is never touched: a worker
 * has its own tfjs engine.
 */
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { configureWasm, initBackend, type BackendAttempt, type BackendName } from './backend';
import { registerWasmTrainingKernels } from './train/wasmKernels';

export interface WorkerBackendInfo {
  /** The backend the worker's tfjs runs on. */
  readonly backend: BackendName;
  /** WASM threads (1 when not cross-origin isolated or not on WASM). */
  readonly threads: number;
  /** `crossOriginIsolated` in the worker (SharedArrayBuffer available: WASM threads possible). */
  readonly isolated: boolean;
  /** Every backend tried, in order, with why it failed (the page says which were skipped). */
  readonly attempts: readonly BackendAttempt[];
}

let ready: Promise<WorkerBackendInfo> | null = null;

/** How many WASM threads to ask for: every core when isolated (at most 8), else 1. */
export function wasmThreadsFor(isolated: boolean, cores: number | undefined): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(8, cores ?? 1));
}

/** Initialise the worker's backend once (`preferred` first, then webgl → wasm → cpu). */
export function initWorkerBackend(wasmBase: string, preferred: BackendName | undefined, training = false): Promise<WorkerBackendInfo> {
  ready ??= (async () => {
    const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
    // The threaded binary's pthread glue is handed to its workers as `Function.toString()` of the bundled
    // factory; minified by the production build it references names that do not exist there ("e is not
    // defined"). Until that is solved (ship the unminified glue), threads are used on the dev server only.
    const threadsWork = isolated && import.meta.env.DEV;
    if (!threadsWork) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const threads = wasmThreadsFor(threadsWork, typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1);
    setThreadsCount(threads);
    configureWasm(wasmBase);
    const state = await initBackend(preferred);
    if (training && state.active === 'wasm') registerWasmTrainingKernels();
    return { backend: state.active, threads: state.active === 'wasm' ? threads : 1, isolated, attempts: state.attempts };
  })();
  return ready;
}

/** Tensors alive in the worker's engine (leak checks). */
export const workerTensors = (): number => tf.memory().numTensors;

/** tfjs' memory figures in the worker's engine (sent back with each frame: soak checks, diagnostics). */
export interface WorkerMemory {
  readonly numTensors: number;
  readonly numBytes: number;
  readonly numDataBuffers: number;
  readonly numBytesInGPU?: number;
}

export function workerMemory(): WorkerMemory {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers, ...(m.numBytesInGPU !== undefined ? { numBytesInGPU: m.numBytesInGPU } : {}) };
}
