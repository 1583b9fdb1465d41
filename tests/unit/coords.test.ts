import { describe, expect, it } from 'vitest';
import {
  canvasToImage, clip, fitView, fitWithin, imageBox, imageFromXYWH, imageToCanvas, imageToNormalized, modelBox, normalizedBox,
  normalizedToImage, pixelsToNormalized,
} from '../../src/core/coords';
import { area, intersection, iou, toXYWH } from '../../src/core/geometry';

describe('geometry', () => {
  it('xywh round trip, area, intersection, IoU, clip', () => {
    const a = imageFromXYWH([10, 20, 30, 40]);
    expect(toXYWH(a)).toEqual([10, 20, 30, 40]);
    expect(area(a)).toBe(1200);
    const b = imageBox(25, 40, 55, 80);
    expect(intersection(a, b)).toBe(15 * 20);
    expect(iou(a, b)).toBeCloseTo(300 / (1200 + 1200 - 300), 12);
    expect(iou(a, imageBox(40, 0, 50, 10))).toBe(0);
    expect(clip(imageBox(-5, -5, 120, 50), { width: 100, height: 40 })).toEqual(imageBox(0, 0, 100, 40));
  });
});

describe('coordinate spaces', () => {
  const image = { width: 640, height: 480 };
  it('normalized ↔ image', () => {
    const n = normalizedBox(0.25, 0.5, 0.75, 1);
    const i = normalizedToImage(n, image);
    expect(i).toEqual(imageBox(160, 240, 480, 480));
    expect(imageToNormalized(i, image)).toEqual(n);
  });
  it('model pixels of a downscaled working copy → normalized → original pixels', () => {
    const working = { width: 2048, height: 1365 };
    const original = { width: 12000, height: 8000 };
    const n = pixelsToNormalized(modelBox(1024, 0, 2048, 1365), working);
    expect(normalizedToImage(n, original)).toEqual(imageBox(6000, 0, 12000, 8000));
  });
  it('fitView letterboxes and centres; image ↔ canvas round trip, mirrored too', () => {
    const v = fitView(image, { width: 800, height: 800 });
    expect(v.scale).toBeCloseTo(1.25);
    expect(v.offsetX).toBe(0);
    expect(v.offsetY).toBe(100);
    const b = imageBox(10, 20, 110, 220);
    for (const view of [v, fitView(image, { width: 800, height: 800 }, true)]) {
      const back = canvasToImage(imageToCanvas(b, view), view);
      expect(back.x1).toBeCloseTo(10);
      expect(back.y1).toBeCloseTo(20);
      expect(back.x2).toBeCloseTo(110);
      expect(back.y2).toBeCloseTo(220);
    }
    const m = imageToCanvas(imageBox(0, 0, 64, 48), fitView(image, { width: 640, height: 480 }, true));
    expect(m.x1).toBeCloseTo(576); // mirrored: the left edge goes to the right
    expect(m.x2).toBeCloseTo(640);
  });
  it('degenerate image size gives an empty view', () => {
    expect(fitView({ width: 0, height: 0 }, { width: 100, height: 100 }).drawnWidth).toBe(0);
  });
  it('fitWithin keeps aspect and never upsizes', () => {
    expect(fitWithin({ width: 12000, height: 8000 }, 2048)).toEqual({ width: 2048, height: 1365 });
    expect(fitWithin({ width: 300, height: 200 }, 2048)).toEqual({ width: 300, height: 200 });
    expect(fitWithin({ width: 1, height: 100000 }, 2048)).toEqual({ width: 1, height: 2048 });
  });
});
