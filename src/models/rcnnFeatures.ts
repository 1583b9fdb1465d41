/**
 * RoI features for the project's R-CNN and Fast R-CNN heads, from the MobileNetV2 inside coco-ssd
 * (node `BACKBONE_NODE`, 576 channels, stride 300/19 on the graph's 300×300 input):
 * - Fast R-CNN: the backbone once on the whole image, then every RoI pooled from the 19×19 map to
 *   2×2 bins (RoI Align, bilinear, sampling ratio 2, aligned; or RoI Pool, quantized max) → 2304 values;
 * - R-CNN: every region (with R-CNN's 16/227 context padding) cropped and warped to `RCNN_CROP`²,
 *   fed to the backbone on its own (graph input `Preprocessor/sub`, i.e. after the graph's own resize
 *   and its x·2/255 − 1 scaling), its 6×6×576 map averaged to the same 2×2 bins.
 * Both return plain Float32Arrays [n × 2 × 2 × 576]; every tensor made here is disposed.
 */
import * as tf from '@tensorflow/tfjs';
import { roiPool, type RoiBox } from '../core/roi';
import { BACKBONE_INPUT, BACKBONE_NODE } from './fastRcnn';
import { roiAlignTf } from './roiOps';

export const POOL_BINS = 2;
export const CHANNELS = 576;
export const FEATURE_DIM = POOL_BINS * POOL_BINS * CHANNELS;
/** R-CNN warp size (the paper: 227; smaller here so that one crop costs ≈ 1/10 of a 300×300 pass). */
export const RCNN_CROP = 96;
/** R-CNN's context padding: p = 16 pixels around the region at the 227-pixel warp. */
export const CONTEXT = 16 / (227 - 32);
/** The node the graph's own preprocessing ends in: feeding it skips the resize. */
export const PREPROCESSED_NODE = 'Preprocessor/sub';

export type PoolKind = 'align' | 'pool';

/** The whole-image feature map [1, 19, 19, 576] (caller disposes). `image`: int32 [h, w, 3]. */
export async function featureMap(graph: tf.GraphModel, image: tf.Tensor3D): Promise<tf.Tensor4D> {
  const batch = tf.tidy(() => (image.dtype === 'int32' ? image : tf.cast(image, 'int32')).expandDims(0) as tf.Tensor4D);
  try {
    return (await graph.executeAsync(batch, BACKBONE_NODE)) as tf.Tensor4D;
  } finally {
    batch.dispose();
  }
}

/** Image-pixel boxes → RoIs in the graph's 300×300 input pixels. */
export function toModelRois(boxes: readonly (readonly number[])[], width: number, height: number): RoiBox[] {
  return boxes.map((b) => ({ x1: (b[0]! * BACKBONE_INPUT) / width, y1: (b[1]! * BACKBONE_INPUT) / height, x2: (b[2]! * BACKBONE_INPUT) / width, y2: (b[3]! * BACKBONE_INPUT) / height }));
}

/**
 * Fast R-CNN features of `rois` (model pixels) from a feature map. RoI Align: tf ops (`roiOps`);
 * RoI Pool: the typed-array loop of `core/roi` on the read-back map (a max over integer cells is a
 * few comparisons per value; the gather-based tf version took seconds on WASM).
 */
export async function pooledFeatures(fmap: tf.Tensor4D, rois: readonly RoiBox[], kind: PoolKind): Promise<Float32Array> {
  const scale = fmap.shape[1] / BACKBONE_INPUT;
  if (kind === 'pool') {
    const [, height, width, channels] = fmap.shape;
    return roiPool({ data: await fmap.data<'float32'>(), height, width, channels }, rois, { outputSize: POOL_BINS, spatialScale: scale });
  }
  const t = roiAlignTf(fmap, rois, { outputSize: POOL_BINS, spatialScale: scale, samplingRatio: 2, aligned: true });
  try {
    return await t.data<'float32'>();
  } finally {
    t.dispose();
  }
}

/** The crop box of a region with R-CNN's context padding, normalised [y1, x1, y2, x2] for cropAndResize. */
export function contextCrop(b: readonly number[], width: number, height: number): [number, number, number, number] {
  const pw = (b[2]! - b[0]!) * CONTEXT;
  const ph = (b[3]! - b[1]!) * CONTEXT;
  return [(b[1]! - ph) / height, (b[0]! - pw) / width, (b[3]! + ph) / height, (b[2]! + pw) / width];
}

/**
 * R-CNN features: each box (image pixels) warped to RCNN_CROP² and run through the backbone alone,
 * `batch` crops per graph call; `onBatch(done)` after each call (progress, yielding to the page).
 */
export async function warpedFeatures(
  graph: tf.GraphModel,
  image: tf.Tensor3D,
  boxes: readonly (readonly number[])[],
  batch = 16,
  onBatch?: (done: number) => Promise<void> | void,
): Promise<Float32Array> {
  const [height, width] = image.shape;
  const out = new Float32Array(boxes.length * FEATURE_DIM);
  const img = tf.tidy(() => tf.cast(image, 'float32').expandDims(0) as tf.Tensor4D);
  try {
    for (let s = 0; s < boxes.length; s += batch) {
      const part = boxes.slice(s, s + batch);
      const crops = tf.tidy(() => {
        const c = tf.image.cropAndResize(img, tf.tensor2d(part.flatMap((b) => contextCrop(b, width, height)), [part.length, 4]), tf.zeros([part.length], 'int32'), [RCNN_CROP, RCNN_CROP], 'bilinear', 0);
        return c.mul(2 / 255).sub(1);
      });
      let f: tf.Tensor | null = null;
      let p: tf.Tensor | null = null;
      try {
        f = graph.execute({ [PREPROCESSED_NODE]: crops }, BACKBONE_NODE) as tf.Tensor4D;
        const k = Math.floor((f as tf.Tensor4D).shape[1] / POOL_BINS);
        p = tf.avgPool(f as tf.Tensor4D, [k, k], [k, k], 'valid');
        out.set(await p.data<'float32'>(), s * FEATURE_DIM);
      } finally {
        crops.dispose();
        f?.dispose();
        p?.dispose();
      }
      await onBatch?.(Math.min(boxes.length, s + batch));
    }
    return out;
  } finally {
    img.dispose();
  }
}
