import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boxIouXywh, evaluateDetections, parseCocoGroundTruth, parseCocoResults } from '../../src/core/eval';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/metrics');
const TOL = 1e-9;

function close(actual: number, expected: number, what: string): void {
  if (expected === -1) {
    expect(actual, what).toBe(-1);
  } else {
    expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOL);
  }
}

interface ExpectedCategory {
  category_id: number; name: string; ap: number; ap50: number; ap75: number; ar100: number;
  recall_iou50: number; precision_iou50: number[];
}
interface ExpectedVocClass {
  category_id: number; npos: number; num_det: number; num_tp: number; num_fp: number; num_ignored: number;
  ap_voc07_11pt: number; ap_voc_all_point: number;
}
interface Expected {
  coco: { stats: number[]; summary_text: string[] | string; per_category: ExpectedCategory[] };
  voc: { per_class: ExpectedVocClass[]; map_voc07_11pt: number; map_voc_all_point: number };
}

const scenarios = readdirSync(fixtures).filter((f) => f.endsWith('.gt.json')).map((f) => f.replace(/\.gt\.json$/, '')).sort();

describe('metrics fixtures (pycocotools + VOC devkit reference values)', () => {
  it('finds the scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of scenarios) {
    describe(name, () => {
      const load = () => {
        const gtFile = path.join(fixtures, `${name}.gt.json`);
        const dtFile = path.join(fixtures, `${name}.dt.json`);
        const gt = parseCocoGroundTruth(readFileSync(gtFile, 'utf8'), gtFile);
        const dt = parseCocoResults(readFileSync(dtFile, 'utf8'), dtFile);
        const exp = JSON.parse(readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8')) as Expected;
        return { report: evaluateDetections(gt, dt), exp };
      };
      const { report, exp } = load();

      it('COCO stats', () => {
        expect(report.stats).toHaveLength(12);
        exp.coco.stats.forEach((v, i) => close(report.stats[i]!, v, `stats[${i}]`));
      });

      it('summary text', () => {
        const lines = Array.isArray(exp.coco.summary_text) ? exp.coco.summary_text : exp.coco.summary_text.split('\n');
        expect(report.summaryLines.map((l) => l.trim())).toEqual(lines.filter((l) => l.trim() !== '').map((l) => l.trim()));
      });

      it('COCO per category', () => {
        expect(report.perCategory.map((c) => c.id)).toEqual(exp.coco.per_category.map((c) => c.category_id));
        exp.coco.per_category.forEach((e, k) => {
          const c = report.perCategory[k]!;
          close(c.AP, e.ap, `${e.name} ap`);
          close(c.AP50, e.ap50, `${e.name} ap50`);
          close(c.AP75, e.ap75, `${e.name} ap75`);
          close(c.AR100, e.ar100, `${e.name} ar100`);
          close(c.recall50, e.recall_iou50, `${e.name} recall50`);
          e.precision_iou50.forEach((p, r) => close(c.precision50[r]!, p, `${e.name} precision50[${r}]`));
        });
      });

      it('VOC 2007 11-point and 2010+ all-point', () => {
        close(report.voc07.mAP, exp.voc.map_voc07_11pt, 'mAP07');
        close(report.voc12.mAP, exp.voc.map_voc_all_point, 'mAP12');
        exp.voc.per_class.forEach((e, k) => {
          const a = report.voc07.perClass[k]!, b = report.voc12.perClass[k]!;
          expect(a.id).toBe(e.category_id);
          expect({ npos: a.npos, det: a.numDet, tp: a.numTp, fp: a.numFp, ign: a.numIgnored })
            .toEqual({ npos: e.npos, det: e.num_det, tp: e.num_tp, fp: e.num_fp, ign: e.num_ignored });
          close(a.AP, e.ap_voc07_11pt, `class ${e.category_id} voc07`);
          close(b.AP, e.ap_voc_all_point, `class ${e.category_id} voc12`);
        });
      });
    });
  }
});

describe('iou_cases.expected.json (pycocotools.mask.iou)', () => {
  interface IouCases {
    cases: { name: string; dt: number[]; gt: number[]; iscrowd: number; iou: number }[];
    matrix: { dts: number[][]; gts: number[][]; iscrowd: number[]; iou: number[][] };
  }
  const data = JSON.parse(readFileSync(path.join(fixtures, 'iou_cases.expected.json'), 'utf8')) as IouCases;
  const box = (b: number[]) => [b[0]!, b[1]!, b[2]!, b[3]!] as const;
  for (const c of data.cases) {
    it(c.name, () => {
      close(boxIouXywh(box(c.dt), box(c.gt), c.iscrowd === 1), c.iou, c.name);
    });
  }
  it('matrix', () => {
    const m = data.matrix;
    m.dts.forEach((d, i) => m.gts.forEach((g, j) => {
      close(boxIouXywh(box(d), box(g), m.iscrowd[j] === 1), m.iou[i]![j]!, `iou[${i}][${j}]`);
    }));
  });
});
