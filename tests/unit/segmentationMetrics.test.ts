/**
 * Segmentation metrics: hand-made label maps with IoUs worked out on paper, and a real PASCAL VOC
 * annotation (../shared/images/voc/SegmentationClass/2007_000063.png, a palette PNG whose pixel
 * value is the class id; 255 = void) compared against itself and against a copy with known errors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  addConfusion,
  classIoU,
  classShares,
  confusionMatrix,
  meanIoU,
  pixelAccuracy,
  segmentationScores,
  thresholdMask,
} from '../../src/core/segmentationMetrics';
import { classColor, DATASETS, PASCAL_LABELS, pascalColor, VOC_IGNORE_INDEX } from '../../src/core/segmentationLabels';

const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', '..', 'shared');
const VOC_MASK = path.join(SHARED, 'images', 'voc', 'SegmentationClass', '2007_000063.png');

/** pngjs types `palette` as a flag, but it holds the PLTE entries ([r, g, b, a] each) for palette PNGs. */
function paletteOf(png: unknown): number[][] {
  const p = (png as { palette?: unknown }).palette;
  if (!Array.isArray(p)) throw new Error('not a palette PNG');
  return p as number[][];
}

/** Palette PNG → class ids: pngjs expands the palette to RGBA, so map each colour back to its palette index. */
function readPaletteIndices(file: string): { width: number; height: number; labels: Uint8Array } {
  const png = PNG.sync.read(readFileSync(file));
  const palette = paletteOf(png);
  const index = new Map<number, number>();
  palette.forEach(([r, g, b], i) => {
    const key = (r! << 16) | (g! << 8) | b!;
    if (!index.has(key)) index.set(key, i);
  });
  const labels = new Uint8Array(png.width * png.height);
  for (let i = 0; i < labels.length; i++) {
    const key = (png.data[4 * i]! << 16) | (png.data[4 * i + 1]! << 8) | png.data[4 * i + 2]!;
    const id = index.get(key);
    if (id === undefined) throw new Error(`pixel ${i} has a colour outside the palette`);
    labels[i] = id;
  }
  return { width: png.width, height: png.height, labels };
}

