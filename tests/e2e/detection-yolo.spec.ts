import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { cocoGroundTruthFromJson, cocoResultsFromJson, evaluateDetections } from '../../src/core/eval';
import { canvasPixels, canvasSize, forbidExternalRequests, IMAGES, near, upload } from './helpers';

const CK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/checkpoints/tinyyolo');

function yoloUrl(opts: { lang?: string; query?: string } = {}): string {
  const search = new URLSearchParams({ backend: 'wasm' });
  if (opts.lang) search.set('lang', opts.lang);
  return `./?${search.toString()}#/detection/yolo${opts.query ? `?${opts.query}` : ''}`;
}

test.describe('YOLO page (WASM)', () => {
  test('renders on a photo: grid, tensor and the cell vector with real numbers', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(yoloUrl({ lang: 'en', query: 'src=photo' }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('YOLO inside: grid, priors, encoding, loss');
    await expect(page.getByTestId('yolo-model-status')).toHaveAttribute('data-origin', 'checkpoint', { timeout: 120_000 });
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    await expect(page.getByTestId('yolo-grid-canvas')).toHaveAttribute('aria-label', /8×8 grid/);
    await expect(page.getByTestId('cell-vector').locator('tbody tr')).toHaveCount(3, { timeout: 60_000 });
    await expect(page.getByTestId('tensor-block')).toHaveAttribute('aria-label', /8×8×24/);
    // A click on the grid selects a cell, and it lands in the URL.
    await page.getByTestId('yolo-grid-canvas').click({ position: { x: 5, y: 5 } });
    await expect(page).toHaveURL(/row=0/);
    await expect(page.getByRole('heading', { name: /Cell \(0, 0\)/ })).toBeVisible();
    // Pixels: the selected cell's outline (#f5b700) runs along cell (0, 0)'s right and bottom edges of the 8×8 grid.
    const { width: W, height: H } = await canvasSize(page, 'yolo-grid-canvas');
    const px = await canvasPixels(page, 'yolo-grid-canvas', [[W / 8, H / 16], [W / 16, H / 8], [(3 * W) / 8, H / 16]]);
    const yellow: [number, number, number] = [0xf5, 0xb7, 0x00];
    expect(px.rgba.map((p) => near(p, yellow, 40))).toEqual([true, true, false]);
    expect(external).toEqual([]);
  });

  test('synthetic image: detections, priors, encoding, loss, a few training steps and a drawing', async ({ page }) => {
    await page.goto(yoloUrl({ lang: 'en', query: 'img=1&k=5' }));
    await expect(page.getByTestId('yolo-model-status')).toHaveAttribute('data-origin', 'checkpoint', { timeout: 120_000 });
    await expect(page.getByTestId('yolo-detections').locator('li').first()).toBeVisible({ timeout: 60_000 });
    // The shipped checkpoint's mAP@.5, recomputed here from the COCO files the training script wrote.
    const gt = cocoGroundTruthFromJson(JSON.parse(readFileSync(path.join(CK, 'test-gt.json'), 'utf8')), 'test-gt.json');
    const dt = cocoResultsFromJson(JSON.parse(readFileSync(path.join(CK, 'test-dt.json'), 'utf8')), 'test-dt.json');
    const ap50 = evaluateDetections(gt, dt).stats[1]!;
    await expect(page.getByTestId('shipped-map')).toContainText(`mAP@.5 = ${ap50.toFixed(3)}`);

    // Priors: k from the URL; mean IoU shown for both distances; the curve has its text alternative.
    await expect(page.getByTestId('priors-k')).toHaveValue('5');
    await expect(page.getByTestId('priors-mean-iou')).toContainText(/0\.\d{3}.*0\.\d{3}/);

    // Encoding: b_w = p_w · e^{t_w} with the slider values.
    await expect(page.getByTestId('enc-formula')).toContainText('2.00');

    // Loss: the total responds to α₂.
    const total = await page.getByTestId('loss-total').textContent();
    await page.getByTestId('loss-a2').fill('3');
    await expect(page.getByTestId('loss-total')).not.toHaveText(total ?? '');

    // Train a few steps in the browser, then pause.
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-status')).toContainText(/Step [3-9]|Step \d\d/, { timeout: 120_000 });
    await page.getByTestId('train-pause').click();
    await expect(page.getByTestId('train-start')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('train-loss-chart')).toBeVisible();

    // Draw a filled rectangle (zig-zag strokes, 8 px brush) over pad pixels 60…190 × 60…170 and detect.
    const pad = page.getByTestId('draw-pad');
    // Mouse coordinates are viewport coordinates: the pad must be on screen before drawing.
    await pad.scrollIntoViewIfNeeded();
    const b = await pad.boundingBox();
    if (!b) throw new Error('no drawing pad');
    await page.mouse.move(b.x + 60, b.y + 60);
    await page.mouse.down();
    for (let y = 60; y <= 170; y += 5) {
      await page.mouse.move(b.x + 190, b.y + y, { steps: 4 });
      await page.mouse.move(b.x + 190, b.y + Math.min(170, y + 5), { steps: 1 });
      await page.mouse.move(b.x + 60, b.y + Math.min(170, y + 5), { steps: 4 });
    }
    await page.mouse.up();
    await page.getByTestId('draw-detect').click();
    // It is found as a rectangle …
    await expect(pad).toHaveAttribute('aria-label', /Detections: .*rectangle \d\.\d\d/);
    // … where it was drawn: the overlay's drawn box (opaque pixels of a transparent canvas: the box
    // stroke, its label 14 px above the top edge) against the painted area (brush radius 4 → 56…194 × 56…174).
    const ext = await page.getByTestId('draw-overlay').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const { data, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let x1 = width, y1 = height, x2 = -1, y2 = -1;
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[(y * width + x) * 4 + 3]! > 128) {
        x1 = Math.min(x1, x); x2 = Math.max(x2, x); y1 = Math.min(y1, y); y2 = Math.max(y2, y);
      }
      return { x1, y1, x2, y2, width, height };
    });
    expect([ext.width, ext.height]).toEqual([256, 256]);
    const box = { x1: ext.x1, y1: ext.y1 > 0 ? ext.y1 + 14 : 0, x2: ext.x2, y2: ext.y2 };
    const drawn = { x1: 56, y1: 56, x2: 194, y2: 174 };
    const iw = Math.max(0, Math.min(box.x2, drawn.x2) - Math.max(box.x1, drawn.x1));
    const ih = Math.max(0, Math.min(box.y2, drawn.y2) - Math.max(box.y1, drawn.y1));
    const area = (r: typeof box) => (r.x2 - r.x1) * (r.y2 - r.y1);
    const iou = (iw * ih) / (area(box) + area(drawn) - iw * ih);
    expect(iou, JSON.stringify(box)).toBeGreaterThanOrEqual(0.5);
  });
});
