/**
 * The coco-ssd graph's internal nodes, read in one `executeAsync` run, as plain typed arrays:
 * raw box encodings, raw class logits (with background), the anchors constant, and the graph's own
 * decoded boxes and sigmoid scores. Every tensor created here is disposed before this resolves (the
 * anchors node is a constant of the graph: it is read, never disposed).
 */
import type * as tf from '@tensorflow/tfjs';
import { inputSizeOf } from './adapterUtils';
import { runGraphNodes } from './graphNodes';
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


/** Run the graph once and read the five nodes of `SSD_NODES`. */
export async function readSsdInternals(graph: tf.GraphModel, input: PixelInput): Promise<SsdInternals> {
  const inputSize = inputSizeOf(input);
  const names = [SSD_NODES.encodings, SSD_NODES.logits, SSD_NODES.anchors, SSD_NODES.boxes, SSD_NODES.scores];
  const [enc, log, anc, box, sco] = await runGraphNodes(graph, input, names);
  if (!enc || !log || !anc || !box || !sco) throw new Error('coco-ssd graph: missing internal nodes');
  const numBoxes = sco.shape[1] ?? 0;
  const numClasses = sco.shape[2] ?? 0;
  if (enc.data.length !== numBoxes * 4 || anc.data.length !== numBoxes * 4 || box.data.length !== numBoxes * 4 || log.data.length !== numBoxes * (numClasses + 1)) {
    throw new Error('coco-ssd graph: unexpected internal node shapes');
  }
  return { numBoxes, numClasses, encodings: enc.data, logits: log.data, anchors: anc.data, boxes: box.data, scores: sco.data, inputSize };
}
