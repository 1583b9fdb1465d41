/** WebGL unavailable: the app falls back to WASM and says so. */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { detectedClasses, IMAGES, liveUrl, upload, waitForModel } from './helpers';

test('asking for WebGL where there is none falls back to WASM and says so', async ({ page }) => {
  // As on a machine without a usable GPU: every WebGL context request fails.
  await page.addInitScript(() => {
    for (const proto of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype] as const) {
      const original = proto.getContext as (this: unknown, id: string, ...rest: unknown[]) => unknown;
      Object.defineProperty(proto, 'getContext', {
        value: function (this: unknown, id: string, ...rest: unknown[]) {
          return id.startsWith('webgl') || id === 'experimental-webgl' ? null : original.call(this, id, ...rest);
        },
      });
    }
  });
  await page.goto(liveUrl({ backend: 'webgl', lang: 'en' }));
  await waitForModel(page);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByText('WebGL is unavailable, using WASM.')).toBeVisible();
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page)).toContain('cat');
});
