/**
 * Benchmark of the metrics engine on a deterministic COCO-scale data set:
 * 5000 images, 80 categories, ~36000 GT, up to 100 detections per image.
 *
 *   npm run bench:eval [-- --runs 5] [--cli-runs 3] [--keep]
 *
 * Where pycocotools imports (`python3`, then `/usr/bin/python3`, `python`; `PYCOCOTOOLS_PATH=DIR` puts a
 * source build on PYTHONPATH, see docs/BENCHMARKS.md), it runs on the same files in the same run, as a
 * whole process like `npm run eval`: its 12 stats must equal ours within 1e-9 and its printed summary
 * lines must equal the CLI's (exit code 1 otherwise); the whole-process CPU ratio and the per-stage
 * ratios are printed. Times are figures, not assertions.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  COCO_PROFILE, VOC07_PROFILE, cocoAccumulate, stableOrderByScoreDesc, cocoEvaluateIndexed, cocoSummarize, indexData, parseCocoGroundTruth,
  parseCocoResults, vocEvaluateIndexed,
} from '../src/core/eval';
import { mulberry32 } from '../src/core/random';
import { findPycocotools, npmScriptCommand, runPycocotools, timedProcess, timedProcessMedian } from './lib/benchUtil';

// ---------------------------------------------------------------- deterministic data

interface Generated { gt: object; dt: object[]; nGt: number }

function generate(seed = 20240601): Generated {
  const rnd = mulberry32(seed);
  const N_IMG = 5000, N_CAT = 80, W = 640, H = 480;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const images = Array.from({ length: N_IMG }, (_, i) => ({ id: 100000 + i * 7, width: W, height: H, file_name: `bench_${i}.jpg` }));
  // COCO-like non-contiguous category ids
  const catIds = Array.from({ length: N_CAT }, (_, i) => i + 1 + Math.floor(i / 10) * 2);
  const categories = catIds.map((id) => ({ id, name: `class_${id}`, supercategory: 'thing' }));
  const annotations: object[] = [];
  const dt: object[] = [];
  let annId = 1;
  const randBox = (): [number, number, number, number] => {
    const s = Math.exp(Math.log(6) + rnd() * (Math.log(420) - Math.log(6)));
    const ar = Math.exp((rnd() - 0.5) * 1.4);
    const w = Math.min(W - 1, s * Math.sqrt(ar)), h = Math.min(H - 1, s / Math.sqrt(ar));
    return [r2(rnd() * (W - w)), r2(rnd() * (H - h)), r2(w), r2(h)];
  };
  for (const im of images) {
    const nG = 1 + Math.floor(rnd() * 13.4); // mean ~7.2
    const nCatsHere = 1 + Math.floor(rnd() * 4);
    const cats = Array.from({ length: nCatsHere }, () => catIds[Math.floor(rnd() * N_CAT)]!);
    const dets: { image_id: number; category_id: number; bbox: number[]; score: number }[] = [];
    for (let g = 0; g < nG; g++) {
      const b = randBox();
      const cat = cats[Math.floor(rnd() * cats.length)]!;
      const crowd = rnd() < 0.01 ? 1 : 0;
      annotations.push({ id: annId++, image_id: im.id, category_id: cat, bbox: b, area: r2(b[2] * b[3] * (0.45 + 0.55 * rnd())), iscrowd: crowd });
      const nd = rnd() < 0.85 ? 1 + Math.floor(rnd() * 3) : 0;
      for (let d = 0; d < nd; d++) {
        const j = 0.25 * rnd();
        const bb = [r2(b[0] + (rnd() - 0.5) * j * b[2]), r2(b[1] + (rnd() - 0.5) * j * b[3]), r2(b[2] * (1 + (rnd() - 0.5) * j)), r2(b[3] * (1 + (rnd() - 0.5) * j))];
        const c = rnd() < 0.9 ? cat : cats[Math.floor(rnd() * cats.length)]!;
        dets.push({ image_id: im.id, category_id: c, bbox: bb, score: Math.round((0.3 + 0.7 * rnd()) * 1000) / 1000 });
      }
    }
    const target = Math.min(100, dets.length + Math.floor(rnd() * 90));
    while (dets.length < target) {
      const c = rnd() < 0.7 ? cats[Math.floor(rnd() * cats.length)]! : catIds[Math.floor(rnd() * N_CAT)]!;
      dets.push({ image_id: im.id, category_id: c, bbox: randBox(), score: Math.round(rnd() * 0.6 * 1000) / 1000 });
    }
    dt.push(...dets.slice(0, 100));
  }
  return { gt: { info: { description: 'bench-eval synthetic COCO-scale set' }, images, categories, annotations }, dt, nGt: annotations.length };
}

// ---------------------------------------------------------------- timing helpers
/** CPU time of this process in ms (user + system): robust to a loaded machine, unlike wall time. */
const now = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

