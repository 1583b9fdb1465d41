/**
 * The results page's data: sorting (hand-worked orders), and the honesty invariants — every lecture
 * number that differs from its primary source is flagged and explained in both languages, every
 * source exists, the figures the issue names as primary are the ones shown; every figure marked checked
 * names where in which copy it was found, and equals the number typed in below by hand from that copy.
 */
import { describe, expect, it } from 'vitest';
import { COPIES, DATASET_FACTS, SOURCES, VOC07_ROWS, VOC12_ROWS, allFigures, sortRows } from '../../src/core/lectureResults';
import { resultsTexts } from '../../src/sections/detection-results/texts';

describe('sortRows', () => {
  const rows = [{ n: 'b', v: 2 }, { n: 'a', v: null }, { n: 'c', v: 5 }, { n: 'd', v: 2 }, { n: 'e', v: Number.NaN }];
  it('descending and ascending, missing values last, ties stable', () => {
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.n)).toEqual(['c', 'b', 'd', 'a', 'e']);
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.n)).toEqual(['b', 'd', 'c', 'a', 'e']);
    expect(sortRows(rows, (r) => r.n, 'asc').map((r) => r.n)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('does not mutate its input', () => {
    const copy = rows.map((r) => r.n);
    sortRows(rows, (r) => r.v, 'desc');
    expect(rows.map((r) => r.n)).toEqual(copy);
  });
});

describe('lecture tables', () => {
  it('a VOC07 row is flagged exactly when its lecture mAP or FPS differs from the primary source', () => {
    for (const r of VOC07_ROWS) {
      const mapDiffers = r.primaryMap.value !== r.lectureMap;
      const fpsDiffers = r.lectureFps !== null && (r.primaryFps.value === null || Math.abs(r.primaryFps.value - r.lectureFps) > 0.01);
      expect({ id: r.id, flagged: r.discrepancy }).toEqual({ id: r.id, flagged: mapDiffers || fpsDiffers });
    }
  });

  it('every flagged row and fact has a note in both languages; every source is known', () => {
    const ru = resultsTexts.ru as Record<string, string>;
    const en = resultsTexts.en as Record<string, string>;
    for (const r of VOC07_ROWS.filter((x) => x.discrepancy)) {
      expect(ru[`note.${r.id}`]?.length ?? 0).toBeGreaterThan(20);
      expect(en[`note.${r.id}`]?.length ?? 0).toBeGreaterThan(20);
    }
    for (const f of DATASET_FACTS) {
      expect(ru[`fact.${f.id}`]).toBeTruthy();
      expect(en[`fact.${f.id}`]).toBeTruthy();
      if (f.discrepancy || f.primary === null) {
        expect(ru[`factNote.${f.id}`]?.length ?? 0).toBeGreaterThan(20);
        expect(en[`factNote.${f.id}`]?.length ?? 0).toBeGreaterThan(20);
      }
    }
    for (const r of VOC07_ROWS) expect(ru[`note.${r.id}`]).toBeDefined();
    const figs = [...VOC07_ROWS.flatMap((r) => [r.primaryMap, r.primaryFps]), ...VOC12_ROWS.map((r) => r.map), ...DATASET_FACTS.flatMap((f) => (f.primary ? [f.primary] : []))];
    for (const f of figs) expect(SOURCES[f.source]).toBeDefined();
  });

  it('the primary figures of the issue: YOLOv3 has no VOC07 number; its COCO numbers, Mask R-CNN, COCO 2017 and VOC 2007 counts are quoted', () => {
    const yolo3 = VOC07_ROWS.find((r) => r.id === 'yolo3')!;
    expect(yolo3.primaryMap.value).toBeNull();
    for (const lang of ['ru', 'en'] as const) {
      const tx = resultsTexts[lang] as Record<string, string>;
      const digits = (s: string) => s.replace(/[\s,.\u00a0]/g, '');
      expect(digits(tx['note.yolo3']!)).toMatch(/282.*330.*579/);
      expect(digits(tx['factNote.maskrcnn-ap']!)).toMatch(/357.*371/);
      expect(digits(tx['factNote.coco-images']!)).toMatch(/118287.*5000.*117266/);
      expect(digits(tx['factNote.voc-images']!)).toMatch(/11530.*27450.*9963.*24640/);
      expect(tx['note.rfcn']).toMatch(/COCO/);
    }
  });
});

/**
 * Typed by hand from the copies read in session 4 (see COPIES), not from the data module: paper, table,
 * row. `null` = the source has no such number. Keys: `<table>:<row id>:<field>`.
 */
