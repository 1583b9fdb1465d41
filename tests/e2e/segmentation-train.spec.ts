import { expect, test, type Page } from '@playwright/test';
import { forbidExternalRequests } from './helpers';

function trainUrl(query = '', lang = 'en'): string {
  return `./?lang=${lang}#/segmentation/train${query ? `?${query}` : ''}`;
}

async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
}

async function points(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute('data-points')) ?? '0');
}

test.describe('train your own segmentation nets', () => {
  test('loads the shipped checkpoints, shows predictions, metrics and the boundary verdict; training updates the curves', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(trainUrl());
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Train your own/);
    await waitReady(page);
    await expect(page.getByTestId('train-status')).toContainText(/backend (wasm|webgl|cpu)/);

    for (const id of ['fcn', 'unet', 'aspp']) {
      await expect(page.getByTestId(`metrics-${id}`)).toHaveAttribute('data-origin', 'checkpoint');
      await expect(page.getByTestId(`pred-${id}-0`)).toBeVisible();
      await expect(page.getByTestId(`pred-${id}-0`)).toHaveAttribute('aria-label', /pixel accuracy \d+\.\d %/);
    }
    // The shipped U-Net is good on the validation images too.
    const unet = Number(await page.getByTestId('miou-unet').textContent());
    expect(unet).toBeGreaterThan(0.7);
    // "Best at boundaries": the verdict names the net whose boundary-band mIoU in the table is highest,
    // with that number.
    const names: Record<string, string> = { fcn: 'FCN', unet: 'U-Net', aspp: 'ASPP' };
    const band = Object.fromEntries(await Promise.all(['fcn', 'unet', 'aspp'].map(async (id) => [id, Number(await page.getByTestId(`bmiou-${id}`).textContent())] as const)));
    const best = Object.entries(band).sort((a, b) => b[1] - a[1])[0]!;
    const verdict = (await page.getByTestId('boundary-verdict').textContent()) ?? '';
    const bestName = verdict.match(/Near boundaries (.+?) does best/)?.[1] ?? '';
    expect(bestName).toContain(names[best[0]]!);
    expect(verdict).toContain(`band ${best[1].toFixed(3)}`);
    await expect(page.getByTestId('report-table').locator('tbody tr')).toHaveCount(3);
    await expect(page.getByTestId('shipped-loss-chart')).toBeVisible();

    // The error view is a URL state.
    await page.getByTestId('view-errors').check();
    await expect(page).toHaveURL(/view=errors/);

    // A few training steps: the loss curve grows, then pause stops it.
    await page.getByTestId('lr-slider').fill('0.001');
    await expect(page).toHaveURL(/lr=0\.001/);
    const builds = () => page.getByTestId('loss-chart').locator('div[data-builds]').getAttribute('data-builds');
    const buildsBefore = await builds();
    await page.getByTestId('start').click();
    await expect.poll(() => points(page, 'loss-chart-wrap'), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    // New points go through uPlot's setData: the chart is not re-created per step.
    expect(await builds()).toBe(buildsBefore);
    await page.getByTestId('pause').click();
    await waitReady(page);
    const n = await points(page, 'loss-chart-wrap');
    expect(n).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('loss-chart')).toHaveAttribute('aria-label', /Latest values: FCN, no skips \d/);
    await expect(page.getByTestId('train-status')).toContainText(/steps\/s/);
    // The mIoU curve got a point after the pause.
    expect(await points(page, 'miou-chart-wrap')).toBeGreaterThanOrEqual(2);

    // From scratch: random weights, the choice is in the URL.
    await page.getByTestId('reset-scratch').click();
    await expect(page).toHaveURL(/init=scratch/);
    await waitReady(page);
    await expect(page.getByTestId('metrics-unet')).toHaveAttribute('data-origin', 'scratch');
    expect(external).toEqual([]);
  });

  test('works without checkpoints: says so (in Russian) and trains from scratch', async ({ page }) => {
    await page.route('**/checkpoints/**', (r) => r.fulfill({ status: 404, body: 'not found' }));
    await page.goto(trainUrl('', 'ru'));
    await waitReady(page);
    await expect(page.getByTestId('metrics-unet')).toHaveAttribute('data-origin', 'missing');
    await expect(page.getByTestId('missing-unet')).toContainText('npm run train:seg');
    await expect(page.getByTestId('report-missing')).toBeVisible();
    await page.getByTestId('start').click();
    await expect.poll(() => points(page, 'loss-chart-wrap'), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('pause').click();
    await waitReady(page);
  });
});
