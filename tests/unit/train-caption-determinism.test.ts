/**
 * `npm run train:caption` is deterministic: the same seed writes a bit-identical weights.bin, another
 * seed a different one (so the comparison can fail). Short runs of the real script in child processes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];

function run(args: string[]): string {
  const out = mkdtempSync(path.join(tmpdir(), 'train-cap-'));
  dirs.push(out);
  execFileSync(TSX, [path.join(ROOT, 'scripts', 'train-caption.ts'), ...args, '--out', out], { cwd: ROOT, stdio: 'pipe', timeout: 280_000 });
  return out;
}

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('train:caption', () => {
  it('same seed → identical weights (3 steps, batch 4)', () => {
    const args = ['--steps', '3', '--batch', '4', '--eval-every', '1000', '--test-count', '4'];
    const a = run([...args, '--seed', '5']);
    const b = run([...args, '--seed', '5']);
    const c = run([...args, '--seed', '6']);
    const w = (d: string) => readFileSync(path.join(d, 'weights.bin'));
    expect(w(a).length).toBe(w(b).length);
    expect(w(a).equals(w(b))).toBe(true);
    expect(w(a).equals(w(c))).toBe(false);
    // the checkpoint's stated scores come from the same run
    const j = (d: string) => JSON.parse(readFileSync(path.join(d, 'checkpoint.json'), 'utf8')) as { info: { test: { greedy: { Bleu_4: number } } } };
    expect(j(a).info.test.greedy.Bleu_4).toBe(j(b).info.test.greedy.Bleu_4);
  }, 300_000);
});
