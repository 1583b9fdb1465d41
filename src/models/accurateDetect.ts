/**
 * The detector's accuracy mode (src/core/tiling.ts): the whole image plus overlapping crops (each
 * resized to the model's input by the graph, so small objects get more pixels), optionally mirrored,
 * merged by class-wise NMS or weighted box fusion. Costs `passes` graph runs instead of one.
 */
import { cropToImage, imageToNormalized, normalizedToImage } from '../core/coords';
import type { Size } from '../core/geometry';
import { cocoName } from '../core/cocoClasses';
import { cropRgb, mergePasses, planPasses, type AccurateOptions, type PassDetection } from '../core/tiling';
import { pixelsToTensor } from './adapterUtils';
import type { CocoSsdAdapter, Detection, DetectOptions } from './cocoSsd';
import type { PixelInput, Timings } from './types';

export interface AccurateResult {
  readonly result: Detection[];
  readonly timings: Timings;
  /** Number of graph runs. */
  readonly passes: number;
}

/**
 * Detect with the accuracy mode. `options` are the usual post-processing settings: each pass is decoded
 * with them (score threshold, IoU, max), the merge uses `acc.mergeIou` and the same score and max.
 */
export async function detectAccurate(
  adapter: CocoSsdAdapter,
  input: PixelInput,
  options: DetectOptions,
  acc: AccurateOptions,
): Promise<AccurateResult> {
  // The pixels are read once; every pass gets its crop (mirrored when asked) as plain RGBA.
  const full = pixelsToTensor(input);
  const working: Size = { width: full.shape[1], height: full.shape[0] };
  let rgb: Int32Array;
  try {
    rgb = (await full.data()) as Int32Array;
  } finally {
    full.dispose();
  }
  const imageSize = options.imageSize ?? working;
  const passes = planPasses(working, acc);
  const dets: PassDetection[] = [];
  let inferMs = 0;
  let decodeMs = 0;
  for (let p = 0; p < passes.length; p++) {
    const { crop, flipped } = passes[p]!;
    const pixels = cropRgb(rgb, working.width, crop, flipped);
    const t0 = performance.now();
    const raw = await adapter.runRaw(pixels);
    const t1 = performance.now();
    for (const d of adapter.decode(raw, { ...options, imageSize: { width: crop.width, height: crop.height } })) {
      dets.push({ box: cropToImage(d.box, crop, flipped), score: d.score, categoryId: d.categoryId, pass: p });
    }
    inferMs += t1 - t0;
    decodeMs += performance.now() - t1;
  }
  const t2 = performance.now();
  const merged = mergePasses(dets, passes, working, {
    method: acc.merge,
    iouThreshold: acc.mergeIou,
    scoreThreshold: options.scoreThreshold,
    maxDetections: options.maxDetections,
    edgeMargin: Math.max(2, 0.01 * Math.max(working.width, working.height)),
  });
  const result = merged.map(
    (m): Detection => ({
      box: normalizedToImage(imageToNormalized(m.box, working), imageSize),
      score: m.score,
      categoryId: m.categoryId,
      label: cocoName(m.categoryId) ?? String(m.categoryId),
      anchor: -1,
    }),
  );
  decodeMs += performance.now() - t2;
  return { result, timings: { inferMs, decodeMs }, passes: passes.length };
}
