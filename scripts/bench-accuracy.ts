/**
 * Fast vs accurate mode of the detector on ../shared/images (COCO val2017 photos with annotations):
 * `npm run detect` twice (default settings for evaluation: score 0.01, IoU 0.6, max 100), once with
 * `--mode accurate` (whole image + 2×2 overlapping crops, class-wise NMS), then `npm run eval`.
 *
 *   npm run bench:accuracy [-- --images DIR] [--json]
 *
 * Reports AP, AP50, APs, APm, APl and ms per image (wall, from the CLI's per-image lines; and CPU per
 * image of the whole process), fast and accurate, measured in the same run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO } from './lib/benchUtil';

export interface ModeResult {
  readonly mode: 'fast' | 'accurate';
  readonly images: number;
  readonly AP: number;
  readonly AP50: number;
  readonly APs: number;
  readonly APm: number;
  readonly APl: number;
  readonly msPerImage: number;
  readonly cpuSPerImage: number;
}

function run(cmd: string, args: string[]): { cpuS: number; stdout: string; stderr: string; status: number } {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; { time "$@" >/tmp/.bench-acc-out 2>/tmp/.bench-acc-err; } 2>&1; echo "rc=$?"', 'x', cmd, ...args], { encoding: 'utf8', cwd: REPO });
  const lines = r.stdout.trim().split('\n');
  const [u, s] = (lines[0] ?? '0 0').split(' ').map(Number);
  return { cpuS: (u ?? 0) + (s ?? 0), stdout: readFileSync('/tmp/.bench-acc-out', 'utf8'), stderr: readFileSync('/tmp/.bench-acc-err', 'utf8'), status: Number((lines[1] ?? 'rc=1').slice(3)) };
}

export function benchAccuracy(images = path.join(REPO, '..', 'shared', 'images')): ModeResult[] {
  const ann = path.join(images, 'annotations.json');
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-acc-'));
  try {
    const out: ModeResult[] = [];
    for (const mode of ['fast', 'accurate'] as const) {
      const dt = path.join(dir, `${mode}.json`);
      const d = run('node', ['scripts/run-cli.mjs', 'detect', '--images', images, '--annotations', ann, '--out', dt, '--score', '0.01', '--iou', '0.6', '--max', '100', ...(mode === 'accurate' ? ['--mode', 'accurate'] : [])]);
      if (d.status !== 0) throw new Error(`detect --mode ${mode} failed: ${d.stderr.slice(-400)}`);
      const ms = [...d.stderr.matchAll(/: \d+ detections, (\d+) ms/g)].map((m) => Number(m[1]));
      const e = run('node', ['scripts/run-cli.mjs', 'eval', '--gt', ann, '--dt', dt, '--json']);
      if (e.status !== 0) throw new Error(`eval failed: ${e.stderr.slice(-400)}`);
      const st = (JSON.parse(e.stdout) as { stats: number[] }).stats;
      out.push({ mode, images: ms.length, AP: st[0]!, AP50: st[1]!, APs: st[3]!, APm: st[4]!, APl: st[5]!, msPerImage: ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length), cpuSPerImage: d.cpuS / Math.max(1, ms.length) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--images');
  const r = benchAccuracy(i >= 0 ? path.resolve(argv[i + 1]!) : undefined);
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    console.log(`| mode | images | AP | AP50 | APs | APm | APl | ms/image (wall) | CPU s/image |`);
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const m of r) console.log(`| ${m.mode} | ${m.images} | ${m.AP.toFixed(3)} | ${m.AP50.toFixed(3)} | ${m.APs.toFixed(3)} | ${m.APm.toFixed(3)} | ${m.APl.toFixed(3)} | ${m.msPerImage.toFixed(0)} | ${m.cpuSPerImage.toFixed(2)} |`);
    const [f, a] = r;
    if (f && a) console.log(`accurate/fast: AP ${(a.AP / f.AP).toFixed(2)}×, APs ${(a.APs / f.APs).toFixed(2)}×, time ${(a.msPerImage / f.msPerImage).toFixed(2)}×`);
  }
}
