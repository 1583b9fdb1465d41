/** Bad input beyond the basic cases: a 0×0 PNG, a huge image, camera errors. (No WebGL: no-webgl.spec.ts.) */
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { detectedClasses, IMAGES, liveUrl, upload, waitForModel } from './helpers';

/** A valid PNG signature + IHDR chunk declaring `w`×`h` (+ a tiny IDAT and IEND). */
function pngWithSize(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a 0×0 PNG is refused with a message; the previous image stays', async ({ page }) => {
  await page.goto(liveUrl({ lang: 'en' }));
  await waitForModel(page);
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page)).toContain('cat');
  await page.getByTestId('image-input').setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: pngWithSize(0, 0) });
  await expect(page.getByTestId('source-error')).not.toBeEmpty();
  expect(await detectedClasses(page)).toContain('cat');
});

test('a 12000×8000 photo is processed downscaled; results are in original pixels', async ({ page }) => {
  await page.goto(liveUrl({ lang: 'en' }));
  await waitForModel(page);
  // Make the huge image in the page (a scaled-up real photo) and hand it to the file input.
  await page.evaluate(async () => {
    const src = await createImageBitmap(await (await fetch('samples/000000397133.jpg')).blob());
    const c = new OffscreenCanvas(12000, 8000);
    c.getContext('2d')!.drawImage(src, 0, 0, 12000, 8000);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'huge.jpg', { type: 'image/jpeg' }));
    const input = document.querySelector<HTMLInputElement>('[data-testid=image-input]')!;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(page.getByTestId('source-notice')).toContainText('12000×8000', { timeout: 120_000 });
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('person');
  // The person (the cook) is about 2000 px wide in original pixels, not ~2048 × its share.
  const box = await page.getByTestId('detection-row').first().locator('td').nth(3).innerText();
  const [x, , w] = box.split(',').map((v) => Number(v.trim()));
  expect(x).toBeGreaterThan(6000);
  expect(w).toBeGreaterThan(1500);
});

test.describe('camera errors', () => {
  for (const [name, expected] of [
    ['NotAllowedError', /denied/i],
    ['NotFoundError', /camera/i],
  ] as const) {
    test(`${name} gives a clear message; the page stays usable`, async ({ page }) => {
      await page.addInitScript((errName) => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('test', errName));
      }, name);
      await page.goto(liveUrl({ lang: 'en' }));
      await waitForModel(page);
      await page.getByTestId('camera-toggle').click();
      await expect(page.getByTestId('source-error')).toContainText(expected);
      await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
      await expect.poll(() => detectedClasses(page)).toContain('cat');
    });
  }
});
