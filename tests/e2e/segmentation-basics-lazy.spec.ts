import { expect, test, type Page, type Response } from '@playwright/test';

/**
 * #14: `#/segmentation/basics` opens without the tfjs chunk (about 1 MB) and without any model file;
 * the conv grids then show the engine's numbers (src/core/convArithmetic), and tf.conv2d is loaded only
 * when the user asks for the check. The tfjs chunk is recognised by its content (tfjs-core's URL-flag
 * prefix `tfjsflags`), not by a hashed file name.
 */
const TFJS_MARKER = 'tfjsflags';

interface Log {
  readonly urls: string[];
  /** Script responses whose body is tfjs-core. */
  readonly tfjs: string[];
  readonly pending: Promise<void>[];
}

function logRequests(page: Page): Log {
  const log: Log = { urls: [], tfjs: [], pending: [] };
  page.on('response', (r: Response) => {
    log.urls.push(r.url());
    if (!/\.m?js(\?|$)/.test(new URL(r.url()).pathname)) return;
    log.pending.push(
      r.text().then(
        (body) => {
          if (body.includes(TFJS_MARKER)) log.tfjs.push(r.url());
        },
        () => undefined,
      ),
    );
  });
  return log;
}

const isModelFile = (u: string) => /\/(models|checkpoints)\//.test(new URL(u).pathname) || /\.wasm$/.test(new URL(u).pathname);

const values = (page: Page, id: string) => page.getByTestId(id).locator('td').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));

test('segmentation basics opens without tfjs or a model; the tf check loads tf.conv2d on request', async ({ page }) => {
  const log = logRequests(page);
  await page.goto('./?backend=wasm&lang=en#/segmentation/basics');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Semantic segmentation: how a network labels every pixel');
  // engine numbers right away: the first output is Σ input × kernel over the top-left 3×3 window
  await expect(page.getByTestId('conv-lab')).toHaveAttribute('data-source', 'engine');
  const [x, w, engineOut] = await Promise.all([values(page, 'conv-input'), values(page, 'conv-kernel'), values(page, 'conv-output')]);
  expect(engineOut).toHaveLength(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) sum += x[(r + u) * 5 + c + v]! * w[u * 3 + v]!;
      expect(engineOut[r * 3 + c]).toBeCloseTo(sum, 6);
    }
  }
  await expect(page.getByTestId('dil-output').locator('td').first()).not.toHaveAttribute('data-value', '');
  await page.waitForLoadState('networkidle');
  await Promise.all(log.pending);
  const jsSeen = log.urls.filter((u) => /\.js$/.test(new URL(u).pathname));
  expect(jsSeen.length).toBeGreaterThan(3); // the log did see the page's own chunks
  expect(log.tfjs).toEqual([]);
  expect(log.urls.filter(isModelFile)).toEqual([]);

  // asked for: tfjs arrives, tf.conv2d gives the same numbers, and the choice is in the URL
  await page.getByTestId('tf-check').click();
  await expect(page).toHaveURL(/tf=1/);
  await expect(page.getByTestId('conv-lab')).toHaveAttribute('data-source', 'tf', { timeout: 60_000 });
  await expect(page.getByTestId('conv-tf-check')).toHaveAttribute('data-maxdiff', '0');
  expect(await values(page, 'conv-output')).toEqual(engineOut);
  await Promise.all(log.pending);
  expect(log.tfjs.length).toBe(1);
  expect(log.urls.filter((u) => new URL(u).pathname.endsWith('.wasm')).length).toBeGreaterThan(0);
  expect(log.urls.filter((u) => /\/(models|checkpoints)\//.test(new URL(u).pathname))).toEqual([]);

  // the dilation grid also uses tf now
  await expect(page.getByTestId('dil-lab')).toHaveAttribute('data-source', 'tf');
  await expect(page.getByTestId('dil-tf-check')).toHaveAttribute('data-maxdiff', '0');
});

for (const route of ['#/', '#/detection/results']) {
  test(`${route} opens without the tfjs chunk`, async ({ page }) => {
    const log = logRequests(page);
    await page.goto(`./?lang=en${route}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await Promise.all(log.pending);
    expect(log.urls.filter((u) => /\.js$/.test(new URL(u).pathname)).length).toBeGreaterThan(1);
    expect(log.tfjs).toEqual([]);
    expect(log.urls.filter(isModelFile)).toEqual([]);
  });
}
