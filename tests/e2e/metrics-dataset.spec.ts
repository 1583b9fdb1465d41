/**
 * "Evaluate a dataset" on the metrics page: the 17 annotated COCO photos + annotations.json in the
 * browser (WASM) must give the same 12 COCO numbers as the CLI pair `detect` + `eval` in Node (WASM).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { forbidExternalRequests, IMAGES } from './helpers';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ANNOTATIONS = path.join(IMAGES, 'annotations.json');
const PHOTOS = readdirSync(IMAGES).filter((f) => /^\d{12}\.jpg$/.test(f)).sort().map((f) => path.join(IMAGES, f));
const URL = './?backend=wasm&lang=en#/detection/metrics';
const run = promisify(execFile);

let expected: number[] = [];
let tmp = '';

test.beforeAll(async () => {
  test.setTimeout(600_000);
  tmp = mkdtempSync(path.join(tmpdir(), 'metrics-dataset-'));
  const dt = path.join(tmp, 'dt.json');
  // the same settings as the page's defaults: score 0.01, NMS IoU 0.6, max 100, per-class NMS
  await run('npx', ['tsx', 'scripts/detect.ts', '--images', IMAGES, '--annotations', ANNOTATIONS, '--out', dt, '--score', '0.01', '--iou', '0.6', '--max', '100'], { cwd: REPO, maxBuffer: 1 << 24 });
  const { stdout } = await run('npx', ['tsx', 'scripts/eval.ts', '--gt', ANNOTATIONS, '--dt', dt, '--json'], { cwd: REPO, maxBuffer: 1 << 24 });
  expected = (JSON.parse(stdout) as { stats: number[] }).stats;
});

test.afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function stats(page: Page): Promise<number[]> {
  return page.getByTestId('coco-stat').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-value'))));
}

test.describe('evaluate a dataset (WASM)', () => {
  test('17 COCO photos + annotations.json → the 12 COCO numbers of the CLI', async ({ page }) => {
    expect(PHOTOS).toHaveLength(17);
    expect(expected).toHaveLength(12);
    const external = forbidExternalRequests(page);
    await page.goto(URL);
    await page.getByTestId('dataset-images').setInputFiles(PHOTOS);
    await page.getByTestId('dataset-annotations').setInputFiles(ANNOTATIONS);
    await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'coco');
    await expect(page.getByTestId('dataset-match')).toContainText('Images with annotations: 17');
    await page.getByTestId('dataset-run').click();
    await expect(page.getByTestId('dataset-progress')).toHaveAttribute('aria-valuemax', '17');
    await expect(page.getByTestId('coco-stat')).toHaveCount(12, { timeout: 300_000 });
    await expect(page.getByTestId('dataset-results')).toHaveAttribute('data-partial', 'false');
    // one image at a time, every tensor released: the tfjs tensor count is the same before and after
    const done = page.getByTestId('dataset-done');
    const before = await done.getAttribute('data-tensors-before');
    expect(before).toMatch(/^\d+$/);
    expect(await done.getAttribute('data-tensors-after')).toBe(before);
    const got = await stats(page);
    console.log(`browser ${got.map((v) => v.toFixed(4)).join(' ')}\nnode    ${expected.map((v) => v.toFixed(4)).join(' ')}`);
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!), `stat ${i}: browser ${v}, CLI ${expected[i]}`).toBeLessThan(0.01));

    // per-class table, PR curve, worst images → image view with TP/FP/FN
    await expect(page.getByTestId('class-row').first()).toBeVisible();
    await expect(page.getByTestId('pr-chart')).toHaveAttribute('aria-label', /AP@0\.5 = /);
    await page.getByTestId('worst-row').first().getByRole('button').click();
    const canvas = page.getByTestId('dataset-image-view').locator('canvas');
    await expect(canvas).toHaveAttribute('aria-label', /correct boxes/);
    // exports
    const download = page.waitForEvent('download');
    await page.getByTestId('dataset-export-report').click();
    const report = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { stats: Record<string, number>; settings: { scoreThreshold: number } };
    expect(report.stats.AP).toBeCloseTo(got[0]!, 10);
    expect(report.settings.scoreThreshold).toBe(0.01);

    // the package's own detect() for comparison: the previous run stays as a column
    await page.getByRole('radio', { name: /package/ }).check();
    await page.getByTestId('dataset-run').click();
    await expect(page.getByTestId('coco-stats').getByRole('columnheader', { name: /Previous run \(our NMS, score 0\.01, 17 images\)/ })).toBeVisible({ timeout: 300_000 });
    await expect(page.getByTestId('coco-stat')).toHaveCount(12);
    expect(external).toEqual([]);
  });

  test('"load the sample": one click evaluates the bundled 17 photos', async ({ page }) => {
    await page.goto(URL);
    await page.getByTestId('dataset-sample').click();
    await expect(page.getByTestId('coco-stat')).toHaveCount(12, { timeout: 300_000 });
    await expect(page.getByTestId('dataset-run-settings')).toContainText('score threshold 0.01, NMS IoU 0.6, up to 100 boxes, backend wasm');
    const got = await stats(page);
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!), `stat ${i}`).toBeLessThan(0.01));
  });

  test('PASCAL VOC XML: detected, mapped to COCO ids, evaluated', async ({ page }) => {
    await page.goto(URL);
    await page.getByTestId('dataset-images').setInputFiles(path.join(IMAGES, 'voc/JPEGImages/2007_000063.jpg'));
    await page.getByTestId('dataset-annotations').setInputFiles(path.join(IMAGES, 'voc/Annotations/2007_000063.xml'));
    await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'voc');
    await expect(page.getByTestId('dataset-format')).toContainText('PASCAL VOC XML');
    await page.getByTestId('dataset-run').click();
    await expect(page.getByTestId('coco-stat')).toHaveCount(12, { timeout: 120_000 });
    await expect(page.getByTestId('class-row')).toHaveCount(2); // dog, chair
    await expect(page.getByTestId('class-row').filter({ hasText: 'dog' })).toHaveCount(1);

    // the imported annotations survive a reload (IndexedDB, in their own set) and match the photo again
    await page.reload();
    await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'imported');
    await page.getByTestId('dataset-images').setInputFiles(path.join(IMAGES, 'voc/JPEGImages/2007_000063.jpg'));
    await expect(page.getByTestId('dataset-match')).toContainText('Images with annotations: 1');
    await expect(page.getByTestId('dataset-run')).toBeEnabled();
  });

  test('YOLO txt + classes.txt: boxes scaled by the decoded size', async ({ page }) => {
    await page.goto(URL);
    // 2007_000063.jpg is 500x375: dog [122, 114, 257, 161], chair [74, 0, 354, 375] (VOC → COCO pixels)
    const yolo = (c: number, x: number, y: number, w: number, h: number) => `${c} ${(x + w / 2) / 500} ${(y + h / 2) / 375} ${w / 500} ${h / 375}`;
    await page.getByTestId('dataset-annotations').setInputFiles([
      { name: 'classes.txt', mimeType: 'text/plain', buffer: Buffer.from('dog\nchair\nunicorn\n') },
      { name: '2007_000063.txt', mimeType: 'text/plain', buffer: Buffer.from(`${yolo(0, 122, 114, 257, 161)}\n${yolo(1, 74, 0, 354, 375)}\n`) },
    ]);
    await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'yolo');
    await expect(page.getByTestId('dataset-unmapped')).toContainText('unicorn');
    await page.getByTestId('dataset-images').setInputFiles(path.join(IMAGES, 'voc/JPEGImages/2007_000063.jpg'));
    await expect(page.getByTestId('dataset-match')).toContainText('Images with annotations: 1');
    await page.getByTestId('dataset-run').click();
    await expect(page.getByTestId('coco-stat')).toHaveCount(12, { timeout: 120_000 });
    await expect(page.getByTestId('class-row')).toHaveCount(2);
    const rows = () => page.getByTestId('class-row').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-class')} ${Number(e.getAttribute('data-ap')).toFixed(2)}`));
    const fromYolo = await rows();
    // The same image with its VOC XML (pixel boxes, parsed independently of the YOLO path) gives the
    // same per-class AP: the normalized YOLO boxes were scaled by the decoded 500×375.
    await page.goto(URL);
    await page.getByTestId('dataset-annotations').setInputFiles(path.join(IMAGES, 'voc/Annotations/2007_000063.xml'));
    await page.getByTestId('dataset-images').setInputFiles(path.join(IMAGES, 'voc/JPEGImages/2007_000063.jpg'));
    await page.getByTestId('dataset-run').click();
    await expect(page.getByTestId('coco-stat')).toHaveCount(12, { timeout: 120_000 });
    expect(await rows()).toEqual(fromYolo);
    // …and the detector does find the dog there, so the comparison is not 0 = 0.
    expect(fromYolo).not.toContain('dog 0.00');
  });

  test('malformed annotations: the message names the file and the position', async ({ page }) => {
    await page.goto(URL);
    await page.getByTestId('dataset-annotations').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "images": [\n    {"id": 1,}\n  ]\n}') });
    await expect(page.getByTestId('dataset-error')).toContainText('broken.json: line 3, column 14');
    await page.getByTestId('dataset-annotations').setInputFiles({ name: 'a.xml', mimeType: 'text/xml', buffer: Buffer.from('<annotation>\n  <object><name>dog</name>\n</annotation>') });
    await expect(page.getByTestId('dataset-error')).toContainText('a.xml: line 3, column 1: </annotation> does not match <object>');
    await expect(page.getByTestId('dataset-run')).toBeDisabled();
  });

  test('cancel keeps a clearly labelled partial result; a broken image is skipped, the run goes on', async ({ page }) => {
    await page.goto(URL);
    // the first photo (sorted) replaced by bytes that are no image
    const broken = { name: path.basename(PHOTOS[0]!), mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg at all') };
    const rest = PHOTOS.slice(1).map((f) => ({ name: path.basename(f), mimeType: 'image/jpeg', buffer: readFileSync(f) }));
    await page.getByTestId('dataset-images').setInputFiles([broken, ...rest]);
    await page.getByTestId('dataset-annotations').setInputFiles(ANNOTATIONS);
    await page.getByTestId('dataset-run').click();
    const bar = page.getByTestId('dataset-progress');
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    await page.getByTestId('dataset-cancel').click();
    await expect(page.getByTestId('dataset-cancelled')).toContainText(/Cancelled after \d+ of 17 images/);
    await expect(page.getByTestId('dataset-results')).toHaveAttribute('data-partial', 'true');
    await expect(page.getByTestId('coco-stat')).toHaveCount(12);
    await expect(page.getByTestId('dataset-skipped')).toContainText(`${path.basename(PHOTOS[0]!)}: could not be decoded`);
  });
});
