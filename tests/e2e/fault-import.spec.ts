/**
 * Issue #15, defects 2 and 6: a big annotation file imports off the main thread (the page answers clicks
 * while it is parsed), with progress and cancel; invalid boxes are reported with their file position and
 * the user decides: skip, fix (clip) or abort.
 */
import { expect, test, type Page } from '@playwright/test';

const URL = './?backend=wasm&lang=en#/detection/metrics';

/** A COCO file of `n` boxes over n/10 640×480 images; `bad` adds invalid boxes at known indexes. */
function cocoFile(n: number, bad: readonly { at: number; bbox: readonly number[] | string; cat?: number }[] = []): Buffer {
  const nImg = Math.ceil(n / 10);
  const images = Array.from({ length: nImg }, (_, i) => ({ id: i + 1, file_name: `img${i + 1}.jpg`, width: 640, height: 480 }));
  const anns: string[] = [];
  for (let k = 0; k < n; k++) {
    const b = bad.find((x) => x.at === k);
    const bbox = b ? (typeof b.bbox === 'string' ? b.bbox : JSON.stringify(b.bbox)) : JSON.stringify([k % 500, k % 300, 20 + (k % 50), 30]);
    anns.push(`{"id":${k + 1},"image_id":${1 + (k % nImg)},"category_id":${b?.cat ?? 1 + (k % 80)},"bbox":${bbox},"area":600,"iscrowd":0}`);
  }
  const cats = Array.from({ length: 90 }, (_, i) => ({ id: i + 1, name: `c${i + 1}` }));
  return Buffer.from(`{"images":${JSON.stringify(images)},"annotations":[${anns.join(',\n')}],"categories":${JSON.stringify(cats)}}`);
}

/**
 * A button with a click handler, and a chain of queued tasks (setTimeout 0) that click it whenever the
 * import is past reading (parsing / validating). Parsing on the main thread is one long task: no queued
 * task runs during it, so no click is counted; in a worker, the page handles clicks all along.
 */
async function clickProbe(page: Page): Promise<{ during: () => Promise<number>; stop: () => Promise<void> }> {
  await page.evaluate(() => {
    const w = window as unknown as { __clicks: number; __during: number; __stop: boolean };
    const b = document.createElement('button');
    b.id = 'probe';
    b.textContent = 'probe';
    b.style.cssText = 'position:fixed;top:0;left:0;z-index:99999';
    w.__clicks = 0;
    w.__during = 0;
    w.__stop = false;
    b.addEventListener('click', () => {
      w.__clicks++;
    });
    document.body.append(b);
    const tick = (): void => {
      const el = document.querySelector<HTMLElement>('[data-testid="import-progress"]');
      const stage = el?.dataset.stage;
      if (stage === 'parsing' || stage === 'validating') {
        const before = w.__clicks;
        b.click();
        if (w.__clicks === before + 1) w.__during++;
      }
      if (!w.__stop) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  });
  return {
    during: () => page.evaluate(() => (window as unknown as { __during: number }).__during),
    stop: () => page.evaluate(() => void ((window as unknown as { __stop: boolean }).__stop = true)),
  };
}

test('a 20k-box COCO file imports while the page still answers clicks; progress shown; cancel stops it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(URL);
  await expect(page.getByTestId('dataset-annotations')).toBeVisible();
  const probe = await clickProbe(page);
  const big = cocoFile(20_000);

  // 1) while the 20k boxes are parsed and checked, queued click handlers keep running
  await page.getByTestId('dataset-annotations').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: big });
  const progress = page.getByTestId('import-progress');
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'coco', { timeout: 120_000 });
  await probe.stop();
  expect(await probe.during()).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-boxes', '20000');
  await expect(progress).toHaveCount(0);

  // 2) cancel a second, different import: the first set stays in use
  // (300k boxes, so that the import is still running when the button is pressed)
  const other = cocoFile(300_000, [{ at: 7, bbox: [1, 2, 3, 4], cat: 2 }]);
  await page.getByTestId('dataset-annotations').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: other });
  await expect(progress).toHaveAttribute('data-stage', /parsing|validating/, { timeout: 60_000 });
  // a real click while the worker parses: its handler runs and the import is still going on after it
  const clicksBefore = await page.evaluate(() => (window as unknown as { __clicks: number }).__clicks);
  await page.locator('#probe').click();
  expect(await page.evaluate(() => (window as unknown as { __clicks: number }).__clicks)).toBe(clicksBefore + 1);
  await expect(progress).toHaveAttribute('data-stage', /parsing|validating/);
  await progress.getByTestId('import-cancel').click();
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('import-note')).toContainText('Import cancelled');
  await expect(page.getByTestId('dataset-format')).toContainText('big.json');
  expect(errors).toEqual([]);
});

test('invalid boxes are listed with their position; skip, fix (clip) and abort do what they say', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(URL);
  // 20 boxes; #3 has negative width, #5 is 1e300 wide, #8 an unknown category, #11 sticks out of its 640×480 image
  const file = cocoFile(20, [
    { at: 3, bbox: [10, 10, -5, 30] },
    { at: 5, bbox: [10, 10, 1e300, 30] },
    { at: 8, bbox: [10, 10, 20, 20], cat: 999 },
    { at: 11, bbox: [600, 400, 100, 100] },
  ]);
  const pick = () => page.getByTestId('dataset-annotations').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: file });

  // abort: nothing is taken, the message says so
  await pick();
  const list = page.getByTestId('invalid-boxes');
  await expect(list).toBeVisible();
  const items = list.getByRole('listitem');
  await expect(items).toHaveCount(4);
  await expect(items.nth(0)).toContainText('annotations[3]');
  await expect(items.nth(0)).toContainText('width or height');
  await expect(items.nth(1)).toContainText('annotations[5]');
  await expect(items.nth(2)).toContainText('annotations[8]');
  await expect(items.nth(2)).toContainText('999');
  await expect(items.nth(3)).toContainText('annotations[11]');
  await expect(list).toContainText('line');
  await page.getByTestId('invalid-abort').click();
  await expect(list).toHaveCount(0);
  await expect(page.getByTestId('dataset-format')).toHaveCount(0);

  // skip: 16 boxes kept
  await pick();
  await page.getByTestId('invalid-skip').click();
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-boxes', '16');

  // fix: the negative width is flipped, 1e300 and the outside box are clipped to the image; the unknown category cannot be fixed → 19
  await pick();
  await page.getByTestId('invalid-fix').click();
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-boxes', '19');
  expect(errors).toEqual([]);
});
