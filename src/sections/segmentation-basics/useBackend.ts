import { useEffect, useState } from 'react';
import { runtime } from '../../app/runtime';
import { useSearchParam } from '../../app/router';
import { isBackendName } from '../../models/backend';

/** Resolves once the app's tf backend is initialised (preferred from `?backend=`); returns its name. */
export function useTfReady(): string | null {
  const param = useSearchParam('backend');
  const preferred = isBackendName(param) ? param : undefined;
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
  }, [preferred]);
  return ready;
}
