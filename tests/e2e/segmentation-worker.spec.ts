/**
 * #14: live person segmentation (`#/segmentation/live`) runs its graph in a Web Worker
 * (`src/models/worker/segment.worker.ts`), like coco-ssd on `#/detection/live`: the page never starts
 * (nor loads) tfjs, a mask still comes back for a photo and the webcam, each model file is fetched once
 * (the page checks the bytes, the worker loads those very bytes), ten backend switches keep the worker's
 * tensor count constant, a lost WebGL context in the worker goes to WASM with a lasting notice, and a
 * damaged file is named with Retry. The worker's figures come from `window.__cvlWorkerTf` (published
 * after each frame) and, inside the worker, from its read-only `__cvlTf`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { framesDone } from '../../scripts/lib/soak';
import { damagedFileThenRetry, IMAGES, markPublished, newFigures, upload, waitForModel, webglLostMidStream, workerTfBackend, type TfDiag } from './helpers';
import { REPO } from './playwright.config';

const ASTRONAUT = path.join(IMAGES, 'unannotated', 'skimage_astronaut.png');
const segUrl = (backend = 'wasm', query = '') => `./?backend=${backend}&lang=en#/segmentation/live${query ? `?${query}` : ''}`;
const manifest = JSON.parse(readFileSync(path.join(REPO, 'models', 'manifest.json'), 'utf8')) as { models: { id: string; files: { path: string }[] }[] };
const filesOf = (id: string) => manifest.models.find((m) => m.id === id)!.files.map((f) => `/models/${id}/${f.path}`);

const isSegWorker = (w: Worker) => /segment\.worker/.test(w.url());
const segWorkers = (page: Page) => page.workers().filter(isSegWorker);
async function segWorker(page: Page): Promise<Worker> {
  await expect.poll(() => segWorkers(page).length, { message: 'one segmentation worker alive' }).toBe(1);
  return segWorkers(page)[0]!;
}

async function personShare(page: Page): Promise<number> {
  const v = await page.getByTestId('person-share').getAttribute('data-share');
  return v ? Number(v) : NaN;
}
/** Whether the page itself ever loaded tfjs (its backend module publishes `__cvlTf` when imported). */
const pageHasTf = (page: Page) => page.evaluate(() => '__cvlTf' in window);

