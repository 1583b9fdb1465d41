/**
 * `segm` evaluation benchmark at the issue's scale: 1000 images (640×480), ~7 polygon GT per image,
 * 46,000 compressed-RLE detections (46 per image), deterministic.
 *
 *   npm run bench:segm [-- --runs 3] [--cli-runs 3] [--py-runs 3] [--json]
 *
 * Prints the engine's stage CPU times in this process (parse, index + RLE decode, IoU, accumulate,
 * summarize) and the whole `npm run eval -- --iou-type segm` process (user + sys CPU, wall). Where
 * pycocotools imports (`python3`, then `/usr/bin/python3`, `python`; `PYCOCOTOOLS_PATH=DIR` puts a source
 * build on PYTHONPATH, see docs/BENCHMARKS.md), its whole process runs on the same files in the same run:
 * the 12 stats must agree to 1e-9 and the printed summary lines must be identical (exit 1 otherwise), and
 * the CPU ratio is printed: each pycocotools run against the mean of the CLI runs just before and after it
 * (the machine's speed drifts), median of --py-runs. Times are figures, not assertions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as engine from '../src/core/eval';
import { rleFrPoly, rleToString } from '../src/core/eval';
import { mulberry32 } from '../src/core/random';
import { findPycocotools, npmScriptCommand, runPycocotools, timedProcess, timedProcessMedian } from './lib/benchUtil';

const W = 640, H = 480;

function polygon(rnd: () => number, cx: number, cy: number, rx: number, ry: number, k: number, jitter: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < k; j++) {
    const t = (2 * Math.PI * j) / k;
    const r = 1 + (rnd() - 0.5) * jitter;
    const x = Math.min(W - 1, Math.max(0, cx + rx * r * Math.cos(t)));
    const y = Math.min(H - 1, Math.max(0, cy + ry * r * Math.sin(t)));
    out.push(Math.round(x * 100) / 100, Math.round(y * 100) / 100);
  }
  return out;
}

export function generateSegm(seed = 20250614, nImages = 1000, detsPerImage = 46): { gt: object; dt: object[] } {
  const rnd = mulberry32(seed);
  const catIds = Array.from({ length: 80 }, (_, i) => i + 1 + Math.floor(i / 10) * 2);
  const images = Array.from({ length: nImages }, (_, i) => ({ id: 1 + i * 3, width: W, height: H, file_name: `s_${i}.jpg` }));
  const annotations: object[] = [];
  const dt: object[] = [];
  let annId = 1;
  const blob = () => {
    const s = Math.exp(Math.log(8) + rnd() * (Math.log(300) - Math.log(8)));
    const ar = Math.exp((rnd() - 0.5) * 1.2);
    const rx = (s * Math.sqrt(ar)) / 2, ry = s / Math.sqrt(ar) / 2;
    return { cx: rx + rnd() * Math.max(1, W - 2 * rx), cy: ry + rnd() * Math.max(1, H - 2 * ry), rx, ry };
  };
  for (const im of images) {
    const nG = 1 + Math.floor(rnd() * 13);
    const cats = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => catIds[Math.floor(rnd() * catIds.length)]!);
    const gts: { cat: number; b: ReturnType<typeof blob> }[] = [];
    for (let g = 0; g < nG; g++) {
      const b = blob();
      const cat = cats[Math.floor(rnd() * cats.length)]!;
      const poly = polygon(rnd, b.cx, b.cy, b.rx, b.ry, 12 + Math.floor(rnd() * 20), 0.3);
      const crowd = rnd() < 0.01 ? 1 : 0;
      annotations.push({ id: annId++, image_id: im.id, category_id: cat, segmentation: [poly], area: Math.round(Math.PI * b.rx * b.ry), bbox: [b.cx - b.rx, b.cy - b.ry, 2 * b.rx, 2 * b.ry], iscrowd: crowd });
      gts.push({ cat, b });
    }
    for (let d = 0; d < detsPerImage; d++) {
      let cx: number, cy: number, rx: number, ry: number, cat: number;
      if (d < gts.length * 2 && rnd() < 0.9) {
        const g = gts[d % gts.length]!;
        const j = 0.3 * rnd();
        cx = g.b.cx + (rnd() - 0.5) * j * g.b.rx; cy = g.b.cy + (rnd() - 0.5) * j * g.b.ry;
        rx = g.b.rx * (1 + (rnd() - 0.5) * j); ry = g.b.ry * (1 + (rnd() - 0.5) * j);
        cat = rnd() < 0.9 ? g.cat : cats[Math.floor(rnd() * cats.length)]!;
      } else {
        ({ cx, cy, rx, ry } = blob());
        cat = rnd() < 0.7 ? cats[Math.floor(rnd() * cats.length)]! : catIds[Math.floor(rnd() * catIds.length)]!;
      }
      const rle = rleFrPoly(polygon(rnd, cx, cy, rx, ry, 16, 0.25), H, W);
      dt.push({ image_id: im.id, category_id: cat, segmentation: { size: [H, W], counts: rleToString(rle) }, score: Math.round(rnd() * 1000) / 1000 });
    }
  }
  return { gt: { images, categories: catIds.map((id) => ({ id, name: `c${id}` })), annotations }, dt };
}

/** CPU time of this process in ms (user + system): robust to a loaded machine, unlike wall time. */
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface SegmBench {
  readonly images: number;
  readonly detections: number;
  readonly stagesMs: Record<string, number>;
  readonly engineMs: number;
  readonly cliCpuS: number;
  /** CPU seconds of each CLI run (cliCpuS is their median). */
  readonly cliAllCpuS: number[];
  readonly cliWallS: number;
  readonly stats: number[];
  readonly pycocotools: { readonly python: string; readonly cpuS: number; readonly wallS: number; readonly ratio: number; readonly ratios: readonly number[]; readonly maxDiff: number; readonly linesEqual: boolean } | null;
  /** The same stages with another checkout's engine (`--baseline DIR`), in the same run. */
  readonly baseline: { readonly stagesMs: Record<string, number>; readonly engineMs: number } | null;
  readonly baselineCli: { readonly cpuS: number; readonly wallS: number } | null;
}

