/**
 * The instance page draws its masks through the shared painter (OverlayCanvas, src/ui/painter.ts): the
 * pixels read back from the canvas must put a mask's edge where its image coordinates say. The
 * expected positions are computed here by hand — fit the image into the canvas (uniform scale,
 * centred), scale the exported box (COCO JSON, image pixels) — never taken from the app's painter.
 * Masks by the inscribed-ellipse method: the ellipse touches the box at the middle of each side and
 * leaves the box's corners empty, a shape whose edges are known from the box alone.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { canvasPixels, canvasSize, imageSize, IMAGES, near, upload, waitForModel } from './helpers';

type Pt = readonly [number, number];
type Rgb = readonly [number, number, number];

test('instance view, masks only: an ellipse mask fills its box to the middle of each side, black outside and in the corners', async ({ page }) => {
  const file = path.join(IMAGES, '000000397133.jpg');
  await page.goto('./?backend=wasm&lang=en#/instance?method=ellipse&only=1&score=0.5');
  await waitForModel(page);
  await upload(page, file);
  const rows = page.getByTestId('instance-row');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('made-by')).toContainText('ellipse');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const json = JSON.parse(await readFile(await download.path(), 'utf8')) as { bbox: [number, number, number, number] }[];
  expect(json.length).toBe(await rows.count());
  // the largest instance, alone
  const pick = json.reduce((best, d, i) => (d.bbox[2] * d.bbox[3] > json[best]!.bbox[2] * json[best]!.bbox[3] ? i : best), 0);
  await page.getByTestId('hide-all').click();
  await page.getByTestId('instance-toggle').nth(pick).check();
  const colour = (await rows.nth(pick).getAttribute('data-color'))!.split(',').map(Number) as unknown as Rgb;

  const img = await imageSize(page, file);
  const c = await canvasSize(page, 'instance-view');
  const s = Math.min(c.width / img.width, c.height / img.height);
  const ox = (c.width - img.width * s) / 2, oy = (c.height - img.height * s) / 2;
  const [bx, by, bw, bh] = json[pick]!.bbox;
  const x1 = ox + bx * s, y1 = oy + by * s, x2 = ox + (bx + bw) * s, y2 = oy + (by + bh) * s;
  const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2, w = x2 - x1, h = y2 - y1;
  expect(Math.min(w, h)).toBeGreaterThan(60); // big enough for the 4 % margins below to be several pixels

  const inside: Pt[] = [[cx, cy], [x1 + 0.04 * w, cy], [x2 - 0.04 * w, cy], [cx, y1 + 0.04 * h], [cx, y2 - 0.04 * h]];
  const outside = ([
    [x1 - 4, cy], [x2 + 4, cy], [cx, y1 - 4], [cx, y2 + 4], // just outside the box, at the ellipse's widest
    [x1 + 0.08 * w, y1 + 0.08 * h], [x2 - 0.08 * w, y2 - 0.08 * h], // the box's corners: outside the ellipse
  ] as Pt[]).filter(([x, y]) => x >= 0 && y >= 0 && x < c.width && y < c.height);
  await expect.poll(async () => (await canvasPixels(page, 'instance-view', inside)).rgba.map((p) => near(p, colour, 8)), { timeout: 30_000 }).toEqual(inside.map(() => true));
  const out = (await canvasPixels(page, 'instance-view', outside)).rgba;
  expect(out.map((p) => p[0]! + p[1]! + p[2]! < 30)).toEqual(outside.map(() => true));

  // The semantic view draws the same mask (in its class's colour) at the same place.
  const sem = (await canvasPixels(page, 'semantic-view', [...inside, ...outside])).rgba;
  expect(sem.map((p) => p[0]! + p[1]! + p[2]! >= 30)).toEqual([...inside.map(() => true), ...outside.map(() => false)]);
});
