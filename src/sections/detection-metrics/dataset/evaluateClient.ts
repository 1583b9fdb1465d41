/**
 * The evaluation worker, started on first use and kept for the page's lifetime. If the worker cannot
 * start (an old browser, a blocked script), the same code runs on the main thread instead.
 */
import { wrap, type Remote } from 'comlink';
import type { Detection, GroundTruth } from '../../../core/eval';
import type { EvaluateWorkerApi } from './evaluate.worker';
import type { DatasetEvaluation } from '../../../core/dataset-eval/evaluation';

let worker: Worker | undefined;
let remote: Remote<EvaluateWorkerApi> | undefined;
let workerBroken = false;

class WorkerStartError extends Error {}

function viaWorker(gt: GroundTruth, dets: readonly Detection[]): Promise<DatasetEvaluation> {
  if (!worker || !remote) {
    worker = new Worker(new URL('./evaluate.worker.ts', import.meta.url), { type: 'module' });
    remote = wrap<EvaluateWorkerApi>(worker);
  }
  const w = worker;
  const r = remote;
  return new Promise<DatasetEvaluation>((resolve, reject) => {
    // a worker that fails to load never answers comlink: its 'error' event ends the wait
    const onError = (e: ErrorEvent) => {
      w.terminate();
      if (worker === w) {
        worker = undefined;
        remote = undefined;
      }
      reject(new WorkerStartError(e.message || 'the evaluation worker failed to start'));
    };
    w.addEventListener('error', onError, { once: true });
    (r.evaluate(gt, dets) as Promise<DatasetEvaluation>).then(resolve, reject).finally(() => w.removeEventListener('error', onError));
  });
}

export async function evaluateInWorker(gt: GroundTruth, dets: readonly Detection[]): Promise<DatasetEvaluation> {
  if (!workerBroken && typeof Worker !== 'undefined') {
    try {
      return await viaWorker(gt, dets);
    } catch (e) {
      if (!(e instanceof WorkerStartError)) throw e; // an error of the evaluation itself
      workerBroken = true; // the worker could not start: the main thread computes the same numbers
    }
  }
  const { evaluateDataset } = await import('../../../core/dataset-eval/evaluation');
  return evaluateDataset(gt, dets);
}