type Engine = typeof engine;

function stages(E: Engine, gtText: string, dtText: string, runs: number): { stagesMs: Record<string, number>; engineMs: number; stats: number[] } {
  const acc: Record<string, number[]> = { parse: [], index: [], evaluate: [], accumulate: [], summarize: [] };
  let stats: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = cpu();
    const g = E.parseCocoGroundTruth(gtText, 'gt.json', { iouType: 'segm' });
    const d = E.parseCocoResults(dtText, 'dt.json', { iouType: 'segm' });
    acc.parse!.push(cpu() - t); t = cpu();
    const data = E.indexData(g, d, 'segm');
    // Masks are decoded lazily: force them here so that "index" holds RLE decoding and areas.
    for (let i = 0; i < data.nDt; i++) data.dtRleBox(i);
    acc.index!.push(cpu() - t); t = cpu();
    const ev = E.cocoEvaluateIndexed(data, E.COCO_PROFILE);
    acc.evaluate!.push(cpu() - t); t = cpu();
    const am = E.cocoAccumulate(ev);
    acc.accumulate!.push(cpu() - t); t = cpu();
    stats = E.cocoSummarize(am).stats;
    acc.summarize!.push(cpu() - t);
  }
  const stagesMs = Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, median(v)]));
  return { stagesMs, engineMs: Object.values(stagesMs).reduce((a, b) => a + b, 0), stats };
}