function main(): void {
  const argv = process.argv.slice(2);
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Math.max(1, Number(argv[runsArg + 1]) || 5) : 5;
  const keep = argv.includes('--keep');
  const cliArg = argv.indexOf('--cli-runs');
  const cliRuns = cliArg >= 0 ? Math.max(1, Number(argv[cliArg + 1]) || 3) : 3;

  let t = now();
  const g = generate();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-eval-'));
  const gtFile = path.join(dir, 'gt.json'), dtFile = path.join(dir, 'dt.json');
  writeFileSync(gtFile, JSON.stringify(g.gt));
  writeFileSync(dtFile, JSON.stringify(g.dt));
  console.log(`data: 5000 images, 80 categories, ${g.nGt} GT, ${g.dt.length} detections -> ${dir} (${fmt(now() - t)})`);

  const gtText = readFileSync(gtFile, 'utf8'), dtText = readFileSync(dtFile, 'utf8');
  const tParse: number[] = [], tIndex: number[] = [], tEval: number[] = [], tAcc: number[] = [], tSum: number[] = [], tVoc: number[] = [];
  let stats: number[] = [];
  for (let r = 0; r < runs; r++) {
    t = now();
    const gt = parseCocoGroundTruth(gtText, gtFile);
    const dt = parseCocoResults(dtText, dtFile);
    tParse.push(now() - t);
    t = now();
    const data = indexData(gt, dt, 'bbox');
    tIndex.push(now() - t);
    t = now();
    const ev = cocoEvaluateIndexed(data, COCO_PROFILE);
    tEval.push(now() - t);
    t = now();
    const acc = cocoAccumulate(ev);
    tAcc.push(now() - t);
    t = now();
    stats = cocoSummarize(acc).stats;
    tSum.push(now() - t);
    t = now();
    vocEvaluateIndexed(data, VOC07_PROFILE);
    tVoc.push(now() - t);
  }
  // The score order accumulate() needs per category: the comparator sort it used before vs the
  // typed-array + counting sort it uses now (same order, checked), on this run's data.
  {
    const ev = cocoEvaluateIndexed(indexData(parseCocoGroundTruth(gtText, gtFile), parseCocoResults(dtText, dtFile), 'bbox'), COCO_PROFILE);
    const K = ev.data.nCat, nImg = ev.data.nImg;
    const tCmp: number[] = [], tNew: number[] = [];
    for (let r = 0; r < runs; r++) {
      let t0 = now();
      const cmp: Int32Array[] = [];
      for (let k = 0; k < K; k++) {
        const cs = ev.dtGroupStart[k * nImg]!, n = ev.dtGroupStart[(k + 1) * nImg]! - cs;
        const ord = new Int32Array(n);
        for (let j = 0; j < n; j++) ord[j] = cs + j;
        cmp.push(ord.sort((x, y) => (ev.dtScore[y]! - ev.dtScore[x]!) || (x - y)));
      }
      tCmp.push(now() - t0);
      t0 = now();
      const fast: Int32Array[] = [];
      for (let k = 0; k < K; k++) {
        const cs = ev.dtGroupStart[k * nImg]!;
        fast.push(stableOrderByScoreDesc(ev.dtScore, cs, ev.dtGroupStart[(k + 1) * nImg]! - cs));
      }
      tNew.push(now() - t0);
      if (fast.some((o, k) => o.some((v, j) => v !== cmp[k]![j]))) throw new Error('score order differs from the comparator sort');
    }
    console.log(`accumulate's score order: comparator sort ${fmt(median(tCmp))} vs typed+counting sort ${fmt(median(tNew))} (${(median(tCmp) / median(tNew)).toFixed(1)}x, identical order)`);
  }
  const engine = median(tIndex) + median(tEval) + median(tAcc) + median(tSum);
  console.log(`engine, CPU time (median of ${runs}): parse+validate ${fmt(median(tParse))} | index ${fmt(median(tIndex))} | evaluate ${fmt(median(tEval))} | accumulate ${fmt(median(tAcc))} | summarize ${fmt(median(tSum))} | VOC07 ${fmt(median(tVoc))}`);
  console.log(`engine total (index+evaluate+accumulate+summarize): ${fmt(engine)}; with parsing: ${fmt(engine + median(tParse))}`);
  console.log(`stats: ${JSON.stringify(stats)}`);

  // The whole `npm run eval` process (plain node on the bundle, built once beforehand), default output.
  const [node, evalCli] = npmScriptCommand('eval');
  timedProcess(node, [...evalCli, '--help']);
  const cli = timedProcessMedian(node, [...evalCli, '--gt', gtFile, '--dt', dtFile], cliRuns);
  if (cli.status !== 0) throw new Error(`eval CLI failed (${cli.status})`);
  console.log(`npm run eval (whole process): ${cli.cpuS.toFixed(2)} s CPU (user+sys; median of ${cliRuns} runs: ${cli.allCpuS.map((x) => x.toFixed(2)).join(', ')}), ${cli.wallS.toFixed(2)} s wall`);
  const py = findPycocotools();
  let failed = false;
  if (py === null) {
    console.log('pycocotools: not importable here (python3, /usr/bin/python3, python tried; PYCOCOTOOLS_PATH adds a folder to PYTHONPATH); comparison skipped');
  } else {
    const run = runPycocotools(py, gtFile, dtFile, 'bbox');
    if (run === null) failed = true;
    else {
      const res = run.result;
      const maxDiff = Math.max(...res.stats.map((v, i) => Math.abs(v - stats[i]!)));
      const linesEqual = res.lines.length === 12 && res.lines.join('\n') === cli.stdout.replace(/\n+$/, '');
      const pyTotal = (res.evaluate + res.accumulate + res.summarize) * 1000;
      console.log(`pycocotools (${py.python}, whole process ${run.cpuS.toFixed(2)} s CPU, ${run.wallS.toFixed(2)} s wall): load ${res.load.toFixed(3)} s | evaluate ${res.evaluate.toFixed(3)} s | accumulate ${res.accumulate.toFixed(3)} s | summarize ${res.summarize.toFixed(3)} s`);
      console.log(`stats max |diff| vs pycocotools: ${maxDiff.toExponential(2)} (${maxDiff <= 1e-9 ? 'OK' : 'MISMATCH'}); summary lines ${linesEqual ? 'identical' : 'DIFFER'}`);
      console.log(`whole process: pycocotools / npm run eval = ${(run.cpuS / cli.cpuS).toFixed(1)}x CPU`);
      console.log(`speed-up (stage CPU, in-process): evaluate+accumulate+summarize ${(pyTotal / engine).toFixed(1)}x; evaluate ${(res.evaluate * 1000 / (median(tIndex) + median(tEval))).toFixed(1)}x; accumulate ${(res.accumulate * 1000 / median(tAcc)).toFixed(1)}x; including our JSON parsing vs their loading ${(((res.load * 1000) + pyTotal) / (engine + median(tParse))).toFixed(1)}x`);
      if (!(maxDiff <= 1e-9) || !linesEqual) { failed = true; console.log(`pycocotools stats: ${JSON.stringify(res.stats)}`); }
    }
  }
  if (!keep) rmSync(dir, { recursive: true, force: true });
  if (failed) process.exitCode = 1;
}

main();
