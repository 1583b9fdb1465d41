/**
 * Overlay pixel checks, one per canvas kind (issue #8): each reads pixels back from what the browser drew
 * and checks that a box edge (or a label map's pixel) lands where the coordinates say. The expected
 * positions are computed here by hand — fit the image into the element (uniform scale, centred), then
 * scale the box — never taken from the app's painter.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { COCO_CATEGORIES } from '../../src/core/cocoClasses';
import { SEG_CLASS_COLORS, splitSamples } from '../../src/core/segSynth';
import { canvasPixels, canvasSize, forbidExternalRequests, hslToRgb, imageSize, IMAGES, near, upload, waitForModel } from './helpers';

type Pt = readonly [number, number];
type Rgb = readonly [number, number, number];

/** The hand-written fit: scale and offsets of an image of `img` size fitted into `target`, centred. */
function fit(img: { width: number; height: number }, target: { width: number; height: number }) {
  const s = Math.min(target.width / img.width, target.height / img.height);
  return { s, ox: (target.width - img.width * s) / 2, oy: (target.height - img.height * s) / 2 };
}

/** Points along a segment (excluding 15 % at each end, where labels/handles/other strokes sit). */
function along(a: Pt, b: Pt, n = 9): Pt[] {
  return Array.from({ length: n }, (_, i) => {
    const t = 0.15 + (0.7 * i) / (n - 1);
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t] as const;
  });
}

/** How many sample points have a pixel of colour `rgb` within one pixel (a 2–3 px stroke, anti-aliased). */
async function hits(read: (pts: readonly Pt[]) => Promise<number[][]>, samples: readonly Pt[], rgb: Rgb, tol = 40): Promise<number> {
  const pts = samples.flatMap(([x, y]) => [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => [Math.floor(x) + dx, Math.floor(y) + dy] as const)));
  const px = await read(pts);
  let n = 0;
  for (let i = 0; i < samples.length; i++) if (px.slice(i * 9, i * 9 + 9).some((p) => near(p, rgb, tol))) n++;
  return n;
}

const fromCanvas = (page: Page, testId: string) => async (pts: readonly Pt[]) => (await canvasPixels(page, testId, pts)).rgba;

/** Pixels of an element as shown on screen (an SVG board), via a screenshot decoded by the browser. */
async function fromScreenshot(page: Page, testId: string): Promise<(pts: readonly Pt[]) => Promise<number[][]>> {
  const png = (await page.getByTestId(testId).screenshot({ animations: 'disabled' })).toString('base64');
  return (pts) =>
    page.evaluate(
      async ([data, points]) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data));
      },
      [png, pts as Pt[]] as const,
    );
}

