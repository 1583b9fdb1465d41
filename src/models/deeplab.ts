/**
 * DeepLab v3 (MobileNetV2 backbone) in the TF.js graph format that `@tensorflow-models/deeplab`
 * loads, for its three checkpoints: PASCAL VOC (21 classes), Cityscapes (19), ADE20K (150 + other).
 * The package is not a dependency: like it, we feed `ImageTensor` (the image resized so that its
 * longer side is 513, as integers, batch 1) to `model.execute()` and read `SemanticPredictions`
 * [1, h, w] (int32 class ids, already the argmax). The weights cannot be fetched offline here; the
 * adapter works once someone puts the converted model.json + shards in public/models/deeplab-<dataset>/.
 */
import * as tf from '@tensorflow/tfjs';
import { inputSizeOf, loadErrorKind, timedDecode, timedRun } from './adapterUtils';
import { decodeSeg, type SegAdapter, type SegOptions, type SegRaw, type SegResult } from './segmentation';
import { ModelLoadError, type ModelInfo, type PixelInput, type Timings } from './types';

export const DEEPLAB_DATASETS = ['pascal', 'cityscapes', 'ade20k'] as const;
export type DeepLabDataset = (typeof DEEPLAB_DATASETS)[number];
export type DeepLabId = `deeplab-${DeepLabDataset}`;

export const DEEPLAB_IDS: readonly DeepLabId[] = DEEPLAB_DATASETS.map((d) => `deeplab-${d}` as const);

/** The longer side after resizing, as in the package (its CROP_SIZE). */
export const DEEPLAB_CROP_SIZE = 513;
const OUTPUT = 'SemanticPredictions';

export function deeplabDataset(id: DeepLabId): DeepLabDataset {
  return id.slice('deeplab-'.length) as DeepLabDataset;
}

/** Size the package resizes to: the longer side becomes 513, the aspect ratio is kept. */
export function deeplabInputSize(width: number, height: number): { width: number; height: number } {
  const ratio = DEEPLAB_CROP_SIZE / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * ratio)), height: Math.max(1, Math.round(height * ratio)) };
}

const TITLES: Readonly<Record<DeepLabDataset, string>> = {
  pascal: 'DeepLab v3 (PASCAL VOC, 21 classes)',
  cityscapes: 'DeepLab v3 (Cityscapes, 19 classes)',
  ade20k: 'DeepLab v3 (ADE20K, 150 classes)',
};

export class DeepLabAdapter implements SegAdapter {
  readonly info: ModelInfo;
  readonly dataset: DeepLabDataset;
  private model: tf.GraphModel | null = null;

  constructor(
    readonly id: DeepLabId,
    private readonly modelUrl: string,
  ) {
    this.dataset = deeplabDataset(id);
    this.info = { id, task: 'segmentation', title: TITLES[this.dataset] };
  }

  get loaded(): boolean {
    return this.model !== null;
  }

  async load(): Promise<void> {
    if (this.model) return;
    let model: tf.GraphModel;
    try {
      model = await tf.loadGraphModel(this.modelUrl);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new ModelLoadError(loadErrorKind(msg), this.modelUrl, msg);
    }
    this.model = model;
    const zeros = tf.zeros([DEEPLAB_CROP_SIZE, DEEPLAB_CROP_SIZE, 3], 'int32') as tf.Tensor3D;
    try {
      await this.runRaw(zeros);
    } catch (e) {
      this.dispose();
      const msg = e instanceof Error ? e.message : String(e);
      throw new ModelLoadError('corrupt', this.modelUrl, `not a DeepLab v3 graph (ImageTensor → ${OUTPUT}): ${msg}`);
    } finally {
      zeros.dispose();
    }
  }

  async runRaw(input: PixelInput): Promise<SegRaw> {
    const model = this.model;
    if (!model) throw new Error(`${this.id}: call load() first`);
    const inputSize = inputSizeOf(input);
    const target = deeplabInputSize(inputSize.width, inputSize.height);
    const labelsT = tf.tidy(() => {
      const img = input instanceof tf.Tensor ? input : tf.browser.fromPixels(input);
      const resized = tf.image.resizeBilinear(tf.cast(img, 'float32') as tf.Tensor3D, [target.height, target.width]);
      // ImageTensor is uint8 in the graph (int32 in TF.js): round and clip like an 8-bit image.
      const x = tf.cast(tf.clipByValue(tf.round(resized), 0, 255), 'int32').expandDims(0);
      const out = model.outputNodes.includes(OUTPUT) ? model.execute(x, OUTPUT) : model.execute(x);
      const y = Array.isArray(out) ? out[0] : out;
      if (!y) throw new Error(`${this.id}: the graph returned no output`);
      return tf.cast(tf.reshape(y, [-1]), 'int32');
    });
    try {
      const labels = await labelsT.data<'int32'>();
      if (labels.length !== target.width * target.height) {
        throw new Error(`${this.id}: ${OUTPUT} has ${labels.length} pixels, expected ${target.width}x${target.height}`);
      }
      return { kind: 'labels', width: target.width, height: target.height, labels, inputSize };
    } finally {
      labelsT.dispose();
    }
  }

  decode(raw: SegRaw, options: SegOptions): SegResult {
    return decodeSeg(raw, options, this.dataset);
  }

  decodeTimed(raw: SegRaw, options: SegOptions): { result: SegResult; decodeMs: number } {
    return timedDecode(this, raw, options);
  }

  run(input: PixelInput, options: SegOptions): Promise<{ raw: SegRaw; result: SegResult; timings: Timings }> {
    return timedRun(this, input, options);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
