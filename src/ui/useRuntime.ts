import { useSyncExternalStore } from 'react';
import type { RuntimeSnapshot } from '../models/runtime';
import { useRuntimeInstance } from './RuntimeContext';

/** The runtime's snapshot (backend, context loss, model statuses), re-rendering on change. */
export function useRuntime(): RuntimeSnapshot {
  const runtime = useRuntimeInstance();
  return useSyncExternalStore(runtime.subscribe, runtime.getSnapshot);
}
