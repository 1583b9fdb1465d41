/**
 * The training scripts are deterministic: the same command (same seed) writes bit-identical weights,
 * and another seed writes different ones (so the comparison can fail). Short runs of the real
 * `npm run train:yolo` / `npm run train:seg` scripts, in child processes, into temporary folders.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];

function run(script: string, args: string[]): string {
  const out = mkdtempSync(path.join(tmpdir(), 'train-det-'));
  dirs.push(out);
  execFileSync(TSX, [path.join(ROOT, 'scripts', script), ...args, '--out', out], { cwd: ROOT, stdio: 'pipe', timeout: 280_000 });
  return out;
}

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('training scripts: same seed → identical weights', () => {
  it('train:yolo (3 steps, batch 4)', () => {
    const args = ['--steps', '3', '--batch', '4', '--eval-every', '1000', '--test-count', '4'];
    const a = run('train-yolo.ts', [...args, '--seed', '5']);
    const b = run('train-yolo.ts', [...args, '--seed', '5']);
    const c = run('train-yolo.ts', [...args, '--seed', '6']);
    const w = (d: string) => readFileSync(path.join(d, 'weights.bin'));
    expect(w(a).length).toBe(w(b).length);
    expect(w(a).equals(w(b))).toBe(true);
    expect(w(a).equals(w(c))).toBe(false);
  }, 300_000);

  it('train:seg (2 steps, batch 2)', () => {
    const args = ['--steps', '2', '--batch', '2', '--eval-every', '1000', '--test', '2'];
    const a = run('train-seg.ts', [...args, '--seed', '3']);
    const b = run('train-seg.ts', [...args, '--seed', '3']);
    const c = run('train-seg.ts', [...args, '--seed', '4']);
    for (const id of ['fcn', 'unet', 'aspp']) {
      const w = (d: string) => readFileSync(path.join(d, `seg-${id}`, 'weights.bin'));
      expect(w(a).equals(w(b)), id).toBe(true);
      expect(w(a).equals(w(c)), id).toBe(false);
    }
  }, 300_000);
});
