/**
 * 1000 fake-webcam frames per live page (detection, person segmentation, instance segmentation) in
 * Debian's Chromium on the production build: tfjs tensors and bytes (WASM heap, or GPU bytes on WebGL)
 * and the JS heap, printed every 100 frames, then the growth over the run. Issue #15's soak.
 *
 *   npm run build && npm run bench:soak [-- --frames 1000 --backend wasm|webgl --port 5302 --pages detection,... --dist dist]
 *
 * `--dist`: the build folder to serve (default dist): a copy keeps a long soak on one build while `npm run build` runs again.
 *
 * `--pages`: only the live pages whose name or route (without `#/`) starts with one of the given words, e.g.
 * `detection,segmentation,instance` (default: all of them).
 * Live detection runs its graph in a Web Worker: its figures are that worker engine's (`__cvlWorkerTf`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { LIVE_PAGES, soak } from './lib/soak';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({ options: { frames: { type: 'string', default: '1000' }, backend: { type: 'string', default: 'wasm' }, port: { type: 'string', default: '5302' }, pages: { type: 'string', default: '' }, dist: { type: 'string', default: 'dist' } } });
const wanted = values.pages.split(',').map((w) => w.trim()).filter((w) => w !== '');
const pages = LIVE_PAGES.filter((p) => wanted.length === 0 || wanted.some((w) => p.name.split(' ').some((word) => word.startsWith(w)) || p.route.slice(2).startsWith(w)));
if (pages.length === 0) throw new Error(`--pages ${values.pages}: none of ${LIVE_PAGES.map((p) => p.name).join(', ')}`);
const frames = Number(values.frames);
const port = Number(values.port);
const server = spawn(process.execPath, [path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', values.dist], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
const mb = (b: number) => (b / 2 ** 20).toFixed(1);

async function main(): Promise<number> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {
      if (i > 120) throw new Error('vite preview did not start (run `npm run build` first)');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${path.resolve(REPO, '..', 'shared', 'images', 'webcam-test.y4m')}`, '--enable-unsafe-swiftshader'],
  });
  let failed = 0;
  try {
    for (const live of pages) {
      const ctx = await browser.newContext({ baseURL: `http://127.0.0.1:${port}/`, serviceWorkers: 'block' });
      const page = await ctx.newPage();
      console.log(`\n## ${live.name} (${live.route}), ${values.backend}, ${frames} frames`);
      console.log('frames  tensors  tf MB  GPU MB  heap MB');
      const t0 = Date.now();
      const run = await soak(page, live.route, {
        frames, every: 100, warmup: 10, backend: values.backend, timeoutMs: 3_600_000,
        onSample: (s) => console.log(`${String(s.frames).padStart(6)}  ${String(s.numTensors).padStart(7)}  ${mb(s.numBytes).padStart(5)}  ${s.gpuBytes === null ? '    —' : mb(s.gpuBytes).padStart(6)}  ${mb(s.heap).padStart(7)}`),
      });
      const first = run.samples[0]!, last = run.samples[run.samples.length - 1]!;
      const ok = run.samples.every((s) => s.numTensors === first.numTensors) && last.numBytes <= first.numBytes;
      if (!ok) failed++;
      console.log(`tensors ${first.numTensors} → ${last.numTensors} (${ok ? 'constant' : 'GROWING'}); tf bytes ${mb(first.numBytes)} → ${mb(last.numBytes)} MB; heap after GC ${mb(run.heapAfterGc.start)} → ${mb(run.heapAfterGc.end)} MB (${(run.heapAfterGc.end / run.heapAfterGc.start).toFixed(2)}×); ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await ctx.close();
    }
  } finally {
    await browser.close();
  }
  return failed;
}

main().then(
  (failed) => {
    server.kill();
    process.exit(failed > 0 ? 1 : 0);
  },
  (e: unknown) => {
    console.error(e);
    server.kill();
    process.exit(1);
  },
);