describe('confusion matrix, pixel accuracy, IoU on hand-made maps', () => {
  // 3 classes, 4x3 image; row-major.
  const gt = Uint8Array.from([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2]);
  const pred = Uint8Array.from([0, 1, 1, 1, 0, 0, 1, 2, 2, 2, 0, 2]);

  it('counts (gt, pred) pairs', () => {
    const cm = confusionMatrix(gt, pred, 3);
    expect([...cm.counts]).toEqual([3, 1, 0, 0, 3, 1, 1, 0, 3]);
    expect(cm.ignored).toBe(0);
  });

  it('IoU per class, mIoU and pixel accuracy', () => {
    const s = segmentationScores(gt, pred, 3);
    // class 0: TP 3, FP 1 (gt 2 → 0), FN 1 (→ 1): 3/5; class 1: TP 3, FP 1, FN 1: 3/5; class 2: TP 3, FP 1, FN 1: 3/5.
    expect([...s.iou]).toEqual([0.6, 0.6, 0.6]);
    expect(s.meanIoU).toBeCloseTo(0.6, 12);
    expect(s.pixelAccuracy).toBeCloseTo(9 / 12, 12);
  });

  it('a perfect prediction scores 1, a fully wrong one 0', () => {
    expect(meanIoU(confusionMatrix(gt, gt, 3))).toBe(1);
    expect(pixelAccuracy(confusionMatrix(gt, gt, 3))).toBe(1);
    const wrong = gt.map((v) => (v + 1) % 3);
    expect(meanIoU(confusionMatrix(gt, wrong, 3))).toBe(0);
  });

  it('ignores label 255 in the ground truth (VOC void), whatever is predicted there', () => {
    const g = Uint8Array.from([0, 255, 1, 255]);
    const p = Uint8Array.from([0, 1, 1, 0]);
    const cm = confusionMatrix(g, p, 2);
    expect(cm.ignored).toBe(2);
    expect(pixelAccuracy(cm)).toBe(1);
    expect([...classIoU(cm)]).toEqual([1, 1]);
  });

  it('a class absent from both maps has IoU NaN and is left out of the mean', () => {
    const cm = confusionMatrix(Uint8Array.from([0, 0, 1]), Uint8Array.from([0, 1, 1]), 4);
    const iou = classIoU(cm);
    expect(iou[0]).toBeCloseTo(1 / 2, 12);
    expect(iou[1]).toBeCloseTo(1 / 2, 12);
    expect(Number.isNaN(iou[2])).toBe(true);
    expect(Number.isNaN(iou[3])).toBe(true);
    expect(meanIoU(cm)).toBeCloseTo(0.5, 12);
  });

  it('a class only predicted (a false alarm) gets IoU 0 and lowers the mean', () => {
    const cm = confusionMatrix(Uint8Array.from([0, 0, 0, 0]), Uint8Array.from([0, 0, 0, 2]), 3);
    expect(classIoU(cm)[2]).toBe(0);
    expect(meanIoU(cm)).toBeCloseTo((3 / 4 + 0) / 2, 12);
  });

  it('empty maps and all-ignored maps give NaN, not a crash', () => {
    expect(Number.isNaN(pixelAccuracy(confusionMatrix(new Uint8Array(0), new Uint8Array(0), 2)))).toBe(true);
    expect(Number.isNaN(meanIoU(confusionMatrix(Uint8Array.from([255]), Uint8Array.from([0]), 2)))).toBe(true);
  });

  it('rejects mismatched sizes and labels out of range, naming them', () => {
    expect(() => confusionMatrix(new Uint8Array(3), new Uint8Array(4), 2)).toThrow(/3 pixels, prediction 4/);
    expect(() => confusionMatrix(Uint8Array.from([5]), Uint8Array.from([0]), 2)).toThrow(/ground-truth label 5/);
    expect(() => confusionMatrix(Uint8Array.from([0]), Int32Array.from([-1]), 2)).toThrow(/predicted label -1/);
    expect(() => confusionMatrix(Uint8Array.from([0]), Uint8Array.from([0]), 0)).toThrow(/positive integer/);
    // With ignore disabled, 255 is just an out-of-range id.
    expect(() => confusionMatrix(Uint8Array.from([255]), Uint8Array.from([0]), 2, -1)).toThrow(/255/);
  });

  it('accumulates over images (dataset mIoU is not the mean of per-image mIoUs)', () => {
    const a = confusionMatrix(Uint8Array.from([0, 1]), Uint8Array.from([0, 1]), 2);
    const b = confusionMatrix(Uint8Array.from([1, 1, 1, 1]), Uint8Array.from([0, 0, 0, 1]), 2);
    const sum = addConfusion(a, b);
    expect([...sum.counts]).toEqual([1, 0, 3, 2]);
    // IoU_0 = 1/4, IoU_1 = 2/5 → 0.325; the mean of per-image mIoUs would be (1 + (0 + 1/4)/2) / 2 = 0.5625.
    expect(meanIoU(sum)).toBeCloseTo(0.325, 12);
  });

  it('class shares and thresholding a soft mask', () => {
    expect([...classShares(Uint8Array.from([0, 1, 1, 255]), 2)]).toEqual([0.25, 0.5]);
    expect([...thresholdMask(Float32Array.from([0.1, 0.5, 0.49, 0.9]), 0.5)]).toEqual([0, 1, 0, 1]);
    expect(() => thresholdMask(new Float32Array(2), 0.5, new Uint8Array(3))).toThrow(RangeError);
  });
});

