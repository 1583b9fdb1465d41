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
    expect(external).toEqual([]);
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
