import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { IMAGES, liveUrl, waitForModel } from './helpers';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * One download (issue 14): a request log of a fresh visit. Each model file listed in the manifest is
 * requested exactly once (before, the files were fetched once to be hashed and again by the loader);
 * the metrics lab requests no model file until a photo is there to detect on.
 */

const doc = JSON.parse(readFileSync(path.join(REPO, 'models', 'manifest.json'), 'utf8')) as { models: { id: string; files: { path: string }[] }[]; checkpoints?: { id: string; dir: string; files: { path: string }[] }[] };

function logRequests(page: Page): string[] {
  const log: string[] = [];
  page.on('request', (r) => log.push(new URL(r.url()).pathname));
  return log;
}

function countsOf(log: readonly string[], paths: readonly string[]): number[] {
  return paths.map((p) => log.filter((u) => u.endsWith(p)).length);
}

// The graph runs in a Web Worker: the page fetches and checks the files, the worker loads those bytes
// (transferred), so each file is requested once in all (the page's and the worker's requests are both logged).
test('#/detection/live: every coco-ssd file is fetched once', async ({ page }) => {
  const log = logRequests(page);
  await page.goto(liveUrl());
  await waitForModel(page);
  const files = doc.models.find((m) => m.id === 'coco-ssd-lite_mobilenet_v2')!.files.map((f) => `/models/coco-ssd-lite_mobilenet_v2/${f.path}`);
  expect(files.length).toBeGreaterThan(1);
  expect(countsOf(log, files)).toEqual(files.map(() => 1));
});

test('#/detection/yolo: the TinyYOLO checkpoint files are fetched once', async ({ page }) => {
  const log = logRequests(page);
  await page.goto('./?backend=wasm#/detection/yolo');
  const ck = doc.checkpoints!.find((c) => c.id === 'tinyyolo')!;
  const files = ck.files.map((f) => `/${ck.dir}/${f.path}`);
  await expect.poll(() => countsOf(log, files).every((n) => n >= 1), { timeout: 120_000 }).toBe(true);
  await page.waitForTimeout(2000);
  expect(countsOf(log, files)).toEqual(files.map(() => 1));
});

test('#/detection/metrics: no model file on open; the model comes (once) with a photo', async ({ page }) => {
  const log = logRequests(page);
  await page.goto('./?backend=wasm#/detection/metrics');
  await expect(page.getByTestId('pg-board')).toBeVisible();
  await page.waitForTimeout(3000);
  const files = doc.models.find((m) => m.id === 'coco-ssd-lite_mobilenet_v2')!.files.map((f) => `/models/coco-ssd-lite_mobilenet_v2/${f.path}`);
  expect(countsOf(log, files)).toEqual(files.map(() => 0));
  await page.getByTestId('image-input').first().setInputFiles(path.join(IMAGES, '000000397133.jpg'));
  await waitForModel(page);
  expect(countsOf(log, files)).toEqual(files.map(() => 1));
});
