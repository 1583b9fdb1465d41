import { useEffect, useState } from 'react';
import { runtime } from '../app/runtime';
import { useSearchParam } from '../app/router';
import { isBackendName } from '../models/backend';
import type { CocoSsdAdapter } from '../models/cocoSsd';
import { useRuntime } from './useRuntime';

/**
 * The coco-ssd adapter for a page: loaded on the backend of `?backend=` (or the best available),
 * reloaded after a backend switch; null while loading or after an error (<ModelStatus> shows it).
 */
export function useCocoSsd(): { adapter: CocoSsdAdapter | null; retry: () => void } {
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  const snap = useRuntime();
  const [attempt, setAttempt] = useState(0);
  // Tagged with what it was loaded for, so a stale adapter is never handed out.
  const key = `${preferred ?? ''}|${snap.backend?.active ?? ''}|${attempt}`;
  const [loaded, setLoaded] = useState<{ key: string; adapter: CocoSsdAdapter } | null>(null);
  useEffect(() => {
    let live = true;
    runtime.cocoSsd(preferred).then(
      (a) => live && setLoaded({ key, adapter: a }),
      () => undefined, // the error is in the runtime snapshot
    );
    return () => {
      live = false;
    };
  }, [preferred, key]);
  return { adapter: loaded?.key === key ? loaded.adapter : null, retry: () => setAttempt((n) => n + 1) };
}
