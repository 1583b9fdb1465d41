/**
 * WebGL unavailable: the app falls back to WASM and says so. The browser is started as on a machine
 * without a usable GPU and without a software rasteriser (`--disable-gpu --disable-software-rasterizer`):
 * no WebGL on the page nor on a worker's OffscreenCanvas (live detection's graph runs in a Web Worker,
 * out of reach of a page init script; `--disable-3d-apis` alone leaves OffscreenCanvas WebGL on).
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { detectedClasses, IMAGES, liveUrl, upload, waitForModel } from './helpers';

test.use({ launchOptions: chromiumLaunchOptions(['--disable-gpu', '--disable-software-rasterizer']) });

test('asking for WebGL where there is none falls back to WASM and says so', async ({ page }) => {
  // the flags do what they should: no WebGL context on the page nor in a worker
  await page.goto('./?lang=en#/');
  expect(await page.evaluate(() => document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl'))).toBeNull();
  expect(await page.evaluate(() => new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl'))).toBeNull();
  await page.goto(liveUrl({ backend: 'webgl', lang: 'en' }));
  await waitForModel(page);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByText('WebGL is unavailable, using WASM.')).toBeVisible();
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page)).toContain('cat');
});
