/**
 * DeepLab v3 (MobileNetV2 backbone) in the TF.js graph format that `@tensorflow-models/deeplab`
 * loads, for its three checkpoints: PASCAL VOC (21 classes), Cityscapes (19), ADE20K (150 + other).
 * The package is not a dependency: like it, we feed `ImageTensor` (the image resized so that its
 * longer side is 513, as integers, batch 1) to `model.execute()` and read `SemanticPredictions`
 * [1, h, w] (int32 class ids, already the argmax). The weights cannot be fetched offline here; the
 * adapter works once someone puts the converted model.json + shards in public/models/deeplab-<dataset>/.
 */
import * as tf from '@tensorflow/tfjs';
import { AdapterBase } from './adapterBase';
import { inputSizeOf, pixelsToTensor } from './adapterUtils';
import { decodeSeg, type SegAdapter, type SegOptions, type SegRaw, type SegResult } from './segDecode';
import { DEEPLAB_CROP_SIZE, DEEPLAB_TITLES, deeplabDataset, deeplabInputSize, type DeepLabDataset, type DeepLabId } from './deeplabInfo';
import type { ModelInfo, PixelInput } from './types';

export { DEEPLAB_CROP_SIZE, DEEPLAB_DATASETS, DEEPLAB_IDS, deeplabDataset, deeplabInputSize, graphModelPresence, probeGraphModel } from './deeplabInfo';
export type { DeepLabDataset, DeepLabId, Presence } from './deeplabInfo';

const OUTPUT = 'SemanticPredictions';

export class DeepLabAdapter extends AdapterBase<tf.GraphModel, SegRaw, SegResult, SegOptions> implements SegAdapter {
  readonly info: ModelInfo;
  readonly dataset: DeepLabDataset;

  constructor(
    readonly id: DeepLabId,
    modelUrl: string,
  ) {
    super(modelUrl);
    this.dataset = deeplabDataset(id);
    this.info = { id, task: 'semantic-segmentation', title: DEEPLAB_TITLES[this.dataset] };
  }

  protected open(): Promise<tf.GraphModel> {
    return tf.loadGraphModel(this.url);
  }

  protected async warmUp(): Promise<void> {
    const s = DEEPLAB_CROP_SIZE;
    await this.runRaw({ width: s, height: s, data: new Uint8Array(s * s * 4) });
  }

  protected override warmUpError(msg: string): string {
    return `not a DeepLab v3 graph (ImageTensor → ${OUTPUT}): ${msg}`;
  }

  async runRaw(input: PixelInput): Promise<SegRaw> {
    const model = this.handle;
    const inputSize = inputSizeOf(input);
    const target = deeplabInputSize(inputSize.width, inputSize.height);
    const labelsT = tf.tidy(() => {
      const img = pixelsToTensor(input);
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
}
