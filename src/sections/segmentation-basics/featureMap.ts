/**
 * Internal activations of the COCO-SSD graph (SSDLite MobileNetV2), for the pyramid-pooling demo.
 *
 * The runtime's CocoSsdAdapter does not (yet) expose "run these internal nodes", so this module
 * loads the same model.json itself with tf.loadGraphModel, once per tf backend, and runs
 * `executeAsync(input, [nodeName])`. Proposed adapter method (for src/models/cocoSsd.ts):
 *   runNodes(input: PixelInput, names: readonly string[]): Promise<Map<string, { shape: number[]; data: Float32Array }>>
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureMap } from '../../core/pyramidPooling';

/** Stride 16 at the graph's 300×300 input: 19×19×576 (the expansion of the 14th inverted residual). */
export const FEATURE_NODE = 'FeatureExtractor/MobilenetV2/expanded_conv_13/expand/Relu6';

let cached: { backend: string; model: Promise<tf.GraphModel> } | null = null;
let users = 0;

function modelUrl(): string {
  return new URL('models/coco-ssd-lite_mobilenet_v2/model.json', document.baseURI).href;
}

/** The graph, loaded once per backend (a backend switch disposes weights, so reload then). */
export function loadBackbone(): Promise<tf.GraphModel> {
  const backend = tf.getBackend();
  if (!cached || cached.backend !== backend) {
    const old = cached;
    cached = { backend, model: tf.loadGraphModel(modelUrl()) };
    void old?.model.then((m) => m.dispose(), () => undefined);
    const mine = cached;
    mine.model.catch(() => {
      if (cached === mine) cached = null;
    });
  }
  return cached.model;
}

/** Count users so the last unmounting view frees the weights. */
export function retainBackbone(): () => void {
  users++;
  return () => {
    users--;
    if (users === 0 && cached) {
      const c = cached;
      cached = null;
      void c.model.then((m) => m.dispose(), () => undefined);
    }
  };
}

/** Run the graph up to `names` on an image; the graph resizes it to 300×300 itself. */
export async function runNodes(
  model: tf.GraphModel,
  pixels: HTMLCanvasElement | HTMLVideoElement,
  names: readonly string[],
): Promise<Map<string, FeatureMap>> {
  const input = tf.tidy(() => tf.browser.fromPixels(pixels).expandDims(0).toInt());
  let outs: tf.Tensor[] = [];
  try {
    const r = await model.executeAsync(input, [...names]);
    outs = Array.isArray(r) ? r : [r];
    const map = new Map<string, FeatureMap>();
    for (let j = 0; j < names.length; j++) {
      const o = outs[j]!;
      const [, h, w, c] = o.shape as [number, number, number, number];
      map.set(names[j]!, { height: h, width: w, channels: c, data: (await o.data()) as Float32Array });
    }
    return map;
  } finally {
    input.dispose();
    tf.dispose(outs);
  }
}
