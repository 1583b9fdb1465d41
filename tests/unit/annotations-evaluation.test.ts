import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groundTruthFor, matchImages, parseAnnotationFiles } from '../../src/core/annotations';
import { evaluateDetections, type Detection } from '../../src/core/eval';
import { countImage, evaluateDataset } from '../../src/core/dataset-eval/evaluation';
import { buildReport, reportToCsv, reportToMarkdown, STAT_NAMES } from '../../src/core/dataset-eval/report';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cocoText = readFileSync(path.resolve(repoRoot, '../shared/images/annotations.json'), 'utf8');
const set = parseAnnotationFiles([{ name: 'annotations.json', text: cocoText }]);

/** Deterministic "detections": every GT box shifted a little, plus one false box per image. */
function fakeDetections(): Detection[] {
  const dets: Detection[] = [];
  set.gt.annotations.forEach((a, i) => {
    if (i % 3 === 0 || !a.bbox) return; // misses
    const [x, y, w, h] = a.bbox;
    dets.push({ imageId: a.imageId, categoryId: a.categoryId, score: 0.3 + ((i * 37) % 60) / 100, bbox: [x + w * 0.1, y, w, h] });
  });
  for (const im of set.gt.images) dets.push({ imageId: im.id, categoryId: 1, score: 0.95, bbox: [0, 0, 5, 5] });
  return dets;
}

describe('dataset evaluation (what the worker returns)', () => {
  const dets = fakeDetections();
  const ev = evaluateDataset(set.gt, dets);

  it('gives the engine\'s 12 numbers and per-class rows with PR curves', () => {
    expect(ev.stats).toEqual(evaluateDetections(set.gt, dets).stats);
    expect(ev.recThrs).toHaveLength(101);
    const person = ev.classes.find((c) => c.name === 'person')!;
    expect(person.nGt).toBe(set.gt.annotations.filter((a) => a.categoryId === 1 && !a.iscrowd).length);
    expect(person.nDt).toBe(dets.filter((d) => d.categoryId === 1).length);
    expect(person.pr50).toHaveLength(101);
    expect(person.AP50).toBeGreaterThan(0);
    // the VOC columns are the engine's
    expect(ev.voc12mAP).toBeGreaterThan(0);
    // structured-cloneable (what postMessage needs)
    expect(structuredClone(ev)).toEqual(ev);
  });

  it('per-image TP/FP/FN at IoU 0.5 add up, and follow the display threshold', () => {
    const scores = dets.map((d) => d.score);
    let tp = 0, fp = 0, fn = 0;
    for (const im of ev.images) {
      const c = countImage(im, scores, 0);
      expect(c.tp + c.fn).toBe(im.gts.length);
      tp += c.tp;
      fp += c.fp;
      fn += c.fn;
    }
    expect(tp + fp).toBe(dets.length - ev.images.flatMap((im) => im.dets).filter((d) => d.status === 'ignored' || d.status === 'over-max-dets').length);
    expect(fp).toBeGreaterThanOrEqual(set.gt.images.length); // the tiny corner boxes
    expect(fn).toBeGreaterThan(0);
    // a threshold above every score: nothing found, every GT missed, F1 = 0 (or 1 for an empty image)
    for (const im of ev.images) {
      const c = countImage(im, scores, 1.01);
      expect([c.tp, c.fp, c.fn]).toEqual([0, 0, im.gts.length]);
      expect(c.f1).toBe(im.gts.length === 0 ? 1 : 0);
    }
  });

  it('evaluates only the processed images (cancel → partial)', () => {
    const m = matchImages(set, set.gt.images.map((im) => im.fileName!));
    const first = m.matched.slice(0, 5).map((x) => x.imageId);
    const gt = groundTruthFor(set, first, new Map());
    expect(gt.images.map((im) => im.id)).toEqual(first);
    expect(gt.annotations.every((a) => first.includes(a.imageId))).toBe(true);
    const part = evaluateDataset(gt, dets.filter((d) => first.includes(d.imageId)));
    expect(part.images).toHaveLength(5);
    expect(part.skipped.unknownImage).toBe(0);
  });

  it('report: JSON with stats + per category + settings + date; Markdown and CSV tables', () => {
    const settings = {
      detector: 'COCO-SSD', postProcessing: 'project' as const, scoreThreshold: 0.01, nmsIou: 0.6, maxDetections: 100, backend: 'wasm',
      annotationFormat: 'coco', imagesProcessed: 17, imagesRequested: 17, cancelled: false,
    };
    const r = buildReport(ev, settings, [{ name: 'x.jpg', reason: 'broken' }], new Date('2026-01-02T03:04:05Z'));
    expect(Object.keys(r.stats)).toEqual([...STAT_NAMES]);
    expect(r.stats.AP).toBe(ev.stats[0]);
    expect(r.date).toBe('2026-01-02T03:04:05.000Z');
    expect(r.settings.scoreThreshold).toBe(0.01);
    expect(r.perCategory.length).toBeGreaterThan(10);
    const md = reportToMarkdown(r);
    expect(md).toContain(`| AP | ${ev.stats[0]!.toFixed(3)} |`);
    expect(md).toContain('| person |');
    const csv = reportToCsv(r).trim().split('\n');
    expect(csv[0]).toBe('class,id,gt,detections,AP,AP50,AP75,AR100,VOC07,VOC12');
    expect(csv[1]!.startsWith('all,,')).toBe(true);
    expect(csv).toHaveLength(2 + r.perCategory.length);
    expect(reportToCsv({ ...r, perCategory: [{ ...r.perCategory[0]!, name: 'a, "b"' }] })).toContain('"a, ""b"""');
  });
});
