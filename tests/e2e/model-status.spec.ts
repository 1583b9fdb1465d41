import { expect, test } from '@playwright/test';
import { liveUrl, waitForModel } from './helpers';

/**
 * The model status line names the backend the model runs on. Live detection's coco-ssd runs in a Web
 * Worker, the page's own tfjs backend is never started: the line must name the worker's backend (it
 * used to read «ready ()» from the page's empty backend). The expected name comes from the worker's
 * backend reported on the page (`inference-where`), spelled the lecture's way.
 */
const NAME: Record<string, string> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

test('live detection (worker): the model status names the worker backend asked for in the URL (ru)', async ({ page }) => {
  await page.goto(liveUrl({ backend: 'wasm', lang: 'ru' }));
  await waitForModel(page);
  await expect(page.getByTestId('inference-where')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('model-status')).toHaveText('Модель COCO-SSD готова (WASM).');
});

test('live detection (worker), backend chosen by the worker: the status names it (en)', async ({ page }) => {
  await page.goto('./?lang=en#/detection/live');
  await waitForModel(page);
  const where = page.getByTestId('inference-where');
  await expect(where).toHaveAttribute('data-main-backend', '');
  const b = (await where.getAttribute('data-backend')) ?? '';
  expect(Object.keys(NAME)).toContain(b);
  await expect(page.getByTestId('model-status')).toHaveText(`Model COCO-SSD is ready (${NAME[b]}).`);
});
