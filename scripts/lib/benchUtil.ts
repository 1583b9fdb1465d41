/** Small helpers shared by the bench scripts. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Pycocotools {
  /** The interpreter: `python3` from PATH, `/usr/bin/python3` or `python`. */
  readonly python: string;
  /** The environment to run it with (PYTHONPATH extended by `PYCOCOTOOLS_PATH` when that is set). */
  readonly env: NodeJS.ProcessEnv;
}

/** process.env with `PYCOCOTOOLS_PATH` (a folder holding `pycocotools/`, e.g. a source build) put first on PYTHONPATH. */
export function pycocotoolsEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const extra = base.PYCOCOTOOLS_PATH;
  if (!extra) return base;
  return { ...base, PYTHONPATH: [extra, base.PYTHONPATH].filter(Boolean).join(path.delimiter) };
}

/**
 * A Python that imports pycocotools (coco, cocoeval, the compiled `_mask`) and numpy: `python3` from PATH
 * first, then `/usr/bin/python3`, then `python`, each with PYTHONPATH extended by `PYCOCOTOOLS_PATH` when set.
 * A python that lacks a module (matplotlib, which pycocotools.coco imports, numpy, …) or is missing is
 * skipped, never fatal: null when none works.
 */
export function findPycocotools(): Pycocotools | null {
  const env = pycocotoolsEnv();
  for (const py of ['python3', '/usr/bin/python3', 'python']) {
    const r = spawnSync(py, ['-c', 'import pycocotools.coco, pycocotools.cocoeval, pycocotools._mask, numpy'], { stdio: 'ignore', env });
    if (!r.error && r.status === 0) return { python: py, env };
  }
  return null;
}

/**
 * The command `npm run <script>` runs in `repo` (its package.json, e.g. `node --single-threaded scripts/run-cli.mjs eval`),
 * as [command, args] with the files it names resolved in `repo`: the benches time what a user runs, flags included,
 * without npm's own start-up. Only a plain `node …` command (no shell syntax) is accepted.
 */
export function npmScriptCommand(script: string, repo = REPO): [string, string[]] {
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const line = pkg.scripts?.[script];
  if (!line || !/^node(\s|$)/.test(line) || /[|&;<>$`'"]/.test(line)) throw new Error(`${repo}/package.json: "${script}" is not a plain node command: ${line ?? '(missing)'}`);
  const [cmd, ...args] = line.trim().split(/\s+/);
  return [cmd!, args.map((a) => (/\.(?:mjs|js)$/.test(a) ? path.join(repo, a) : a))];
}

export interface TimedProcess { readonly cpuS: number; readonly wallS: number; readonly stdout: string; readonly status: number | null }

/**
 * Runs a child process to completion and reports its whole CPU time (user + sys of the process and its
 * children, as bash's `time` reports it: robust to a loaded machine, unlike wall time) and its stdout.
 */
export function timedProcess(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): TimedProcess {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-proc-'));
  const outFile = path.join(dir, 'stdout');
  try {
    const t0 = performance.now();
    const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; { time "$@" > "$OUT" 2>/dev/null; } 2>&1; echo "rc=$?"', 'x', cmd, ...args], {
      encoding: 'utf8', cwd: REPO, env: { ...env, OUT: outFile }, maxBuffer: 1 << 24,
    });
    const wallS = (performance.now() - t0) / 1000;
    const lines = (r.stdout ?? '').trim().split('\n');
    const [u, s] = (lines[0] ?? '0 0').split(' ').map(Number);
    const stdout = readFileSync(outFile, 'utf8');
    return { cpuS: (u ?? 0) + (s ?? 0), wallS, stdout, status: Number((lines[lines.length - 1] ?? 'rc=1').slice(3)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Whole-process pycocotools run on a GT file and a results file (`python -c PY_COCOEVAL gt dt bbox|segm`):
 * prints one JSON line with the 12 stats (full precision), the 12 summary lines pycocotools printed, and
 * its stage times (CPU seconds of the process, `time.process_time()`, like the engine's stage times).
 */
export const PY_COCOEVAL = String.raw`
import json, sys, time, io, contextlib
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
gt_file, dt_file, iou_type = sys.argv[1], sys.argv[2], sys.argv[3]
f = io.StringIO()
with contextlib.redirect_stdout(f):
    t0 = time.process_time(); gt = COCO(gt_file); dt = gt.loadRes(dt_file); t1 = time.process_time()
    E = COCOeval(gt, dt, iou_type); E.evaluate(); t2 = time.process_time()
    E.accumulate(); t3 = time.process_time(); E.summarize(); t4 = time.process_time()
lines = [l for l in f.getvalue().split('\n') if l.startswith(' Average')]
print(json.dumps({"stats": [float(x) for x in E.stats], "lines": lines, "load": t1 - t0, "evaluate": t2 - t1, "accumulate": t3 - t2, "summarize": t4 - t3}))
`;

export interface PycocoResult { readonly stats: number[]; readonly lines: string[]; readonly load: number; readonly evaluate: number; readonly accumulate: number; readonly summarize: number }

/** Runs PY_COCOEVAL as a timed child process; null (with the reason on stderr) when it fails. */
export function runPycocotools(py: Pycocotools, gtFile: string, dtFile: string, iouType: 'bbox' | 'segm'): { result: PycocoResult; cpuS: number; wallS: number } | null {
  const p = timedProcess(py.python, ['-c', PY_COCOEVAL, gtFile, dtFile, iouType], py.env);
  if (p.status !== 0) { process.stderr.write(`pycocotools run failed (exit ${p.status})\n`); return null; }
  return { result: JSON.parse(p.stdout.trim().split('\n').pop()!) as PycocoResult, cpuS: p.cpuS, wallS: p.wallS };
}

/**
 * `runs` timed runs of the same command; the one with the median CPU time (its stdout too). CPU time on a
 * shared machine varies by ±10–15 % from run to run; the spread is returned with it.
 */
export function timedProcessMedian(cmd: string, args: readonly string[], runs: number, env: NodeJS.ProcessEnv = process.env): TimedProcess & { readonly allCpuS: number[] } {
  const all = Array.from({ length: Math.max(1, runs) }, () => timedProcess(cmd, args, env));
  const sorted = [...all].sort((a, b) => a.cpuS - b.cpuS);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, allCpuS: all.map((r) => r.cpuS) };
}
