/**
 * One adapter interface for every model: load from a local URL (warm-up included), run, expose the
 * raw outputs as plain typed arrays and the decoded results, dispose.
 */
import type * as tf from '@tensorflow/tfjs';

/** What a model accepts: a tensor [h, w, 3] or anything `tf.browser.fromPixels` takes. */
export type PixelInput = tf.Tensor3D | ImageData | HTMLImageElement | HTMLCanvasElement | HTMLVideoElement;

export interface ModelInfo {
  /** Id in models/manifest.json. */
  readonly id: string;
  readonly task: 'detection' | 'segmentation';
  readonly title: string;
}

export interface Timings {
  /** Wall time of the graph execution including reading outputs back, ms. */
  readonly inferMs: number;
  /** Time spent in the project's post-processing, ms. */
  readonly decodeMs: number;
}

export interface ModelAdapter<Raw, Result, Options> {
  readonly info: ModelInfo;
  /** Fetch weights from `modelUrl` and run one warm-up inference. */
  load(): Promise<void>;
  readonly loaded: boolean;
  /** Run the graph; every tensor it creates is disposed before this resolves. */
  runRaw(input: PixelInput): Promise<Raw>;
  /** Pure post-processing of raw outputs (no tensors). */
  decode(raw: Raw, options: Options): Result;
  run(input: PixelInput, options: Options): Promise<{ raw: Raw; result: Result; timings: Timings }>;
  dispose(): void;
}

/** Thrown when a model cannot be loaded; `kind` lets the UI pick a message in the user's language. */
export class ModelLoadError extends Error {
  constructor(
    readonly kind: 'missing' | 'corrupt' | 'backend' | 'other',
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelLoadError';
  }
}
