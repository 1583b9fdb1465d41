import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EvalInputError, parseCocoGroundTruth, parseCocoResults } from '../../src/core/eval';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/metrics');
const tmp = mkdtempSync(path.join(tmpdir(), 'eval-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runCli(args: string[]) {
  return spawnSync(process.execPath, ['scripts/run-cli.mjs', 'eval', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
}

function parseError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EvalInputError);
    return (e as Error).message;
  }
  throw new Error('expected an EvalInputError');
}

describe('input validation', () => {
  const okGt = { images: [{ id: 1, width: 10, height: 10 }], categories: [{ id: 1, name: 'a' }], annotations: [] as unknown[] };
  const ann = { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], area: 1, iscrowd: 0 };
  it('names the file and the JSON path', () => {
    const gt = (x: object) => JSON.stringify({ ...okGt, ...x });
    expect(parseError(() => parseCocoGroundTruth(gt({ annotations: [ann, { ...ann, bbox: [0, 0, 1] }] }), 'gt.json')))
      .toBe('gt.json: annotations[1].bbox: expected 4 numbers [x, y, width, height], got an array of 3 numbers');
    expect(parseError(() => parseCocoGroundTruth(gt({ annotations: [{ ...ann, area: undefined }] }), 'gt.json')))
      .toBe('gt.json: annotations[0].area: missing (expected a number)');
    expect(parseError(() => parseCocoGroundTruth(gt({ images: [{ id: '1' }] }), 'gt.json')))
      .toMatch(/^gt\.json: images\[0\]\.id: expected a number, got a string/);
    expect(parseError(() => parseCocoGroundTruth(JSON.stringify({ images: [], annotations: [] }), 'g.json')))
      .toBe('g.json: categories: missing (expected an array of categories)');
    expect(parseError(() => parseCocoGroundTruth('{"images": [1,}', 'broken.json'))).toMatch(/^broken\.json: invalid JSON: /);
    expect(parseError(() => parseCocoGroundTruth(gt({ annotations: [{ ...ann, iscrowd: 'yes' }] }), 'gt.json')))
      .toMatch(/annotations\[0\]\.iscrowd: expected 0, 1, true or false/);
    expect(parseError(() => parseCocoGroundTruth(gt({ annotations: [ann] }), 'gt.json', { iouType: 'segm' })))
      .toMatch(/annotations\[0\]\.segmentation: /);
  });
  it('ground-truth polygons: each wrong polygon, flag and id named by its path', () => {
    const segm = { iouType: 'segm' as const };
    expect(parseError(() => parseCocoGroundTruth(JSON.stringify({ ...okGt, annotations: [ann] }), 'gt.json', segm)))
      .toBe('gt.json: annotations[0].segmentation: expected an object, got nothing');
    const both = (a: object) => JSON.stringify({ ...okGt, annotations: [{ ...ann, segmentation: [[0, 0, 4, 0, 4, 4]] }, { ...ann, id: 2, ...a }] });
    expect(parseError(() => parseCocoGroundTruth(both({ segmentation: [[0, 0, 4, 0, 4, 4], [1, 'x', 2, 2]] }), 'gt.json', segm)))
      .toBe('gt.json: annotations[1].segmentation[1]: expected a polygon [x1, y1, x2, y2, ...] of numbers, got an array');
    expect(parseError(() => parseCocoGroundTruth(both({ segmentation: [[0, 0, 4, 0, 4]] }), 'gt.json', segm)))
      .toBe('gt.json: annotations[1].segmentation[0]: expected an even number (>= 4) of coordinates, got 5');
    expect(parseError(() => parseCocoGroundTruth(both({ segmentation: [[0, 0, 4, 4], [0, 0, 4, 0, 4, 4]] }), 'gt.json', segm)))
      .toMatch(/^gt\.json: annotations\[1\]\.segmentation\[1\]: polygons of 4 numbers are read as boxes/);
    expect(parseError(() => parseCocoGroundTruth(both({ segmentation: [] }), 'gt.json', segm)))
      .toBe('gt.json: annotations[1].segmentation: expected at least one polygon, got an empty list');
    // 1e400 parses to Infinity (JSON.stringify cannot write it)
    expect(parseError(() => parseCocoGroundTruth(both({ segmentation: [[0, 0, 4, 0, 4, 9]] }).replace('4,9]', '4,1e400]'), 'gt.json', segm)))
      .toBe('gt.json: annotations[1].segmentation[0]: expected a polygon [x1, y1, x2, y2, ...] of numbers, got an array');
    expect(parseError(() => parseCocoGroundTruth(both({ image_id: null }), 'gt.json', segm)))
      .toBe('gt.json: annotations[1].image_id: expected a number, got null');
    expect(parseError(() => parseCocoGroundTruth(both({ difficult: 'no' }), 'gt.json', segm)))
      .toMatch(/^gt\.json: annotations\[1\]\.difficult: expected 0, 1, true or false/);
    expect(parseError(() => parseCocoGroundTruth(JSON.stringify({ ...okGt, annotations: [ann, 7] }), 'gt.json')))
      .toBe('gt.json: annotations[1]: expected an object, got number 7');
    // valid flags of every accepted kind, read as pycocotools reads them
    const flags = parseCocoGroundTruth(JSON.stringify({ ...okGt, annotations: [ann, { ...ann, id: 2, iscrowd: 1 }, { ...ann, id: 3, iscrowd: true, difficult: 1 }, { ...ann, id: 4, iscrowd: null, difficult: false }] }), 'gt.json');
    expect(flags.annotations.map((a) => [a.iscrowd, a.difficult])).toEqual([[false, false], [true, false], [true, true], [false, false]]);
  });
  it('results: list of detections', () => {
    expect(parseError(() => parseCocoResults('{}', 'dt.json'))).toBe('dt.json: expected an array of detections, got an object');
    expect(parseError(() => parseCocoResults(JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: '0.5' }]), 'dt.json')))
      .toMatch(/^dt\.json: \[0\]\.score: expected a number/);
    expect(parseError(() => parseCocoResults(JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }, { image_id: 1, category_id: 1, score: 1 }]), 'dt.json')))
      .toBe('dt.json: [1].bbox: missing (expected 4 numbers [x, y, width, height])');
    expect(parseError(() => parseCocoResults(JSON.stringify([{ image_id: 1, category_id: 1, score: 1, segmentation: { size: [2, 2], counts: [1, 1] } }]), 'dt.json', { iouType: 'segm' })))
      .toBe('dt.json: [0].segmentation.counts: run lengths sum to 2, expected height*width = 4');
    expect(parseCocoResults('[]', 'dt.json')).toEqual([]);
  });
});

