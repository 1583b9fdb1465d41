import { imageBox, imageFromXYWH } from '../../src/core/coords';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cocoGroundTruthFromJson, evaluateDetections, rleArea, rleToBbox, rleToString, segmentationToRle, type Detection, type GroundTruth,
} from '../../src/core/eval';

import { boxMaskRle, CLASSIC_KEEP, classicPipelineMask, ellipseMaskRle } from '../../src/core/instance/pipelines';
import { compareWithGt, findGtImage } from '../../src/core/instance/versusGt';

const ANN = path.resolve(__dirname, '../../../shared/images/annotations.json');
const json = JSON.parse(readFileSync(ANN, 'utf8')) as { annotations: { id: number; image_id: number; iscrowd: number; area: number; segmentation: unknown }[] };
const gt: GroundTruth = cocoGroundTruthFromJson(json, 'annotations.json', { iouType: 'segm' });
const imageOf = (id: number) => gt.images.find((i) => i.id === id)!;

/** Shoelace area of polygons (an independent reference for the rasterised area). */
function shoelace(polys: readonly (readonly number[])[]): number {
  let a = 0;
  for (const p of polys) {
    let s = 0;
    for (let i = 0; i < p.length; i += 2) {
      const j = (i + 2) % p.length;
      s += p[i]! * p[j + 1]! - p[j]! * p[i + 1]!;
    }
    a += Math.abs(s) / 2;
  }
  return a;
}

describe('segm conventions on the sample photos’ real annotations (pycocotools rules)', () => {
  it('crowd regions are uncompressed column-major RLE of the image size: the decoded mask’s tight box is the file’s bbox', () => {
    const crowd = gt.annotations.filter((a) => a.iscrowd);
    expect(crowd.length).toBe(json.annotations.filter((a) => a.iscrowd === 1).length);
    expect(crowd.length).toBeGreaterThanOrEqual(3);
    for (const a of crowd) {
      const im = imageOf(a.imageId);
      const r = segmentationToRle(a.segmentation!, im.height, im.width);
      expect([r.h, r.w]).toEqual([im.height, im.width]);
      // read row-major instead of column-major, the tight box would be transposed and miss the bbox
      const [x, y, w, h] = rleToBbox(r);
      const [bx, by, bw, bh] = a.bbox!;
      expect(Math.abs(x - bx)).toBeLessThanOrEqual(1);
      expect(Math.abs(y - by)).toBeLessThanOrEqual(1);
      expect(Math.abs(w - bw)).toBeLessThanOrEqual(1);
      expect(Math.abs(h - bh)).toBeLessThanOrEqual(1);
    }
  });

  it('polygon areas: rasterised area within 10 % of the shoelace area for objects over 1000 px²', () => {
    let n = 0;
    for (const a of gt.annotations) {
      if (a.iscrowd || !Array.isArray(a.segmentation)) continue;
      const polyArea = shoelace(a.segmentation as readonly (readonly number[])[]);
      if (polyArea < 1000) continue;
      const im = imageOf(a.imageId);
      const r = segmentationToRle(a.segmentation, im.height, im.width);
      expect(Math.abs(rleArea(r) - polyArea) / polyArea).toBeLessThan(0.1);
      expect(Math.abs(a.area - polyArea) / polyArea).toBeLessThan(0.01); // the file's area is the polygon's
      n++;
    }
    expect(n).toBeGreaterThan(50);
  });

  it('every non-crowd mask returned as its own detection gives mask AP 1; a detection on a crowd region is ignored, not a false positive', () => {
    const dets: Detection[] = [];
    for (const a of gt.annotations) {
      const im = imageOf(a.imageId);
      const r = segmentationToRle(a.segmentation!, im.height, im.width);
      dets.push({ imageId: a.imageId, categoryId: a.categoryId, score: a.iscrowd ? 0.99 : 0.5, segmentation: { size: [r.h, r.w], counts: rleToString(r) } });
    }
    const rep = evaluateDetections(gt, dets, { iouType: 'segm' });
    expect(rep.stats[0]).toBe(1);
  });

  it('the filled boxes of the annotations score far below their own boxes under segm (area from the mask, not the box)', () => {
    const dets: Detection[] = gt.annotations.filter((a) => !a.iscrowd).map((a) => {
      const im = imageOf(a.imageId);
      const r = boxMaskRle(imageFromXYWH(a.bbox!), { width: im.width, height: im.height });
      return { imageId: a.imageId, categoryId: a.categoryId, score: 0.5, segmentation: { size: [r.h, r.w], counts: rleToString(r) } };
    });
    const segm = evaluateDetections(gt, dets, { iouType: 'segm' }).stats[0]!;
    expect(segm).toBeLessThan(0.6);
    expect(segm).toBeGreaterThan(0.05);
  });
});

describe('an image against its annotations (the page’s per-instance IoU and image AP)', () => {
  it('ground-truth masks as instances: IoU 1 each, mask AP 1 and box AP 1 on that image', () => {
    const im = findGtImage(gt, 'some/dir/000000397133.jpg')!;
    expect(im.id).toBe(397133);
    const anns = gt.annotations.filter((a) => a.imageId === im.id && !a.iscrowd);
    const inst = anns.map((a) => ({
      box: imageFromXYWH(a.bbox!), score: 0.9, categoryId: a.categoryId,
      rle: segmentationToRle(a.segmentation!, im.size.height, im.size.width),
    }));
    const v = compareWithGt(gt, im.id, inst);
    expect(v.iou.every((x) => x === 1)).toBe(true);
    expect(v.maskAp).toBe(1);
    expect(v.boxAp).toBe(1);
    expect(v.gtCount).toBe(anns.length);
    // a class with no annotation in the image gets IoU 0
    const w = compareWithGt(gt, im.id, [{ ...inst[0]!, categoryId: 90 }]);
    expect(w.iou[0]).toBe(0);
  });
});

describe('classical pipeline fallback', () => {
  it('a flat image (nothing to separate) falls back to the inscribed ellipse, whose area ≈ π/4 of the box', () => {
    const W = 100, H = 80;
    const data = new Uint8ClampedArray(W * H * 4).fill(128);
    const b = imageBox(20, 10, 80, 70);
    const size = { width: W, height: H };
    const r = classicPipelineMask({ width: W, height: H, data }, b, size);
    const e = ellipseMaskRle(b, size);
    const boxArea = rleArea(boxMaskRle(b, size));
    expect(Math.abs(rleArea(e) / boxArea - Math.PI / 4)).toBeLessThan(0.03);
    if (r.fallback) {
      let a = 0;
      for (const v of r.mask.data) a += v;
      expect(a).toBe(rleArea(e));
    } else {
      let a = 0;
      for (const v of r.mask.data) a += v;
      expect(a / boxArea).toBeGreaterThanOrEqual(CLASSIC_KEEP.min);
      expect(a / boxArea).toBeLessThanOrEqual(CLASSIC_KEEP.max);
    }
  });
});
