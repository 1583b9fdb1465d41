/**
 * The pure half of person / semantic segmentation (no tfjs): the ids and input grids of the person
 * models, the raw output a graph gives (plain arrays), and the decoding into a label map with class
 * shares. Shared by the tfjs adapters (`segmentation.ts`, `deeplab.ts`, which re-export it), the
 * segmentation worker (`worker/segment.worker.ts`) and its page-side client (`worker/segmentClient.ts`),
 * so a page whose graph runs in a worker never imports tfjs for it.
 */
import type { Size } from '../core/geometry';
import { DATASETS, type DatasetId } from '../core/segmentationLabels';
import { classShares, thresholdMask } from '../core/segmentationMetrics';
import type { ModelAdapter, ModelInfo } from './types';

/** What the graph gives, read back into plain arrays, at the model's output resolution. */
export type SegRaw =
  | {
      readonly kind: 'soft';
      readonly width: number;
      readonly height: number;
      /** Person probability per pixel, row-major, [0, 1]. */
      readonly probs: Float32Array;
      /** Size of the pixels that were fed. */
      readonly inputSize: Size;
    }
  | {
      readonly kind: 'labels';
      readonly width: number;
      readonly height: number;
      /** Class id per pixel, row-major. */
      readonly labels: Int32Array;
      readonly inputSize: Size;
    };

export interface SegOptions {
  /** Soft masks: a pixel is "person" when its probability is at least this. */
  readonly threshold: number;
}

export interface SegResult {
  readonly dataset: DatasetId;
  /** Resolution of the label map (the model's output grid). */
  readonly width: number;
  readonly height: number;
  /** Class id per pixel (for the person models 0 = background, 1 = person). */
  readonly labels: Uint8Array;
  /** Fraction of the pixels of each class id. */
  readonly shares: Float64Array;
  /** Fraction of person pixels (shares[personClass]). */
  readonly personShare: number;
  /** The soft person mask the labels were thresholded from (person models only). */
  readonly probs: Float32Array | null;
}

export type SegAdapter = ModelAdapter<SegRaw, SegResult, SegOptions> & {
  readonly dataset: DatasetId;
  decodeTimed(raw: SegRaw, options: SegOptions): { result: SegResult; decodeMs: number };
};

export const SELFIE_ID = 'mediapipe-selfie';
export const MEET_ID = 'mediapipe-meet';
export type PersonModelId = typeof SELFIE_ID | typeof MEET_ID;

export interface PersonSpec {
  readonly info: ModelInfo;
  readonly entry: string;
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** 'sigmoid': one channel, already a probability; 'softmax2': two logits, channel 1 = person. */
  readonly output: 'sigmoid' | 'softmax2';
}

export const PERSON_MODELS: Readonly<Record<PersonModelId, PersonSpec>> = {
  [SELFIE_ID]: {
    info: { id: SELFIE_ID, task: 'semantic-segmentation', title: 'MediaPipe Selfie Segmentation' },
    entry: 'selfie.json',
    inputWidth: 256,
    inputHeight: 256,
    output: 'sigmoid',
  },
  [MEET_ID]: {
    info: { id: MEET_ID, task: 'semantic-segmentation', title: 'Google Meet segmentation' },
    entry: 'meet.json',
    inputWidth: 256,
    inputHeight: 144,
    output: 'softmax2',
  },
};

export function isPersonModelId(id: string): id is PersonModelId {
  return id === SELFIE_ID || id === MEET_ID;
}

/** Decoding shared by every segmentation adapter: label map, class shares, person share. */
export function decodeSeg(raw: SegRaw, options: SegOptions, dataset: DatasetId): SegResult {
  const ds = DATASETS[dataset];
  const n = ds.labels.length;
  let labels: Uint8Array;
  let probs: Float32Array | null = null;
  if (raw.kind === 'soft') {
    labels = thresholdMask(raw.probs, options.threshold);
    probs = raw.probs;
  } else {
    labels = new Uint8Array(raw.labels.length);
    for (let i = 0; i < labels.length; i++) {
      const c = raw.labels[i]!;
      labels[i] = c >= 0 && c < n ? c : 255;
    }
  }
  const shares = classShares(labels, n);
  return { dataset, width: raw.width, height: raw.height, labels, shares, personShare: shares[ds.personClass] ?? 0, probs };
}

/** `decodeSeg` with its duration, for latency read-outs. */
export function decodeSegTimed(raw: SegRaw, options: SegOptions, dataset: DatasetId): { result: SegResult; decodeMs: number } {
  const t0 = performance.now();
  const result = decodeSeg(raw, options, dataset);
  return { result, decodeMs: performance.now() - t0 };
}
