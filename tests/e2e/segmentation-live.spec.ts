import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { forbidExternalRequests, IMAGES, upload } from './helpers';

function segUrl(query = ''): string {
  return `./?backend=wasm&lang=en#/segmentation/live${query ? `?${query}` : ''}`;
}

async function waitForSegModel(page: Page): Promise<void> {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
}

async function personShare(page: Page): Promise<number> {
  const v = await page.getByTestId('person-share').getAttribute('data-share');
  return v ? Number(v) : NaN;
}

test.describe('live person segmentation (WASM)', () => {
  test('upload the astronaut → a person mask with a plausible share; threshold and views live in the URL', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(segUrl());
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Person segmentation on your photo and webcam');
    await waitForSegModel(page);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_astronaut.png'));
    await expect.poll(() => personShare(page)).toBeGreaterThan(0.4);
    expect(await personShare(page)).toBeLessThan(0.6);
    await expect(page.getByTestId('seg-canvas')).toHaveAttribute('aria-label', /skimage_astronaut\.png.*%/);
    await expect(page.getByTestId('class-share-row')).toHaveCount(2);

    // A higher threshold never adds person pixels, and it is kept in the URL.
    const before = await personShare(page);
    await page.getByTestId('threshold-slider').fill('0.9');
    await expect(page).toHaveURL(/threshold=0\.9/);
    await expect.poll(() => personShare(page)).toBeLessThanOrEqual(before);

    for (const view of ['mask', 'blur', 'cutout'] as const) {
      await page.getByTestId(`view-${view}`).check();
      await expect(page).toHaveURL(new RegExp(`view=${view}`));
    }
    await expect(page.getByTestId('blur-slider')).toHaveCount(0);
    await page.getByTestId('view-blur').check();
    await page.getByTestId('blur-slider').fill('25');
    await expect(page).toHaveURL(/blur=25/);

    // The Meet model from the select: also a person, on its own 256x144 grid.
    await page.getByTestId('seg-model').selectOption('mediapipe-meet');
    await expect(page).toHaveURL(/model=mediapipe-meet/);
    await waitForSegModel(page);
    await expect.poll(() => personShare(page)).toBeGreaterThan(0);
    await expect(page.getByText('256×144 → image 512×512')).toBeVisible();
    expect(external).toEqual([]);
  });

  test('webcam (fake camera) → a mask, a person share > 0 and an FPS figure', async ({ page }) => {
    await page.goto(segUrl());
    await waitForSegModel(page);
    await page.getByTestId('camera-toggle').click();
    await expect(page.getByTestId('fps')).toBeVisible();
    await expect.poll(async () => Number(await page.getByTestId('fps').getAttribute('data-fps')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => personShare(page), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('latency')).toContainText('ms per frame');
    await page.getByTestId('camera-toggle').click();
  });

  test('DeepLab weights absent: a clear message naming the folder; the rest of the page works', async ({ page }) => {
    await page.goto(segUrl('model=deeplab-pascal'));
    const missing = page.getByTestId('deeplab-missing');
    await expect(missing).toBeVisible();
    await expect(missing).toContainText('public/models/deeplab-pascal/model.json');
    // set-up paths and commands are in README, not in the students' text (#13, problem 10)
    await expect(page.getByTestId('deeplab-absent')).not.toContainText('public/models');
    await expect(page.getByTestId('deeplab-absent')).not.toContainText('npm run');
    await expect(page.getByTestId('deeplab-absent')).toContainText('README');
    await expect(page.getByTestId('deeplab-absent')).toContainText('cannot be downloaded offline');
    // Back to a person model: it loads and segments.
    await page.getByTestId('seg-model').selectOption('mediapipe-selfie');
    await waitForSegModel(page);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_astronaut.png'));
    await expect.poll(() => personShare(page)).toBeGreaterThan(0.3);
    await expect(page.getByTestId('deeplab-missing')).toHaveCount(0);
  });

  test('the honest-limits demo: the selfie model calls the cat a person', async ({ page }) => {
    await page.goto(segUrl());
    await waitForSegModel(page);
    await page.getByTestId('try-skimage_chelsea.png').click();
    await expect(page.getByTestId('seg-canvas')).toHaveAttribute('aria-label', /skimage_chelsea\.png/);
    await expect.poll(() => personShare(page)).toBeGreaterThan(0.5);
  });

  test('in Russian by default', async ({ page }) => {
    await page.goto('./?backend=wasm#/segmentation/live');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сегментация человека на вашем фото и веб-камере');
    await expect(page.getByTestId('deeplab-absent')).toContainText('без интернета');
  });
});
