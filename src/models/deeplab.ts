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
import { decodeSeg, type SegAdapter, type SegOptions, type SegRaw, type SegResult } from './segmentation';
import { ModelLoadError, type ModelInfo, type PixelInput } from './types';

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

export class DeepLabAdapter extends AdapterBase<tf.GraphModel, SegRaw, SegResult, SegOptions> implements SegAdapter {
  readonly info: ModelInfo;
  readonly dataset: DeepLabDataset;

  constructor(
    readonly id: DeepLabId,
    modelUrl: string,
  ) {
    super(modelUrl);
    this.dataset = deeplabDataset(id);
    this.info = { id, task: 'semantic-segmentation', title: TITLES[this.dataset] };
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

/**
 * DeepLab's weights are not in the manifest (they cannot be fetched offline here): before loading,
 * check that `url` is served and looks like a TF.js graph, else a `ModelLoadError` naming `shown`.
 */
export async function probeGraphModel(url: string, shown: string): Promise<void> {
  const presence = await graphModelPresence(url);
  if (presence !== 'present') throw new ModelLoadError(presence === 'absent' ? 'missing' : 'corrupt', url, shown);
}

export type Presence = 'present' | 'absent' | 'invalid';

/** Whether `url` is served and is a TF.js graph model's JSON. */
export async function graphModelPresence(url: string): Promise<Presence> {
  let res: Response;
  try {
    // An explicit Accept: a dev server answers `*/*` requests for missing files with index.html.
    res = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch {
    return 'absent';
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || type.includes('text/html')) return 'absent';
  try {
    const json = (await res.json()) as { modelTopology?: unknown; weightsManifest?: unknown };
    return json.modelTopology && Array.isArray(json.weightsManifest) ? 'present' : 'invalid';
  } catch {
    return 'invalid';
  }
}
