/**
 * `npm run train:mask` is deterministic: a short run of the real script (3 training photos of
 * coco-mini-train, features extracted afresh, 3 steps) twice with one seed writes bit-identical
 * weights, and another seed different ones (so the comparison can fail). Plus the pieces the
 * script relies on: the seeded permutation and the schedule.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import { gridIou, learningRate, permutation } from '../../src/models/maskHeadTrain';
import { matchDetections } from '../../scripts/lib/maskData';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const DATA = path.resolve(ROOT, '..', 'shared', 'datasets', 'coco-mini-train');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(seed: number): string {
  const out = mkdtempSync(path.join(tmpdir(), 'train-mask-'));
  dirs.push(out);
  execFileSync(TSX, [path.join(ROOT, 'scripts', 'train-mask.ts'), '--steps', '3', '--batch', '4', '--images', '3', '--val', '1', '--no-cache', '--seed', String(seed), '--thresholds', '0.4,0.5', '--out', out], { cwd: ROOT, stdio: 'pipe', timeout: 420_000 });
  return out;
}

describe('train:mask', () => {
  it.skipIf(!existsSync(path.join(DATA, 'annotations.json')))('same seed → identical weights; another seed → different', () => {
    const a = run(5), b = run(5), c = run(6);
    const w = (d: string) => readFileSync(path.join(d, 'weights.bin'));
    expect(w(a).length).toBe(w(b).length);
    expect(w(a).equals(w(b))).toBe(true);
    expect(w(a).equals(w(c))).toBe(false);
    const report = JSON.parse(readFileSync(path.join(a, 'training.json'), 'utf8')) as { config: { trainImages: number; steps: number } };
    expect(report.config.trainImages).toBe(3);
    expect(report.config.steps).toBe(3);
  }, 1_200_000);

  it('permutation is a seeded shuffle of every index', () => {
    const p = permutation(50, mulberry32(9));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...permutation(50, mulberry32(9))]).toEqual([...p]);
    expect([...permutation(50, mulberry32(10))]).not.toEqual([...p]);
  });

  it('learning rate: linear warm-up to the peak, cosine down to 5 % of it', () => {
    expect(learningRate(0, 300, 0.002)).toBeCloseTo(0.002 / 20, 12);
    expect(learningRate(19, 300, 0.002)).toBeCloseTo(0.002, 12);
    expect(learningRate(300, 300, 0.002)).toBeCloseTo(0.0001, 12);
  });

  it('grid IoU against a hand-worked case', () => {
    const n = 28 * 28;
    const target = new Float32Array(n), probs = new Float32Array(n);
    for (let i = 0; i < n / 2; i++) target[i] = 1; // top half
    for (let i = n / 4; i < (3 * n) / 4; i++) probs[i] = 0.9; // middle half
    const r = gridIou(probs, target, 1);
    expect(r.head).toBeCloseTo(1 / 3, 12); // intersection n/4, union 3n/4
    expect(r.box).toBeCloseTo(0.5, 12);
  });

  it("detector boxes as Mask R-CNN's positive RoIs: matched to the instance they overlap most, IoU >= 0.5, at most perGt each, best score first", () => {
    const gts = [{ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 20, y1: 0, x2: 30, y2: 10 }];
    const dets = [
      { box: { x1: 0, y1: 0, x2: 10, y2: 5 }, score: 0.9 }, // IoU 50/100 = 0.5 with gt 0: kept (>=)
      { box: { x1: 1, y1: 0, x2: 11, y2: 10 }, score: 0.8 }, // IoU 90/110 = 0.818 with gt 0
      { box: { x1: 0, y1: 0, x2: 10, y2: 10 }, score: 0.7 }, // gt 0's third: over perGt = 2
      { box: { x1: 22, y1: 0, x2: 32, y2: 10 }, score: 0.1 }, // IoU 80/120 = 0.667 with gt 1
      { box: { x1: 12, y1: 0, x2: 22, y2: 10 }, score: 0.95 }, // IoU 20/180 with gt 1: a background RoI, dropped
      { box: { x1: 0, y1: 0, x2: 10, y2: 4.9 }, score: 0.99 }, // IoU 0.49: dropped
    ];
    expect(matchDetections(dets, gts, 0.5, 2)).toEqual([{ det: 0, gt: 0 }, { det: 1, gt: 0 }, { det: 3, gt: 1 }]);
    expect(matchDetections(dets, gts, 0.5, 5)).toEqual([{ det: 0, gt: 0 }, { det: 1, gt: 0 }, { det: 2, gt: 0 }, { det: 3, gt: 1 }]);
  });
});