test('live segmentation runs in a worker: no tfjs on the page, a mask comes back for a photo and the webcam', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(segUrl());
  await waitForModel(page);
  const where = page.getByTestId('inference-where');
  await expect(where).toHaveAttribute('data-worker', '1');
  await expect(where).toHaveAttribute('data-main-backend', ''); // the page's own backend never started
  await expect(where).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('model-status')).toHaveText('Model MediaPipe Selfie (256×256) is ready (WASM).');
  expect(await workerTfBackend(await segWorker(page))).toBe('wasm');

  await upload(page, ASTRONAUT);
  await expect.poll(() => personShare(page)).toBeGreaterThan(0.4);
  expect(await personShare(page)).toBeLessThan(0.6);
  const tensors = await page.evaluate(() => (window as unknown as { __cvlWorkerTf?: TfDiag }).__cvlWorkerTf?.memory().numTensors ?? -1);
  expect(tensors).toBeGreaterThan(0); // the worker's engine holds the weights, and says so after the frame

  await page.getByTestId('camera-toggle').click();
  await expect.poll(() => framesDone(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await expect.poll(async () => Number(await page.getByTestId('fps').getAttribute('data-fps')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => personShare(page), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByTestId('camera-toggle').click();
  expect(await pageHasTf(page)).toBe(false);
  expect(errors).toEqual([]);
});

test('each person-model file is fetched once: the worker loads the bytes the page checked', async ({ page }) => {
  const log: string[] = [];
  page.on('request', (r) => log.push(new URL(r.url()).pathname)); // the page's and its workers' requests
  const counts = (files: readonly string[]) => files.map((p) => log.filter((u) => u.endsWith(p)).length);
  await page.goto(segUrl());
  await waitForModel(page);
  await upload(page, ASTRONAUT);
  await expect.poll(() => personShare(page)).toBeGreaterThan(0.4);
  const selfie = filesOf('mediapipe-selfie');
  expect(selfie.length).toBeGreaterThan(1);
  expect(counts(selfie)).toEqual(selfie.map(() => 1));
  await page.getByTestId('seg-model').selectOption('mediapipe-meet');
  await waitForModel(page);
  await expect(page.getByText('256×144 → image 512×512')).toBeVisible();
  const meet = filesOf('mediapipe-meet');
  expect(counts(meet)).toEqual(meet.map(() => 1));
  expect(counts(selfie)).toEqual(selfie.map(() => 1));
  expect(segWorkers(page).length).toBeGreaterThanOrEqual(1);
  expect(await pageHasTf(page)).toBe(false);
});

test('10 backend switches (WebGL ↔ WASM): one new worker each time, the same worker tensor count on each backend', async ({ page }) => {
  test.setTimeout(900_000);
  const memory = () =>
    page.evaluate(() => {
      const w = window as unknown as { __cvlWorkerTf?: TfDiag };
      return w.__cvlWorkerTf?.memory().numTensors ?? -1;
    });

  await page.goto(segUrl());
  await waitForModel(page);
  await markPublished(page);
  await upload(page, ASTRONAUT);
  await expect.poll(() => personShare(page)).toBeGreaterThan(0.4);
  await expect.poll(() => newFigures(page)).toBe(true);
  const start = await memory();
  expect(start).toBeGreaterThan(0);
  const counts: Record<string, number[]> = { wasm: [start], webgl: [] };
  let previous = await segWorker(page);
  for (let i = 0; i < 10; i++) {
    const to = i % 2 === 0 ? 'webgl' : 'wasm';
    await markPublished(page);
    await page.getByTestId('backend-select').selectOption(to);
    // the still photo is segmented again by the new worker, whose figures replace the old ones
    await expect.poll(() => newFigures(page), { timeout: 180_000 }).toBe(true);
    await expect(page.getByTestId('backend-select')).toBeEnabled({ timeout: 60_000 });
    const active = await page.getByTestId('backend').getAttribute('data-backend');
    test.skip(active !== to, `no ${to} in this browser (got ${active})`);
    await waitForModel(page);
    await expect.poll(() => personShare(page), { timeout: 180_000 }).toBeGreaterThan(0.4);
    // the previous worker (its engine, weights, GL context) is gone; one worker, on the chosen backend
    await expect.poll(() => page.workers().includes(previous)).toBe(false);
    previous = await segWorker(page);
    expect(await workerTfBackend(previous)).toBe(to);
    counts[to]!.push(await memory());
  }
  console.log('segmentation worker tensors after each switch', JSON.stringify(counts));
  expect(counts.wasm).toEqual(counts.wasm!.map(() => counts.wasm![0]));
  expect(counts.webgl).toEqual(counts.webgl!.map(() => counts.webgl![0]));
  expect(counts.webgl!.length).toBe(5);
  expect(await pageHasTf(page)).toBe(false);
});

test('WebGL context lost in the segmentation worker → WASM, the webcam goes on, the notice stays until dismissed', async ({ page }) => {
  test.setTimeout(400_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(segUrl('webgl'));
  await waitForModel(page);
  test.skip((await page.getByTestId('backend').getAttribute('data-backend')) !== 'webgl', 'no WebGL in this browser');
  await webglLostMidStream(page, segWorker);
  expect(await pageHasTf(page)).toBe(false);
  expect(errors).toEqual([]);
});

test('a damaged selfie file is named with Retry; Retry works once the file is restored', async ({ page }) => {
  await damagedFileThenRetry(page, segUrl(), '**/models/mediapipe-selfie/selfie.bin', 'selfie.bin');
  await upload(page, ASTRONAUT);
  await expect.poll(() => personShare(page)).toBeGreaterThan(0.4);
  await expect(page.getByTestId('inference-where')).toHaveAttribute('data-worker', '1');
});
