/**
 * The R-CNN / Fast R-CNN stages on the coco-ssd graph's MobileNetV2 backbone, timed on this device:
 * - Fast R-CNN: the backbone once on the whole image (the graph resizes it to 300×300) up to
 *   `BACKBONE_NODE` (19×19×576, stride 300/19), then RoI Pool and RoI Align of every RoI from that
 *   feature map (RoI Align with the tf ops of `roiOps.ts`, RoI Pool with the typed-array loop of `core/roi`).
 * - R-CNN: every region cropped and warped to the backbone's input (`cropAndResize` to 300×300) and
 *   run through the backbone on its own — one full pass per region.
 * Everything created here is disposed before the promises resolve.
 */
import * as tf from '@tensorflow/tfjs';
import { roiPool, type FeatureMap, type RoiBox } from '../core/roi';
import { roiAlignTf } from './roiOps';

export const BACKBONE_NODE = 'FeatureExtractor/MobilenetV2/expanded_conv_13/expand/Relu6';
/** The graph's own input size (it resizes every input to this). */
export const BACKBONE_INPUT = 300;

export interface FastRcnnRun {
  /** The whole-image feature map (HWC). */
  readonly feature: FeatureMap;
  /** Pooled features of every RoI, [N, out, out, C]. */
  readonly pooled: Float32Array;
  readonly aligned: Float32Array;
  readonly backboneMs: number;
  readonly poolMs: number;
  readonly alignMs: number;
}

function int32Batch(pixels: HTMLCanvasElement | tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => {
    const t = pixels instanceof tf.Tensor ? pixels : tf.browser.fromPixels(pixels);
    return (t.dtype === 'int32' ? t : tf.cast(t, 'int32')).expandDims(0) as tf.Tensor4D;
  });
}

async function backbone(graph: tf.GraphModel, batch: tf.Tensor4D): Promise<tf.Tensor4D> {
  const out = (await graph.executeAsync(batch, BACKBONE_NODE)) as tf.Tensor4D;
  return out;
}

/**
 * RoIs in the 300×300 model-input pixels (`spatialScale` = featureSize / 300 is applied here).
 * `out` = pooled size (7 in Fast R-CNN), `samplingRatio` for RoI Align (2 = Mask R-CNN).
 */
export async function runFastRcnn(
  graph: tf.GraphModel,
  pixels: HTMLCanvasElement | tf.Tensor3D,
  rois: readonly RoiBox[],
  out = 7,
  samplingRatio = 2,
): Promise<FastRcnnRun> {
  const batch = int32Batch(pixels);
  let fmap: tf.Tensor4D | null = null;
  try {
    const t0 = performance.now();
    fmap = await backbone(graph, batch);
    const data = await fmap.data<'float32'>();
    const backboneMs = performance.now() - t0;
    const [, H, W, C] = fmap.shape;
    const scale = H / BACKBONE_INPUT;
    const t1 = performance.now();
    // RoI Pool: the typed-array loop of core/roi on the read-back map (the gather-based tf version,
    // roiPoolTf, took seconds for 2000 RoIs on WASM; a max over integer cells needs no tensors).
    const pooled = roiPool({ data, height: H, width: W, channels: C }, rois, { outputSize: out, spatialScale: scale });
    const t2 = performance.now();
    const a = roiAlignTf(fmap, rois, { outputSize: out, spatialScale: scale, samplingRatio, aligned: true });
    const aligned = await a.data<'float32'>();
    a.dispose();
    const t3 = performance.now();
    return { feature: { data, height: H, width: W, channels: C }, pooled, aligned, backboneMs, poolMs: t2 - t1, alignMs: t3 - t2 };
  } finally {
    batch.dispose();
    fmap?.dispose();
  }
}

/**
 * R-CNN's cost: each of the first `rois.length` regions warped to 300×300 and run through the
 * backbone alone; returns the mean milliseconds per region (warp + backbone + read-back).
 */
export async function timeRcnnRegions(graph: tf.GraphModel, pixels: HTMLCanvasElement | tf.Tensor3D, rois: readonly RoiBox[], imageW: number, imageH: number): Promise<{ msPerRegion: number; regions: number }> {
  if (rois.length === 0) return { msPerRegion: 0, regions: 0 };
  const img = tf.tidy(() => {
    const t = pixels instanceof tf.Tensor ? pixels : tf.browser.fromPixels(pixels);
    return tf.cast(t, 'float32').expandDims(0) as tf.Tensor4D;
  });
  try {
    const t0 = performance.now();
    for (const r of rois) {
      const crop = tf.tidy(() =>
        tf.cast(
          tf.image.cropAndResize(img, tf.tensor2d([[r.y1 / imageH, r.x1 / imageW, r.y2 / imageH, r.x2 / imageW]]), tf.tensor1d([0], 'int32'), [BACKBONE_INPUT, BACKBONE_INPUT]),
          'int32',
        ),
      );
      try {
        const f = await backbone(graph, crop as tf.Tensor4D);
        await f.data();
        f.dispose();
      } finally {
        crop.dispose();
      }
    }
    return { msPerRegion: (performance.now() - t0) / rois.length, regions: rois.length };
  } finally {
    img.dispose();
  }
}
