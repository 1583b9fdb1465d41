/**
 * Backend selection: WebGL first, then WASM, then the pure-JS CPU backend, each tried in turn when
 * the previous one is unavailable or fails. The WASM binaries are served by the app itself
 * (public/wasm/, copied there by the model set-up), never from a CDN.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKENDS, type BackendAttempt, type BackendName, type BackendState } from './backendNames';
import { graphRunsInFlight, installGraphRunGuard } from './graphRuns';

export { BACKENDS, isBackendName, type BackendAttempt, type BackendName, type BackendState } from './backendNames';
export { graphRunsSettled } from './graphRuns';

// A graph model disposed mid-run (a backend switch) frees its weights when the run ends (issue #15).
installGraphRunGuard();

/**
 * Read-only diagnostics on `window.__cvlTf` (the soak benchmark and the fault / soak e2e tests read
 * them; anyone can in the console): tfjs' own memory figures and the active backend. No setters.
 */
export interface TfDiagnostics {
  readonly memory: () => { numTensors: number; numBytes: number; numDataBuffers: number; numBytesInGPU?: number };
  readonly backend: () => string;
  /**
   * The WebGL backend's rendering context (null on another backend): read-only, so a fault test can
   * lose it with `WEBGL_lose_context` where the app cannot be reached otherwise (a worker's OffscreenCanvas).
   */
  readonly webglContext: () => WebGLRenderingContext | null;
  /** Graph runs (`executeAsync`) in flight on this thread (`graphRuns.ts`): 0 when no model is working. */
  readonly graphRuns: () => number;
}
/** The WebGL rendering context of the active tfjs backend, if it is WebGL. */
function activeWebglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  return backend.gpgpu?.gl ?? null;
}
const diagnostics: TfDiagnostics = {
  memory: () => {
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return { numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers, numBytesInGPU: m.numBytesInGPU };
  },
  backend: () => tf.getBackend() ?? '',
  webglContext: activeWebglContext,
  graphRuns: graphRunsInFlight,
};
(globalThis as { __cvlTf?: TfDiagnostics }).__cvlTf = diagnostics;

let wasmPathSet = false;
let wasmPrefix: string | null = null;

/** Point the WASM backend at locally served binaries; `prefix` ends with a slash. */
export function configureWasm(prefix: string): void {
  if (wasmPathSet) return;
  setWasmPaths(prefix);
  wasmPathSet = true;
  wasmPrefix = prefix;
}

/** The binaries tfjs may fetch; a missing one made `setBackend('wasm')` wait forever (issue #15). */
const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'] as const;

async function missingWasmFile(): Promise<string | null> {
  if (!wasmPrefix || typeof fetch === 'undefined') return null;
  // Node (tests, CLIs) loads the binaries from a file path, not by fetch: nothing to check there.
  const g = globalThis as { document?: unknown; importScripts?: unknown };
  if (g.document === undefined && g.importScripts === undefined) return null;
  for (const f of WASM_FILES) {
    try {
      // One byte (a HEAD request shows up as aborted in Chromium's request log); the body is read, not cancelled.
      const r = await fetch(`${wasmPrefix}${f}`, { headers: { Range: 'bytes=0-0' } });
      await r.arrayBuffer();
      if (!r.ok) return `${f} (HTTP ${r.status})`;
    } catch {
      return `${f} (network error)`;
    }
  }
  return null;
}

async function tryBackend(name: BackendName): Promise<BackendAttempt> {
  try {
    if (name === 'wasm') {
      const missing = await missingWasmFile();
      if (missing) return { name, ok: false, error: `WASM binary missing: ${missing}` };
    }
    if (name === 'wasm' && typeof document !== 'undefined' && !import.meta.env?.DEV) {
      // The threaded WASM binary's pthread glue breaks in the minified build ('e is not defined', the
      // same as in workers: src/models/workerBackend.ts): single-threaded WASM outside the dev server.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
    const ok = await tf.setBackend(name);
    if (!ok) return { name, ok: false, error: 'setBackend returned false' };
    await tf.ready();
    // A tiny op proves the backend really runs (a WebGL context can exist and still fail).
    const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
    const v = await probe.data();
    probe.dispose();
    if (v[0] !== 2 || v[1] !== 3) return { name, ok: false, error: 'probe computed wrong values' };
    return { name, ok: true };
  } catch (e) {
    return { name, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Activate `preferred` if given, else the first of webgl → wasm → cpu that works. */
export async function initBackend(preferred?: BackendName): Promise<BackendState> {
  const order: BackendName[] = preferred ? [preferred, ...BACKENDS.filter((b) => b !== preferred)] : [...BACKENDS];
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    const a = await tryBackend(name);
    attempts.push(a);
    if (a.ok) return { active: name, attempts };
  }
  throw new Error(`No TensorFlow.js backend works: ${attempts.map((a) => `${a.name}: ${a.error ?? '?'}`).join('; ')}`);
}

/**
 * Calls `onLost` when the WebGL backend's context is lost (the UI then falls back to WASM): the page's
 * `<canvas>` or, in a worker, tfjs' OffscreenCanvas (both fire `webglcontextlost`).
 */
export function watchWebglContext(onLost: () => void): () => void {
  const canvas = activeWebglContext()?.canvas;
  if (!canvas || !('addEventListener' in canvas)) return () => undefined;
  const handler = (ev: Event) => {
    ev.preventDefault();
    onLost();
  };
  canvas.addEventListener('webglcontextlost', handler);
  return () => canvas.removeEventListener('webglcontextlost', handler);
}

/** Live tensors of the active backend (the runtime's `memory()`, the leak checks). */
export function numTensors(): number {
  return tf.memory().numTensors;
}