describe('CLI scripts/eval.ts', () => {
  it('prints the pycocotools summary table', () => {
    const r = runCli(['--gt', path.join(fixtures, 'random_small_a.gt.json'), '--dt', path.join(fixtures, 'random_small_a.dt.json')]);
    expect(r.status).toBe(0);
    const exp = JSON.parse(readFileSync(path.join(fixtures, 'random_small_a.expected.json'), 'utf8')) as { coco: { summary_text: string[] } };
    expect(r.stdout.trimEnd().split('\n').map((l) => l.trim())).toEqual(exp.coco.summary_text.map((l) => l.trim()));
    expect(r.stdout.split('\n')[0]).toMatch(/^ Average Precision {2}\(AP\) @\[ IoU=0\.50:0\.95 \| area= {3}all \| maxDets=100 \] = 0\.\d{3}$/);
  });

  it('--json prints exactly the JSON document', () => {
    const r = runCli(['--gt', path.join(fixtures, 'crowd_and_areas.gt.json'), '--dt', path.join(fixtures, 'crowd_and_areas.dt.json'), '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['stats', 'perCategory', 'voc07', 'voc12']);
    const exp = JSON.parse(readFileSync(path.join(fixtures, 'crowd_and_areas.expected.json'), 'utf8')) as {
      coco: { stats: number[] }; voc: { map_voc07_11pt: number; map_voc_all_point: number };
    };
    const o = out as { stats: number[]; perCategory: Record<string, unknown>[]; voc07: { mAP: number; perCategory: unknown[] }; voc12: { mAP: number } };
    o.stats.forEach((v, i) => expect(Math.abs(v - exp.coco.stats[i]!)).toBeLessThanOrEqual(1e-9));
    expect(Object.keys(o.perCategory[0]!)).toEqual(['id', 'name', 'AP', 'AP50', 'AP75', 'AR100']);
    expect(Math.abs(o.voc07.mAP - exp.voc.map_voc07_11pt)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(o.voc12.mAP - exp.voc.map_voc_all_point)).toBeLessThanOrEqual(1e-9);
    expect(Object.keys(o.voc07.perCategory[0] as object)).toEqual(['id', 'AP']);
  });

  it('malformed input: message naming file and path on stderr, exit code 2', () => {
    const bad = path.join(tmp, 'bad-gt.json');
    writeFileSync(bad, JSON.stringify({
      images: [{ id: 1, width: 10, height: 10 }], categories: [{ id: 1, name: 'a' }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 'x', 1], area: 1 }],
    }));
    const r = runCli(['--gt', bad, '--dt', path.join(fixtures, 'random_small_a.dt.json'), '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad}: annotations[0].bbox: expected 4 numbers`);

    const notJson = path.join(tmp, 'dt.json');
    writeFileSync(notJson, '[{"image_id": 1,,}]');
    const r2 = runCli(['--gt', path.join(fixtures, 'random_small_a.gt.json'), '--dt', notJson]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain(`${notJson}: invalid JSON`);

    const r3 = runCli(['--gt', path.join(tmp, 'missing.json'), '--dt', notJson]);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toContain('missing.json: cannot read file');

    const r4 = runCli(['--gt', 'a.json']);
    expect(r4.status).toBe(2);
    expect(r4.stderr).toContain('usage:');
  });
});
