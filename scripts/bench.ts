/**
 * `npm run bench`: every benchmark of issue 14 in one run, one table of ratios at the end. Each part
 * also runs alone (`npm run bench:<part>`); here each is a child process with small settings so that
 * the whole run stays around 10 minutes on 2 cores. A part that fails or is unavailable prints why and
 * the table says so; the run goes on.
 *
 *   npm run bench [-- --only detect,segm,…] [--baseline-dist DIR] [--baseline-repo DIR]
 *
 * `--baseline-dist`: another production build (e.g. main before a change) for first-visit bytes;
 * `--baseline-repo`: another checkout for the segm engine (and, when it has dist/, the main-thread baseline;
 * otherwise `--main-thread-ref REF`, default 17977b7, is extracted and built). All measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { REPO } from './lib/benchUtil';

interface Row { readonly what: string; readonly value: string; readonly detail: string }

const argv = process.argv.slice(2);
const opt = (n: string) => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : undefined; };
const only = opt('--only')?.split(',');
const want = (p: string) => !only || only.includes(p);
const rows: Row[] = [];

function part(name: string, args: string[], timeoutS: number): { ok: boolean; stdout: string; why: string } {
  process.stderr.write(`\n== bench ${name}: ${args.join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(args[0]!, args.slice(1), { cwd: REPO, encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  process.stderr.write(r.stderr.split('\n').filter((l) => !/round \d|^\s*$|Hi, looks like|tfjs-node|={5,}/.test(l)).slice(-6).join('\n') + '\n');
  process.stderr.write(`   (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  if (r.error || r.status !== 0) return { ok: false, stdout: r.stdout ?? '', why: r.error ? r.error.message : `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').pop() ?? ''}` };
  return { ok: true, stdout: r.stdout, why: '' };
}

const tsx = (script: string, ...a: string[]) => ['npx', 'tsx', `scripts/${script}`, ...a];
const lastJson = <T>(s: string): T => JSON.parse(s.trim().split('\n').pop()!) as T;

if (want('detect')) {
  const n = part('detect (Node WASM)', tsx('bench-detect.ts', '--rounds', '1'), 900);
  const m = n.stdout.match(/paired median: ([\d.]+)×/);
  rows.push({ what: 'detection: project / package detect(), Node WASM', value: m ? `${m[1]}×` : 'failed', detail: n.ok ? 'paired median per image, 1 round (≤ 1.1× = project no slower)' : n.why });
  const b = part('detect (Chromium WASM)', tsx('bench-detect-browser.ts', '--rounds', '2', '--images', '8', '--port', process.env.BENCH_PORT ?? '4397'), 900);
  const mb = b.stdout.match(/median of paired ratios\): ([\d.]+)x/);
  rows.push({ what: 'detection: project / package detect(), Chromium WASM', value: mb ? `${mb[1]}×` : 'failed', detail: b.ok ? '8 images × 2 rounds, paired median' : b.why });
}

if (want('eval')) {
  // PYCOCOTOOLS_PATH (a source build's folder) is passed on to the parts through the environment.
  const e = part('eval bbox (5000 images)', tsx('bench-eval.ts', '--runs', '1'), 900);
  const whole = e.stdout.match(/whole process: pycocotools \/ npm run eval = ([\d.]+)x CPU/);
  const sp = e.stdout.match(/speed-up \(stage CPU, in-process\): evaluate\+accumulate\+summarize ([\d.]+)x/);
  const cli = e.stdout.match(/npm run eval \(whole process\): ([\d.]+ s) CPU/);
  const same = e.stdout.match(/stats max \|diff\| vs pycocotools: (\S+) \((OK|MISMATCH)\); summary lines (identical|DIFFER)/);
  rows.push({
    what: 'eval bbox: pycocotools / npm run eval (whole process CPU)',
    value: whole ? `${whole[1]}×` : e.ok ? 'pycocotools not importable' : 'failed',
    detail: e.ok || whole ? `CLI ${cli?.[1] ?? '?'} CPU (5000 images, 282k dets)${sp ? `; evaluate+accumulate+summarize in-process ${sp[1]}×` : ''}${same ? `; 12 stats max |Δ| ${same[1]} (${same[2]}), summary lines ${same[3]}` : ''}` : e.why,
  });
}

if (want('segm')) {
  const base = opt('--baseline-repo');
  const s = part('eval segm (1000 images, 46k RLE)', tsx('bench-segm.ts', '--runs', '1', '--json', ...(base ? ['--baseline', base] : [])), 600);
  if (s.ok) {
    const b = lastJson<{ engineMs: number; cliCpuS: number; pycocotools: { ratio: number; ratios: number[]; cpuS: number; maxDiff: number; linesEqual: boolean } | null; baseline: { engineMs: number } | null; baselineCli: { cpuS: number } | null }>(s.stdout);
    rows.push({ what: 'eval segm: pycocotools / npm run eval (whole process CPU)', value: b.pycocotools ? `${b.pycocotools.ratio.toFixed(1)}×` : 'pycocotools not importable', detail: `CLI ${b.cliCpuS.toFixed(2)} s CPU, engine ${(b.engineMs / 1000).toFixed(2)} s${b.pycocotools ? `; pycocotools ${b.pycocotools.cpuS.toFixed(2)} s CPU; median of ${b.pycocotools.ratios.map((r) => `${r.toFixed(1)}×`).join(', ')} (each pycocotools run against the mean of the CLI runs just before and after it); 12 stats max |Δ| ${b.pycocotools.maxDiff.toExponential(1)}, summary lines ${b.pycocotools.linesEqual ? 'identical' : 'DIFFER'}` : ''}` });
    if (b.baseline && b.baselineCli) rows.push({ what: 'eval segm: baseline / this (same run)', value: `${(b.baseline.engineMs / b.engineMs).toFixed(2)}× engine, ${(b.baselineCli.cpuS / b.cliCpuS).toFixed(2)}× CLI`, detail: `engine ${(b.baseline.engineMs / 1000).toFixed(2)} → ${(b.engineMs / 1000).toFixed(2)} s CPU; CLI ${b.baselineCli.cpuS.toFixed(2)} → ${b.cliCpuS.toFixed(2)} s CPU` });
  } else rows.push({ what: 'eval segm', value: 'failed', detail: s.why });
}

if (want('accuracy')) {
  const a = part('fast vs accurate (../shared/images)', tsx('bench-accuracy.ts', '--json'), 600);
  if (a.ok) {
    const [f, c] = lastJson<{ AP: number; APs: number; msPerImage: number; cpuSPerImage: number }[]>(a.stdout);
    rows.push({ what: 'accurate / fast: AP', value: `${(c!.AP / f!.AP).toFixed(2)}×`, detail: `AP ${f!.AP.toFixed(3)} → ${c!.AP.toFixed(3)} (target ≥ 1.15×)` });
    rows.push({ what: 'accurate / fast: APs', value: f!.APs > 0 ? `${(c!.APs / f!.APs).toFixed(2)}×` : `${f!.APs.toFixed(3)} → ${c!.APs.toFixed(3)}`, detail: `APs ${f!.APs.toFixed(3)} → ${c!.APs.toFixed(3)} (target ≥ 2×)` });
    rows.push({ what: 'accurate / fast: time per image', value: `${(c!.msPerImage / f!.msPerImage).toFixed(2)}×`, detail: `${f!.msPerImage.toFixed(0)} → ${c!.msPerImage.toFixed(0)} ms wall; ${f!.cpuSPerImage.toFixed(2)} → ${c!.cpuSPerImage.toFixed(2)} s CPU` });
  } else rows.push({ what: 'fast vs accurate', value: 'failed', detail: a.why });
}

if (want('bytes')) {
  const dist = path.join(REPO, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) rows.push({ what: 'first-visit bytes', value: 'not available', detail: 'no dist/: run npm run build first' });
  else {
    const base = opt('--baseline-dist');
    const b = part('first-visit bytes', tsx('bench-bytes.ts', '--json', ...(base ? ['--baseline', base] : [])), 600);
    if (b.ok) {
      const r = lastJson<{ after: { route: string; total: number; repeatedModelFiles: object }[]; before: { total: number }[] | null }>(b.stdout);
      r.after.forEach((a, i) => {
        const was = r.before?.[i];
        rows.push({ what: `first visit ${a.route}`, value: `${(a.total / 1e6).toFixed(2)} MB`, detail: `${was ? `before ${(was.total / 1e6).toFixed(2)} MB (${(was.total / a.total).toFixed(2)}×); ` : ''}model files fetched twice: ${Object.keys(a.repeatedModelFiles).length}` });
      });
    } else rows.push({ what: 'first-visit bytes', value: 'failed', detail: b.why });
  }
}

if (want('main-thread')) {
  const script = path.join(REPO, 'scripts', 'bench-main-thread.ts');
  if (!existsSync(script)) rows.push({ what: 'main thread (long tasks, rAF gap, FPS)', value: 'not available', detail: 'scripts/bench-main-thread.ts is not in this checkout' });
  else {
    // The baseline is measured in the same run: a built checkout (`--baseline-repo` with dist/), else the
    // commit before the worker work, extracted and built by the script. Live detection only, 15 s windows.
    const baseRepo = opt('--baseline-repo');
    const before = baseRepo && existsSync(path.join(baseRepo, 'dist', 'index.html')) ? ['--before-dir', baseRepo] : ['--before-ref', opt('--main-thread-ref') ?? '17977b7'];
    const m = part('main thread', tsx('bench-main-thread.ts', '--json', '--only', 'live', '--seconds', '15', ...before), 900);
    if (!m.ok) rows.push({ what: 'main thread', value: 'failed', detail: m.why });
    else {
      type M = { longTaskShare: number; rafMedianMs: number; rafP95Ms: number; fps: number; frames: number; backend: string };
      const j = lastJson<{ seconds: number; live: { before: M; after: M } }>(m.stdout);
      const { before: b, after: a } = j.live;
      const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
      const win = `${j.seconds} s of live detection (fake webcam, WASM); before ${before.join(' ')} (${b.backend}), after this build (${a.backend})`;
      rows.push({ what: 'main thread: long-task share, live detection', value: `${pct(b.longTaskShare)} → ${pct(a.longTaskShare)}`, detail: `${win}; goal < 10 %` });
      rows.push({ what: 'main thread: rAF gap median / p95, live detection', value: `${b.rafMedianMs.toFixed(0)} / ${b.rafP95Ms.toFixed(0)} → ${a.rafMedianMs.toFixed(0)} / ${a.rafP95Ms.toFixed(0)} ms`, detail: 'goal p95 < 50 ms' });
      rows.push({ what: 'live detection FPS: after / before (same run)', value: `${(a.fps / b.fps).toFixed(2)}×`, detail: `${b.fps.toFixed(2)} → ${a.fps.toFixed(2)} FPS (${b.frames} → ${a.frames} frames); goal ≥ 2×` });
    }
  }
}

const load = loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`\nBench table (${new Date().toISOString()}; ${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average ${load}; node ${process.version})`);
console.log('| what | ratio / value | detail |');
console.log('|---|---:|---|');
for (const r of rows) console.log(`| ${r.what} | ${r.value} | ${r.detail} |`);
