/**
 * Training and evaluation of TinyYOLO (no React, no DOM): one Adam step per call on a fresh batch of
 * synthetic images, and mAP@.5 on the held-out test split through the project's metrics engine. The
 * YOLO page runs it in a Web Worker (`yoloTrain.worker.ts`); a step comes in two halves (`computeStep`:
 * the gradients; `PendingStep.apply`) so a pause read in between drops the step in flight.
 */
import { AdjustableAdam } from './adam';
import { cocoGroundTruthFromJson, cocoResultsFromJson, evaluateDetections } from '../../core/eval';
import { DEFAULT_SPLITS, detectionsToCoco, EVAL_NMS, makeBatch, rgbaToInput, type CocoResultJson } from '../../core/yolo/dataset';
import { generateDataset, generateImage, toCocoGroundTruth } from '../../core/yolo/synthData';
import { gridSpec, type LossRecord, type PendingStep, type TinyYolo } from '../tinyYolo';
import { yieldToEvents } from './pendingStep';
import { BATCH, type EvalResult } from './yoloTrainShared';

export { BATCH, type EvalResult };

export class BrowserTrainer {
  private optimizer: AdjustableAdam;
  private cursor: number;
  step = 0;

  constructor(readonly net: TinyYolo, lr: number, startImage = 0) {
    this.optimizer = new AdjustableAdam(lr);
    this.cursor = startImage;
  }

  setLearningRate(lr: number): void {
    this.optimizer.setLearningRate(lr);
  }

  /** The gradients of the next batch; the step counts (and the batch cursor moves) only when applied. */
  async computeStep(): Promise<PendingStep> {
    const ims = Array.from({ length: BATCH }, (_, k) => generateImage(DEFAULT_SPLITS.trainSeed, (this.cursor + k) % DEFAULT_SPLITS.trainCount));
    const pending = await this.net.computeStep(this.optimizer, makeBatch(ims, gridSpec(this.net.config), this.net.config.inputSize));
    return {
      loss: pending.loss,
      apply: () => {
        pending.apply();
        this.cursor = (this.cursor + BATCH) % DEFAULT_SPLITS.trainCount;
        this.step++;
      },
      discard: () => pending.discard(),
    };
  }

  async trainStep(): Promise<LossRecord> {
    const p = await this.computeStep();
    p.apply();
    return p.loss;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

export async function evaluateTestSplit(net: TinyYolo, count = DEFAULT_SPLITS.testCount): Promise<EvalResult> {
  const test = generateDataset(DEFAULT_SPLITS.testSeed, count);
  const dt: CocoResultJson[] = [];
  for (let i = 0; i < test.length; i += 25) {
    const ims = test.slice(i, i + 25);
    const raw = await net.predictRaw(rgbaToInput(ims, net.config.inputSize), ims.length);
    ims.forEach((im, k) => dt.push(...detectionsToCoco(net.detect(raw, EVAL_NMS, k), im.id, im.width, im.height)));
    await yieldToEvents();
  }
  const r = evaluateDetections(cocoGroundTruthFromJson(toCocoGroundTruth(test), 'test'), cocoResultsFromJson(dt, 'detections'));
  return { ap50: r.stats[1]!, ap: r.stats[0]!, images: test.length };
}
