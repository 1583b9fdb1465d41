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
    // checked figures carry a ✓ naming the table and linking to the copy read; the three not found carry a *.
    // Hand count: VOC07 20 primary figures − 2 unchecked, VOC12 7, facts 6 with a primary − 1 unchecked.
    await expect(page.getByTestId('checked')).toHaveCount(18 + 7 + 5);
    await expect(page.getByTestId('unverified')).toHaveCount(3);
    const rfcn = page.locator('[data-testid="voc07-row"][data-id="rfcn"]');
    await expect(rfcn.getByTestId('unverified')).toHaveCount(0);
    await expect(rfcn.getByTestId('checked')).toHaveCount(2);
    const dpm = page.locator('[data-testid="voc07-row"][data-id="dpm5"]');
    await expect(dpm.getByTestId('unverified')).toHaveCount(1); // 0.07 FPS: in no copy read
    await expect(dpm.getByTestId('checked')).toHaveAttribute('data-where', /Table 2/); // R-CNN paper's DPM v5 row
    await expect(page.locator('[data-testid="fact-row"][data-id="coco-images"]').getByTestId('unverified')).toHaveCount(1);
    // every ✓ links to an entry of the copies list, and that entry names the arXiv paper of the row's source
    const marks = page.getByTestId('checked');
    const n = await marks.count();
    for (let i = 0; i < n; i++) {
      const href = await marks.nth(i).getAttribute('href');
      expect(href).toMatch(/^#copy-/);
      await expect(page.locator(`[id="${href!.slice(1)}"]`)).toContainText(/https?:\/\//);
    }
    await expect(page.locator('#copy-yolo-v5')).toContainText('arxiv.org/abs/1506.02640v5');
    await expect(page.getByTestId('unverified-legend')).toContainText('не найдено');
    // the discrepancy list shows both numbers, the lecture's and the paper's (values typed from the papers)
    const disc = (id: string) => page.locator(`[data-testid="discrepancy"][data-id="${id}"]`);
    await expect(disc('fasterrcnn').getByTestId('disc-lecture-fps')).toHaveText('7,0'); // slide (the page prints one decimal below 10)
    await expect(disc('fasterrcnn').getByTestId('disc-primary-fps')).toHaveText('5,0'); // Faster R-CNN Table 5: 198 ms, 5 fps
    await expect(disc('frcnn-resnet-coco').getByTestId('disc-lecture-map')).toHaveText('83,8');
    await expect(disc('frcnn-resnet-coco').getByTestId('disc-primary-map')).toHaveText('85,6'); // ResNet Table 10
    await expect(disc('rcnn').getByTestId('disc-primary-fps')).toHaveText('0,021'); // Fast R-CNN Table 4: 47.0 s/im
    await expect(disc('maskrcnn-ap')).toContainText('41');
    await expect(disc('maskrcnn-ap')).toContainText('37,1');
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