const PAPER: Record<string, number | null> = {
  'voc07:dpm5:map': 33.7, // R-CNN arXiv v5, Table 2, "DPM v5", VOC 2007 test
  'voc07:rcnn:map': 66.0, // R-CNN Table 3, "R-CNN O-Net BB"
  'voc07:rcnn:fps': 1 / 47.0, // Fast R-CNN Table 4, R-CNN L: 47.0 s/im
  'voc07:fastrcnn:map': 70.0, // Fast R-CNN Table 1, FRCN 07+12
  'voc07:fastrcnn:fps': 0.5, // Faster R-CNN Table 5, SS + Fast R-CNN, 1830 ms, 0.5 fps
  'voc07:fasterrcnn:map': 73.2, // Faster R-CNN Table 6, RPN 300 07+12
  'voc07:fasterrcnn:fps': 5, // Faster R-CNN Table 5, VGG RPN + Fast R-CNN, 198 ms, 5 fps
  'voc07:frcnn-resnet:map': 76.4, // ResNet Table 10, baseline ResNet-101 07+12
  'voc07:frcnn-resnet:fps': 5, // YOLO9000 Table 3, Faster R-CNN ResNet
  'voc07:frcnn-resnet-coco:map': 85.6, // ResNet Table 10, baseline+++ COCO+07+12
  'voc07:rfcn:map': 83.6, // R-FCN v2 abstract
  'voc07:rfcn:fps': 1 / 0.17, // R-FCN v2 abstract: 170 ms per image
  'voc07:yolo:map': 63.4, // YOLO v5 Table 1
  'voc07:yolo:fps': 45,
  'voc07:yolo2:map': 78.6, // YOLO9000 Table 3, 544 x 544
  'voc07:yolo2:fps': 40,
  'voc07:yolo3:map': null, // YOLOv3 v1: COCO only
  'voc07:yolo3:fps': null,
  'voc12:rcnn:map': 53.3, // R-CNN abstract
  'voc12:yolo:map': 57.9, // YOLO Table 3
  'voc12:fastrcnn:map': 68.4, // Fast R-CNN Table 3, 07++12
  'voc12:fasterrcnn:map': 70.4, // Faster R-CNN Table 4, RPN+VGG shared 07++12
  'voc12:yolo2:map': 73.4, // YOLO9000 section 2
  'voc12:frcnn-resnet:map': 73.8, // ResNet Table 11
  'voc12:frcnn-resnet-coco:map': 83.8, // ResNet appendix text, Table 11
  'facts:voc-classes:value': 20,
  'facts:voc-images:value': 9963, // VOC2007 page
  'facts:voc-objects:value': 24640,
  'facts:coco-classes:value': 80,
  'facts:maskrcnn-ap:value': 37.1, // Mask R-CNN Table 1, ResNeXt-101-FPN
};

describe('checked figures', () => {
  const figs = allFigures();
  const key = (f: (typeof figs)[number]) => `${f.table}:${f.id}:${f.field}`;

  it('every figure marked checked names its table/section and a copy that points at the primary document', () => {
    for (const f of figs.filter((x) => x.figure.checked)) {
      const fig = f.figure;
      if (!fig.checked) continue;
      expect(fig.where.length, key(f)).toBeGreaterThan(6);
      const copy = COPIES[fig.copy];
      expect(copy, key(f)).toBeDefined();
      expect(copy.url, key(f)).toMatch(/^https?:\/\//);
      expect(copy.readAt.length, key(f)).toBeGreaterThan(6);
      // the copy is of the figure's own source: same arXiv id, or the same official site
      const srcUrl = SOURCES[fig.source].url ?? '';
      const arxiv = /arxiv\.org\/abs\/(\d{4}\.\d{5})/.exec(srcUrl)?.[1];
      if (arxiv) expect(copy.url, key(f)).toContain(arxiv);
      else expect(new URL(copy.url).host, key(f)).toBe(new URL(srcUrl).host);
    }
  });

  it('every unchecked figure says why', () => {
    for (const f of figs) if (!f.figure.checked) expect(f.figure.why.length, key(f)).toBeGreaterThan(20);
  });

  it('checked figures equal the numbers typed from the papers, and every checked figure has such a number', () => {
    for (const f of figs.filter((x) => x.figure.checked)) {
      expect(key(f) in PAPER, `${key(f)} has no hand-typed paper value`).toBe(true);
      const want = PAPER[key(f)]!;
      const got = f.figure.value;
      if (want === null) expect(got, key(f)).toBeNull();
      else expect(got, key(f)).toBeCloseTo(want, 6);
    }
  });

  it('exactly these figures are left unchecked (not found in any copy read)', () => {
    expect(figs.filter((f) => !f.figure.checked).map(key).sort()).toEqual(['facts:coco-images:value', 'voc07:dpm5:fps', 'voc07:frcnn-resnet-coco:fps']);
  });

  it('the figures that contradict the lecture are flagged: Faster R-CNN 7 vs 5 FPS, ResNet+COCO 83.8 vs 85.6, R-CNN 0.05 vs 1/47 FPS', () => {
    const row = (id: string) => VOC07_ROWS.find((r) => r.id === id)!;
    expect([row('fasterrcnn').discrepancy, row('frcnn-resnet-coco').discrepancy, row('rcnn').discrepancy]).toEqual([true, true, true]);
    expect([row('yolo').discrepancy, row('yolo2').discrepancy, row('fastrcnn').discrepancy, row('dpm5').discrepancy]).toEqual([false, false, false, false]);
  });
});
