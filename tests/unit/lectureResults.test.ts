/**
 * The results page's data: sorting (hand-worked orders), and the honesty invariants — every lecture
 * number that differs from its primary source is flagged and explained in both languages, every
 * source exists, the figures the issue names as primary are the ones shown.
 */
import { describe, expect, it } from 'vitest';
import { DATASET_FACTS, SOURCES, VOC07_ROWS, VOC12_ROWS, sortRows } from '../../src/core/lectureResults';
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
