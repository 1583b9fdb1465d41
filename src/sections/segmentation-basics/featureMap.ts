/**
 * Internal activations of the COCO-SSD graph (SSDLite MobileNetV2), for the pyramid-pooling demo:
 * the runtime's coco-ssd adapter (loaded once, shared with the detection pages) run up to an
 * internal node with `executeAsync(input, [nodeName])`.
 */
import type * as tf from '@tensorflow/tfjs';
import { runGraphNodes } from '../../models/graphNodes';
import type { Runtime } from '../../models/runtime';
import type { FeatureMap } from '../../core/pyramidPooling';

export { FEATURE_NODE } from './featureNode';

/** The graph of the runtime's shared coco-ssd adapter. */
export async function loadBackbone(runtime: Runtime): Promise<tf.GraphModel> {
  return (await runtime.load('coco-ssd-lite_mobilenet_v2')).graphModel;
}

/** Run the graph up to `names` on an image; the graph resizes it to 300×300 itself. */
export async function runNodes(
  model: tf.GraphModel,
  pixels: HTMLCanvasElement | HTMLVideoElement,
  names: readonly string[],
): Promise<Map<string, FeatureMap>> {
  const values = await runGraphNodes(model, pixels, names);
  const map = new Map<string, FeatureMap>();
  values.forEach((v, j) => {
    const [, h, w, c] = v.shape as [number, number, number, number];
    map.set(names[j]!, { height: h, width: w, channels: c, data: v.data });
  });
  return map;
}
