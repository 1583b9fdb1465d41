import { readFileSync } from 'node:fs';
/** Test helpers: build the URL/state ("api") and act like a user ("ui"), kept apart. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, type Worker } from '@playwright/test';
import { framesDone } from '../../scripts/lib/soak';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHARED = path.resolve(here, '../..', '..', 'shared');
export const IMAGES = path.join(SHARED, 'images');

export function liveUrl(opts: { backend?: string; lang?: string; query?: string } = {}): string {
  const search = new URLSearchParams();
  search.set('backend', opts.backend ?? 'wasm');
  if (opts.lang) search.set('lang', opts.lang);
  return `./?${search.toString()}#/detection/live${opts.query ? `?${opts.query}` : ''}`;
}

/** Fails the test on any request that leaves the app's origin. */
export function forbidExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['blob:', 'data:'].includes(u.protocol)) external.push(r.url());
  });
  return external;
}

export async function waitForModel(page: Page): Promise<void> {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
}

export async function upload(page: Page, file: string): Promise<void> {
  await page.getByTestId('image-input').setInputFiles(file);
}

export async function detectedClasses(page: Page): Promise<string[]> {
  const rows = page.getByTestId('detection-row');
  return rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-class') ?? ''));
}

/** RGBA of canvas pixels (in canvas pixels, not CSS px), read back with getImageData. */
export async function canvasPixels(page: Page, testId: string, points: readonly (readonly [number, number])[]): Promise<{ width: number; height: number; rgba: number[][] }> {
  return page.getByTestId(testId).evaluate((el, pts) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d')!;
    return { width: c.width, height: c.height, rgba: pts.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data)) };
  }, points as [number, number][]);
}

/** Canvas size in canvas pixels. */
export async function canvasSize(page: Page, testId: string): Promise<{ width: number; height: number }> {
  return page.getByTestId(testId).evaluate((el) => ({ width: (el as HTMLCanvasElement).width, height: (el as HTMLCanvasElement).height }));
}

/** Whether an RGB pixel is within `tol` of a colour (per channel). */
export function near(px: readonly number[], rgb: readonly [number, number, number], tol = 40): boolean {
  return Math.abs(px[0]! - rgb[0]) <= tol && Math.abs(px[1]! - rgb[1]) <= tol && Math.abs(px[2]! - rgb[2]) <= tol;
}

/** hsl(h s% l%) → RGB (CSS Color 4 formula), to predict a stroke colour independently of the app. */
export function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Natural size of an image file, decoded by the browser (to predict where the app fits it, by hand). */
export async function imageSize(page: Page, file: string): Promise<{ width: number; height: number }> {
  const b64 = readFileSync(file).toString('base64');
  return page.evaluate(async (data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes]));
    return { width: bmp.width, height: bmp.height };
  }, b64);
}

/**
 * The sections' routes, in order, read from the app's own list (src/app/sections.ts and each section's
 * meta.ts), so a section added later is covered by the tests that use it (importing sections.ts would make
 * the e2e type check follow the pages' lazy imports). Used by the classroom and fault-switch specs.
 */
export function appSectionPaths(): string[] {
  const src = readFileSync(path.join(here, '../../src/app/sections.ts'), 'utf8');
  const imports = new Map<string, string>();
  for (const m of src.matchAll(/import \{([^}]+)\} from '\.\.\/sections\/([^']+)';/g)) {
    for (const name of m[1]!.split(',').map((x) => x.trim())) imports.set(name, path.join(here, '../../src/sections', `${m[2]!}.ts`));
  }
  const list = src.slice(src.indexOf('export const SECTIONS'));
  const paths = [...list.matchAll(/\{ \.\.\.(\w+), Page:/g)].map(([, name]) => {
    const file = readFileSync(imports.get(name!)!, 'utf8');
    const decl = file.slice(file.indexOf(`export const ${name!} =`));
    return /path: '([^']+)'/.exec(decl)![1]!;
  });
  if (paths.length === 0) throw new Error('no sections found in src/app/sections.ts');
  return paths;
}

// ---- model workers (issue #14/#15): coco-ssd on #/detection/live, person segmentation on #/segmentation/live ----

