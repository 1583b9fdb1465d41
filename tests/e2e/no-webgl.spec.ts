/**
 * WebGL unavailable: the app falls back to WASM and says so. The browser is started without 3D APIs
 * (`--disable-3d-apis`), as on a machine without a usable GPU: no WebGL on the page nor in its
 * workers (live detection's graph runs in a Web Worker, out of reach of a page init script).
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { detectedClasses, IMAGES, liveUrl, upload, waitForModel } from './helpers';

test.use({ launchOptions: chromiumLaunchOptions(['--disable-3d-apis']) });

test('asking for WebGL where there is none falls back to WASM and says so', async ({ page }) => {
  // the flag does what it should: no WebGL context anywhere
  await page.goto('./?lang=en#/');
  expect(await page.evaluate(() => document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl'))).toBeNull();
  await page.goto(liveUrl({ backend: 'webgl', lang: 'en' }));
  await waitForModel(page);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByText('WebGL is unavailable, using WASM.')).toBeVisible();
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page)).toContain('cat');
});
