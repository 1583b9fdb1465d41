/**
 * The coco-ssd graph's internal nodes, read in one `executeAsync` run, as plain typed arrays:
 * raw box encodings, raw class logits (with background), the anchors constant, and the graph's own
 * decoded boxes and sigmoid scores. Every tensor created here is disposed before this resolves (the
 * anchors node is a constant of the graph: it is read, never disposed).
 */
import * as tf from '@tensorflow/tfjs';
import type { Size } from '../core/geometry';
import type { PixelInput } from './types';

export const SSD_NODES = {
  encodings: 'Squeeze',
  logits: 'concat_1',
  anchors: 'Postprocessor/ExpandDims',
  boxes: 'Postprocessor/ExpandDims_1',
  scores: 'Postprocessor/Slice',
} as const;

export interface SsdInternals {
  readonly numBoxes: number;
  /** Score columns without background (90); the logits have one more (column 0 = background). */
  readonly numClasses: number;
  /** [numBoxes, 4] t_y, t_x, t_h, t_w. */
  readonly encodings: Float32Array;
  /** [numBoxes, numClasses + 1] raw logits, column 0 background. */
  readonly logits: Float32Array;
  /** [numBoxes, 4] anchors ymin, xmin, ymax, xmax (normalized). */
  readonly anchors: Float32Array;
  /** [numBoxes, 4] decoded boxes ymin, xmin, ymax, xmax (normalized). */
  readonly boxes: Float32Array;
  /** [numBoxes, numClasses] sigmoid scores; column k is COCO id k + 1. */
  readonly scores: Float32Array;
  /** Size of the pixels that were fed. */
  readonly inputSize: Size;
}

function sizeOf(input: PixelInput): Size {
  if (input instanceof tf.Tensor) return { width: input.shape[1], height: input.shape[0] };
  if (typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement) return { width: input.videoWidth, height: input.videoHeight };
  if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement) return { width: input.naturalWidth, height: input.naturalHeight };
  return { width: input.width, height: input.height };
}

/** Run the graph once and read the five nodes of `SSD_NODES`. */
export async function readSsdInternals(graph: tf.GraphModel, input: PixelInput): Promise<SsdInternals> {
  const inputSize = sizeOf(input);
  const batch = tf.tidy(() => {
    const t = input instanceof tf.Tensor ? input : tf.browser.fromPixels(input);
    return (t.dtype === 'int32' ? t : tf.cast(t, 'int32')).expandDims(0);
  });
  const names = [SSD_NODES.encodings, SSD_NODES.logits, SSD_NODES.anchors, SSD_NODES.boxes, SSD_NODES.scores];
  let outputs: tf.Tensor[] = [];
  try {
    const res = await graph.executeAsync(batch, names);
    outputs = Array.isArray(res) ? res : [res];
    const [encT, logT, ancT, boxT, scoT] = outputs;
    if (!encT || !logT || !ancT || !boxT || !scoT) throw new Error(`coco-ssd graph returned ${outputs.length} of ${names.length} nodes`);
    const [encodings, logits, anchors, boxes, scores] = await Promise.all(
      [encT, logT, ancT, boxT, scoT].map((t) => t.data<'float32'>()),
    );
    const numBoxes = scoT.shape[1] ?? 0;
    const numClasses = scoT.shape[2] ?? 0;
    if (encodings!.length !== numBoxes * 4 || anchors!.length !== numBoxes * 4 || boxes!.length !== numBoxes * 4 || logits!.length !== numBoxes * (numClasses + 1)) {
      throw new Error('coco-ssd graph: unexpected internal node shapes');
    }
    return { numBoxes, numClasses, encodings: encodings!, logits: logits!, anchors: anchors!, boxes: boxes!, scores: scores!, inputSize };
  } finally {
    batch.dispose();
    // `Postprocessor/ExpandDims` is a Const node: executeAsync hands back the graph's own weight
    // tensor, which must stay alive. Dispose only what this run computed.
    const weights = new Set<tf.Tensor>(Object.values(graph.weights).flat());
    tf.dispose(outputs.filter((t) => !weights.has(t)));
  }
}
