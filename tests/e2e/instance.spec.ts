import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { forbidExternalRequests, IMAGES, upload, waitForModel } from './helpers';

function instanceUrl(query = ''): string {
  return `./?backend=wasm&lang=en#/instance${query ? `?${query}` : ''}`;
}

interface CanvasRead {
  /** Drawn boxes in canvas pixels. */
  readonly boxes: [number, number, number, number][];
  /** Non-black pixels: inside box 0, outside it, and per colour. */
  readonly inside: number;
  readonly outside: number;
  readonly colours: Record<string, number>;
}

/** Reads the canvas back: where its non-black pixels are relative to the first drawn box. */
async function readCanvas(page: Page, testId: string): Promise<CanvasRead> {
  return page.getByTestId(testId).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const boxes = JSON.parse(c.dataset.boxes ?? '[]') as [number, number, number, number][];
    const ctx = c.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const b = boxes[0] ?? [0, 0, 0, 0];
    let inside = 0, outside = 0;
    const colours: Record<string, number> = {};
    for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
      const p = (y * c.width + x) * 4;
      if (data[p]! + data[p + 1]! + data[p + 2]! < 30) continue;
      const key = `${data[p]},${data[p + 1]},${data[p + 2]}`;
      colours[key] = (colours[key] ?? 0) + 1;
      // one pixel of slack for the box edge
      if (x + 0.5 >= b[0] - 1 && x + 0.5 <= b[2] + 1 && y + 0.5 >= b[1] - 1 && y + 0.5 <= b[3] + 1) inside++;
      else outside++;
    }
    return { boxes, inside, outside, colours };
  });
}

/** Shows only instance `i` (mask-only view must be on for a clean pixel read). */
async function solo(page: Page, i: number): Promise<void> {
  await page.getByTestId('hide-all').click();
  await page.getByTestId('instance-toggle').nth(i).check();
}

/** The page shows a status per model it loads (COCO-SSD, and the mask head for `learned`): wait for all. */
async function waitForModels(page: Page): Promise<void> {
  await expect(page.getByTestId('model-status').first()).toHaveAttribute('data-state', 'ready', { timeout: 180_000 });
  await expect(page.locator('[data-testid="model-status"]:not([data-state="ready"])')).toHaveCount(0, { timeout: 180_000 });
}

const boxArea = (b: [number, number, number, number]) => (b[2] - b[0]) * (b[3] - b[1]);

