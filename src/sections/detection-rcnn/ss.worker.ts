/** Selective search off the main thread (comlink); progress through a proxied callback. */
import { expose } from 'comlink';
import { runSelectiveSearch, type SsRequest, type SsResponse } from './ssRun';

const api = {
  run(req: SsRequest, onProgress?: (done: number, total: number, stage: string) => void): SsResponse {
    return runSelectiveSearch(req, onProgress);
  },
};

export type SsWorkerApi = typeof api;

expose(api);
