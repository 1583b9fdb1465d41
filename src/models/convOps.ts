/** Small tf convolutions for the segmentation-basics page (tiny tensors; everything disposed). */
import * as tf from '@tensorflow/tfjs';
import type { AxisGeometry, Padding } from '../core/convArithmetic';

export async function tfConv(x: readonly number[], n: number, w: readonly number[], k: number, s: number, pad: Padding, d: number): Promise<Float32Array> {
  const y = tf.tidy(() => tf.conv2d(tf.tensor4d([...x], [1, n, n, 1]), tf.tensor4d([...w], [k, k, 1, 1]), s, pad, 'NHWC', d));
  try {
    return await y.data<'float32'>();
  } finally {
    y.dispose();
  }
}

export async function tfConvTranspose(x: readonly number[], g: AxisGeometry, w: readonly number[], pad: Padding): Promise<Float32Array> {
  const n = g.input;
  const k = g.kernel;
  const y = tf.tidy(() =>
    tf.conv2dTranspose(tf.tensor4d([...x], [1, n, n, 1]), tf.tensor4d([...w], [k, k, 1, 1]), [1, g.output, g.output, 1], g.stride, pad),
  );
  try {
    return await y.data<'float32'>();
  } finally {
    y.dispose();
  }
}
