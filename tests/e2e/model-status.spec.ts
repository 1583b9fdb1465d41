import { expect, test } from '@playwright/test';
import { liveUrl, waitForModel } from './helpers';

/**
 * The model status line names the backend the model runs on. Live detection's coco-ssd runs in a Web
 * Worker, the page's own tfjs backend is never started: the line must name the worker's backend (it
 * used to read «ready ()» from the page's empty backend). The expected name comes from the worker's
 * backend reported on the page (`inference-where`), spelled the lecture's way.
 */
const NAME: Record<string, string> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

test('live detection (worker): the model status names the worker backend, not the page\'s unstarted one (ru)', async ({ page }) => {
  await page.goto(liveUrl({ backend: 'wasm', lang: 'ru' }));
  await waitForModel(page);
  const where = page.getByTestId('inference-where');
  await expect(where).toHaveAttribute('data-main-backend', ''); // the page's own backend never started
  const b = (await where.getAttribute('data-backend')) ?? '';
  expect(b).toBe('wasm');
  await expect(page.getByTestId('model-status')).toHaveText(`Модель COCO-SSD готова (${NAME[b]}).`);
});
