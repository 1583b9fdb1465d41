/**
 * Issue #15 fuzz: 100 generated bad images through the shared ImageSource (all on the live detection
 * page, a seeded dozen on every other page that has a photo input) and 60 malformed annotation files
 * through the metrics lab's dataset import and photo GT import. Each gives a message in the UI language
 * (Russian, the default), no page error, the state before stays, the page works afterwards.
 * Everything is generated here from a fixed seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { detectedClasses, IMAGES, upload, waitForModel } from './helpers';

type FilePayload = { name: string; mimeType: string; buffer: Buffer };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer, badCrc = false): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(badCrc ? crc32(td) ^ 0xdeadbeef : crc32(td));
  return Buffer.concat([len, td, c]);
}
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function png(w: number, h: number, opts: { idat?: Buffer; badCrc?: boolean; noEnd?: boolean } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = opts.idat ?? deflateSync(Buffer.alloc(Math.min(h, 64) * (Math.min(w, 64) * 3 + 1)));
  return Buffer.concat([PNG_SIG, chunk('IHDR', ihdr), chunk('IDAT', raw, opts.badCrc), ...(opts.noEnd ? [] : [chunk('IEND', Buffer.alloc(0))])]);
}

const JPEG = readFileSync(path.join(IMAGES, '000000397133.jpg'));
const GOOD = path.join(IMAGES, 'unannotated', 'skimage_chelsea.png');

/** 100 bad images of 10 kinds, seeded. */
function badImages(seed = 15): FilePayload[] {
  const r = mulberry32(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
  const out: FilePayload[] = [];
  const kinds: (() => FilePayload)[] = [
    () => ({ name: 'cut.jpg', mimeType: 'image/jpeg', buffer: JPEG.subarray(0, int(20, Math.floor(JPEG.length * 0.05))) }),
    () => ({ name: 'random.jpg', mimeType: 'image/jpeg', buffer: bytes(int(1, 4000)) }),
    () => ({ name: 'wrongmagic.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from('GIF00'), JPEG.subarray(5, 5000)]) }),
    () => ({ name: 'huge.png', mimeType: 'image/png', buffer: png(int(20000, 2 ** 31 - 1), int(20000, 2 ** 31 - 1)) }),
    () => ({ name: 'zero.png', mimeType: 'image/png', buffer: png(0, int(0, 50)) }),
    () => ({ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) }),
    () => ({ name: 'script.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1" width="${int(0, 0)}" height="0"><script>window.__pwned=1</script></svg>`) }),
    () => ({ name: 'badidat.png', mimeType: 'image/png', buffer: png(int(8, 64), int(8, 64), { idat: bytes(int(10, 200)) }) }),
    () => ({ name: 'headeronly.png', mimeType: 'image/png', buffer: Buffer.concat([PNG_SIG, bytes(int(0, 12))]) }),
    () => ({ name: 'doc.pdf.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes(int(10, 300))]) }),
  ];
  for (let i = 0; i < 100; i++) {
    const f = kinds[i % kinds.length]!();
    out.push({ ...f, name: `${i}-${f.name}` });
  }
  return out;
}

const CYRILLIC = /[а-яё]{3,}/i;
const EMPTY_RU = 'Файл пустой (0 байт).';

/**
 * The page on screen: sections visited before stay mounted but hidden (a hash navigation does not reload),
 * so every locator is scoped to the visible one.
 */
const shown = (page: Page) => page.locator('.page:not([hidden])');

async function installErrorLog(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Uploads each file after an empty file (whose message is known), so that each file's own message is
 * seen: the message must change from the empty-file one (or be a notice) and be Russian.
 */
async function feed(page: Page, files: readonly FilePayload[]): Promise<void> {
  const input = shown(page).getByTestId('image-input').first();
  const error = shown(page).getByTestId('source-error').first();
  const notice = shown(page).getByTestId('source-notice').first();
  for (const f of files) {
    await input.setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
    await expect(error).toHaveText(EMPTY_RU);
    await input.setInputFiles(f);
    if (f.buffer.length === 0) continue;
    await expect(async () => {
      const e = (await error.count()) ? await error.innerText() : '';
      const n = (await notice.count()) ? await notice.innerText() : '';
      expect(e === EMPTY_RU && n === '' ? '' : `${e} ${n}`, f.name).toMatch(CYRILLIC);
    }).toPass({ timeout: 30_000 });
  }
}

test('100 bad images on the live detection page: a Russian message each, no page error; works after', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = await installErrorLog(page);
  await page.goto('./?backend=wasm#/detection/live');
  await waitForModel(page);
  await upload(page, GOOD);
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
  const files = badImages();
  expect(files).toHaveLength(100);
  // the refused ones first: the photo on screen and its detections stay
  const refusedKinds = files.filter((f) => !/cut\.jpg|badidat/.test(f.name));
  await feed(page, refusedKinds);
  await expect(page.getByTestId('overlay')).toHaveAttribute('aria-label', /skimage_chelsea/);
  expect(await detectedClasses(page)).toContain('cat');
  await feed(page, files.filter((f) => /cut\.jpg|badidat/.test(f.name)));
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await upload(page, GOOD);
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
  expect(errors).toEqual([]);
});

const OTHER_PAGES = ['#/detection/metrics', '#/segmentation/live', '#/instance', '#/detection/xray', '#/detection/rcnn', '#/captioning', '#/detection/yolo?src=photo', '#/segmentation/basics'];

test('a seeded dozen bad images on every other page with a photo input', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = await installErrorLog(page);
  const r = mulberry32(7);
  const all = badImages(99);
  for (const route of OTHER_PAGES) {
    await page.goto(`./?backend=wasm${route}`);
    await expect(shown(page).getByTestId('image-input').first()).toBeAttached({ timeout: 60_000 });
    const pick = Array.from({ length: 12 }, (_, i) => all[(i * 10 + Math.floor(r() * 10)) % all.length]!);
    await feed(page, pick);
    await shown(page).getByTestId('image-input').first().setInputFiles(GOOD);
    // the alert region stays in the page (so screen readers announce it); the good photo empties it
    await expect(shown(page).getByTestId('source-error').filter({ hasText: /\S/ })).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

/** 60 malformed annotation files: COCO JSON, VOC XML (XXE, billion laughs, 100k-deep), YOLO txt. */
function badAnnotations(seed = 3): FilePayload[] {
  const r = mulberry32(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const json = (s: string) => ({ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(s) });
  const xml = (s: string) => ({ name: 'a.xml', mimeType: 'text/xml', buffer: Buffer.from(s) });
  const txt = (s: string) => ({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from(s) });
  const valid = readFileSync(path.join(IMAGES, 'annotations.json'), 'utf8');
  const kinds: (() => FilePayload)[] = [
    () => json(valid.slice(0, int(1, valid.length - 2))),
    () => json('['.repeat(100_000) + ']'.repeat(100_000)),
    () => json('{"a":'.repeat(int(1000, 50_000)) + '1' + '}'.repeat(3)),
    () => json(`{"images": ${int(0, 9)}, "annotations": [], "categories": []}`),
    () => json(`{"images":[{"id":1,"width":5,"height":5}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,1e400,1],"area":1,"iscrowd":0}],"categories":[{"id":1,"name":"a"}]}`),
    () => json(`{"images":[{"id":"${int(0, 9)}"}],"annotations":[],"categories":[]}`),
    () => json(Buffer.from(Array.from({ length: int(5, 500) }, () => int(0, 255))).toString('latin1')),
    () => xml('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') + ']><annotation><filename>&lol9;</filename></annotation>'),
    () => xml('<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><annotation><filename>&xxe;</filename></annotation>'),
    () => xml('<a>'.repeat(100_000) + '</a>'.repeat(100_000)),
    () => xml(`<annotation><object><name>dog</name><bndbox><xmin>${int(50, 90)}</xmin><ymin>1</ymin><xmax>${int(1, 40)}</xmax><ymax>9</ymax></bndbox></object>`),
    () => xml('<annotation><filename>x.jpg</filename><size><width>abc</width><height>5</height></size></annotation>'),
    () => txt(`${int(0, 3)} 0.5 0.5 ${int(2, 9)} 0.1\n`),
    () => txt('0 0.5 0.5\n'),
    () => txt(`${'x '.repeat(int(1, 9))}\n`),
  ];
  return Array.from({ length: 60 }, (_, i) => {
    const f = kinds[i % kinds.length]!();
    return { ...f, name: `fuzz-${i}-${f.name}` };
  });
}

test('60 malformed annotation files: dataset import and photo GT import give Russian messages; the loaded set stays', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = await installErrorLog(page);
  await page.goto('./?backend=wasm#/detection/metrics');
  const input = page.getByTestId('dataset-annotations');
  await input.setInputFiles(path.join(IMAGES, 'annotations.json'));
  const format = page.getByTestId('dataset-format');
  await expect(format).toHaveAttribute('data-format', 'coco');
  const boxes = await format.getAttribute('data-boxes');
  const files = badAnnotations();
  expect(files).toHaveLength(60);
  const error = page.getByTestId('dataset-error');
  for (const f of files) {
    await input.setInputFiles(f);
    const invalid = page.getByTestId('invalid-boxes');
    await expect(error.or(invalid)).toBeVisible({ timeout: 60_000 });
    if (await invalid.isVisible()) {
      await page.getByTestId('invalid-abort').click();
      continue;
    }
    await expect(error).toContainText(f.name);
    const text = await error.innerText();
    expect(text, f.name).toMatch(/Ошибка в разметке: /);
    expect(text, `${f.name}: untranslated detail`).not.toContain('ошибка в данных (');
    expect(text, f.name).toContain('Прежняя разметка сохранена');
    await expect(format).toHaveAttribute('data-boxes', boxes!);
  }
  // the photo editor's own GT import (COCO JSON for the photo on screen)
  await upload(page, path.join(IMAGES, '000000397133.jpg'));
  const gtImport = page.getByTestId('import-gt');
  const message = page.getByTestId('gt-message');
  for (const f of files.filter((x) => x.name.endsWith('.json')).slice(0, 20)) {
    await gtImport.setInputFiles(f);
    await expect(message).toContainText(f.name);
    await expect(message).toContainText(CYRILLIC);
    expect(await message.innerText(), f.name).not.toContain('ошибка в данных (');
  }
  await expect(gtImport).toBeAttached();
  expect(errors).toEqual([]);
});

test('a PNG with a damaged IDAT (wrong checksum) gets a notice at every photo upload point', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = await installErrorLog(page);
  const good = readFileSync(GOOD);
  let p = 8;
  while (good.subarray(p + 4, p + 8).toString('latin1') !== 'IDAT') p += 12 + good.readUInt32BE(p);
  const bad = Buffer.from(good);
  bad[p + 8 + 200]! ^= 0x5a;
  for (const route of ['#/detection/live', ...OTHER_PAGES]) {
    await page.goto(`./?backend=wasm${route}`);
    const input = shown(page).getByTestId('image-input').first();
    await expect(input).toBeAttached({ timeout: 60_000 });
    await input.setInputFiles({ name: 'damaged.png', mimeType: 'image/png', buffer: bad });
    // an empty alert region may sit next to the notice: the one that speaks is what counts
    const said = shown(page).locator('[data-testid=source-notice], [data-testid=source-error]').filter({ hasText: /повреждён|повреждено/ });
    await expect(said.first(), route).toBeVisible();
  }
  expect(errors).toEqual([]);
});
