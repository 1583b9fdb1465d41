/**
 * The results page: the lecture's tables with sources and discrepancies, sorting in the URL, both
 * languages, and the "this device" row measured in Chromium (WASM) against the CLI's AP on the same
 * photos (docs/BENCHMARKS.md, "Detection quality on ../shared/images": AP 0.278, AP50 0.410).
 */
import { expect, test } from '@playwright/test';
import { forbidExternalRequests } from './helpers';

const url = (lang: string, query = '') => `./?backend=wasm&lang=${lang}#/detection/results${query ? `?${query}` : ''}`;

test.describe('results page', () => {
  test('ru: tables, sources, discrepancies, sorting in the URL', async ({ page }) => {
    const external = forbidExternalRequests(page);
    await page.goto(url('ru'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Результаты детекторов/);
    const rows = page.getByTestId('voc07-row');
    await expect(rows).toHaveCount(10);
    // default: lecture mAP descending → R-FCN's 83.6 … DPM's 33.7 (ResNet+COCO 83.8 first)
    await expect(rows.first()).toHaveAttribute('data-id', 'frcnn-resnet-coco');
    await expect(rows.last()).toHaveAttribute('data-id', 'dpm5');
    await page.getByTestId('voc07-table').getByTestId('sort-lectureFps').click();
    await expect(page).toHaveURL(/s07=lectureFps/);
    await expect(rows.first()).toHaveAttribute('data-id', 'yolo');
    await page.getByTestId('voc07-table').getByTestId('sort-lectureFps').click();
    await expect(page).toHaveURL(/d07=asc/);
    await expect(rows.first()).toHaveAttribute('data-id', 'rcnn');
    // YOLOv3: no primary VOC07 number; the COCO figures are quoted
    await expect(page.locator('[data-testid="voc07-row"][data-id="yolo3"]')).toContainText('28,2');
    await expect(page.getByTestId('discrepancies')).toContainText('35,7');
    await expect(page.getByTestId('discrepancies')).toContainText('118 287');
    // figures not re-checked against a copy of the paper are marked; R-FCN's (abstract found) are not
    await expect(page.locator('[data-testid="voc07-row"][data-id="rfcn"] [data-testid="unverified"]')).toHaveCount(0);
    expect(await page.locator('[data-testid="voc07-row"][data-id="frcnn-resnet-coco"] [data-testid="unverified"]').count()).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('unverified-legend')).toContainText('не перепроверено');
    await expect(page.getByTestId('fact-row').filter({ hasText: '9963' }).or(page.getByTestId('fact-row').filter({ hasText: '9 963' }))).toHaveCount(1);
    expect(external).toEqual([]);
  });

  test('en: the device row measured here matches the CLI\'s AP on the same photos', async ({ page }) => {
    test.setTimeout(300_000);
    const external = forbidExternalRequests(page);
    await page.goto(url('en', 's12=name&d12=asc'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Detector results/);
    await expect(page.getByTestId('voc12-row').first()).toHaveAttribute('data-id', 'fastrcnn'); // 'Fast R-CNN' < 'Faster R-CNN'
    await page.getByTestId('device-run').click();
    await expect(page.getByTestId('device-row')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    const ap50 = Number(await page.getByTestId('device-ap50').getAttribute('data-value'));
    const ap = Number(await page.getByTestId('device-note').getAttribute('data-ap'));
    expect(Math.abs(ap50 - 0.41)).toBeLessThan(0.01);
    expect(Math.abs(ap - 0.278)).toBeLessThan(0.01);
    await expect(page.getByTestId('device-row')).toContainText('17 COCO val2017 photos');
    expect(Number(await page.getByTestId('device-ms').getAttribute('data-value'))).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });

  test('en: without bundled annotations the row says how to get them', async ({ page }) => {
    await page.route('**/samples/annotations.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
    await page.goto(url('en'));
    await page.getByTestId('device-run').click();
    await expect(page.getByTestId('device-no-samples')).toContainText('SAMPLES_DIR=../shared/images npm run models');
    await expect(page.getByTestId('voc07-row')).toHaveCount(10);
  });
});
