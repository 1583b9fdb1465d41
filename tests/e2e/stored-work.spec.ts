/**
 * Issue #15 items 1 and 8: what a student stored is never replaced without their say-so.
 * Drawn ground truth survives picking a dataset's annotations.json (the exact steps), invalid
 * boxes are not stored, destructive actions can be undone, everything stored can be exported, and the
 * dataset evaluator keeps its annotations when a .txt is among the images or an import fails.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { IMAGES, upload } from './helpers';

const URL = './?backend=wasm&lang=en#/detection/metrics';
const PHOTO = path.join(IMAGES, '000000397133.jpg');
const ANNOTATIONS = path.join(IMAGES, 'annotations.json');

/** Draws a box from (x0, y0) to (x1, y1) in the photo's pixels (640 px wide). */
async function draw(page: Page, x0: number, y0: number, x1: number, y1: number): Promise<void> {
  const editor = page.getByTestId('gt-editor');
  await editor.scrollIntoViewIfNeeded();
  const eb = await editor.boundingBox();
  if (!eb) throw new Error('editor not visible');
  const s = eb.width / 640;
  await page.mouse.move(eb.x + x0 * s, eb.y + y0 * s);
  await page.mouse.down();
  await page.mouse.move(eb.x + ((x0 + x1) / 2) * s, eb.y + ((y0 + y1) / 2) * s, { steps: 4 });
  await page.mouse.move(eb.x + x1 * s, eb.y + y1 * s, { steps: 4 });
  await page.mouse.up();
}

async function openPhoto(page: Page): Promise<void> {
  await upload(page, PHOTO);
  await expect(page.getByTestId('gt-editor')).toBeVisible();
}

test('drawn boxes survive a dataset import; invalid boxes are refused; undo; export of everything', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(URL);
  await openPhoto(page);
  await draw(page, 20, 20, 120, 140);
  await draw(page, 200, 250, 300, 400);
  await expect(page.getByTestId('gt-box')).toHaveCount(2);
  await page.reload();
  await openPhoto(page);
  await expect(page.getByTestId('gt-box')).toHaveCount(2);

  // "Evaluate a dataset": merely pick annotations.json (no run), reload: the drawn boxes are still there
  await page.getByTestId('dataset-annotations').setInputFiles(ANNOTATIONS);
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'coco');
  await expect(page.getByTestId('dataset-imported')).toBeVisible();
  await page.reload();
  await openPhoto(page);
  await expect(page.getByTestId('gt-box')).toHaveCount(2);

  // deleting everything can be undone
  await page.getByTestId('clear-gt').click();
  await expect(page.getByTestId('gt-box')).toHaveCount(0);
  await page.getByTestId('undo-gt').click();
  await expect(page.getByTestId('gt-box')).toHaveCount(2);

  // an imported file with a negative width and a 1e300 box: only the valid box is kept, the rest named
  const gt = {
    images: [{ id: 397133, file_name: '000000397133.jpg', width: 640, height: 427 }],
    annotations: [
      { id: 1, image_id: 397133, category_id: 1, bbox: [10, 10, -5, 30], area: 1, iscrowd: 0 },
      { id: 2, image_id: 397133, category_id: 1, bbox: [10, 10, 1e300, 30], area: 1, iscrowd: 0 },
      { id: 3, image_id: 397133, category_id: 1, bbox: [100, 100, 50, 60], area: 3000, iscrowd: 0 },
    ],
    categories: [{ id: 1, name: 'person' }],
  };
  await page.getByTestId('import-gt').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(gt)) });
  await expect(page.getByTestId('gt-message')).toContainText('Invalid boxes skipped: 2');
  await expect(page.getByTestId('gt-box')).toHaveCount(1);
  await page.reload();
  await openPhoto(page);
  await expect(page.getByTestId('gt-box')).toHaveCount(1);
  await draw(page, 400, 20, 500, 120);
  await expect(page.getByTestId('gt-box')).toHaveCount(2);

  // the dataset section: deleting the drawn set is undoable
  await page.getByTestId('dataset-forget').click();
  await expect(page.getByTestId('dataset-store-note')).toContainText('deleted (1 image)');
  await page.getByTestId('dataset-undo-forget').click();
  await expect(page.getByTestId('dataset-store-note')).toContainText('restored (1 image)');
  await page.reload();
  await openPhoto(page);
  await expect(page.getByTestId('gt-box')).toHaveCount(2);

  // export of everything stored: the drawn photo and the imported set, apart
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dataset-export-all').click()]);
  const all = JSON.parse(await readFile(await download.path(), 'utf8')) as { drawn: { imageName: string; boxes: unknown[] }[]; imported: { imageName: string }[] };
  expect(all.drawn.map((d) => [d.imageName, d.boxes.length])).toEqual([['000000397133.jpg', 2]]);
  const official = JSON.parse(await readFile(ANNOTATIONS, 'utf8')) as { images: { file_name: string }[] };
  expect(all.imported.map((d) => d.imageName).sort()).toEqual(official.images.map((i) => i.file_name).sort());
  expect(errors).toEqual([]);
});

test('dataset evaluator: a .txt among the images and a failed import keep the annotations; inputs reset', async ({ page }) => {
  await page.goto(URL);
  await page.getByTestId('dataset-annotations').setInputFiles(ANNOTATIONS);
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'coco');
  const photo = { name: path.basename(PHOTO), mimeType: 'image/jpeg', buffer: await readFile(PHOTO) };
  await page.getByTestId('dataset-images').setInputFiles([photo, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('0 0.5 0.5 0.1 0.1\n') }]);
  await expect(page.getByTestId('dataset-ignored')).toContainText('notes.txt');
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'coco');
  await expect(page.getByTestId('dataset-match')).toContainText('Images with annotations: 1');
  await expect(page.getByTestId('dataset-error')).toHaveCount(0);

  await page.getByTestId('dataset-annotations').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"images": [') });
  await expect(page.getByTestId('dataset-error')).toContainText('broken.json');
  await expect(page.getByTestId('dataset-error')).toContainText('The previous annotations are kept');
  await expect(page.getByTestId('dataset-format')).toHaveAttribute('data-format', 'coco');
  await expect(page.getByTestId('dataset-run')).toBeEnabled();
  // both inputs are emptied after each pick, so picking the same file again fires a change
  expect(await page.getByTestId('dataset-annotations').inputValue()).toBe('');
  expect(await page.getByTestId('dataset-images').inputValue()).toBe('');
  await page.getByTestId('dataset-annotations').setInputFiles(ANNOTATIONS);
  await expect(page.getByTestId('dataset-error')).toHaveCount(0);
});
