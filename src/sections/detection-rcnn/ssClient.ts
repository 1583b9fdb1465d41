/** Selective search in a worker (one per page visit); if the worker cannot start, on the main thread. */
import { proxy, wrap, type Remote } from 'comlink';
import type { SsWorkerApi } from './ss.worker';
import type { SsRequest, SsResponse } from './ssRun';

let worker: Worker | undefined;
let remote: Remote<SsWorkerApi> | undefined;

export async function selectiveSearchInWorker(req: SsRequest, onProgress: (done: number, total: number, stage: string) => void): Promise<SsResponse> {
  if (typeof Worker !== 'undefined') {
    try {
      if (!worker || !remote) {
        worker = new Worker(new URL('./ss.worker.ts', import.meta.url), { type: 'module' });
        remote = wrap<SsWorkerApi>(worker);
      }
      return (await remote.run(req, proxy(onProgress))) as SsResponse;
    } catch (e) {
      worker?.terminate();
      worker = undefined;
      remote = undefined;
      if (!(e instanceof Error) || !/worker/i.test(e.message)) throw e;
    }
  }
  const { runSelectiveSearch } = await import('./ssRun');
  return runSelectiveSearch(req, onProgress);
}
