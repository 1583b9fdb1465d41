/**
 * Accuracy mode: crop planning, the crop → image mapping (with the mirror undone), the truncation rule,
 * NMS / WBF merging on hand-worked cases, and the model glue end to end with a fake detector that
 * really locates a bright square in whatever pixels it is given.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cropToImage, imageBox } from '../../src/core/coords';
import { iou, type Box } from '../../src/core/geometry';
import { mergePasses, planPasses, touchesInnerEdge, type Pass, type PassDetection } from '../../src/core/tiling';
import { detectAccurate } from '../../src/models/accurateDetect';
import type { CocoSsdAdapter, Detection, DetectOptions, SsdRaw } from '../../src/models/cocoSsd';
import type { RgbaPixels } from '../../src/models/types';

describe('planPasses', () => {
  it('640×480, 2×2 crops with 25 % overlap: the hand-worked grid', () => {
    const p = planPasses({ width: 640, height: 480 }, { grid: 2, overlap: 0.25, flip: false });
    // crop width = 640 / (2 − 0.25) = 365.7 → 366, second start 640 − 366 = 274; height 480 / 1.75 → 274, 480 − 274 = 206.
    expect(p.map((q) => [q.crop.x, q.crop.y, q.crop.width, q.crop.height, q.whole])).toEqual([
      [0, 0, 640, 480, true],
      [0, 0, 366, 274, false],
      [274, 0, 366, 274, false],
      [0, 206, 366, 274, false],
      [274, 206, 366, 274, false],
    ]);
  });

  it('every crop lies inside the image, the crops cover it, neighbours overlap by the fraction asked', () => {
    for (const [w, h, g, ov] of [[1000, 333, 3, 0.2], [301, 299, 2, 0.5], [4000, 3000, 4, 0.1]] as const) {
      const passes = planPasses({ width: w, height: h }, { grid: g, overlap: ov, flip: true });
      expect(passes).toHaveLength(2 * (1 + g * g));
      expect(passes.filter((p) => p.flipped)).toHaveLength(1 + g * g);
      const covered = new Uint8Array(w * h);
      for (const { crop, whole } of passes) {
        expect(crop.x).toBeGreaterThanOrEqual(0);
        expect(crop.y).toBeGreaterThanOrEqual(0);
        expect(crop.x + crop.width).toBeLessThanOrEqual(w);
        expect(crop.y + crop.height).toBeLessThanOrEqual(h);
        if (whole) continue;
        for (let y = crop.y; y < crop.y + crop.height; y++) covered.fill(1, y * w + crop.x, y * w + crop.x + crop.width);
      }
      expect(covered.every((v) => v === 1)).toBe(true);
      const tiles = passes.filter((p) => !p.whole && !p.flipped);
      const a = tiles[0]!.crop;
      const b = tiles[1]!.crop;
      expect((a.x + a.width - b.x) / a.width).toBeCloseTo(ov, 1);
    }
  });

  it('grid 0 or 1 is the whole image only', () => {
    expect(planPasses({ width: 50, height: 40 }, { grid: 1, overlap: 0.3, flip: false })).toHaveLength(1);
    expect(planPasses({ width: 50, height: 40 }, { grid: 0, overlap: 0.3, flip: true })).toHaveLength(2);
  });
});

describe('cropToImage', () => {
  it('offsets by the crop, and mirrors x back when the crop was flipped (hand-worked)', () => {
    const crop = { x: 100, y: 50, width: 200, height: 100 };
    expect(cropToImage(imageBox(10, 20, 30, 40), crop, false)).toEqual(imageBox(110, 70, 130, 90));
    // mirrored: x' = 200 − x, so [10, 30] in the mirror is [170, 190] in the crop, [270, 290] in the image
    expect(cropToImage(imageBox(10, 20, 30, 40), crop, true)).toEqual(imageBox(270, 70, 290, 90));
  });
});

describe('touchesInnerEdge', () => {
  const image = { width: 100, height: 100 };
  const right = { x: 50, y: 0, width: 50, height: 60 }; // right column, top row: inner edges are x=50 and y=60
  it('a box on an inner edge is cut; one on the image border is not', () => {
    expect(touchesInnerEdge(imageBox(50, 10, 70, 20), right, image, 1)).toBe(true);
    expect(touchesInnerEdge(imageBox(70, 40, 90, 59.5), right, image, 1)).toBe(true);
    expect(touchesInnerEdge(imageBox(80, 0, 100, 20), right, image, 1)).toBe(false);
    expect(touchesInnerEdge(imageBox(60, 10, 90, 50), right, image, 1)).toBe(false);
  });
});

describe('mergePasses', () => {
  const image = { width: 100, height: 100 };
  const passes: Pass[] = [
    { crop: { x: 0, y: 0, width: 100, height: 100 }, whole: true, flipped: false },
    { crop: { x: 0, y: 0, width: 60, height: 60 }, whole: false, flipped: false },
  ];
  const d = (x1: number, y1: number, x2: number, y2: number, score: number, pass: number, categoryId = 1): PassDetection => ({
    box: imageBox(x1, y1, x2, y2), score, categoryId, pass,
  });
  const opts = { iouThreshold: 0.5, scoreThreshold: 0.01, maxDetections: 100, edgeMargin: 1 };

  it('NMS keeps the best of a same-class pair, keeps other classes, drops a crop detection cut by the crop', () => {
    const out = mergePasses(
      [d(0, 0, 10, 10, 0.6, 0), d(0, 0, 10, 9, 0.9, 1), d(0, 0, 10, 10, 0.5, 0, 2), d(40, 40, 60, 55, 0.95, 1)],
      passes, image, { ...opts, method: 'nms' },
    );
    // IoU((0,0,10,10),(0,0,10,9)) = 90/100 > 0.5 → one box, the 0.9 one (2 members); class 2 separate;
    // (40,40)-(60,55) touches the crop's inner edge x = 60 → dropped.
    expect(out.map((m) => [m.categoryId, m.score, m.members, m.box.y2])).toEqual([[1, 0.9, 2, 9], [2, 0.5, 1, 10]]);
  });

  it('WBF: score-weighted mean box, mean score × min(N, T) / T (hand-worked)', () => {
    const out = mergePasses([d(0, 0, 10, 10, 0.9, 1), d(2, 0, 12, 10, 0.6, 0)], passes, image, { ...opts, method: 'wbf' });
    expect(out).toHaveLength(1);
    const m = out[0]!;
    expect(m.box.x1).toBeCloseTo((0.9 * 0 + 0.6 * 2) / 1.5, 12);
    expect(m.box.x2).toBeCloseTo((0.9 * 10 + 0.6 * 12) / 1.5, 12);
    // centre (5.8, 5) lies in both crops: T = 2, N = 2 → 0.75 × 2 / 2
    expect(m.score).toBeCloseTo(0.75, 12);
    // seen by one pass only (a box outside the small crop): the mean score is scaled by 1 / 1
    const lone = mergePasses([d(70, 70, 90, 90, 0.8, 0)], passes, image, { ...opts, method: 'wbf' });
    expect(lone[0]!.score).toBeCloseTo(0.8, 12);
  });

  it('score threshold and max detections apply after merging', () => {
    const many = Array.from({ length: 10 }, (_, i) => d(i * 10, 90, i * 10 + 5, 95, 0.1 * (i + 1) - 0.05, 0));
    const out = mergePasses(many, passes, image, { ...opts, method: 'nms', scoreThreshold: 0.3, maxDetections: 3 });
    expect(out.map((m) => m.score.toFixed(2))).toEqual(['0.95', '0.85', '0.75']);
  });
});

/**
 * A detector that finds the bounding box of the bright pixels (> 128) of whatever it is fed and reports
 * it as a class-1 detection in the pixels of that input: mapping mistakes (crop offset, mirror) show.
 */
