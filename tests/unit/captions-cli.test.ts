/** scripts/eval-captions.ts end to end on files built from the official-code fixtures. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_KEYS } from '../../src/core/captions';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/captions');
if (!existsSync(fixtures)) throw new Error(`caption metric fixtures not found at ${fixtures}: these tests need ../shared`);
const tmp = mkdtempSync(path.join(tmpdir(), 'eval-captions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync('npx', ['tsx', 'scripts/eval-captions.ts', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
}

interface Scenario {
  image_ids: string[];
  raw_references: Record<string, string[]>;
  candidates: Record<string, string>;
  expected: Record<string, number>;
  expected_per_image: Record<string, Record<string, number>>;
  printed: string[];
}

function write(name: string, content: unknown): string {
  const f = path.join(tmp, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

/** A scenario as the two files a user would have: COCO captions and COCO caption results (raw text). */
function filesFor(scenario: string): { gt: string; res: string; s: Scenario } {
  const s = JSON.parse(readFileSync(path.join(fixtures, `${scenario}.json`), 'utf8')) as Scenario;
  let annId = 1;
  const gt = {
    images: s.image_ids.map((id) => ({ id: Number(id) })),
    annotations: s.image_ids.flatMap((id) => s.raw_references[id]!.map((caption) => ({ id: annId++, image_id: Number(id), caption }))),
  };
  const res = [...s.image_ids].reverse().map((id) => ({ image_id: Number(id), caption: s.candidates[id]! }));
  return { gt: write(`${scenario}.gt.json`, gt), res: write(`${scenario}.res.json`, res), s };
}

describe('eval:captions CLI', () => {
  it.each(['human_loo_first', 'edge_cases', 'template_objects'])('%s: --json equals the official values, text equals eval.py', (name) => {
    const { gt, res, s } = filesFor(name);
    const j = run(['--gt', gt, '--res', res, '--json']);
    expect(j.status, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([...METRIC_KEYS, 'perImage']);
    for (const k of METRIC_KEYS) expect(Math.abs((out[k] as number) - s.expected[k]!)).toBeLessThanOrEqual(1e-9);
    const per = out['perImage'] as Record<string, Record<string, number>>;
    expect(Object.keys(per).sort()).toEqual([...s.image_ids].sort());
    for (const id of s.image_ids) for (const k of METRIC_KEYS) expect(Math.abs(per[id]![k]! - s.expected_per_image[id]![k]!)).toBeLessThanOrEqual(1e-9);
    const t = run(['--gt', gt, '--res', res]);
    expect(t.status).toBe(0);
    expect(t.stdout).toBe(`${s.printed.join('\n')}\n`);
  });

  it('malformed input names the file and the position, exit 2', () => {
    const { gt } = filesFor('edge_single_image');
    const cases: [string, unknown, RegExp][] = [
      ['broken.json', '[{"image_id": 1,\n  "caption": "x",}]', /broken\.json: line 2, column 18: invalid JSON/],
      ['notarray.json', { image_id: 1 }, /notarray\.json: expected an array of results/],
      ['num.json', [{ image_id: 404484, caption: 7 }], /num\.json: \[0\]\.caption: expected a string, got number 7/],
      ['unknown.json', [{ image_id: 42, caption: 'a cat' }], /unknown\.json: \[0\]\.image_id: image 42 is not in /],
      ['two.json', [{ image_id: 404484, caption: 'a' }, { image_id: 404484, caption: 'b' }], /two\.json: \[1\]\.image_id: second caption for image 404484 \(the first is \[0\]\)/],
      ['empty.json', [], /empty\.json: no results/],
    ];
    for (const [name, content, re] of cases) {
      const r = run(['--gt', gt, '--res', write(name, content)]);
      expect(r.status, name).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
    }
    const badGt = write('badgt.json', { images: [{ id: 1 }], annotations: [{ image_id: 1 }] });
    const r = run(['--gt', badGt, '--res', write('ok.json', [{ image_id: 1, caption: 'x' }])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/badgt\.json: annotations\[0\]\.caption: missing/);
    const emptyRefs = write('emptyrefs.json', { images: [{ id: 1 }, { id: 2 }], annotations: [{ image_id: 1, caption: '...' }, { image_id: 2, caption: '!' }] });
    const r2 = run(['--gt', emptyRefs, '--res', write('ok2.json', [{ image_id: 1, caption: 'x' }, { image_id: 2, caption: 'y' }])]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/every reference is empty/);
    expect(run(['--gt', gt]).status).toBe(2);
  });
});
