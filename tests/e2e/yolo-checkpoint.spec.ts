/**
 * The YOLO page's shipped TinyYOLO checkpoint goes through the runtime's size + sha256 check like
 * every model: a damaged checkpoint file is named in the page's error (before, the page loaded the
 * checkpoint by URL and a damaged one silently became random weights), the page offers to start from
 * random weights, and with the file restored the checkpoint loads again.
 */
import { expect, test } from '@playwright/test';
import { serveDamaged } from './helpers';

const yoloUrl = './?backend=wasm&lang=en#/detection/yolo';

for (const file of ['weights.bin', 'training.json']) {
  test(`a damaged checkpoint ${file} is named in the error; random weights on request; restored → the checkpoint`, async ({ page }) => {
    const route = `**/checkpoints/tinyyolo/${file}`;
    await serveDamaged(page, route, 30, 0x01);
    await page.goto(yoloUrl);
    const error = page.getByTestId('yolo-model-error');
    await expect(error).toContainText(`${file}: sha256`, { timeout: 120_000 });
    await expect(page.getByTestId('yolo-model-status')).toHaveAttribute('data-origin', '');
    await error.getByRole('button', { name: 'Start from random weights' }).click();
    await expect(page.getByTestId('yolo-model-status')).toHaveAttribute('data-origin', 'scratch', { timeout: 60_000 });
    await expect(error).toHaveCount(0);
    await page.unroute(route);
    await page.reload();
    await expect(page.getByTestId('yolo-model-status')).toHaveAttribute('data-origin', 'checkpoint', { timeout: 120_000 });
    await expect(page.getByTestId('yolo-model-error')).toHaveCount(0);
  });
}
