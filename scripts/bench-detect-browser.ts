/**
 * Detection latency in Chromium: the project's pipeline against the coco-ssd package's detect(),
 * same weights, same backend, same decoded photos, in one page. Complements scripts/bench-detect.ts
 * (Node). Runs the app's own modules inside the page through the Vite dev server, which serves every
 * source module by its path.
 *
 *   npm run bench:detect:browser [-- --backend wasm|webgl|cpu --rounds 3 --images 8]
 *
 * Needs `SAMPLES_DIR=../shared/images npm run models` (the photos are read from public/samples/).
 * The figure per pipeline is the median wall time of one call over all (image, round) samples; the
 * ratio is the median of per-sample ratios project ÷ package, which cancels slow phases of the machine.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { REPO_ROOT } from './lib/nodeTf';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    rounds: { type: 'string', default: '3' },
    images: { type: 'string', default: '12' },
    port: { type: 'string', default: '5301' },
  },
});
const backend = values.backend;
if (!['wasm', 'webgl', 'cpu'].includes(backend)) throw new Error(`--backend must be wasm, webgl or cpu, got ${backend}`);
const rounds = Number(values.rounds);
const maxImages = Number(values.images);
const port = Number(values.port);
if (!existsSync(path.join(REPO_ROOT, 'public', 'samples', 'index.json'))) {
  console.error('bench: no public/samples/index.json — run `SAMPLES_DIR=../shared/images npm run models` first');
  process.exit(1);
}

type PageResult = Awaited<ReturnType<typeof import('./lib/benchPage').runBench>>;

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`dev server did not start at ${url}`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const server = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
  cwd: REPO_ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}/`;
try {
  await waitForServer(base);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-swiftshader'],
  });
  const page = await browser.newPage();
  // The dev server compiles on first request: on a loaded machine that takes minutes.
  page.setDefaultTimeout(600_000);
  await page.goto(`${base}?lang=en#/`, { timeout: 600_000 });
  // The page imports the bench module from the dev server (no function bodies are serialised).
  const result: PageResult = await page.evaluate(
    ({ url, opts }) => import(/* @vite-ignore */ url).then((m: typeof import('./lib/benchPage')) => m.runBench(opts)),
    { url: '/scripts/lib/benchPage.ts', opts: { backend, rounds, maxImages } },
  );
  await browser.close();
  const s = result.samples;
  const mp = median(s.map((x) => x.project));
  const mk = median(s.map((x) => x.package));
  const ratio = median(s.map((x) => x.project / x.package));
  console.log(`Chromium ${result.backend.toUpperCase()}: ${result.images} images x ${rounds} rounds (${s.length} samples per pipeline)`);
  console.log('| pipeline | median ms/image | decode ms (median) | mean detections |');
  console.log('|---|---:|---:|---:|');
  console.log(`| project (0.5, 0.5, 20, per-class) | ${mp.toFixed(1)} | ${median(s.map((x) => x.decode)).toFixed(2)} | ${(s.reduce((a, x) => a + x.nProject, 0) / s.length).toFixed(2)} |`);
  console.log(`| package detect(img, 20, 0.5) | ${mk.toFixed(1)} | — | ${(s.reduce((a, x) => a + x.nPackage, 0) / s.length).toFixed(2)} |`);
  console.log(`ratio project/package (median of paired ratios): ${ratio.toFixed(3)}x (target <= 1.1x)`);
} finally {
  server.kill('SIGTERM');
}
