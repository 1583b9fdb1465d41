/** What the YOLO page's training client and its worker share (no tfjs: the page imports this). */
import type { LossRecord, TinyYoloConfig } from '../tinyYolo';

/** Synthetic 64×64 images per training step. */
export const BATCH = 16;
/** The worker sends the weights back every WEIGHTS_EVERY steps (and when training stops). */
export const WEIGHTS_EVERY = 5;

export interface EvalResult {
  /** mAP@.5 on the held-out test split. */
  readonly ap50: number;
  /** mAP@[.5:.95]. */
  readonly ap: number;
  readonly images: number;
}

/** A step the worker applied: its number in the session, its loss terms, its time in the worker. */
export interface StepReport {
  readonly kind: 'step';
  readonly step: number;
  readonly loss: LossRecord;
  readonly ms: number;
  /** The weights after this step (every WEIGHTS_EVERY steps), in `TinyYolo.weightArrays()` order. */
  readonly weights?: Float32Array[];
}

/** Training stopped (pause, a new session): the weights after the last applied step. */
export interface StoppedReport {
  readonly kind: 'stopped';
  readonly step: number;
  readonly weights: Float32Array[];
}

export type TrainReport = StepReport | StoppedReport;

/** A session: the page's net (its config and current weights) copied into the worker. */
export interface SessionInit {
  readonly config: TinyYoloConfig;
  readonly weights: Float32Array[];
  /** First training image of the session (the synthetic train split's index). */
  readonly startImage: number;
  readonly lr: number;
}
