import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CocoResult } from '../../src/core/cocoResults';
import { evaluateDetections, parseCocoGroundTruth, parseCocoResults, vocApAllPoint } from '../../src/core/eval';
import {
  annotationsForImage, engineIouThreshold, evaluatePhoto, operatingPoint, photoCocoJson, type GtBox,
} from '../../src/core/metrics-lab/photoEval';
import { buildPrTable, envelopeArea, operatingIndex, prCurve, type PrInputRow } from '../../src/core/metrics-lab/prTable';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../..', '..', 'shared');

const row = (rank: number, score: number, status: PrInputRow['status']): PrInputRow => ({ detIndex: rank, rank, score, status, iou: 0 });

describe('the classic PR table', () => {
  const rows = buildPrTable([row(2, 0.7, 'fp'), row(0, 0.9, 'tp'), row(1, 0.8, 'tp'), row(3, 0.6, 'ignored'), row(4, 0.5, 'tp')], 4);
  it('sorts by rank and accumulates TP / FP (ignored rows count for neither)', () => {
    expect(rows.map((r) => [r.cumTp, r.cumFp])).toEqual([[1, 0], [2, 0], [2, 1], [2, 1], [3, 1]]);
    expect(rows.map((r) => r.precision)).toEqual([1, 1, 2 / 3, 2 / 3, 3 / 4]);
    expect(rows.map((r) => r.recall)).toEqual([0.25, 0.5, 0.5, 0.5, 0.75]);
  });
  it('interpolated precision is the envelope from the right', () => {
    expect(rows.map((r) => r.interpolated)).toEqual([1, 1, 0.75, 0.75, 0.75]);
  });
  it('operating point = last row at or above the threshold', () => {
    expect(operatingIndex(rows, 0.75)).toBe(1);
    expect(operatingIndex(rows, 0.95)).toBe(-1);
    expect(operatingIndex(rows, 0)).toBe(4);
  });
  it('the chart’s envelope area equals all-point AP; the marker sits at the operating point', () => {
    const c = prCurve(rows, 2);
    const counted = rows.filter((r) => r.status !== 'ignored');
    const ap = vocApAllPoint(Float64Array.from(counted.map((r) => r.recall)), Float64Array.from(counted.map((r) => r.precision)));
    expect(envelopeArea(c)).toBeCloseTo(ap, 12);
    expect(envelopeArea(c)).toBeCloseTo(0.5 * 1 + 0.25 * 0.75, 12);
    expect(c.point).toEqual({ recall: 0.5, precision: 2 / 3 });
    expect(c.marker.filter((m) => m !== null)).toEqual([0, 2 / 3]);
    for (let i = 1; i < c.x.length; i++) expect(c.x[i]!).toBeGreaterThanOrEqual(c.x[i - 1]!);
    expect([c.x.length, c.raw.length, c.envelope.length, c.marker.length].every((n) => n === c.x.length)).toBe(true);
  });
  it('no GT → recall is NaN, no curve points beyond the origin', () => {
    const r = buildPrTable([row(0, 0.9, 'fp')], 0);
    expect(Number.isNaN(r[0]!.recall)).toBe(true);
    expect(prCurve(r, 0).x.length).toBe(1);
  });
});

describe('one photo through the engine', () => {
  const image = { id: 7, width: 200, height: 100, fileName: 'my.jpg' };
  const boxes: GtBox[] = [
    { categoryId: 1, bbox: [10, 10, 50, 80] },
    { categoryId: 1, bbox: [100, 10, 40, 80] },
    { categoryId: 18, bbox: [150, 50, 40, 40] },
  ];
  const res = (category_id: number, bbox: [number, number, number, number], score: number): CocoResult => ({ image_id: 7, category_id, bbox, score });
  const results = [
    res(1, [10, 10, 50, 80], 0.95), // exact on GT 0 → TP, IoU 1
    res(1, [12, 12, 50, 80], 0.9), // duplicate → FP
    res(1, [105, 15, 40, 80], 0.6), // GT 1, IoU ≈ 0.66 → TP at .5, FP at .75
    res(18, [0, 0, 20, 20], 0.3), // dog in the wrong place → FP
    res(3, [60, 60, 10, 10], 0.2), // car, no GT → FP
  ];

  it('equals what `npm run eval` computes from the exported files', () => {
    const ev = evaluatePhoto(boxes, results, image, 0.5);
    const gt = parseCocoGroundTruth(JSON.stringify(photoCocoJson(boxes, image)), 'gt.json');
    const dt = parseCocoResults(JSON.stringify(results), 'dt.json');
    const cli = evaluateDetections(gt, dt);
    expect(ev.standard.stats).toEqual(cli.stats);
    expect(ev.standard.voc07.mAP).toBe(cli.voc07.mAP);
    expect(ev.atT.voc12.mAP).toBe(cli.voc12.mAP);
    expect(ev.standard.stats[1]).toBeGreaterThanOrEqual(ev.standard.stats[0]!);
  });

  it('marks TP / FP / FN with COCO matching, at the chosen IoU and score thresholds', () => {
    const ev = evaluatePhoto(boxes, results, image, 0.5);
    const byDet = new Map(ev.explain.map((e) => [e.detIndex, e]));
    expect(byDet.get(0)).toMatchObject({ status: 'tp', gtIndex: 0, iou: 1 });
    expect(byDet.get(1)?.status).toBe('fp');
    expect(byDet.get(2)).toMatchObject({ status: 'tp', gtIndex: 1 });
    const all = operatingPoint(boxes, ev.explain, 0.05);
    expect(all.total).toMatchObject({ npos: 3, tp: 2, fp: 3, fn: 1 });
    expect([...all.matchedGt].sort()).toEqual([0, 1]);
    const high = operatingPoint(boxes, ev.explain, 0.7);
    expect(high.total).toMatchObject({ tp: 1, fp: 1, fn: 2 });
    expect(high.status.has(2)).toBe(false);
    const strict = evaluatePhoto(boxes, results, image, 0.75);
    expect(strict.explain.find((e) => e.detIndex === 2)?.status).toBe('fp');
    // COCO-101 at t = the single-threshold mean; VOC at t too.
    expect(strict.atT.stats[0]).toBeCloseTo(ev.standard.stats[2]!, 12);
  });

  it('uses the engine’s own doubles for thresholds on the 0.05 grid', () => {
    expect(engineIouThreshold(0.9)).toBe(0.8999999999999999);
    expect(engineIouThreshold(0.5)).toBe(0.5);
    expect(engineIouThreshold(0.3)).toBe(0.3);
  });

  it('finds an image’s official annotations by file name (shared COCO annotations)', () => {
    const text = readFileSync(path.join(SHARED, 'images', 'annotations.json'), 'utf8');
    const gt = parseCocoGroundTruth(text, 'annotations.json');
    const r = annotationsForImage(gt, '000000397133.jpg', { width: 640, height: 427 });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.imageId).toBe(397133);
      expect(r.boxes.length).toBeGreaterThan(5);
      expect(r.boxes.some((b) => b.categoryId === 1)).toBe(true);
    }
    expect(annotationsForImage(gt, '000000397133.jpg', { width: 100, height: 100 })).toEqual({ ok: false, reason: 'size' });
    expect(annotationsForImage(gt, 'nope.jpg', { width: 640, height: 427 })).toEqual({ ok: false, reason: 'no-image' });
  });
});
