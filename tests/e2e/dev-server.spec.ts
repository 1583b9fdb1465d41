import path from 'node:path';
import { expect, test } from '@playwright/test';
import { detectedClasses, IMAGES, liveUrl, upload, waitForModel } from './helpers';

// coco-ssd once failed only in the dev server's pre-bundled dependencies; the build is tested elsewhere.
for (const backend of ['wasm', 'cpu'] as const) {
  test(`dev server: coco-ssd detects on ${backend}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(liveUrl({ backend }));
    await waitForModel(page);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
    expect(errors).toEqual([]);
  });
}
