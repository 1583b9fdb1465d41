import { expect, test, type Page, type Response } from '@playwright/test';
import { forbidExternalRequests } from './helpers';

function recapUrl(lang: string, query = '', route = '/recap'): string {
  return `./?lang=${lang}&backend=wasm#${route}${query ? `?${query}` : ''}`;
}

/** Waits until the gradient norms for the current settings are shown, then reads the table. */
async function norms(page: Page, variant: string, depth: number): Promise<number[]> {
  await expect(page.getByTestId('grad-status')).toHaveAttribute('data-ready', '1', { timeout: 120_000 });
  const out: number[] = [];
  for (let l = 1; l <= depth + 1; l++) out.push(Number(await page.getByTestId(`norm-${variant}-${l}`).getAttribute('data-value')));
  // The shown text is the same number.
  const shown = Number((await page.getByTestId(`norm-${variant}-1`).textContent()) ?? 'NaN');
  expect(Math.abs(shown - out[0]!) / out[0]!).toBeLessThan(0.01);
  return out;
}

const orders = (w: number[]) => Math.log10(w[w.length - 2]! / w[0]!);

test.describe('recap: gradients, batch norm, residual connections', () => {
  test('Russian: the deep sigmoid net vanishes, ReLU + He does not, BN and residual rescue it; BN stats and training run', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(recapUrl('ru'));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('затухающие градиенты');
    const plainSigmoid = await norms(page, 'plain', 20);
    const residualSigmoid = await norms(page, 'residual', 20);
    const bnSigmoid = await norms(page, 'bn', 20);
    expect(orders(plainSigmoid)).toBeGreaterThan(6);
    expect(orders(bnSigmoid)).toBeLessThan(1);
    expect(orders(plainSigmoid) - orders(residualSigmoid)).toBeGreaterThan(4);

    // ReLU with He init through the lecture's preset button (the URL follows).
    const key = await page.getByTestId('grad-status').getAttribute('data-key');
    await page.getByTestId('preset-relu').click();
    await expect(page).toHaveURL(/act=relu/);
    await expect(page.getByTestId('grad-status')).not.toHaveAttribute('data-key', key ?? '', { timeout: 120_000 });
    const plainRelu = await norms(page, 'plain', 20);
    expect(Math.abs(orders(plainRelu))).toBeLessThan(2);
    expect(plainRelu[0]!).toBeGreaterThan(1e4 * plainSigmoid[0]!);

    // BN example: 16 filters in the table.
    await expect(page.getByTestId('bn-table').locator('tbody tr')).toHaveCount(16, { timeout: 120_000 });
    await expect(page.getByTestId('bn-computed')).toContainText('65536');

    // A short training run: progress, then done; the keyboard can start it.
    await page.getByTestId('steps-slider').fill('40');
    await expect(page).toHaveURL(/steps=40/);
    await page.getByTestId('train-start').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'done', { timeout: 150_000 });
    await expect(page.getByTestId('train-table').locator('tbody tr')).toHaveCount(3);
    expect(external).toEqual([]);
  });

  test('English, deep sigmoid from the URL, then residual blocks on a 390 px phone; stop works', async ({ page }) => {
    test.setTimeout(400_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(recapUrl('en', 'depth=30&act=sigmoid&steps=2000'));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('vanishing gradients');
    const plain = await norms(page, 'plain', 30);
    const residual = await norms(page, 'residual', 30);
    expect(orders(plain)).toBeGreaterThan(8);
    expect(orders(residual)).toBeLessThan(orders(plain) - 4);
    await expect(page.getByTestId('ratio-plain')).toContainText('vanishing');
    // Nothing overflows the phone's width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByTestId('train-start').click();
    await expect.poll(async () => Number(await page.getByTestId('train-status').getAttribute('data-step')), { timeout: 120_000 }).toBeGreaterThanOrEqual(10);
    await page.getByTestId('train-stop').click();
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'stopped', { timeout: 60_000 });
  });

  test('architectures: ResNeXt table, grouped conv equal to the dense block-diagonal conv, ImageNet note (ru and en)', async ({ page }) => {
    // #14: the page opens without tfjs (recognised by tfjs-core's flag prefix in a script body) and without
    // any .wasm; tfjs comes when the grouped conv is asked for.
    const urls: string[] = [];
    const tfjs: string[] = [];
    const pending: Promise<void>[] = [];
    page.on('response', (r: Response) => {
      urls.push(new URL(r.url()).pathname);
      if (/\.m?js$/.test(new URL(r.url()).pathname)) pending.push(r.text().then((b) => void (b.includes('tfjsflags') && tfjs.push(r.url())), () => undefined));
    });
    await page.goto(recapUrl('en', '', '/recap/architectures'));
    await expect(page.getByTestId('r50-params')).toHaveText('25.5×10⁶');
    await expect(page.getByTestId('r50-macs')).toHaveText('4.1×10⁹');
    await expect(page.getByTestId('x50-params')).toHaveText('25.0×10⁶');
    await expect(page.getByTestId('x50-macs')).toHaveText('4.2×10⁹');
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    expect(urls.filter((u) => u.endsWith('.js')).length).toBeGreaterThan(3); // the log saw the page's chunks
    expect(tfjs).toEqual([]);
    expect(urls.filter((u) => u.endsWith('.wasm'))).toEqual([]);
    expect(await page.evaluate(() => '__cvlTf' in window)).toBe(false);
    const res = page.getByTestId('grouped-result');
    await expect(res).toHaveCount(0);
    await page.getByTestId('grouped-run').click();
    await expect(page).toHaveURL(/tf=1/);
    await expect(res).toBeVisible({ timeout: 120_000 });
    await Promise.all(pending);
    expect(tfjs.length).toBe(1);
    expect(Number(await res.getAttribute('data-diff'))).toBeLessThan(1e-4);
    await expect(page.getByTestId('imagenet-table')).toContainText('3.57');
    await page.goto(recapUrl('ru', 'net=resnet101&stride=1x1', '/recap/architectures'));
    await expect(page.getByTestId('stages-macs')).toHaveText(/^7\.57×10⁹$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('группированные свёртки');
  });
});
