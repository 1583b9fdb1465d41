/**
 * Issue #15 fault tests on the live detection page, whose coco-ssd graph runs in a Web Worker
 * (src/models/worker/): the worker's WebGL context lost mid-stream, a damaged model file then restored,
 * missing WASM binaries, and ten backend switches (tensor count). Offline navigation to a section not
 * loaded yet is in section-boundary.spec.ts. The worker is reached with `page.workers()`; inside it the
 * app's read-only `__cvlTf` (src/models/backend.ts) gives its backend, memory and WebGL context, and the
 * page publishes the worker engine's memory after each frame on `window.__cvlWorkerTf`.
 */
import path from 'node:path';
import { expect, test, type Page, type Worker } from '@playwright/test';
import {
  damagedFileThenRetry, detectedClasses, IMAGES, liveUrl, markPublished, newFigures, upload, waitForModel, webglLostMidStream, workerTfBackend, type TfDiag,
} from './helpers';

const CHELSEA = path.join(IMAGES, 'unannotated', 'skimage_chelsea.png');
const isCocoWorker = (w: Worker) => /cocoSsd\.worker/.test(w.url());
const cocoWorkers = (page: Page) => page.workers().filter(isCocoWorker);

/**
 * The live page's coco-ssd workers: exactly as many alive as the page says it runs (`data-lanes`: two on
 * WASM/CPU with two cores, one on WebGL), all of them on the same backend; returns the first.
 */
async function cocoWorker(page: Page): Promise<Worker> {
  const lanes = async () => Number((await page.getByTestId('inference-where').getAttribute('data-lanes')) ?? 0);
  await expect.poll(async () => cocoWorkers(page).length === (await lanes()) && (await lanes()) >= 1, { message: 'the pool of coco-ssd workers alive' }).toBe(true);
  const pool = cocoWorkers(page);
  const backends = await Promise.all(pool.map(workerTfBackend));
  expect(new Set(backends).size, `one backend in the pool: ${backends.join(', ')}`).toBe(1);
  return pool[0]!;
}

test('WebGL context lost mid-stream (in the worker) → WASM, the stream goes on, the notice stays until dismissed', async ({ page }) => {
  test.setTimeout(400_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(liveUrl({ backend: 'webgl', lang: 'en' }));
  await waitForModel(page);
  test.skip((await page.getByTestId('backend').getAttribute('data-backend')) !== 'webgl', 'no WebGL in this browser');
  await webglLostMidStream(page, cocoWorker);
  expect(errors).toEqual([]);
});

test('a damaged model file is named with Retry; Retry works once the file is restored', async ({ page }) => {
  await damagedFileThenRetry(page, liveUrl({ lang: 'en' }), '**/models/coco-ssd-lite_mobilenet_v2/group1-shard2of5', 'group1-shard2of5');
  await upload(page, CHELSEA);
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
});

test('WASM binaries missing → the worker runs on another backend, said on the page', async ({ page }) => {
  // Playwright's page routes also see the requests of the page's dedicated workers (checked below).
  const blocked: string[] = [];
  await page.route('**/wasm/*.wasm', (r) => {
    blocked.push(r.request().url());
    return r.fulfill({ status: 404, body: 'missing' });
  });
  await page.goto(liveUrl({ backend: 'wasm', lang: 'en' }));
  await waitForModel(page);
  // the worker asked for the binaries and got the 404s (the page's own thread never starts tfjs here)
  expect(blocked.some((u) => u.endsWith('.wasm'))).toBe(true);
  const active = await page.getByTestId('backend').getAttribute('data-backend');
  expect(['webgl', 'cpu']).toContain(active);
  expect(await workerTfBackend(await cocoWorker(page))).toBe(active);
  await expect(page.getByText(`WASM is unavailable, using ${active === 'webgl' ? 'WebGL' : 'CPU'}.`)).toBeVisible();
  await upload(page, CHELSEA);
  await expect.poll(() => detectedClasses(page), { timeout: 180_000 }).toContain('cat');
});

test('10 backend switches (WebGL ↔ WASM): one worker each time, the same tensor count on each backend every time', async ({ page }) => {
  test.setTimeout(900_000);
  const memory = () =>
    page.evaluate(() => {
      const w = window as unknown as { __cvlWorkerTf?: TfDiag; __cvlTf?: TfDiag };
      // the worker engine's figures after the latest frame; the page's own tfjs (none here: 0)
      return { worker: w.__cvlWorkerTf?.memory().numTensors ?? -1, main: w.__cvlTf?.memory().numTensors ?? 0 };
    });

  await page.goto(liveUrl({ backend: 'wasm', lang: 'en' }));
  await waitForModel(page);
  await markPublished(page);
  await upload(page, CHELSEA);
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
  await expect.poll(() => newFigures(page)).toBe(true);
  const start = await memory();
  const counts: Record<string, number[]> = { wasm: [start.worker], webgl: [] };
  const main: number[] = [start.main];
  await cocoWorker(page);
  let previous = cocoWorkers(page);
  for (let i = 0; i < 10; i++) {
    const to = i % 2 === 0 ? 'webgl' : 'wasm';
    await markPublished(page);
    await page.getByTestId('backend-select').selectOption(to);
    // the still photo is worked on again by the new worker, whose figures replace the old ones
    await expect.poll(() => newFigures(page), { timeout: 180_000 }).toBe(true);
    await expect(page.getByTestId('backend-select')).toBeEnabled({ timeout: 60_000 });
    const active = await page.getByTestId('backend').getAttribute('data-backend');
    test.skip(active !== to, `no ${to} in this browser (got ${active})`);
    await waitForModel(page);
    await expect.poll(() => detectedClasses(page), { timeout: 180_000 }).toContain('cat');
    // the previous workers (their engines, weights, GL contexts) are gone; a new pool, on the chosen backend
    await expect.poll(() => previous.some((w) => page.workers().includes(w))).toBe(false);
    expect(await workerTfBackend(await cocoWorker(page))).toBe(to);
    previous = cocoWorkers(page);
    const m = await memory();
    counts[to]!.push(m.worker);
    main.push(m.main);
  }
  console.log('worker tensors after each switch', JSON.stringify(counts), 'page tensors', JSON.stringify(main));
  expect(counts.wasm).toEqual(counts.wasm!.map(() => counts.wasm![0]));
  expect(counts.webgl).toEqual(counts.webgl!.map(() => counts.webgl![0]));
  expect(main).toEqual(main.map(() => main[0]));
});
