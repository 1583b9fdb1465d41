import { useCallback, useEffect, useState } from 'react';
import { useSearchParam } from '../app/router';
import { isBackendName, type BackendName } from '../models/backendNames';
import type { AdapterFor, ModelId, WorkerAdapterFor, WorkerModelId } from '../models/registry';
import type { LoadStatus } from '../models/runtime';
import { useRuntimeInstance } from './RuntimeContext';
import { useRuntime } from './useRuntime';

export interface UseModel<A> {
  /** The loaded adapter (owned by the runtime: never dispose it), null while loading, after an error, or for id null. */
  readonly adapter: A | null;
  /** Loading / ready / error (with a `ModelLoadError`), as <ModelStatus> shows it. */
  readonly status: LoadStatus;
  /** The backend the model runs on (null before the backend is up). */
  readonly backend: BackendName | null;
  /** Load again after an error (or after the files were installed). */
  readonly retry: () => void;
}

const IDLE: LoadStatus = { state: 'idle' };

/**
 * A registry model for a page, through the runtime of <RuntimeProvider>: loaded on the backend of
 * `?backend=` (or the best available), verified against the manifest, reloaded after a backend
 * switch. `id` null loads nothing (e.g. a model whose files are known to be absent).
 */
export function useModel<I extends ModelId>(id: I | null): UseModel<AdapterFor<I>> {
  return useRegistryModel(id, 'main') as UseModel<AdapterFor<I>>;
}

/**
 * A registry model running in a Web Worker (`runtime.loadInWorker`): same contract as `useModel`, but
 * the main thread's tfjs backend is not started; `backend` is the worker's. Reloaded after a backend
 * switch (the runtime terminates the old worker).
 */
export function useWorkerModel<I extends WorkerModelId>(id: I | null): UseModel<WorkerAdapterFor<I>> {
  return useRegistryModel(id, 'worker') as UseModel<WorkerAdapterFor<I>>;
}

/** The one implementation behind both: `where` says which runtime call loads it and whose backend it reports. */
function useRegistryModel(id: ModelId | null, where: 'main' | 'worker'): UseModel<unknown> {
  const runtime = useRuntimeInstance();
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  const snap = useRuntime();
  const [attempt, setAttempt] = useState(0);
  // Tagged with what it was loaded for, so a stale adapter (other model, other backend) is never handed out;
  // for a worker model its backend too: the runtime replaces the adapter by itself (WASM after a lost WebGL context).
  const workerActive = where === 'worker' && id !== null ? (snap.workers[id]?.active ?? '') : '';
  const key = `${where}|${id ?? ''}|${preferred ?? ''}|${snap.backend?.active ?? ''}|${workerActive}|${attempt}`;
  const [loaded, setLoaded] = useState<{ key: string; adapter: unknown } | null>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    const loading: Promise<unknown> = where === 'worker' ? runtime.loadInWorker(id as WorkerModelId, preferred) : runtime.load(id, preferred);
    loading.then(
      (a) => live && setLoaded({ key, adapter: a }),
      () => undefined, // the error is in the runtime snapshot
    );
    return () => {
      live = false;
    };
  }, [runtime, id, where, preferred, key]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const adapter = loaded?.key === key ? loaded.adapter : null;
  const status = id === null ? IDLE : adapter ? { state: 'ready' as const } : (snap.models[id] ?? { state: 'loading' as const });
  const backend = where === 'worker' ? (id !== null ? snap.workers[id]?.active : undefined) ?? null : snap.backend?.active ?? null;
  return { adapter, status: status.state === 'ready' && !adapter ? { state: 'loading' } : status, backend, retry };
}
