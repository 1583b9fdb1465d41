import { describe, expect, it } from 'vitest';
import { DEFAULT_SPLITS, detectionsToCoco, gtBoxesOf, makeBatch, rgbaToInput, TINYYOLO_PRIORS } from '../../src/core/yolo/dataset';
import { kmeansBoxes } from '../../src/core/yolo/kmeans';
import { boxSizes, DEFAULT_SYNTH, generateDataset, generateImage, toCocoGroundTruth } from '../../src/core/yolo/synthData';

describe('synthetic shapes dataset', () => {
  it('is deterministic by (seed, index) and differs across seeds', () => {
    const a = generateImage(3, 17);
    const b = generateImage(3, 17);
    expect(a.rgba).toEqual(b.rgba);
    expect(a.objects).toEqual(b.objects);
    expect(generateImage(4, 17).rgba).not.toEqual(a.rgba);
    expect(a.id).toBe(18);
  });

  it('keeps 1–3 objects inside the image, sizes in range, boxes not overlapping much', () => {
    for (const im of generateDataset(9, 100)) {
      expect(im.rgba.length).toBe(DEFAULT_SYNTH.size * DEFAULT_SYNTH.size * 4);
      expect(im.objects.length).toBeGreaterThanOrEqual(1);
      expect(im.objects.length).toBeLessThanOrEqual(3);
      for (const o of im.objects) {
        expect(o.x1).toBeGreaterThanOrEqual(0);
        expect(o.y1).toBeGreaterThanOrEqual(0);
        expect(o.x2).toBeLessThanOrEqual(im.width);
        expect(o.y2).toBeLessThanOrEqual(im.height);
        expect(o.x2 - o.x1).toBeGreaterThanOrEqual(DEFAULT_SYNTH.minSide - 1);
        expect(o.y2 - o.y1).toBeLessThanOrEqual(DEFAULT_SYNTH.maxSide + 1);
      }
    }
  });

  it('has all three classes and COCO-style annotations', () => {
    const ims = generateDataset(1, 50);
    const gt = toCocoGroundTruth(ims);
    expect(gt.images).toHaveLength(50);
    expect(gt.categories.map((c) => c.name)).toEqual(['ellipse', 'rectangle', 'triangle']);
    expect(new Set(gt.annotations.map((a) => a.category_id))).toEqual(new Set([1, 2, 3]));
    const a = gt.annotations[0]!;
    expect(a.area).toBeCloseTo(a.bbox[2] * a.bbox[3], 9);
  });

  it('makeBatch concatenates inputs and targets; one responsible prior per object', () => {
    const ims = generateDataset(1, 4);
    const spec = { grid: 8, priors: TINYYOLO_PRIORS, numClasses: 3 };
    const b = makeBatch(ims, spec, 64);
    expect(b.input.length).toBe(4 * 64 * 64 * 3);
    expect(b.obj.length).toBe(4 * 64 * 3);
    const objects = ims.reduce((s, im) => s + im.objects.length, 0);
    expect(b.obj.reduce((s, v) => s + v, 0)).toBe(objects);
    expect(rgbaToInput([ims[0]!], 64)[0]).toBeCloseTo(ims[0]!.rgba[0]! / 255 - 0.5, 6);
    expect(gtBoxesOf(ims[0]!)[0]!.x1).toBeCloseTo(ims[0]!.objects[0]!.x1 / 64, 12);
  });

  it('TINYYOLO_PRIORS are the k-means (1 − IoU, k = 3, seed 42) priors of the training boxes', () => {
    const km = kmeansBoxes(boxSizes(generateDataset(DEFAULT_SPLITS.trainSeed, 2000)), { k: 3, distance: 'iou', seed: 42 });
    Array.from(km.centroids, (v) => v * 8).forEach((v, i) => expect(v).toBeCloseTo(TINYYOLO_PRIORS[i]!, 3));
  });

  it('detectionsToCoco clips to the image and maps class → category id', () => {
    const d = { count: 1, boxes: Float32Array.from([-0.1, 0.5, 0.5, 1.2]), scores: Float32Array.from([0.9]), classes: Int32Array.from([2]), sources: Int32Array.from([0]) };
    expect(detectionsToCoco(d, 7, 64, 64)).toEqual([{ image_id: 7, category_id: 3, bbox: [0, 32, 32, 32], score: 0.9 }]);
  });
});
