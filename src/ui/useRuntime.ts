import { useSyncExternalStore } from 'react';
import { runtime } from '../app/runtime';
import type { RuntimeSnapshot } from '../models/runtime';

export function useRuntime(): RuntimeSnapshot {
  return useSyncExternalStore(runtime.subscribe, runtime.getSnapshot);
}
