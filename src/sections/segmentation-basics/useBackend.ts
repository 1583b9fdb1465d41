import { useEffect, useState } from 'react';
import { useSearchParam } from '../../app/router';
import { isBackendName } from '../../models/backend';
import { useRuntimeInstance } from '../../ui/RuntimeContext';

/** Resolves once the app's tf backend is initialised (preferred from `?backend=`); returns its name. */
export function useTfReady(): string | null {
  const param = useSearchParam('backend');
  const preferred = isBackendName(param) ? param : undefined;
  const runtime = useRuntimeInstance();
  const [ready, setReady] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    runtime.ensureBackend(preferred).then(
      (s) => live && setReady(s.active),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [runtime, preferred]);
  return ready;
}
