/** The evaluation worker, started on first use and kept for the page's lifetime. */
import { wrap, type Remote } from 'comlink';
import type { Detection, GroundTruth } from '../../../core/eval';
import type { EvaluateWorkerApi } from './evaluate.worker';
import type { DatasetEvaluation } from './evaluation';

let remote: Remote<EvaluateWorkerApi> | undefined;

export function evaluateInWorker(gt: GroundTruth, dets: readonly Detection[]): Promise<DatasetEvaluation> {
  if (!remote) {
    const worker = new Worker(new URL('./evaluate.worker.ts', import.meta.url), { type: 'module' });
    remote = wrap<EvaluateWorkerApi>(worker);
  }
  return remote.evaluate(gt, dets) as Promise<DatasetEvaluation>;
}
