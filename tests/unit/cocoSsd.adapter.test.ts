/**
 * The coco-ssd adapter on the real weights (WASM backend in Node) and real photos from ../shared.
 * Needs `npm run models` (public/models) first; `.ci/run` does it.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CocoSsdAdapter, COCO_SSD_ID } from '../../src/models/cocoSsd';
import { loadImageTensor, modelFileUrl, SHARED_DIR, pixelsOf } from '../../scripts/lib/nodeTf';
import { loadRealCocoSsd } from './lib/cocoSsdWeights';

const IMAGES = path.join(SHARED_DIR, 'images');
const opts = { scoreThreshold: 0.3, iouThreshold: 0.5, maxDetections: 20, classAgnostic: false };

describe('CocoSsdAdapter on the real weights (WASM)', () => {
  let adapter: CocoSsdAdapter;

  beforeAll(async () => {
    adapter = await loadRealCocoSsd();
  });
  afterAll(() => adapter?.dispose());

  it.each([
    ['unannotated/skimage_chelsea.png', 'cat'],
    ['unannotated/skimage_astronaut.png', 'person'],
    ['unannotated/skimage_coffee.png', 'cup'],
    ['000000377575.jpg', 'dog'],
    ['000000568290.jpg', 'bus'],
  ])('%s → %s', async (file, expected) => {
    const img = await loadImageTensor(path.join(IMAGES, file));
    try {
      const { raw, result } = await adapter.run(pixelsOf(img), opts);
      expect(raw.numBoxes).toBe(1917);
      expect(raw.numClasses).toBe(90);
      expect(result.map((d) => d.label)).toContain(expected);
      for (const d of result) {
        // Boxes are in original image pixels, inside the image.
        expect(d.box.x1).toBeGreaterThanOrEqual(-1);
        expect(d.box.y1).toBeGreaterThanOrEqual(-1);
        expect(d.box.x2).toBeLessThanOrEqual(img.shape[1] + 1);
        expect(d.box.y2).toBeLessThanOrEqual(img.shape[0] + 1);
        expect(d.box.x2).toBeGreaterThan(d.box.x1);
        expect(d.score).toBeGreaterThanOrEqual(opts.scoreThreshold);
      }
    } finally {
      img.dispose();
    }
  });

  it('class-agnostic project NMS at the package settings reproduces the package detect()', async () => {
    const img = await loadImageTensor(path.join(IMAGES, '000000397133.jpg'));
    try {
      const mine = await adapter.run(pixelsOf(img), { scoreThreshold: 0.5, iouThreshold: 0.5, maxDetections: 20, classAgnostic: true });
      const ref = await adapter.detectWithPackage(pixelsOf(img), 20, 0.5);
      expect(mine.result.length).toBe(ref.result.length);
      mine.result.forEach((d, i) => {
        const r = ref.result[i]!;
        expect(d.label).toBe(r.label);
        expect(d.score).toBeCloseTo(r.score, 5);
        expect(d.box.x1).toBeCloseTo(r.box.x1, 2);
        expect(d.box.y2).toBeCloseTo(r.box.y2, 2);
      });
    } finally {
      img.dispose();
    }
  });

  it('leaks no tensor: one call, and 50 frames', async () => {
    const img = await loadImageTensor(path.join(IMAGES, 'unannotated/skimage_chelsea.png'));
    try {
      await adapter.run(pixelsOf(img), opts); // first call may allocate backend caches
      const before = tf.memory().numTensors;
      await adapter.run(pixelsOf(img), opts);
      expect(tf.memory().numTensors).toBe(before);
      await adapter.detectWithPackage(pixelsOf(img), 20, 0.5);
      expect(tf.memory().numTensors).toBe(before);
      for (let i = 0; i < 50; i++) await adapter.runRaw(pixelsOf(img));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      img.dispose();
    }
  });

  it('dispose releases the weights', async () => {
    const a = new CocoSsdAdapter(modelFileUrl(COCO_SSD_ID));
    const before = tf.memory().numTensors;
    await a.load();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    a.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
