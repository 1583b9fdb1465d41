/** Runs the COCO/VOC evaluation off the main thread (comlink). */
import { expose } from 'comlink';
import type { Detection, GroundTruth } from '../../../core/eval';
import { evaluateDataset, type DatasetEvaluation } from '../../../core/dataset-eval/evaluation';

const api = {
  evaluate(gt: GroundTruth, dets: readonly Detection[]): DatasetEvaluation {
    return evaluateDataset(gt, dets);
  },
};

export type EvaluateWorkerApi = typeof api;

expose(api);
