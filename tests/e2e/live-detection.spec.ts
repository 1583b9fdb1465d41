import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { detectedClasses, forbidExternalRequests, IMAGES, liveUrl, upload, waitForModel } from './helpers';

test.describe('live detection (WASM)', () => {
  test('upload a photo → detection rows; sliders re-filter; URL keeps the preset', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(liveUrl({ lang: 'en' }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('A detector on your photo and webcam');
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
    await waitForModel(page);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    await expect(page.getByTestId('detection-row').first()).toBeVisible();
    expect(await detectedClasses(page)).toContain('cat');
    await expect(page.getByTestId('overlay')).toHaveAttribute('aria-label', /cat/);

    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await expect.poll(() => detectedClasses(page)).toContain('person');
    const before = await page.getByTestId('detection-row').count();
    // A lower score threshold can only add detections; it lands in the URL.
    await page.getByTestId('score-slider').fill('0.2');
    await expect(page).toHaveURL(/score=0\.2/);
    await expect.poll(() => page.getByTestId('detection-row').count()).toBeGreaterThan(before);
    await page.getByTestId('score-slider').fill('0.99');
    await expect.poll(() => page.getByTestId('detection-row').count()).toBeLessThan(before + 1);
    expect(external).toEqual([]);
  });

  test('the package reference mode and class-agnostic NMS both run', async ({ page }) => {
    await page.goto(liveUrl({ query: 'post=package&score=0.4' }));
    await waitForModel(page);
    await expect(page.getByTestId('post-package')).toBeChecked();
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_coffee.png'));
    await expect.poll(() => detectedClasses(page)).toContain('cup');
    await page.getByTestId('post-project').check();
    await page.getByTestId('agnostic').check();
    await expect(page).toHaveURL(/agnostic=1/);
    await expect.poll(() => detectedClasses(page)).toContain('cup');
  });

  test('exports COCO results JSON with official ids', async ({ page }) => {
    await page.goto(liveUrl());
    await waitForModel(page);
    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await expect(page.getByTestId('detection-row').first()).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const json = JSON.parse(await readFile(await download.path(), 'utf8')) as unknown[];
    expect(json.length).toBe(await page.getByTestId('detection-row').count());
    expect(json[0]).toMatchObject({ image_id: 397133, category_id: 1 });
    const first = json[0] as { bbox: number[]; score: number };
    expect(first.bbox).toHaveLength(4);
    expect(first.score).toBeGreaterThan(0.5);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const bytes = await readFile(await png.path());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  test('webcam (fake camera) → detections and an FPS figure', async ({ page }) => {
    await page.goto(liveUrl({ lang: 'en' }));
    await waitForModel(page);
    await page.getByTestId('camera-toggle').click();
    await expect(page.getByTestId('fps')).toBeVisible();
    await expect.poll(async () => Number(await page.getByTestId('fps').getAttribute('data-fps')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => detectedClasses(page), { timeout: 60_000 }).toContain('person');
    await page.getByTestId('camera-toggle').click();
  });

  test('bad input: a text file and a corrupt JPEG give a message and keep the previous result', async ({ page }) => {
    await page.goto(liveUrl({ lang: 'en' }));
    await waitForModel(page);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    await expect.poll(() => detectedClasses(page)).toContain('cat');
    await page.getByTestId('image-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not an image') });
    await expect(page.getByTestId('source-error')).toContainText('not an image');
    expect(await detectedClasses(page)).toContain('cat');
    // JPEG magic followed by garbage: cannot be decoded.
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 0x55)]);
    await page.getByTestId('image-input').setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: garbage });
    await expect(page.getByTestId('source-error')).toContainText(/damaged|breaks off/);
    expect(await detectedClasses(page)).toContain('cat');
    // Nothing was lost: the previous image is still shown with its detections.
    await expect(page.getByTestId('overlay')).toHaveAttribute('aria-label', /skimage_chelsea\.png/);
    // A truncated JPEG still decodes (the lower part grey): shown, with a notice.
    const jpg = await readFile(path.join(IMAGES, '000000397133.jpg'));
    await page.getByTestId('image-input').setInputFiles({ name: 'cut.jpg', mimeType: 'image/jpeg', buffer: jpg.subarray(0, Math.floor(jpg.length * 0.6)) });
    await expect(page.getByTestId('source-notice')).toContainText('truncated');
    await expect(page.getByTestId('overlay')).toHaveAttribute('aria-label', /cut\.jpg/);
  });

  test('a missing model file is named, in Russian by default', async ({ page }) => {
    await page.route('**/models/coco-ssd-lite_mobilenet_v2/group1-shard3of5', (r) => r.fulfill({ status: 404, body: 'nope' }));
    await page.goto('./?backend=wasm#/detection/live');
    const status = page.getByTestId('model-status');
    await expect(status).toHaveAttribute('data-state', 'error');
    await expect(status).toContainText('group1-shard3of5');
    await expect(status).toContainText('npm run models');
    await expect(status).toContainText('не установлены');
  });

  test('a model file with a wrong checksum is named', async ({ page }) => {
    await page.route('**/models/coco-ssd-lite_mobilenet_v2/group1-shard5of5', async (r) => {
      const res = await r.fetch();
      const body = Buffer.from(await res.body());
      body[100] = body[100]! ^ 0xff;
      await r.fulfill({ response: res, body });
    });
    await page.goto(liveUrl({ lang: 'en' }));
    const status = page.getByTestId('model-status');
    await expect(status).toHaveAttribute('data-state', 'error');
    await expect(status).toContainText('group1-shard5of5');
    await expect(status).toContainText('damaged');
  });
});

test('WebGL smoke test: detects on one photo (software GL is slow)', async ({ page }) => {
  await page.goto(liveUrl({ backend: 'webgl', lang: 'en' }));
  await waitForModel(page);
  const backend = await page.getByTestId('backend').getAttribute('data-backend');
  // Where WebGL is unavailable the app falls back and says so; both are valid outcomes here.
  expect(['webgl', 'wasm', 'cpu']).toContain(backend);
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
});
