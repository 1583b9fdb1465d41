import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { forbidExternalRequests, IMAGES, upload, waitForModel } from './helpers';

const URL = './?backend=wasm&lang=en#/detection/metrics';

async function iouValue(page: Page): Promise<number> {
  return Number(await page.getByTestId('pg-iou').textContent());
}

/** Drags `el` with the mouse (pointer events), grabbing it `inset` CSS px inside its top-left corner. */
async function dragBy(page: Page, testId: string, dx: number, dy: number, inset = 8): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} not visible`);
  const x = box.x + inset, y = box.y + inset;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

test.describe('metrics lab', () => {
  test('IoU playground: dragging changes IoU, the verdict flips at the threshold, state in the URL', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(URL);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Detection metrics: IoU, precision/recall, AP and mAP');
    const before = await iouValue(page);
    expect(before).toBeGreaterThan(0.5);
    await expect(page.getByTestId('pg-verdict')).toHaveAttribute('data-correct', 'true');

    // Drag the ground truth away: IoU drops below 0.5 and the verdict flips.
    await dragBy(page, 'pg-gt', -150, -80);
    await expect.poll(() => iouValue(page)).toBeLessThan(before);
    expect(await iouValue(page)).toBeLessThan(0.5);
    await expect(page.getByTestId('pg-verdict')).toHaveAttribute('data-correct', 'false');
    await expect(page).toHaveURL(/gx=\d+/);

    // Lowering the threshold below the IoU flips it back.
    const low = await iouValue(page);
    await page.getByTestId('pg-threshold').fill(String(Math.max(0.05, Math.floor(low * 20) / 20)));
    await expect(page.getByTestId('pg-verdict')).toHaveAttribute('data-correct', 'true');
    await expect(page).toHaveURL(/[?&]t=/);

    // Keyboard: arrows move the focused box (and do not turn the page).
    await page.getByTestId('pg-threshold').fill('0.5');
    await page.goto(URL.replace('#/detection/metrics', '#/detection/metrics?gx=130&gy=90&gw=180&gh=160'));
    await expect(page.getByTestId('pg-iou')).toHaveText('1.00');
    await page.getByTestId('pg-gt').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/gx=135/);
    await expect(page).toHaveURL(/#\/detection\/metrics/);
    await page.keyboard.press('Shift+ArrowDown');
    await expect(page).toHaveURL(/gh=165/);
    expect(external).toEqual([]);
  });

  test('on a COCO photo: a GT box on the cook makes the person detection a TP; official annotations give AP numbers', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(URL);
    // The model loads when there is a photo to detect on, not when the page opens.
    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await waitForModel(page);
    const editor = page.getByTestId('gt-editor');
    await expect(editor).toBeVisible();
    await expect(page.getByTestId('det-box').first()).toBeVisible();
    // Clear anything a previous run stored for this photo.
    if (await page.getByTestId('clear-gt').isEnabled()) await page.getByTestId('clear-gt').click();

    // Draw a GT box over the cook (person 1; COCO GT bbox ≈ [388, 69, 110, 278] in a 640×427 photo).
    await editor.scrollIntoViewIfNeeded();
    const eb = await editor.boundingBox();
    if (!eb) throw new Error('editor not visible');
    const s = eb.width / 640;
    const pt = (x: number, y: number) => [eb.x + x * s, eb.y + y * s] as const;
    const [x0, y0] = pt(388, 69);
    const [x1, y1] = pt(498, 347);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 5 });
    await page.mouse.move(x1, y1, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('gt-box')).toHaveCount(1);
    // New boxes default to "person": the cook detection is now a TP with its IoU shown.
    const tp = page.locator('[data-testid="det-box"][data-status="tp"]');
    await expect(tp).toHaveCount(1);
    await expect(tp.locator('text')).toContainText(/person \d\.\d\d · TP 0\.\d\d|TP 1\.00/);
    await expect(page.getByTestId('gt-box').first()).toHaveAttribute('data-fn', 'false');
    await expect(page.getByTestId('m-recall')).toHaveText('1.00');
    await expect(page.getByTestId('pr-table')).toBeVisible();

    // Official annotations: AP columns are numbers in [0, 1]; mAP@.5 >= AP[.5:.95].
    await page.getByTestId('load-official').click();
    await expect(page.getByTestId('gt-message')).toContainText('Boxes loaded');
    await expect.poll(() => page.getByTestId('gt-box').count()).toBeGreaterThan(5);
    for (const id of ['ap-voc07', 'ap-voc12', 'ap-coco', 'ap-coco-all']) {
      const v = Number(await page.getByTestId(id).textContent());
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const map50 = Number(await page.getByTestId('m-map50').textContent());
    const map = Number(await page.getByTestId('m-map').textContent());
    expect(map50).toBeGreaterThanOrEqual(map);
    await expect(page.locator('[data-testid="gt-box"][data-fn="true"]').first()).toBeVisible();
    await expect(page.getByTestId('pr-chart')).toBeVisible();

    // Exact check: a GT box exactly on a detection's box → IoU 1.00. Export the detections and
    // import a GT file made of the first one.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-dt').click()]);
    const { readFile } = await import('node:fs/promises');
    const dets = JSON.parse(await readFile(await download.path(), 'utf8')) as { category_id: number; bbox: number[]; score: number }[];
    const top = dets[0]!;
    const gt = {
      images: [{ id: 397133, file_name: '000000397133.jpg', width: 640, height: 427 }],
      annotations: [{ id: 1, image_id: 397133, category_id: top.category_id, bbox: top.bbox, area: top.bbox[2]! * top.bbox[3]!, iscrowd: 0 }],
      categories: [{ id: top.category_id, name: 'x' }],
    };
    await page.getByTestId('import-gt').setInputFiles({ name: 'exact.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(gt)) });
    await expect(page.getByTestId('gt-box')).toHaveCount(1);
    await expect(page.getByTestId('gt-list')).toContainText('IoU 1.00');
    await expect(page.getByTestId('pr-row').first()).toContainText('1.00');
    expect(external).toEqual([]);
  });
});
