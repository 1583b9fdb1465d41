/**
 * COCO-SSD's post-processing as a pure function (no tfjs): the project's NMS on the graph's raw
 * outputs, boxes in image pixels clipped to the image. `CocoSsdAdapter.decode` and the worker-backed
 * adapter (`worker/cocoSsdClient.ts`, which decodes on the page while the worker runs the graph) share it.
 */
import { normalizedFromXyxyRow, normalizedToImageClipped, yxyxToXyxy } from '../core/coords';
import { nonMaxSuppression } from '../core/nms';
import { cocoName, ssdColumnToCocoId } from '../core/cocoClasses';
import type { Detection, DetectOptions, SsdRaw } from './cocoSsd';

export function decodeSsd(raw: SsdRaw, options: DetectOptions): Detection[] {
  const imageSize = options.imageSize ?? raw.inputSize;
  const res = nonMaxSuppression(yxyxToXyxy(raw.boxes), raw.scores, raw.numBoxes, raw.numClasses, options);
  const out: Detection[] = [];
  for (let j = 0; j < res.count; j++) {
    const categoryId = ssdColumnToCocoId(res.classes[j]!);
    const label = cocoName(categoryId);
    if (label === undefined) continue; // unused id of the 90-id map
    const n = normalizedFromXyxyRow(res.boxes, j);
    out.push({ box: normalizedToImageClipped(n, imageSize), score: res.scores[j]!, categoryId, label, anchor: res.sources[j]! });
  }
  return out;
}
