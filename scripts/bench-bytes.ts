/**
 * First-visit bytes per route: a production build served by a plain static server, each route opened
 * in a fresh Chromium context (empty cache, service worker blocked), every response logged until the
 * network has been quiet for a few seconds (routes with a model: until the model is ready).
 *
 *   npm run bench:bytes [-- --dist dist] [--baseline DIR_OF_ANOTHER_BUILD] [--json]
 *
 * `--baseline` measures a second build in the same run (e.g. main before a change): both columns are
 * then from the same machine, browser and moment.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { REPO } from './lib/benchUtil';

export const ROUTES = ['#/detection/live', '#/detection/metrics', '#/segmentation/basics', '#/detection/yolo'] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.woff2': 'font/woff2', '.bin': 'application/octet-stream',
};

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    let file = path.join(dir, decodeURIComponent(u.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface RouteBytes {
  readonly route: string;
  readonly total: number;
  readonly js: number;
  readonly models: number;
  readonly images: number;
  readonly other: number;
  readonly requests: number;
  /** Model/checkpoint files requested more than once (path → count). */
  readonly repeatedModelFiles: Record<string, number>;
  /** JS chunks requested (file names). */
  readonly chunks: string[];
}

const isModel = (p: string) => /\/(models|checkpoints)\//.test(p) && !p.endsWith('index.json');

async function measure(dist: string, routes: readonly string[]): Promise<RouteBytes[]> {
  const server = await serve(path.resolve(dist));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu-sandbox', '--enable-unsafe-swiftshader'] });
  const out: RouteBytes[] = [];
  try {
    for (const route of routes) {
      const ctx = await browser.newContext({ serviceWorkers: 'block' });
      const page = await ctx.newPage();
      const sizes: { path: string; bytes: number }[] = [];
      let last = Date.now();
      const pending: Promise<void>[] = [];
      page.on('request', () => { last = Date.now(); });
      page.on('response', (r) => {
        last = Date.now();
        pending.push(r.body().then((b) => { sizes.push({ path: new URL(r.url()).pathname, bytes: b.length }); }, () => undefined));
      });
      await page.goto(`http://127.0.0.1:${port}/?backend=wasm${route}`);
      const needsModel = route === '#/detection/live';
      if (needsModel) await page.locator('[data-testid="model-status"][data-state="ready"]').first().waitFor({ timeout: 240_000 }).catch(() => undefined);
      const t0 = Date.now();
      while (Date.now() - last < 5000 && Date.now() - t0 < 120_000) await page.waitForTimeout(500);
      await Promise.all(pending);
      await ctx.close();
      const counts: Record<string, number> = {};
      for (const s of sizes) if (isModel(s.path)) counts[s.path] = (counts[s.path] ?? 0) + 1;
      const sum = (f: (p: string) => boolean) => sizes.filter((s) => f(s.path)).reduce((a, s) => a + s.bytes, 0);
      const js = sum((p) => p.endsWith('.js'));
      const models = sum(isModel);
      const images = sum((p) => /\.(jpe?g|png|webp)$/i.test(p) && !isModel(p));
      const total = sum(() => true);
      out.push({
        route, total, js, models, images, other: total - js - models - images, requests: sizes.length,
        repeatedModelFiles: Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 1)),
        chunks: sizes.filter((s) => s.path.endsWith('.js')).map((s) => path.basename(s.path)).sort(),
      });
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

export async function benchBytes(dist: string, baseline?: string): Promise<{ after: RouteBytes[]; before: RouteBytes[] | null }> {
  const before = baseline ? await measure(baseline, ROUTES) : null;
  const after = await measure(dist, ROUTES);
  return { after, before };
}

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const dist = opt('--dist') ?? path.join(REPO, 'dist');
  const r = await benchBytes(dist, opt('--baseline'));
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    console.log('First-visit bytes per route (fresh context, WASM)');
    console.log(`${'route'.padEnd(24)} ${'before'.padStart(10)} ${'after'.padStart(10)}  after: js / models / images; repeated model files`);
    r.after.forEach((a, i) => {
      const b = r.before?.[i];
      console.log(`${a.route.padEnd(24)} ${(b ? mb(b.total) : '—').padStart(10)} ${mb(a.total).padStart(10)}  ${mb(a.js)} / ${mb(a.models)} / ${mb(a.images)}; ${JSON.stringify(a.repeatedModelFiles)}`);
    });
  }
}
