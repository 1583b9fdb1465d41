/**
 * The detector over many images on the main thread (tfjs needs the GPU context there), one image at
 * a time: decode with createImageBitmap → draw into ONE reused canvas → run → close the bitmap.
 * Nothing per image is kept but the numbers, so memory stays flat however many images there are.
 */
import { toCocoResults, type CocoResult } from '../../../core/cocoResults';
import { fitWithin } from '../../../core/coords';
import type { Size } from '../../../core/geometry';
import { IMAGE_LIMITS } from '../../../core/imageFormat';
import type { CocoSsdAdapter } from '../../../models/cocoSsd';

export interface DetectorSettings {
  readonly post: 'project' | 'package';
  readonly score: number;
  readonly iou: number;
  readonly max: number;
}

export interface RunItem {
  readonly file: Blob;
  readonly name: string;
  readonly imageId: number;
}

export interface RunProgress {
  readonly done: number;
  readonly total: number;
  readonly name: string;
}

export interface RunOutcome {
  /** COCO results (rounded as the CLI writes them), in image order. */
  readonly results: CocoResult[];
  /** Image ids that were processed, with their decoded sizes. */
  readonly sizes: Map<number, Size>;
  readonly processed: number[];
  readonly skipped: { name: string; detail: string }[];
  readonly cancelled: boolean;
  readonly msPerImage: number;
  /** tf tensors alive before and after the run (must be equal: nothing leaks per image). */
  readonly tensors: { readonly before: number; readonly after: number };
}

export async function runDetections(
  adapter: CocoSsdAdapter,
  items: readonly RunItem[],
  settings: DetectorSettings,
  onProgress: (p: RunProgress) => void,
  isCancelled: () => boolean,
  countTensors: () => number,
): Promise<RunOutcome> {
  const tensorsBefore = countTensors();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas context');
  const results: CocoResult[] = [];
  const sizes = new Map<number, Size>();
  const processed: number[] = [];
  const skipped: { name: string; detail: string }[] = [];
  let ms = 0;
  let cancelled = false;
  for (let i = 0; i < items.length; i++) {
    if (isCancelled()) {
      cancelled = true;
      break;
    }
    const item = items[i]!;
    onProgress({ done: i, total: items.length, name: item.name });
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(item.file, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    } catch (e) {
      skipped.push({ name: item.name, detail: e instanceof Error ? e.message : String(e) });
      continue;
    }
    try {
      const size: Size = { width: bitmap.width, height: bitmap.height };
      if (size.width === 0 || size.height === 0) {
        skipped.push({ name: item.name, detail: '0×0' });
        continue;
      }
      const working = fitWithin(size, IMAGE_LIMITS.maxWorkingSide);
      if (canvas.width !== working.width || canvas.height !== working.height) {
        canvas.width = working.width;
        canvas.height = working.height;
      }
      ctx.drawImage(bitmap, 0, 0, working.width, working.height);
      const t0 = performance.now();
      const dets = settings.post === 'package'
        ? (await adapter.detectWithPackage(canvas, settings.max, settings.score, size)).result
        : (await adapter.run(canvas, {
            scoreThreshold: settings.score, iouThreshold: settings.iou, maxDetections: settings.max, classAgnostic: false, imageSize: size,
          })).result;
      ms += performance.now() - t0;
      results.push(...toCocoResults(dets.filter((d) => d.categoryId > 0), item.imageId));
      sizes.set(item.imageId, size);
      processed.push(item.imageId);
    } finally {
      bitmap.close();
    }
  }
  // let the canvas' backing store go
  canvas.width = 0;
  canvas.height = 0;
  onProgress({ done: processed.length + skipped.length, total: items.length, name: '' });
  return {
    results, sizes, processed, skipped, cancelled, msPerImage: processed.length > 0 ? ms / processed.length : 0,
    tensors: { before: tensorsBefore, after: countTensors() },
  };
}
