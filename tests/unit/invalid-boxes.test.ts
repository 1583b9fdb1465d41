/** Issue #15 item 6: invalid boxes are reported with their position; `npm run eval --strict` exits 2. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findInvalidBoxes } from '../../src/core/annotations';
import { parseCocoGroundTruth } from '../../src/core/eval';

const GT_TEXT = `{"images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 80}],
"categories": [{"id": 1, "name": "person"}],
"annotations": [
 {"id": 10, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0},
 {"id": 11, "image_id": 1, "category_id": 1, "bbox": [10, 10, -5, 20], "area": 1, "iscrowd": 0},
 {"id": 12, "image_id": 1, "category_id": 1, "bbox": [10, 10, 1e300, 20], "area": 1, "iscrowd": 0},
 {"id": 13, "image_id": 1, "category_id": 7, "bbox": [1, 1, 5, 5], "area": 25, "iscrowd": 0},
 {"id": 14, "image_id": 1, "category_id": 1, "bbox": [90, 70, 30, 30], "area": 900, "iscrowd": 0}
]}`;

const dir = mkdtempSync(path.join(tmpdir(), 'invalid-boxes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('invalid boxes', () => {
  it('each bad annotation is named by its index and id, the valid one is not', () => {
    const bad = findInvalidBoxes(parseCocoGroundTruth(GT_TEXT, 'gt.json'));
    expect(bad.map((b) => [b.index, b.id, b.problem])).toEqual([
      [1, 11, 'non-positive-size'],
      [2, 12, 'outside-image'],
      [3, 13, 'unknown-category'],
      [4, 14, 'outside-image'],
    ]);
    expect(bad[0]!.message).toBe('annotations[1] (id 11): width or height <= 0 ([10, 10, -5, 20])');
  });

  it('1e400 (Infinity after JSON.parse) gets a message that says so, with its position', () => {
    expect(() => parseCocoGroundTruth(GT_TEXT.replace('1e300', '1e400'), 'gt.json')).toThrow(
      'gt.json: annotations[2].bbox: expected 4 numbers [x, y, width, height], got [10, 10, Infinity, 20]: a number too large to be finite (e.g. 1e400) or not a number',
    );
  });

  it('npm run eval warns and goes on; with --strict it exits 2', () => {
    const gt = path.join(dir, 'gt.json'), dt = path.join(dir, 'dt.json');
    writeFileSync(gt, GT_TEXT);
    writeFileSync(dt, JSON.stringify([{ image_id: 1, category_id: 1, bbox: [10, 10, 20, 20], score: 0.9 }]));
    const run = (extra: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--gt', gt, '--dt', dt, ...extra], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 60_000 });
    const lax = run([]);
    expect(lax.status).toBe(0);
    expect(lax.stderr).toContain('annotations[2] (id 12): outside its image ([10, 10, 1e+300, 20])');
    expect(lax.stderr).toContain('annotations[3] (id 13): category_id not in categories[]');
    const strict = run(['--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain('4 invalid box(es)');
    expect(strict.stdout).toBe('');
  }, 120_000);
});
