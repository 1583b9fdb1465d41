import path from 'node:path';
import { expect, test } from '@playwright/test';
import { forbidExternalRequests, IMAGES, upload } from './helpers';

const url = (query = '', lang = 'en') => `./?backend=wasm&lang=${lang}#/segmentation/basics${query ? `?${query}` : ''}`;

test.describe('segmentation basics', () => {
  test('conv grid shows tf numbers; stride changes the output size and the formula; URL keeps it', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(url());
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Semantic segmentation: how a network labels every pixel');
    // i = 5, k = 3, s = 1, valid → 3×3, numbers from tf.conv2d
    await expect(page.getByTestId('conv-output-size')).toHaveText('3×3');
    const firstOut = page.getByTestId('conv-output').locator('td').first();
    await expect(firstOut).not.toHaveAttribute('data-value', '');
    // The first output equals Σ input × kernel over the top-left 3×3 window (read from the page's grids).
    const [inputs, kernel, out] = await Promise.all([
      page.getByTestId('conv-input').locator('td').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value')))),
      page.getByTestId('conv-kernel').locator('td').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value')))),
      firstOut.getAttribute('data-value'),
    ]);
    let sum = 0;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) sum += inputs[r * 5 + c]! * kernel[r * 3 + c]!;
    expect(Number(out)).toBeCloseTo(sum, 4);
    // Hover an output cell → its 9 inputs are highlighted.
    await firstOut.hover();
    await expect(page.getByTestId('conv-input').locator('td.hl')).toHaveCount(9);

    await page.getByTestId('s-slider').fill('2');
    await expect(page).toHaveURL(/s=2/);
    await expect(page.getByTestId('conv-output-size')).toHaveText('2×2');
    await expect(page.getByTestId('conv-formula')).toContainText('= 2');

    // Transposed: o = s(i − 1) + k = 2·4 + 3 = 11, with the checkerboard overlap map.
    await page.getByTestId('mode-tconv').check();
    await expect(page).toHaveURL(/mode=tconv/);
    await expect(page.getByTestId('conv-output-size')).toHaveText('11×11');
    await expect(page.getByTestId('conv-overlap')).toBeVisible();
    await expect(page.getByTestId('conv-output').locator('td').first()).not.toHaveAttribute('data-value', '');

    // Reload: the preset comes back from the URL.
    await page.reload();
    await expect(page.getByTestId('mode-tconv')).toBeChecked();
    await expect(page.getByTestId('conv-output-size')).toHaveText('11×11');
    expect(external).toEqual([]);
  });

  test('receptive field table and dilated kernel', async ({ page }) => {
    await page.goto(url('rate=3&layers=5'));
    await expect(page.getByTestId('dilated-footprint')).toHaveAttribute('data-rows', '7');
    await expect(page.getByTestId('rf-table').locator('tbody tr').last().locator('td').nth(1)).toHaveAttribute('data-rf', '63');
    await expect(page.getByTestId('dil-output').locator('td').first()).not.toHaveAttribute('data-value', '');
  });

  test('architecture explorer: shapes follow the input size; table view', async ({ page }) => {
    await page.goto(url());
    await expect(page.getByTestId('arch-total')).toHaveAttribute('data-output', '388×388×2');
    await page.getByTestId('net-fcn8s').check();
    await page.getByTestId('arch-h').fill('500');
    await page.getByTestId('arch-w').fill('500');
    await expect(page).toHaveURL(/net=fcn8s/);
    await expect(page.getByTestId('arch-total')).toHaveAttribute('data-output', '500×500×21');
    await expect(page.locator('[data-testid=arch-block][data-block=conv5]')).toHaveAttribute('data-shape', '22×22×512');
    await page.getByTestId('arch-show-table').click();
    await expect(page.locator('[data-testid=arch-table] tr[data-layer=fc6]')).toHaveAttribute('data-shape', '16×16×4096');
    await page.getByTestId('net-deeplabv3p').check();
    await page.getByTestId('arch-h').fill('513');
    await page.getByTestId('arch-w').fill('513');
    await expect(page.locator('[data-testid=arch-table] tr[data-layer=block4]')).toHaveAttribute('data-shape', '33×33×2048');
  });

  test('pyramid pooling runs on an uploaded photo', async ({ page }) => {
    await page.goto(url('', 'ru'));
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    await expect(page.getByTestId('features-ready')).toHaveAttribute('data-shape', '19x19x576', { timeout: 120_000 });
    await expect(page.getByTestId('pooled-grid')).toHaveCount(4);
    const six = page.locator('[data-testid=pooled-grid][data-bins="6"]');
    const values = ((await six.getAttribute('data-values')) ?? '').split(',');
    expect(values).toHaveLength(36);
    expect(values.some((v) => Number(v) > 0)).toBe(true);
    await expect(page.getByTestId('channel-heatmap')).toHaveCount(4);
    await expect(page.getByTestId('aspp-legend')).toContainText('r = 18');
  });
});
