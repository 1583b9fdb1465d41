/**
 * Detection latency: the project's pipeline (CocoSsdAdapter.run = graph + the project's NMS from
 * src/core/nms.ts) against the @tensorflow-models/coco-ssd package's own detect(), same weights, same
 * backend (tfjs WASM in Node), same decoded photos, in one process.
 *
 *   npm run bench:detect [-- --rounds 5 --warmup 1 --images DIR]
 *
 * Pipelines:
 * - project/app:  adapter.run() with the app's defaults (score 0.5, IoU 0.5, max 20, per-class NMS);
 * - project/eval: adapter.run() with the evaluation settings (score 0.01, IoU 0.6, max 100, per-class);
 * - project/app, graph as converted: the same on the graph without operator fusion (src/models/graphFusion.ts);
 * - package:      detectWithPackage(img, 20, 0.5), i.e. the package's detect(img, 20, 0.5), on the graph as
 *                 converted (as the package loads it by itself).
 *
 * Fairness: every image is decoded to a tensor once, before timing (decoding is not measured); all
 * pipelines run first over every image `--warmup` times; then, for `--rounds` rounds, each image goes
 * through the four pipelines back to back, the order rotated from one call to the next so that none
 * is always first. The figure is the median over all (image, round) samples of the wall time of one
 * call (graph execution, reading the outputs back, post-processing). The ratio is the median of the
 * per-sample ratios project/package (same image, same round), which cancels slow phases of the
 * machine. For the project, run()'s own split is reported too: runRaw (graph + read-back) and decode
 * (the project's post-processing).
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { CocoSsdAdapter, COCO_SSD_ID, DEFAULT_DETECT_OPTIONS, type DetectOptions } from '../src/models/cocoSsd';
import * as nodeTf from './lib/nodeTf';
import type { RgbaPixels } from '../src/models/types';

const EVAL_OPTIONS: DetectOptions = { scoreThreshold: 0.01, iouThreshold: 0.6, maxDetections: 100, classAgnostic: false };
const TARGET_RATIO = 1.1;

interface Sample {
  readonly ms: number;
  readonly inferMs: number;
  readonly decodeMs: number;
  readonly detections: number;
}

interface Pipeline {
  readonly name: string;
  readonly settings: string;
  readonly run: (img: RgbaPixels) => Promise<Sample>;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function fail(msg: string): never {
  process.stderr.write(`error: ${msg}\nUsage: npm run bench:detect [-- --rounds N (default 5)] [--warmup N (default 1)] [--images DIR]\n`);
  process.exit(2);
}

function positiveInt(name: string, raw: string, min: number): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > 1000) fail(`--${name} must be an integer in [${min}, 1000], got "${raw}"`);
  return v;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      strict: true,
      options: {
        rounds: { type: 'string', default: '5' },
        warmup: { type: 'string', default: '1' },
        images: { type: 'string', default: path.join(nodeTf.SHARED_DIR, 'images') },
      },
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const rounds = positiveInt('rounds', values.rounds, 1);
  const warmup = positiveInt('warmup', values.warmup, 0);
  const dir = path.resolve(values.images);

  const isImage = (n: string) => /\.(?:jpe?g|png)$/i.test(n);
  const sorted = (xs: string[]) => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let files: string[];
  try {
    files = [
      ...sorted(readdirSync(dir).filter(isImage)).map((n) => path.join(dir, n)),
      ...sorted(readdirSync(path.join(dir, 'unannotated')).filter(isImage)).map((n) => path.join(dir, 'unannotated', n)),
    ];
  } catch (e) {
    fail(`cannot list ${dir} and ${dir}/unannotated: ${e instanceof Error ? e.message : String(e)}`);
  }

  await nodeTf.useWasm();
  const adapter = new CocoSsdAdapter(nodeTf.modelFileUrl(COCO_SSD_ID));
  await adapter.load();
  // The graph exactly as converted (no operator fusion), as the package loads it by itself.
  const asConverted = new CocoSsdAdapter(nodeTf.modelFileUrl(COCO_SSD_ID), undefined, 'as-converted');
  await asConverted.load();
  const images: RgbaPixels[] = [];
  for (const f of files) images.push(await nodeTf.loadImagePixels(f));

  const project = (options: DetectOptions, a = adapter) => async (img: RgbaPixels): Promise<Sample> => {
    const t0 = performance.now();
    const { result, timings } = await a.run(img, options);
    return { ms: performance.now() - t0, inferMs: timings.inferMs, decodeMs: timings.decodeMs, detections: result.length };
  };
  const describe = (o: DetectOptions) =>
    `score ${o.scoreThreshold}, IoU ${o.iouThreshold}, max ${o.maxDetections}, ${o.classAgnostic ? 'agnostic' : 'per-class'}`;
  const pipelines: Pipeline[] = [
    { name: 'project/app', settings: describe(DEFAULT_DETECT_OPTIONS), run: project(DEFAULT_DETECT_OPTIONS) },
    { name: 'project/eval', settings: describe(EVAL_OPTIONS), run: project(EVAL_OPTIONS) },
    { name: 'project/app, graph as converted', settings: `${describe(DEFAULT_DETECT_OPTIONS)}; no operator fusion`, run: project(DEFAULT_DETECT_OPTIONS, asConverted) },
    {
      name: 'package',
      settings: 'detect(img, 20, 0.5): agnostic NMS, IoU 0.5; graph as converted',
      run: async (img) => {
        const t0 = performance.now();
        const { result } = await asConverted.detectWithPackage(img, 20, 0.5);
        const ms = performance.now() - t0;
        return { ms, inferMs: NaN, decodeMs: NaN, detections: result.length };
      },
    },
  ];

  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  process.stderr.write(
    `bench:detect — ${images.length} images (${dir}), backend ${tf.getBackend()}, Node ${process.version}, ` +
      `${os.cpus().length} cores (${cpu}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n` +
      `warm-up ${warmup} pass(es), ${rounds} round(s), pipelines interleaved per image\n`,
  );

  for (let w = 0; w < warmup; w++) for (const img of images) for (const p of pipelines) await p.run(img);

  // samples[pipeline][round * images + image]
  const samples: Sample[][] = pipelines.map(() => []);
  let call = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < images.length; i++) {
      const slot: (Sample | undefined)[] = [];
      for (let k = 0; k < pipelines.length; k++) {
        const p = (k + call) % pipelines.length;
        slot[p] = await pipelines[p]!.run(images[i]!);
      }
      call++;
      slot.forEach((s, p) => samples[p]!.push(s!));
    }
    process.stderr.write(`  round ${r + 1}/${rounds} done\n`);
  }

  const pkg = samples[pipelines.length - 1]!;
  const fmt = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  const rows = pipelines.map((p, k) => {
    const s = samples[k]!;
    const ratios = s.map((x, j) => x.ms / pkg[j]!.ms);
    return {
      name: p.name,
      settings: p.settings,
      median: median(s.map((x) => x.ms)),
      p90: quantile(s.map((x) => x.ms), 0.9),
      runRaw: median(s.map((x) => x.inferMs)),
      decode: median(s.map((x) => x.decodeMs)),
      decodeMax: Math.max(...s.map((x) => x.decodeMs)),
      ratio: median(ratios),
      dets: mean(s.slice(0, images.length).map((x) => x.detections)),
    };
  });

  const out: string[] = [];
  out.push('');
  out.push('| pipeline | settings | median ms/image | p90 ms | runRaw ms (median) | decode ms (median / max) | ratio vs package (median of paired) | mean detections/image |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    out.push(
      `| ${r.name} | ${r.settings} | ${fmt(r.median)} | ${fmt(r.p90)} | ${fmt(r.runRaw)} | ${fmt(r.decode, 2)} / ${fmt(r.decodeMax, 2)} | ${fmt(r.ratio, 3)}× | ${fmt(r.dets, 2)} |`,
    );
  }
  const app = rows[0]!;
  const plain = rows[2]!;
  const pk = rows[rows.length - 1]!;
  out.push('');
  out.push(
    `ratio of the medians, project/app ÷ package: ${fmt(app.median / pk.median, 3)}×; ` +
      `paired median: ${fmt(app.ratio, 3)}× — target ≤ ${TARGET_RATIO}×: ${app.ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'}`,
  );
  out.push(
    `package time minus the project's runRaw (≈ the package's own post-processing): ${fmt(pk.median - app.runRaw, 2)} ms; ` +
      `project/app decode: ${fmt(app.decode, 2)} ms, project/eval decode: ${fmt(rows[1]!.decode, 2)} ms`,
  );
  const fusion = median(samples[0]!.map((x, j) => samples[2]![j]!.inferMs / x.inferMs));
  out.push(`operator fusion: graph as converted ÷ fused, runRaw, paired median: ${fmt(fusion, 3)}× (${fmt(plain.runRaw)} → ${fmt(app.runRaw)} ms)`);
  process.stdout.write(`${out.join('\n')}\n`);

  adapter.dispose();
  asConverted.dispose();
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
