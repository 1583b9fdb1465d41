/**
 * The detector over many images on the main thread (tfjs needs the GPU context there), one image at
 * a time: decode with the photo path's `decodeImage` (downscaled working copy) → run → drop it.
 * Nothing per image is kept but the numbers, so memory stays flat however many images there are.
 */
import { toCocoResults, type CocoResult } from '../../../core/cocoResults';
import type { Size } from '../../../core/geometry';
import { decodeImage, type DecodeNote, type DecodeProblem } from '../../../ui/imageDecode';
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
  readonly skipped: { name: string; detail: string; problem?: DecodeProblem }[];
  /** Images processed with a notice (truncated, damaged PNG, downscaled). */
  readonly noted: { name: string; notes: readonly DecodeNote[] }[];
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
  const results: CocoResult[] = [];
  const sizes = new Map<number, Size>();
  const processed: number[] = [];
  const skipped: { name: string; detail: string; problem?: DecodeProblem }[] = [];
  const noted: { name: string; notes: readonly DecodeNote[] }[] = [];
  let ms = 0;
  let cancelled = false;
  for (let i = 0; i < items.length; i++) {
    if (isCancelled()) {
      cancelled = true;
      break;
    }
    const item = items[i]!;
    onProgress({ done: i, total: items.length, name: item.name });
    // the photo path's decoder (issue #15, defect 7): the same checks, specific reasons, truncated JPEGs accepted with a notice
    const decoded = await decodeImage(item.file);
    if (!decoded.ok) {
      skipped.push({ name: item.name, detail: '', problem: decoded.problem });
      continue;
    }
    {
      const size: Size = decoded.size;
      const canvas = decoded.pixels;
      if (decoded.notes.length > 0) noted.push({ name: item.name, notes: decoded.notes });
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
      // let the working copy's backing store go
      canvas.width = 0;
      canvas.height = 0;
    }
  }
  onProgress({ done: processed.length + skipped.length, total: items.length, name: '' });
  return {
    results, sizes, processed, skipped, noted, cancelled, msPerImage: processed.length > 0 ? ms / processed.length : 0,
    tensors: { before: tensorsBefore, after: countTensors() },
  };
}