export async function benchSegm(runs = 3, baseline?: string, cliRuns = 3, pyRuns = 3): Promise<SegmBench> {
  const { gt, dt } = generateSegm();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-segm-'));
  const gtFile = path.join(dir, 'gt.json'), dtFile = path.join(dir, 'dt.json');
  writeFileSync(gtFile, JSON.stringify(gt));
  writeFileSync(dtFile, JSON.stringify(dt));
  try {
    const gtText = readFileSync(gtFile, 'utf8'), dtText = readFileSync(dtFile, 'utf8');
    const { stagesMs, engineMs, stats } = stages(engine, gtText, dtText, runs);
    const base = baseline ? stages(await import(path.join(baseline, 'src/core/eval/index.ts')) as Engine, gtText, dtText, runs) : null;
    if (base) {
      const d = Math.max(...base.stats.map((v, i) => Math.abs(v - stats[i]!)));
      if (d > 1e-12) throw new Error(`baseline engine stats differ by ${d}`);
    }
    // The whole CLI process, as a user runs it (bundle built once beforehand): the default output, the 12
    // summary lines. A second run with --json gives the stats at full precision (not timed).
    const [node, evalCli] = npmScriptCommand('eval');
    timedProcess(node, [...evalCli, '--help']);
    const evalArgs = ['--gt', gtFile, '--dt', dtFile, '--iou-type', 'segm'];
    const cliArgs = [...evalCli, ...evalArgs];
    const cli = timedProcessMedian(node, cliArgs, cliRuns);
    if (cli.status !== 0) throw new Error(`eval CLI failed (${cli.status})`);
    const cliJson = timedProcess(node, [...cliArgs, '--json']);
    if (cliJson.status !== 0) throw new Error(`eval CLI --json failed (${cliJson.status})`);
    const cliStats = (JSON.parse(cliJson.stdout) as { stats: number[] }).stats;
    const cliDiff = Math.max(...cliStats.map((v, i) => Math.abs(v - stats[i]!)));
    if (cliDiff > 1e-12) throw new Error(`CLI stats differ from the in-process run by ${cliDiff}`);
    let pycocotools: SegmBench['pycocotools'] = null;
    const py = findPycocotools();
    // This machine's speed drifts by tens of per cent within a minute (a shared VM): each pycocotools run is
    // sandwiched between two CLI runs and compared with their mean, and the ratio is the median of those.
    const sandwiches: { py: NonNullable<ReturnType<typeof runPycocotools>>; ratio: number }[] = [];
    for (let k = 0; py && k < pyRuns; k++) {
      const before = timedProcess(node, cliArgs);
      const p = runPycocotools(py, gtFile, dtFile, 'segm');
      const after = timedProcess(node, cliArgs);
      if (!p) break;
      sandwiches.push({ py: p, ratio: p.cpuS / ((before.cpuS + after.cpuS) / 2) });
    }
    if (py && sandwiches.length > 0) {
      const p = sandwiches[0]!.py;
      const maxDiff = Math.max(...sandwiches.flatMap((w) => w.py.result.stats.map((v, i) => Math.abs(v - stats[i]!))));
      const linesEqual = sandwiches.every((w) => w.py.result.lines.length === 12 && w.py.result.lines.join('\n') === cli.stdout.replace(/\n+$/, ''));
      const ratios = sandwiches.map((w) => w.ratio);
      pycocotools = { python: py.python, cpuS: median(sandwiches.map((w) => w.py.cpuS)), wallS: p.wallS, ratio: median(ratios), ratios, maxDiff, linesEqual };
      if (!(maxDiff <= 1e-9) || !linesEqual) process.exitCode = 1;
    }
    let baselineCli: SegmBench['baselineCli'] = null;
    if (baseline) {
      const [bNode, bCli] = npmScriptCommand('eval', baseline);
      timedProcess(bNode, [...bCli, '--help']);
      const b = timedProcess(bNode, [...bCli, ...evalArgs]);
      baselineCli = { cpuS: b.cpuS, wallS: b.wallS };
    }
    return { images: 1000, detections: dt.length, stagesMs, engineMs, cliCpuS: cli.cpuS, cliAllCpuS: cli.allCpuS, cliWallS: cli.wallS, stats, pycocotools, baseline: base ? { stagesMs: base.stagesMs, engineMs: base.engineMs } : null, baselineCli };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 3) || 3;
  const bi = argv.indexOf('--baseline');
  const ci = argv.indexOf('--cli-runs');
  const pi = argv.indexOf('--py-runs');
  const b = await benchSegm(argv.includes('--runs') ? runs : 3, bi >= 0 ? path.resolve(argv[bi + 1]!) : undefined, ci >= 0 ? Math.max(1, Number(argv[ci + 1]) || 3) : 3, pi >= 0 ? Math.max(1, Number(argv[pi + 1]) || 3) : 3);
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(b)}\n`);
  else {
    console.log(`segm evaluation: ${b.images} images, ${b.detections} RLE detections (median of runs)`);
    const sec = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(3)} s`);
    console.log(`  stage (CPU)  ${'baseline'.padStart(9)} ${'this'.padStart(9)}  ratio`);
    for (const [k, v] of Object.entries(b.stagesMs)) {
      const o = b.baseline?.stagesMs[k];
      console.log(`  ${k.padEnd(11)} ${sec(o).padStart(9)} ${sec(v).padStart(9)}  ${o ? `${(o / v).toFixed(2)}×` : ''}`);
    }
    console.log(`  ${'engine'.padEnd(11)} ${sec(b.baseline?.engineMs).padStart(9)} ${sec(b.engineMs).padStart(9)}  ${b.baseline ? `${(b.baseline.engineMs / b.engineMs).toFixed(2)}×` : ''}`);
    console.log(`  CLI process ${b.cliCpuS.toFixed(2)} s CPU (user+sys; median of ${b.cliAllCpuS.map((x) => x.toFixed(2)).join(', ')}), ${b.cliWallS.toFixed(2)} s wall${b.baselineCli ? `; baseline ${b.baselineCli.cpuS.toFixed(2)} s CPU (${(b.baselineCli.cpuS / b.cliCpuS).toFixed(2)}×)` : ''}`);
    console.log(`  stats       ${b.stats.map((x) => x.toFixed(3)).join(' ')}`);
    if (b.pycocotools) console.log(`  pycocotools ${b.pycocotools.cpuS.toFixed(2)} s CPU, ${b.pycocotools.wallS.toFixed(2)} s wall (${b.pycocotools.python}, whole process, median of ${b.pycocotools.ratios.length}): ${b.pycocotools.ratio.toFixed(1)}× the CLI's CPU (each run against the mean of a CLI run just before and just after it: ${b.pycocotools.ratios.map((r) => `${r.toFixed(1)}×`).join(', ')}); max |Δstat| ${b.pycocotools.maxDiff.toExponential(1)} (${b.pycocotools.maxDiff <= 1e-9 ? 'OK' : 'MISMATCH'}); summary lines ${b.pycocotools.linesEqual ? 'identical' : 'DIFFER'}`);
    else console.log('  pycocotools not importable here (python3, /usr/bin/python3, python tried; PYCOCOTOOLS_PATH adds a folder to PYTHONPATH): no same-run ratio');
  }
}
