import { readFileSync } from 'node:fs';
import path from 'node:path';
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

  it('TINYYOLO_PRIORS are a k-means (1 − IoU) fixed point of the training boxes, and the shipped checkpoint priors', () => {
    const wh = boxSizes(generateDataset(DEFAULT_SPLITS.trainSeed, 2000));
    const n = wh.length / 2;
    const priors = TINYYOLO_PRIORS.map((v) => v / 8); // grid units → fractions of the image
    // Independent of the k-means code: assign every box to its max-IoU prior (IoU of boxes sharing a
    // centre, worked out here) and average; a converged k-means centre is the mean of its cluster.
    const iou = (w: number, h: number, pw: number, ph: number) => (Math.min(w, pw) * Math.min(h, ph)) / (w * h + pw * ph - Math.min(w, pw) * Math.min(h, ph));
    const sums = new Float64Array(6), counts = new Float64Array(3);
    let meanIou = 0;
    for (let i = 0; i < n; i++) {
      const w = wh[2 * i]!, h = wh[2 * i + 1]!;
      const ious = [0, 1, 2].map((k) => iou(w, h, priors[2 * k]!, priors[2 * k + 1]!));
      const k = ious.indexOf(Math.max(...ious));
      sums[2 * k]! += w;
      sums[2 * k + 1]! += h;
      counts[k]!++;
      meanIou += ious[k]! / n;
    }
    // Rounded to 4 decimals in grid units: the cluster means agree to 5e-5 cells.
    [0, 1, 2].forEach((k) => {
      expect(Math.abs((sums[2 * k]! / counts[k]!) * 8 - TINYYOLO_PRIORS[2 * k]!)).toBeLessThan(6e-5);
      expect(Math.abs((sums[2 * k + 1]! / counts[k]!) * 8 - TINYYOLO_PRIORS[2 * k + 1]!)).toBeLessThan(6e-5);
    });
    // The k-means code finds the same fixed point from its seed.
    const km = kmeansBoxes(wh, { k: 3, distance: 'iou', seed: 42 });
    expect(km.meanIou).toBeCloseTo(meanIou, 4);
    // And the shipped checkpoint was trained with exactly these priors.
    const meta = JSON.parse(readFileSync(path.resolve(__dirname, '../../public/checkpoints/tinyyolo/model.json'), 'utf8')) as { userDefinedMetadata: { tinyYolo: { priors: number[] } } };
    expect(meta.userDefinedMetadata.tinyYolo.priors).toEqual([...TINYYOLO_PRIORS]);
  });

  it('detectionsToCoco clips to the image and maps class → category id', () => {
    const d = { count: 1, boxes: Float32Array.from([-0.1, 0.5, 0.5, 1.2]), scores: Float32Array.from([0.9]), classes: Int32Array.from([2]), sources: Int32Array.from([0]) };
    expect(detectionsToCoco(d, 7, 64, 64)).toEqual([{ image_id: 7, category_id: 3, bbox: [0, 32, 32, 32], score: 0.9 }]);
  });
});