test.describe('overlay pixels land where the coordinates say', () => {
  test('live detection overlay: a detection box edge is drawn at its image coordinates', async ({ page }) => {
    const external = forbidExternalRequests(page);
    const file = path.join(IMAGES, '000000397133.jpg');
    await page.goto('./?backend=wasm&lang=en#/detection/live');
    await waitForModel(page);
    await upload(page, file);
    const rows = page.getByTestId('detection-row');
    await expect(rows.first()).toBeVisible();
    const img = await imageSize(page, file);
    const size = await canvasSize(page, 'overlay');
    const { s, ox, oy } = fit(img, size);

    // The table's [x, y, w, h] in image pixels and class: pick the largest box away from the image border.
    const table = await rows.evaluateAll((els) =>
      els.map((e) => ({ cls: e.getAttribute('data-class') ?? '', box: (e.lastElementChild?.textContent ?? '').split(',').map(Number) })),
    );
    const inner = table.filter(({ box: [x, y, w, h] }) => x! > 8 && y! > 8 && x! + w! < img.width - 8 && y! + h! < img.height - 8 && w! > 40 && h! > 40);
    expect(inner.length, JSON.stringify(table)).toBeGreaterThan(0);
    const pick = inner.sort((a, b) => b.box[2]! * b.box[3]! - a.box[2]! * a.box[3]!)[0]!;
    const id = COCO_CATEGORIES.find(([, name]) => name === pick.cls)![0];
    const rgb = hslToRgb((id * 137.508) % 360, 0.85, 0.45);
    const [x, y, w, h] = pick.box as [number, number, number, number];
    const X1 = ox + x * s, Y1 = oy + y * s, X2 = ox + (x + w) * s, Y2 = oy + (y + h) * s;
    const read = fromCanvas(page, 'overlay');
    // Left, right and bottom edges (the label sits on the top edge); 9 samples each, ≥ 7 on the stroke.
    for (const [a, b] of [[[X1, Y1], [X1, Y2]], [[X2, Y1], [X2, Y2]], [[X1, Y2], [X2, Y2]]] as const) expect(await hits(read, along(a, b), rgb)).toBeGreaterThanOrEqual(7);
    // … and not 6 px outside the box (a shifted or swapped painter would put it there or elsewhere).
    expect(await hits(read, along([X1 - 6, Y1], [X1 - 6, Y2]), rgb)).toBeLessThanOrEqual(2);
    expect(await hits(read, along([X1, Y2 + 6], [X2, Y2 + 6]), rgb)).toBeLessThanOrEqual(2);
    expect(external).toEqual([]);
  });

  test('X-ray grid canvas: the selected cell (row 0, column 2 of 3×3) is outlined at its grid position', async ({ page }) => {
    const file = path.join(IMAGES, 'unannotated', 'skimage_chelsea.png');
    await page.goto('./?backend=wasm&lang=en#/detection/xray?map=3&row=0&col=2');
    await waitForModel(page);
    await upload(page, file);
    await expect(page.getByTestId('grid-canvas')).toHaveAttribute('aria-label', /the 3×3 grid/);
    const img = await imageSize(page, file); // 451 × 300: not square, so a row/column swap moves the cell
    const size = await canvasSize(page, 'grid-canvas');
    const { s, ox, oy } = fit(img, size);
    const cw = (img.width * s) / 3, ch = (img.height * s) / 3;
    const X1 = ox + 2 * cw, X2 = ox + 3 * cw, Y1 = oy, Y2 = oy + ch;
    const yellow: Rgb = [0xf5, 0xb7, 0x00];
    const read = fromCanvas(page, 'grid-canvas');
    await expect.poll(async () => hits(read, along([X1, Y2], [X2, Y2]), yellow)).toBeGreaterThanOrEqual(6);
    expect(await hits(read, along([X1, Y1 + 2], [X1, Y2]), yellow)).toBeGreaterThanOrEqual(6);
    // The cell a swap of row and column would outline (row 2, column 0) has no such edge.
    expect(await hits(read, along([ox + cw, oy + 2 * ch], [ox + cw, oy + 3 * ch]), yellow)).toBeLessThanOrEqual(2);
  });

  test('segmentation label canvas: every pixel of a ground-truth map has its class colour at its (x, y)', async ({ page }) => {
    await page.goto('./?lang=en#/segmentation/train');
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
    // The page previews the first validation images; regenerate the first one here from its seed.
    const [sample] = splitSamples('val', 0, 1);
    const { width, height, labels } = sample!;
    const truth = page.getByRole('img', { name: /^Ground truth of image 1:/ });
    await expect(truth).toBeVisible();
    const drawn = await truth.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      return { w: c.width, h: c.height, data: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) };
    });
    expect([drawn.w, drawn.h]).toEqual([width, height]);
    let wrong = 0;
    for (let yy = 0; yy < height; yy++)
      for (let xx = 0; xx < width; xx++) {
        const p = (yy * width + xx) * 4;
        const want = SEG_CLASS_COLORS[labels[yy * width + xx]!]!;
        if (!near(drawn.data.slice(p, p + 3), want, 0)) wrong++;
      }
    expect(wrong).toBe(0);
    // The map is not symmetric: its transpose differs, so a swapped painter would fail above.
    let asym = 0;
    for (let yy = 0; yy < height; yy++) for (let xx = 0; xx < width; xx++) if (labels[yy * width + xx] !== labels[xx * width + yy]) asym++;
    expect(asym).toBeGreaterThan(width);
  });

  test('metrics board (IoU playground): the GT box stroke is on screen where its board coordinates say', async ({ page }) => {
    // GT (60, 40, 200, 150), prediction (250, 150, 180, 140) on the 480 × 320 board.
    await page.goto('./?backend=wasm&lang=en#/detection/metrics?gx=60&gy=40&gw=200&gh=150&px=250&py=150&pw=180&ph=140');
    const board = page.getByTestId('pg-board');
    await expect(board).toBeVisible();
    await expect(page.getByTestId('pg-gt')).toHaveAttribute('aria-label', /60.*40.*200.*150/);
    const box = (await board.boundingBox())!;
    const { s, ox, oy } = fit({ width: 480, height: 320 }, { width: box.width, height: box.height });
    const read = await fromScreenshot(page, 'pg-board');
    const blue: Rgb = [0x15, 0x65, 0xc0];
    const X1 = ox + 60 * s, Y1 = oy + 40 * s, X2 = ox + 260 * s, Y2 = oy + 190 * s;
    expect(await hits(read, along([X1, Y1], [X1, Y2]), blue, 30)).toBeGreaterThanOrEqual(7);
    expect(await hits(read, along([X1, Y1], [X2, Y1]), blue, 30)).toBeGreaterThanOrEqual(7);
    expect(await hits(read, along([X1 - 8, Y1], [X1 - 8, Y2]), blue, 30)).toBeLessThanOrEqual(1);
    // The prediction's solid-looking right edge (dashed 10/6: most samples hit) in its own colour.
    const pink: Rgb = [0xc2, 0x18, 0x5b];
    expect(await hits(read, along([ox + 430 * s, oy + 150 * s], [ox + 430 * s, oy + 290 * s]), pink, 30)).toBeGreaterThanOrEqual(4);
  });
  test('metrics photo GT editor: an imported GT box is drawn on the photo at its image coordinates', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('./?backend=wasm&lang=en#/detection/metrics');
    const file = path.join(IMAGES, '000000397133.jpg');
    const img = await imageSize(page, file);
    await upload(page, file);
    await waitForModel(page);
    const editor = page.getByTestId('gt-editor');
    await expect(page.getByTestId('det-box').first()).toBeVisible();
    await editor.scrollIntoViewIfNeeded();
    const before = await fromScreenshot(page, 'gt-editor');
    // A "giraffe" GT box in the wall area: no detection can match it, so it stays a dashed orange FN box.
    const [bx, by, bw, bh] = [96, 40, 160, 120];
    const gt = {
      images: [{ id: 397133, file_name: '000000397133.jpg', width: img.width, height: img.height }],
      annotations: [{ id: 1, image_id: 397133, category_id: 25, bbox: [bx, by, bw, bh], area: bw * bh, iscrowd: 0 }],
      categories: [{ id: 25, name: 'giraffe' }],
    };
    await page.getByTestId('import-gt').setInputFiles({ name: 'gt.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(gt)) });
    await expect(page.getByTestId('gt-box')).toHaveCount(1);
    await expect(page.getByTestId('gt-box').first()).toHaveAttribute('data-fn', 'true');
    await page.mouse.move(0, 0);
    // The photo canvas and the SVG fill the same rectangle; the image is fitted into it by hand here.
    const eb = (await editor.boundingBox())!;
    const cb = (await page.locator('.gt-editor canvas').boundingBox())!;
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(cb[k] - eb[k]), k).toBeLessThan(1);
    const { s, ox, oy } = fit(img, { width: eb.width, height: eb.height });
    const X1 = ox + bx * s, Y1 = oy + by * s, X2 = ox + (bx + bw) * s, Y2 = oy + (by + bh) * s;
    const after = await fromScreenshot(page, 'gt-editor');
    const orange: Rgb = [0xef, 0x6c, 0x00];
    const edges: [Pt, Pt][] = [[[X1, Y1], [X2, Y1]], [[X2, Y1], [X2, Y2]], [[X1, Y1], [X1, Y2]]];
    for (const [a, b] of edges) {
      // Dashed 10/6: most samples hit; the photo there was not orange before the import.
      expect(await hits(before, along(a, b), orange, 45), 'photo is orange here').toBeLessThanOrEqual(1);
      expect(await hits(after, along(a, b), orange, 45), `edge ${a.join(',')} → ${b.join(',')}`).toBeGreaterThanOrEqual(4);
    }
    // 8 CSS px outside (and inside) the left and top edges: no orange.
    expect(await hits(after, along([X1 - 8, Y1], [X1 - 8, Y2]), orange, 45)).toBeLessThanOrEqual(1);
    expect(await hits(after, along([X1, Y1 + 8], [X2, Y1 + 8]), orange, 45)).toBeLessThanOrEqual(1);
  });

  test('segmentation mask view (live): the white mask covers the share of the drawn image the model reports', async ({ page }) => {
    // Mask view, hard threshold: person white on black over exactly the image's rectangle of the canvas.
    await page.goto('./?backend=wasm&lang=en#/segmentation/live?view=mask&threshold=0.5');
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    const file = path.join(IMAGES, 'unannotated', 'skimage_astronaut.png');
    await upload(page, file);
    const share = page.getByTestId('person-share');
    await expect(share).not.toHaveAttribute('data-share', '');
    const reported = Number(await share.getAttribute('data-share')); // counted on the model's own grid
    expect(reported).toBeGreaterThan(0.3); // the astronaut is about half the photo: a mask to find
    const img = await imageSize(page, file);
    const counts = await page.getByTestId('seg-canvas').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let white = 0, black = 0, clear = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 128) clear++;
        else if (data[i]! > 127) white++;
        else black++;
      }
      return { width: c.width, height: c.height, white, black, clear };
    });
    const { s } = fit(img, counts);
    const drawn = Math.round(img.width * s) * Math.round(img.height * s);
    // Everything the view paints (black + white) is the image's rectangle, nothing outside it …
    expect(Math.abs(counts.white + counts.black - drawn) / drawn).toBeLessThan(0.01);
    // … and the white part is the reported share of it (upsampling moves only the edge: ±2 points).
    expect(Math.abs(counts.white / drawn - reported)).toBeLessThan(0.02);
  });
});