test.describe('instance segmentation (WASM)', () => {
  test('masks drawn on a photo lie inside their box and are not the whole box; the filled-box baseline is', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(instanceUrl('method=classic&only=1&score=0.5'));
    await expect(page.getByTestId('honesty')).toContainText('not a trained Mask R-CNN');
    await waitForModel(page);
    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await expect(page.getByTestId('instance-row').first()).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('made-by')).toContainText('GrabCut');
    // the photo is annotated: per-instance IoU and the image's mask AP next to its box AP
    await expect(page.getByTestId('gt-summary')).toContainText(/Mask AP \d\.\d{3} · box AP \d\.\d{3}/);
    await expect(page.getByTestId('instance-iou').first()).toBeVisible();

    // the first instance with a real cut (not the ellipse fallback), alone, masks only
    const fallbacks = await page.getByTestId('instance-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-fallback')));
    const pick = Math.max(0, fallbacks.indexOf('0'));
    await solo(page, pick);
    await expect.poll(async () => (await readCanvas(page, 'instance-view')).boxes.length).toBe(1);
    const cut = await readCanvas(page, 'instance-view');
    const area = boxArea(cut.boxes[0]!);
    expect(cut.outside).toBe(0);
    expect(cut.inside).toBeGreaterThan(0.1 * area);
    expect(cut.inside).toBeLessThan(0.95 * area);

    // the diagram runs RoI Align (core/roi) on this box: its 14×14 output shows the photo, not a flat fill
    await page.getByTestId('instance-pick').nth(pick).check();
    const alignColours = await page.getByTestId('diagram-align').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const set = new Set<string>();
      for (let p = 0; p < data.length; p += 4) set.add(`${data[p]},${data[p + 1]},${data[p + 2]}`);
      return set.size;
    });
    expect(alignColours).toBeGreaterThan(20);

    // the same instance by the filled-box baseline fills its box
    await page.getByTestId('method-box').check();
    await expect(page).toHaveURL(/method=box/);
    await expect(page.getByTestId('made-by')).toContainText('filled box');
    await solo(page, pick);
    await expect.poll(async () => (await readCanvas(page, 'instance-view')).inside, { timeout: 30_000 }).toBeGreaterThan(0.95 * area);
    expect(external).toEqual([]);
  });

  test('semantic view merges a class into one colour; the instance view gives every object its own', async ({ page }) => {
    await page.goto(instanceUrl('method=box&only=1&score=0.2'));
    await waitForModel(page);
    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await expect(page.getByTestId('instance-row').first()).toBeVisible({ timeout: 120_000 });
    const classes = await page.getByTestId('instance-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-class')));
    // some class has two or more objects, so merging by class must lose colours
    expect(classes.length).toBeGreaterThan(new Set(classes).size);
    const significant = (r: CanvasRead) => Object.values(r.colours).filter((n) => n > 30).length;
    await expect.poll(async () => significant(await readCanvas(page, 'instance-view'))).toBeGreaterThan(0);
    const inst = await readCanvas(page, 'instance-view');
    const sem = await readCanvas(page, 'semantic-view');
    // semantic: at most one colour per class present; instance: more colours than classes
    expect(significant(sem)).toBeLessThanOrEqual(new Set(classes).size);
    expect(significant(inst)).toBeGreaterThan(significant(sem));
    // both views cover the same pixels (the union of the masks)
    const total = (r: CanvasRead) => r.inside + r.outside;
    expect(Math.abs(total(inst) - total(sem)) / total(sem)).toBeLessThan(0.01);
  });

  test('the learned head: its masks lie inside their boxes, are not the boxes, and the diagram shows its real tensors', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(instanceUrl('method=learned&only=1&score=0.5'));
    await waitForModels(page);
    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await expect(page.getByTestId('instance-row').first()).toBeVisible({ timeout: 180_000 });
    await expect(page.getByTestId('method-learned')).toBeChecked();
    await expect(page.getByTestId('made-by')).toContainText('mask head');
    // every instance, alone: no mask pixel outside its box, and the mask is neither empty nor the whole box
    const n = await page.getByTestId('instance-row').count();
    let shaped = 0;
    for (let i = 0; i < Math.min(n, 4); i++) {
      await solo(page, i);
      await expect.poll(async () => (await readCanvas(page, 'instance-view')).boxes.length).toBe(1);
      const r = await readCanvas(page, 'instance-view');
      const area = boxArea(r.boxes[0]!);
      expect(r.outside, `instance ${i}`).toBe(0);
      if (r.inside > 0.1 * area && r.inside < 0.95 * area) shaped++;
    }
    expect(shaped).toBeGreaterThan(0);
    // the diagram: the head's 28×28 output for the picked box (grey levels, not a copy of the mask) and its RoI features
    await page.getByTestId('instance-pick').nth(0).check();
    await expect(page.getByTestId('diagram-features')).toBeVisible({ timeout: 60_000 });
    const levels = await page.getByTestId('diagram-grid').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const set = new Set<number>();
      for (let p = 0; p < data.length; p += 4) set.add(data[p]!);
      return set.size;
    });
    expect(levels).toBeGreaterThan(10);
    expect(external).toEqual([]);
  });

  test('Russian: the learned pipeline is named and the honesty note is there', async ({ page }) => {
    await page.goto('./?backend=wasm#/instance?method=learned&score=0.5');
    await expect(page.getByTestId('honesty')).toContainText('не обученная Mask R-CNN');
    await waitForModels(page);
    await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await expect(page.getByTestId('made-by')).toContainText('голова масок', { timeout: 180_000 });
  });

  test('webcam (fake camera) with the learned head: masks arrive, rates shown', async ({ page }) => {
    await page.goto(instanceUrl('method=learned'));
    await waitForModels(page);
    await page.getByTestId('camera-toggle').click();
    await expect(page.getByTestId('webcam-note')).toBeVisible();
    await expect(page.getByTestId('instance-view')).toHaveAttribute('data-drawn', 'masks', { timeout: 120_000 });
    await expect(page.getByTestId('made-by')).toContainText('mask head');
    await expect(page.getByTestId('webcam-note')).toContainText(/Masks \d+\.\d per second, boxes \d+\.\d/);
    await page.getByTestId('camera-toggle').click();
  });

  test('webcam (fake camera): masks update with one job in flight, rates shown', async ({ page }) => {
    await page.goto(instanceUrl('method=classic'));
    await waitForModel(page);
    await page.getByTestId('camera-toggle').click();
    await expect(page.getByTestId('webcam-note')).toBeVisible();
    await expect(page.getByTestId('instance-view')).toHaveAttribute('data-drawn', 'masks', { timeout: 90_000 });
    await expect.poll(() => page.getByTestId('instance-row').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('webcam-note')).toContainText(/Masks \d+\.\d per second, boxes \d+\.\d/);
    await page.getByTestId('camera-toggle').click();
  });
});