function brightSquareDetector(): CocoSsdAdapter {
  const fake = {
    async runRaw(input: RgbaPixels): Promise<SsdRaw> {
      const { width: w, height: h, data: px } = input;
      let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        if (px[(y * w + x) * 4]! > 128) {
          x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x + 1); y2 = Math.max(y2, y + 1);
        }
      }
      const found = x2 > x1;
      return {
        numBoxes: 1, numClasses: 1, inputSize: { width: w, height: h },
        scores: Float32Array.of(found ? 0.9 : 0),
        boxes: found ? Float32Array.of(y1 / h, x1 / w, y2 / h, x2 / w) : new Float32Array(4),
      };
    },
    decode(raw: SsdRaw, o: DetectOptions): Detection[] {
      if (raw.scores[0]! < o.scoreThreshold) return [];
      const s = o.imageSize ?? raw.inputSize;
      const [ny1, nx1, ny2, nx2] = raw.boxes;
      return [{ box: imageBox(nx1! * s.width, ny1! * s.height, nx2! * s.width, ny2! * s.height), score: 0.9, categoryId: 1, label: 'person', anchor: 0 }];
    },
  };
  return fake as unknown as CocoSsdAdapter;
}

describe('detectAccurate (fake detector, CPU backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('finds a small square at its image coordinates through crops and mirrors, without leaking tensors', async () => {
    const W = 200, H = 120;
    const sq: Box<'image'> = imageBox(130, 20, 150, 36); // inside the top-right crop only
    const data = new Uint8ClampedArray(W * H * 4);
    for (let y = sq.y1; y < sq.y2; y++) for (let x = sq.x1; x < sq.x2; x++) data.fill(255, (y * W + x) * 4, (y * W + x) * 4 + 4);
    const img: RgbaPixels = { width: W, height: H, data };
    const before = tf.memory().numTensors;
    const opts = { scoreThreshold: 0.5, iouThreshold: 0.5, maxDetections: 10, classAgnostic: false };
    const r = await detectAccurate(brightSquareDetector(), img, opts, { grid: 2, overlap: 0.25, flip: true, merge: 'nms', mergeIou: 0.5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.passes).toBe(10);
    expect(r.result).toHaveLength(1);
    expect(iou(r.result[0]!.box, sq)).toBeCloseTo(1, 5);
    // results are reported in the original image's pixels when the fed pixels are a downscaled copy
    const scaled = await detectAccurate(brightSquareDetector(), img, { ...opts, imageSize: { width: 2 * W, height: 2 * H } }, { grid: 2, overlap: 0.25, flip: false, merge: 'wbf', mergeIou: 0.5 });
    const b = scaled.result[0]!.box;
    expect([b.x1, b.y1, b.x2, b.y2]).toEqual([260, 40, 300, 72].map((v) => expect.closeTo(v, 3)));
  });
});