describe('a real VOC annotation (2007_000063: a dog and a chair)', () => {
  const { width, height, labels } = readPaletteIndices(VOC_MASK);
  const count = (id: number) => labels.reduce((n, v) => n + (v === id ? 1 : 0), 0);

  it('decodes to class ids 0, 9 (chair), 12 (dog) and 255 (void)', () => {
    expect([width, height]).toEqual([500, 375]);
    expect(new Set(labels)).toEqual(new Set([0, 9, 12, 255]));
    expect(PASCAL_LABELS[9]).toBe('chair');
    expect(PASCAL_LABELS[12]).toBe('dog');
    expect([count(0), count(9), count(12), count(255)]).toEqual([72224, 78930, 27632, 8714]);
  });

  it('the PNG palette is the PASCAL colour map of src/core/segmentationLabels', () => {
    const palette = paletteOf(PNG.sync.read(readFileSync(VOC_MASK)));
    for (let i = 0; i < 21; i++) expect(palette[i]!.slice(0, 3)).toEqual([...pascalColor(i)]);
    expect(palette[VOC_IGNORE_INDEX]!.slice(0, 3)).toEqual([...classColor(DATASETS.pascal, VOC_IGNORE_INDEX)]);
  });

  it('against itself: accuracy 1, IoU 1 for the present classes, NaN for the others', () => {
    const s = segmentationScores(labels, labels, 21);
    expect(s.pixelAccuracy).toBe(1);
    expect(s.meanIoU).toBe(1);
    expect(s.confusion.ignored).toBe(8714);
    expect([...s.iou].filter((v) => !Number.isNaN(v))).toEqual([1, 1, 1]);
  });

  it('against a copy with 1000 dog pixels turned into background, void re-labelled: known IoUs', () => {
    const pred = Uint8Array.from(labels);
    let flipped = 0;
    for (let i = 0; i < pred.length && flipped < 1000; i++) {
      if (pred[i] === 12) {
        pred[i] = 0;
        flipped++;
      }
    }
    // What is predicted on void pixels must not matter.
    for (let i = 0; i < pred.length; i++) if (labels[i] === 255) pred[i] = 9;
    const s = segmentationScores(labels, pred, 21);
    expect(s.iou[12]).toBeCloseTo(26632 / 27632, 12); // TP 26632, FN 1000
    expect(s.iou[0]).toBeCloseTo(72224 / 73224, 12); // TP 72224, FP 1000
    expect(s.iou[9]).toBe(1);
    expect(s.meanIoU).toBeCloseTo((26632 / 27632 + 72224 / 73224 + 1) / 3, 12);
    expect(s.pixelAccuracy).toBeCloseTo((187500 - 8714 - 1000) / (187500 - 8714), 12);
  });

  it('counts every pixel exactly once (counted + ignored = all)', () => {
    const cm = confusionMatrix(labels, labels, 21);
    let sum = 0;
    for (const v of cm.counts) sum += v;
    expect(sum + cm.ignored).toBe(width * height);
  });
});

describe('dataset tables', () => {
  it('have one colour per class and the person class where expected', () => {
    for (const d of Object.values(DATASETS)) {
      expect(d.colors.length).toBe(d.labels.length);
      // the synthetic shapes have no person class (-1); every other table names it at personClass
      if (d.id === 'shapes') expect(d.personClass).toBe(-1);
      else expect(d.labels[d.personClass]).toBe('person');
    }
    expect(DATASETS.pascal.labels.length).toBe(21);
    expect(DATASETS.cityscapes.labels.length).toBe(19);
    expect(DATASETS.ade20k.labels.length).toBe(151);
  });

  it('PASCAL colours: the well-known first entries', () => {
    expect(pascalColor(0)).toEqual([0, 0, 0]);
    expect(pascalColor(1)).toEqual([128, 0, 0]);
    expect(pascalColor(15)).toEqual([192, 128, 128]);
    expect(pascalColor(20)).toEqual([0, 64, 128]);
  });
});
