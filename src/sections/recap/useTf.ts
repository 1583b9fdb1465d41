import { useEffect, useState } from 'react';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { useSearchParam } from '../../app/router';
import { isBackendName } from '../../models/backendNames';

/**
 * The app's tf backend, initialised (preferred from `?backend=`); its name once ready, or the error.
 * `enabled` false: nothing is loaded (tfjs stays out of the page until a demo asks for it).
 */
export function useTf(enabled = true): { backend: string | null; error: string | null } {
  const runtime = useRuntimeInstance();
  const param = useSearchParam('backend');
  const preferred = isBackendName(param) ? param : undefined;
  const [state, setState] = useState<{ backend: string | null; error: string | null }>({ backend: null, error: null });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    runtime.ensureBackend(preferred).then(
      (s) => live && setState({ backend: s.active, error: null }),
      (e: unknown) => live && setState({ backend: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [runtime, preferred, enabled]);
  return enabled ? state : { backend: null, error: null };
}

export const fmtExp = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toExponential(2));
export const fmt3 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));
