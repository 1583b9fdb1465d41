/**
 * The live loop sends camera frames already scaled to `COCO_SSD_INPUT` (300×300), on the claim that the
 * graph resizes every input to that fixed size (no aspect kept) and outputs normalized boxes. Checked on
 * the real weights and real photos of other aspect ratios: the same photo scaled to 300×300 first (bilinear,
 * rounded to bytes, as a bitmap would be) gives the same detections, boxes mapped to the original pixels.
 * If the graph kept the aspect ratio (letterboxing), or the size were not its own, the boxes would move.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CocoSsdAdapter } from '../../src/models/cocoSsd';
import { COCO_SSD_INPUT } from '../../src/models/cocoSsdInfo';
import { loadImageTensor, pixelsOf, SHARED_DIR } from '../../scripts/lib/nodeTf';
import { loadRealCocoSsd } from './lib/cocoSsdWeights';

const IMAGES = path.join(SHARED_DIR, 'images');
const opts = { scoreThreshold: 0.5, iouThreshold: 0.5, maxDetections: 20, classAgnostic: false };

function iou(a: { x1: number; y1: number; x2: number; y2: number }, b: typeof a): number {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)), h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = w * h;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

describe('coco-ssd input size: a frame scaled to COCO_SSD_INPUT first gives the same detections', () => {
  let adapter: CocoSsdAdapter;
  beforeAll(async () => {
    adapter = await loadRealCocoSsd();
  });
  afterAll(() => adapter?.dispose());

  it.each(['000000397133.jpg', '000000568290.jpg', '000000377575.jpg', 'unannotated/skimage_astronaut.png'])('%s', async (file) => {
    const img = await loadImageTensor(path.join(IMAGES, file));
    const small = tf.tidy(() => tf.image.resizeBilinear(img, [COCO_SSD_INPUT.height, COCO_SSD_INPUT.width]).round().clipByValue(0, 255).toInt() as tf.Tensor3D);
    const size = { width: img.shape[1], height: img.shape[0] };
    try {
      const full = (await adapter.run(pixelsOf(img), opts)).result;
      // the scaled frame's boxes, mapped to the original image (the live page passes the video's size)
      const scaled = (await adapter.run(pixelsOf(small), { ...opts, imageSize: size })).result;
      expect(full.length).toBeGreaterThan(0);
      for (const d of full) {
        const best = Math.max(0, ...scaled.filter((s) => s.categoryId === d.categoryId).map((s) => iou(s.box, d.box)));
        expect(best, `${d.label} ${d.score.toFixed(2)}`).toBeGreaterThan(0.9);
      }
      expect(Math.abs(scaled.length - full.length)).toBeLessThanOrEqual(1);
    } finally {
      img.dispose();
      small.dispose();
    }
  }, 60_000);
});
