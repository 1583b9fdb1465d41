import path from 'node:path';
import { expect, test } from '@playwright/test';
import { forbidExternalRequests, IMAGES, upload, waitForModel } from './helpers';

function xrayUrl(opts: { lang?: string; query?: string } = {}): string {
  const search = new URLSearchParams({ backend: 'wasm' });
  if (opts.lang) search.set('lang', opts.lang);
  return `./?${search.toString()}#/detection/xray${opts.query ? `?${opts.query}` : ''}`;
}

test.describe('SSD X-ray (WASM)', () => {
  test('renders on an uploaded photo; the NMS step-through advances', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(xrayUrl({ lang: 'en', query: 'score=0.3' }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inside a one-stage detector');
    await waitForModel(page);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));

    // Grid + heatmap on the 19×19 map (3 priors per cell); the cell's priors are decoded with the real numbers.
    await expect(page.getByTestId('grid-canvas')).toHaveAttribute('aria-label', /19×19/);
    await expect(page.getByTestId('cell-priors').locator('tbody tr')).toHaveCount(3);
    await expect(page.getByTestId('cell-math')).toContainText('=');
    const diff = Number(await page.getByTestId('decode-parity').getAttribute('data-diff'));
    expect(diff).toBeLessThan(1e-4);
    // SSDLite's 1917 priors (19²·3 + (10² + 5² + 3² + 2² + 1²)·6) × 90 class columns, before thresholding.
    const priors = 19 * 19 * 3 + (10 * 10 + 5 * 5 + 3 * 3 + 2 * 2 + 1) * 6;
    await expect(page.getByTestId('pre-count')).toContainText((priors * 90).toLocaleString('en-US'));

    // The cat fills the photo: some coarse map's hottest cells are cat cells.
    const labels: string[] = [];
    for (const [m, n] of [[1, 10], [2, 5], [3, 3], [4, 2], [5, 1]] as const) {
      await page.getByTestId('map-select').selectOption(String(m));
      await expect(page.getByTestId('grid-canvas')).toHaveAttribute('aria-label', new RegExp(`the ${n}×${n} grid`));
      labels.push((await page.getByTestId('grid-canvas').getAttribute('aria-label')) ?? '');
    }
    expect(labels.some((l) => l.includes('cat'))).toBe(true);

    // Another feature map: 6 priors per cell; selecting a cell from the table lands in the URL.
    await page.getByTestId('map-select').selectOption('2');
    await expect(page).toHaveURL(/map=2/);
    await expect(page.getByTestId('cell-priors').locator('tbody tr')).toHaveCount(6);
    await page.getByTestId('select-cell').nth(1).click();
    await expect(page).toHaveURL(/row=\d+&col=\d+|col=\d+.*row=\d+/);

    // NMS step by step: the counter and the verdict change with Next.
    const counter = page.getByTestId('nms-step');
    const verdict = page.getByTestId('nms-verdict');
    await expect(counter).toHaveAttribute('data-step', '1');
    await expect(verdict).toHaveAttribute('data-verdict', 'kept');
    const total = Number(await counter.getAttribute('data-total'));
    expect(total).toBeGreaterThan(2);
    const seen = new Set<string>();
    for (let k = 2; k <= Math.min(total, 30) && seen.size < 2; k++) {
      await page.getByTestId('nms-next').click();
      await expect(counter).toHaveAttribute('data-step', String(k));
      await expect(page).toHaveURL(new RegExp(`step=${k}`));
      seen.add((await verdict.getAttribute('data-verdict')) ?? '');
    }
    expect(seen).toContain('suppressed');
    await expect(verdict).toContainText(/IoU|kept/);
    await page.getByTestId('nms-prev').click();
    await expect(counter).not.toHaveAttribute('data-step', '1');

    // Final detections equal the live page's pipeline, and contain the cat.
    await expect(page.getByTestId('final-match')).toHaveAttribute('data-match', 'true');
    await expect(page.getByTestId('detection-row').first()).toHaveAttribute('data-class', 'cat');

    // Class-agnostic switch re-runs the trace from step 1.
    await page.getByTestId('agnostic').check();
    await expect(page).toHaveURL(/agnostic=1/);
    await expect(counter).toHaveAttribute('data-step', '1');
    await expect(page.getByTestId('final-match')).toHaveAttribute('data-match', 'true');
    expect(external).toEqual([]);
  });

  test('a preset link restores the controls; Russian by default', async ({ page }) => {
    await page.goto(xrayUrl({ query: 'map=1&iou=0.3&step=3' }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Рентген одностадийного детектора');
    await waitForModel(page);
    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await expect(page.getByTestId('map-select')).toHaveValue('1');
    await expect(page.getByTestId('nms-step')).toHaveAttribute('data-step', '3');
    await expect(page.getByTestId('final-match')).toHaveAttribute('data-match', 'true');
    // Keyboard: arrows on the grid move the selected cell and stay on the page.
    await page.getByTestId('grid-canvas').focus();
    const before = page.url();
    await page.keyboard.press('ArrowRight');
    await expect(page).not.toHaveURL(before);
    await expect(page).toHaveURL(/#\/detection\/xray/);
  });

  test('webcam: freeze a frame, then step through NMS on it', async ({ page }) => {
    await page.goto(xrayUrl({ lang: 'en', query: 'score=0.3' }));
    await waitForModel(page);
    await page.getByTestId('camera-toggle').click();
    // The first click may come before the camera has a frame; freezing then does nothing.
    await expect(async () => {
      await page.getByTestId('freeze').click();
      await expect(page.getByTestId('grid-canvas')).toHaveAttribute('aria-label', /camera frame/, { timeout: 10_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByTestId('final-match')).toHaveAttribute('data-match', 'true');
    await page.getByTestId('camera-toggle').click();
  });
});
