/**
 * The detector's accuracy mode (src/core/tiling.ts): the whole image plus overlapping crops (each
 * resized to the model's input by the graph, so small objects get more pixels), optionally mirrored,
 * merged by class-wise NMS or weighted box fusion. Costs `passes` graph runs instead of one.
 * This is the tfjs side (the CLI, main-thread adapters): the pixels are read once with tfjs, the passes
 * run one after another (`accuratePasses.ts`, shared with the live page's worker pool).
 */
import { pixelsToTensor } from './adapterUtils';
import { runAccuratePasses, type AccurateResult } from './accuratePasses';
import type { CocoSsdAdapter, DetectOptions } from './cocoSsd';
import type { AccurateOptions } from '../core/tiling';
import type { PixelInput } from './types';

export type { AccurateResult } from './accuratePasses';

/**
 * Detect with the accuracy mode. `options` are the usual post-processing settings: each pass is decoded
 * with them (score threshold, IoU, max), the merge uses `acc.mergeIou` and the same score and max.
 */
export async function detectAccurate(adapter: CocoSsdAdapter, input: PixelInput, options: DetectOptions, acc: AccurateOptions): Promise<AccurateResult> {
  // The pixels are read once; every pass gets its crop (mirrored when asked) as plain RGBA.
  const full = pixelsToTensor(input);
  const size = { width: full.shape[1], height: full.shape[0] };
  let rgb: Int32Array;
  try {
    rgb = (await full.data()) as Int32Array;
  } finally {
    full.dispose();
  }
  return runAccuratePasses(adapter, { data: rgb, size, channels: 3 }, options, acc, 1);
}
