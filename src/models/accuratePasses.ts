/**
 * The accuracy mode's passes without tfjs (src/core/tiling.ts does the geometry): each crop of the image,
 * as RGBA, goes through `runRaw` — on the page a worker pool, where up to `concurrency` passes run at once
 * (two workers: two crops infer at the same time), in Node or on the main thread one after another —
 * each pass is decoded with the usual post-processing and the passes are merged.
 */
import { cropToImage, imageToNormalized, normalizedToImage } from '../core/coords';
import type { Size } from '../core/geometry';
import { cocoName } from '../core/cocoClasses';
import { mergePasses, planPasses, cropRgb, type AccurateOptions, type Pass, type PassDetection } from '../core/tiling';
import type { Detection, DetectOptions, SsdRaw } from './cocoSsd';
import type { RgbaPixels, Timings } from './types';

export interface AccurateResult {
  readonly result: Detection[];
  readonly timings: Timings;
  /** Number of graph runs. */
  readonly passes: number;
}

/** What the passes need of a detector: the graph's raw outputs for RGBA pixels, and the pure decoding. */
export interface PassDetector {
  runRaw(pixels: RgbaPixels): Promise<SsdRaw>;
  decode(raw: SsdRaw, options: DetectOptions): Detection[];
}

/** The image's pixels: an [h, w, channels] array (RGB from tfjs, RGBA from a canvas). */
export interface PassPixels {
  readonly data: ArrayLike<number>;
  readonly size: Size;
  readonly channels: 3 | 4;
}

/** The graph's raw outputs of every pass (before decoding: sliders only re-run `mergeAccurate`). */
export interface InferredPasses {
  readonly passes: readonly Pass[];
  readonly raws: readonly SsdRaw[];
  /** The pixels' size (the crops are in these pixels). */
  readonly working: Size;
  /** Wall time of the graph runs (with `concurrency` > 1 less than their sum). */
  readonly inferMs: number;
}

/** Runs the graph on every pass of the accuracy mode, up to `concurrency` at once. */
export async function inferAccurate(detector: Pick<PassDetector, 'runRaw'>, pixels: PassPixels, acc: AccurateOptions, concurrency = 1): Promise<InferredPasses> {
  const working = pixels.size;
  const passes = planPasses(working, acc);
  const raws: SsdRaw[] = new Array<SsdRaw>(passes.length);
  const t0 = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < passes.length) {
      const p = next++;
      const { crop, flipped } = passes[p]!;
      raws[p] = await detector.runRaw(cropRgb(pixels.data, working.width, crop, flipped, pixels.channels));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, passes.length)) }, lane));
  return { passes, raws, working, inferMs: performance.now() - t0 };
}

/**
 * Decodes every pass with the usual post-processing (`options`; `imageSize`: the size the boxes are
 * reported in, default the pixels' size) and merges them (`acc.merge`, `acc.mergeIou`).
 */
export function mergeAccurate(detector: Pick<PassDetector, 'decode'>, inferred: InferredPasses, options: DetectOptions, acc: AccurateOptions): { result: Detection[]; decodeMs: number } {
  const t0 = performance.now();
  const { passes, raws, working } = inferred;
  const imageSize = options.imageSize ?? working;
  const dets: PassDetection[] = [];
  passes.forEach(({ crop, flipped }, p) => {
    for (const d of detector.decode(raws[p]!, { ...options, imageSize: { width: crop.width, height: crop.height } })) {
      dets.push({ box: cropToImage(d.box, crop, flipped), score: d.score, categoryId: d.categoryId, pass: p });
    }
  });
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
  return { result, decodeMs: performance.now() - t0 };
}

/** Both: the passes' graph runs, then decoding and merging. */
export async function runAccuratePasses(detector: PassDetector, pixels: PassPixels, options: DetectOptions, acc: AccurateOptions, concurrency = 1): Promise<AccurateResult> {
  const inferred = await inferAccurate(detector, pixels, acc, concurrency);
  const { result, decodeMs } = mergeAccurate(detector, inferred, options, acc);
  return { result, timings: { inferMs: inferred.inferMs, decodeMs }, passes: inferred.passes.length };
}
