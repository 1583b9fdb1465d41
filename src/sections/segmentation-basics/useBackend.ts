import { useEffect, useState } from 'react';
import { useSearchParam } from '../../app/router';
import { isBackendName } from '../../models/backendNames';
import { useRuntimeInstance } from '../../ui/RuntimeContext';

/**
 * The tf check of the conv grids: while `wanted` is false nothing of tfjs is loaded (the grids show
 * the engine's numbers); once true, the app's backend is initialised (preferred from `?backend=`,
 * tfjs imported on demand) and its name returned. Null while off, loading, or failed.
 */
export function useTfCheck(wanted: boolean): string | null {
  const param = useSearchParam('backend');
  const preferred = isBackendName(param) ? param : undefined;
  const runtime = useRuntimeInstance();
  const [ready, setReady] = useState<string | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    runtime.ensureBackend(preferred).then(
      (s) => live && setReady(s.active),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [runtime, preferred, wanted]);
  return wanted ? ready : null;
}
