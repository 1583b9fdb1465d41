/**
 * Browser-side training and evaluation of TinyYOLO (no React): one Adam step per call on a fresh batch of
 * synthetic images, and mAP@.5 on the held-out test split through the project's metrics engine.
 */
import * as tf from '@tensorflow/tfjs';
import { AdjustableAdam } from './adam';
import { cocoGroundTruthFromJson, cocoResultsFromJson, evaluateDetections } from '../../core/eval';
import { DEFAULT_SPLITS, detectionsToCoco, EVAL_NMS, makeBatch, rgbaToInput, type CocoResultJson } from '../../core/yolo/dataset';
import { generateDataset, generateImage, toCocoGroundTruth } from '../../core/yolo/synthData';
import { gridSpec, type LossRecord, type TinyYolo } from '../tinyYolo';

export const BATCH = 16;

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

  async trainStep(): Promise<LossRecord> {
    const ims = Array.from({ length: BATCH }, (_, k) => generateImage(DEFAULT_SPLITS.trainSeed, (this.cursor + k) % DEFAULT_SPLITS.trainCount));
    this.cursor = (this.cursor + BATCH) % DEFAULT_SPLITS.trainCount;
    const l = await this.net.trainStep(this.optimizer, makeBatch(ims, gridSpec(this.net.config), this.net.config.inputSize));
    this.step++;
    return l;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

export interface EvalResult {
  readonly ap50: number;
  readonly ap: number;
  readonly images: number;
}

export async function evaluateTestSplit(net: TinyYolo, count = DEFAULT_SPLITS.testCount): Promise<EvalResult> {
  const test = generateDataset(DEFAULT_SPLITS.testSeed, count);
  const dt: CocoResultJson[] = [];
  for (let i = 0; i < test.length; i += 25) {
    const ims = test.slice(i, i + 25);
    const raw = await net.predictRaw(rgbaToInput(ims, net.config.inputSize), ims.length);
    ims.forEach((im, k) => dt.push(...detectionsToCoco(net.detect(raw, EVAL_NMS, k), im.id, im.width, im.height)));
    await tf.nextFrame();
  }
  const r = evaluateDetections(cocoGroundTruthFromJson(toCocoGroundTruth(test), 'test'), cocoResultsFromJson(dt, 'detections'));
  return { ap50: r.stats[1]!, ap: r.stats[0]!, images: test.length };
}

/** Let the browser paint between training steps. */
export const nextFrame = (): Promise<void> => tf.nextFrame();
