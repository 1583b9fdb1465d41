/**
 * The model runtime reaches components through React context: <RuntimeProvider> at the app root
 * (src/main.tsx), `useRuntimeInstance()` below it. Tests and a future worker-backed runtime provide
 * their own instance; no component imports a module singleton.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Runtime } from '../models/runtime';

const RuntimeContext = createContext<Runtime | null>(null);

export function RuntimeProvider({ runtime, children }: { runtime: Runtime; children: ReactNode }) {
  return <RuntimeContext.Provider value={runtime}>{children}</RuntimeContext.Provider>;
}

/** The runtime of the nearest <RuntimeProvider>; throws (a programming error) without one. */
export function useRuntimeInstance(): Runtime {
  const r = useContext(RuntimeContext);
  if (!r) throw new Error('useRuntimeInstance: no <RuntimeProvider> above this component');
  return r;
}
