/**
 * Run a TF.js graph on one image up to some internal nodes (`executeAsync(input, names)`) and read
 * them back as plain typed arrays. Every tensor the run computed is disposed; a node that is a
 * constant of the graph (executeAsync hands back the graph's own weight tensor) is left alive.
 */
import * as tf from '@tensorflow/tfjs';
import { pixelsToTensor } from './adapterUtils';
import type { PixelInput } from './types';

export interface NodeValue {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** The image as the SSD-style graphs want it: int32 [1, h, w, 3]. */
export async function runGraphNodes(graph: tf.GraphModel, input: PixelInput, names: readonly string[]): Promise<NodeValue[]> {
  const batch = tf.tidy(() => {
    const t = pixelsToTensor(input);
    return (t.dtype === 'int32' ? t : tf.cast(t, 'int32')).expandDims(0);
  });
  let outputs: tf.Tensor[] = [];
  try {
    const res = await graph.executeAsync(batch, [...names]);
    outputs = Array.isArray(res) ? res : [res];
    if (outputs.length !== names.length) throw new Error(`graph returned ${outputs.length} of ${names.length} nodes`);
    const data = await Promise.all(outputs.map((t) => t.data<'float32'>()));
    return outputs.map((t, i) => ({ shape: t.shape, data: data[i]! }));
  } finally {
    batch.dispose();
    const weights = new Set<tf.Tensor>(Object.values(graph.weights).flat());
    tf.dispose(outputs.filter((t) => !weights.has(t)));
  }
}