/** The read-only diagnostics of a tfjs engine: `__cvlTf` (src/models/backend.ts), the page's `__cvlWorkerTf`. */
export interface TfDiag {
  memory: () => { numTensors: number };
  backend: () => string;
  webglContext: () => WebGLRenderingContext | null;
}

/** The backend the worker's own tfjs engine runs on (not what the page says). */
export const workerTfBackend = (w: Worker) => w.evaluate(() => (globalThis as unknown as { __cvlTf: TfDiag }).__cvlTf.backend());

/** Marks the figures the page published (`__cvlWorkerTf`), so that a test can wait for those of the next frame. */
export const markPublished = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __mark?: unknown; __cvlWorkerTf?: unknown }).__mark = (window as unknown as { __cvlWorkerTf?: unknown }).__cvlWorkerTf));
/** Whether the page published new worker figures since `markPublished`. */
export const newFigures = (page: Page) =>
  page.evaluate(() => (window as unknown as { __mark?: unknown; __cvlWorkerTf?: unknown }).__cvlWorkerTf !== (window as unknown as { __mark?: unknown }).__mark);

/**
 * A WebGL context lost mid-stream in a model worker, on a page already on WebGL with the model ready:
 * starts the webcam, loses the context of the worker's tfjs OffscreenCanvas after 3 frames (what a GPU
 * reset does), and checks that the page goes to WASM with a notice, the old worker is terminated and
 * the one now running computes on WASM, the stream goes on (5 more frames, the notice still there) and
 * the notice stays until dismissed; stops the webcam. `worker` returns the page's live model worker.
 */
export async function webglLostMidStream(page: Page, worker: (page: Page) => Promise<Worker>): Promise<void> {
  const first = await worker(page);
  expect(await workerTfBackend(first)).toBe('webgl');
  await page.getByTestId('camera-toggle').click();
  await expect.poll(() => framesDone(page), { timeout: 180_000 }).toBeGreaterThanOrEqual(3);
  // What a GPU reset does, from inside the worker: lose the context of tfjs' OffscreenCanvas.
  const lost = await first.evaluate(() => {
    const gl = (globalThis as unknown as { __cvlTf: TfDiag }).__cvlTf.webglContext();
    const ext = gl?.getExtension('WEBGL_lose_context');
    if (!gl || !ext || gl.isContextLost()) return false;
    ext.loseContext();
    return true;
  });
  expect(lost).toBe(true);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  const notice = page.getByTestId('context-lost');
  await expect(notice).toContainText('lost the WebGL context');
  // The old worker was terminated; the one running now computes on WASM.
  await expect.poll(() => page.workers().includes(first)).toBe(false);
  expect(await workerTfBackend(await worker(page))).toBe('wasm');
  // the stream goes on, on WASM: 5 more frames worked on, the notice still there
  const at = await framesDone(page);
  await expect.poll(() => framesDone(page), { timeout: 180_000 }).toBeGreaterThanOrEqual(at + 5);
  await expect(notice).toBeVisible();
  await page.getByTestId('context-lost-dismiss').click();
  await expect(notice).toHaveCount(0);
  await page.getByTestId('camera-toggle').click();
}

/** Serves the files matching `glob` damaged in transit (byte `at` XOR `mask`) until `page.unroute(glob)`. */
export async function serveDamaged(page: Page, glob: string, at = 10, mask = 0xff): Promise<void> {
  await page.route(glob, async (r) => {
    const res = await r.fetch();
    const body = Buffer.from(await res.body());
    body[at] = body[at]! ^ mask;
    await r.fulfill({ response: res, body });
  });
}

/**
 * A damaged model file (`glob`, one byte flipped in transit) on opening `url`: the model status names
 * `file` with a Retry button; once the file is served intact again, Retry loads the model.
 */
export async function damagedFileThenRetry(page: Page, url: string, glob: string, file: string): Promise<void> {
  await serveDamaged(page, glob);
  await page.goto(url);
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText(file);
  await page.unroute(glob);
  await status.getByRole('button', { name: 'Retry' }).click();
  await waitForModel(page);
}
