/**
 * Real load progress of a model without touching its loader: the model's files and sizes come from
 * `models/index.json` (written by the set-up from the manifest), and the browser's Resource Timing tells
 * which of them have arrived. Bytes first (with the measured rate and the time left), then warm-up once
 * every file is in. `fetchWithProgress` is the byte-level piece a loader can call directly
 * (e.g. from `runtime.load`) to report finer progress through `reportProgress`.
 */
import { useEffect, useState } from 'react';

export interface LoadProgress {
  readonly phase: 'download' | 'warmup';
  readonly loaded: number;
  readonly total: number;
  /** Seconds left at the measured rate; null until it can be estimated. */
  readonly etaSeconds: number | null;
}

interface IndexedModel {
  readonly id: string;
  readonly dest: string;
  readonly files: readonly { path: string; bytes: number }[];
}

let indexPromise: Promise<readonly IndexedModel[]> | null = null;

function modelsIndex(): Promise<readonly IndexedModel[]> {
  indexPromise ??= fetch(new URL('models/index.json', document.baseURI), { headers: { Accept: 'application/json' } })
    .then(async (r) => (r.ok ? ((await r.json()) as { models?: IndexedModel[] }).models ?? [] : []))
    .catch(() => []);
  return indexPromise;
}

/** Bytes arrived so far among `files` (under `dest`), from resource-timing entry names. */
export function arrivedBytes(names: Iterable<string>, dest: string, files: readonly { path: string; bytes: number }[]): number {
  const seen = new Set<string>();
  for (const n of names) {
    const path = decodeURIComponent(new URL(n, 'http://x/').pathname);
    for (const f of files) if (path.endsWith(`/models/${dest}/${f.path}`)) seen.add(f.path);
  }
  return files.filter((f) => seen.has(f.path)).reduce((s, f) => s + f.bytes, 0);
}

/** Seconds left from what has arrived in `elapsed` seconds; null before anything arrived. */
export function estimateSeconds(loaded: number, total: number, elapsed: number): number | null {
  if (loaded <= 0 || elapsed <= 0) return null;
  return Math.max(0, ((total - loaded) * elapsed) / loaded);
}

const reported = new Map<string, LoadProgress>();
const listeners = new Set<() => void>();

/** For a loader that measures its own bytes (fetchWithProgress): the finer value wins. */
export function reportProgress(id: string, p: LoadProgress | null): void {
  if (p) reported.set(id, p);
  else reported.delete(id);
  for (const l of listeners) l();
}

/** fetch() that reports the bytes of the body as they arrive (content-length when known). */
export async function fetchWithProgress(url: string, onBytes: (loaded: number, total: number | null) => void, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  const total = Number(res.headers.get('content-length')) || null;
  if (!res.body) return res;
  let loaded = 0;
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        loaded += chunk.byteLength;
        onBytes(loaded, total);
        ctl.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Progress of model `id` while `loading`; null when nothing is known (no index, not loading). */
export function useLoadProgress(id: string, loading: boolean): LoadProgress | null {
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  useEffect(() => {
    if (!loading || typeof PerformanceObserver === 'undefined') return;
    let live = true;
    const start = performance.now();
    const names = new Set<string>();
    let model: IndexedModel | undefined;
    const update = (): void => {
      if (!live) return;
      const own = reported.get(id);
      if (own) {
        setProgress(own);
        return;
      }
      if (!model) return;
      const total = model.files.reduce((s, f) => s + f.bytes, 0);
      const loaded = arrivedBytes(names, model.dest, model.files);
      const elapsed = (performance.now() - start) / 1000;
      setProgress({ phase: loaded >= total ? 'warmup' : 'download', loaded, total, etaSeconds: loaded >= total ? null : estimateSeconds(loaded, total, elapsed) });
    };
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name.includes('/models/')) names.add(e.name);
      update();
    });
    observer.observe({ type: 'resource', buffered: false });
    listeners.add(update);
    const timer = window.setInterval(update, 1000);
    void modelsIndex().then((list) => {
      model = list.find((m) => m.id === id);
      update();
    });
    return () => {
      live = false;
      observer.disconnect();
      listeners.delete(update);
      window.clearInterval(timer);
      setProgress(null);
    };
  }, [id, loading]);
  return loading ? progress : null;
}
