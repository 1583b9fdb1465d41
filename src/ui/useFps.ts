import { useCallback, useRef, useState } from 'react';

/** Completed-inference timestamps of the last second → frames per second: [fps, tick, reset]. */
export function useFps(): [number, () => void, () => void] {
  const stamps = useRef<number[]>([]);
  const [fps, setFps] = useState(0);
  const tick = useCallback(() => {
    const now = performance.now();
    const s = stamps.current;
    s.push(now);
    while (s.length > 0 && now - s[0]! > 1000) s.shift();
    const span = s.length > 1 ? now - s[0]! : 0;
    setFps(span > 0 ? ((s.length - 1) * 1000) / span : 0);
  }, []);
  const reset = useCallback(() => {
    stamps.current = [];
    setFps(0);
  }, []);
  return [fps, tick, reset];
}
