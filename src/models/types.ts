/**
 * One adapter interface for every model: load from a local URL (warm-up included), run, expose the
 * raw outputs as plain typed arrays and the decoded results, dispose.
 */
import type { Rle } from '../core/eval/types';

/**
 * RGBA pixels, row-major, 4 bytes per pixel: the shape of `ImageData`, and what Node (CLIs, tests)
 * decodes a file into. No tfjs type: another engine (ONNX Runtime Web, MediaPipe) takes the same.
 */
export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** What a model accepts: DOM images or plain RGBA pixels. Never a tensor. */
export type PixelInput = RgbaPixels | ImageData | HTMLImageElement | HTMLCanvasElement | HTMLVideoElement;

/** What a model does; the registry and the pages pick views by it. */
export type ModelTask = 'detection' | 'semantic-segmentation' | 'instance-segmentation' | 'captioning';

export interface ModelInfo {
  /** Id in the registry (src/models/registry.ts) and models/manifest.json. */
  readonly id: string;
  readonly task: ModelTask;
  readonly title: string;
}

/**
 * An instance mask in COCO RLE (column-major run lengths, `core/eval/mask.ts`) in original image
 * pixels: `h`×`w` = the image height × width. A detection of an instance-segmentation model carries one.
 */
export type InstanceMask = Rle;

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
