/** The shipped sample gallery (public/samples) and its generator (scripts/lib/samples.ts). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { downscale, flickrPage, THUMB_BUDGET_BYTES } from '../../scripts/lib/samples';
import { parseSampleIndex } from '../../src/ui/sampleIndex';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLES = path.join(REPO, 'public', 'samples');
const SHARED_IMAGES = path.resolve(REPO, '..', 'shared', 'images');

describe('downscale (area average)', () => {
  it('averages 2×2 blocks of a hand-made 4×2 image', () => {
    // Two blocks: left all (0,0,0) and (100,100,100) alternating → mean 50; right 200 and 240 → 220.
    const px = (v: number) => [v, v, v, 255];
    const data = new Uint8Array([...px(0), ...px(100), ...px(200), ...px(240), ...px(100), ...px(0), ...px(240), ...px(200)]);
    const out = downscale({ width: 4, height: 2, data }, 2);
    expect([out.width, out.height]).toEqual([2, 1]);
    expect([...out.data]).toEqual([50, 50, 50, 255, 220, 220, 220, 255]);
  });
});

describe('flickrPage', () => {
  it('takes the photo id from the static URL COCO keeps', () => {
    expect(flickrPage('http://farm7.staticflickr.com/6116/6255196340_da26cf2c9e_z.jpg')).toBe('https://www.flickr.com/photo.gne?id=6255196340');
    expect(flickrPage('https://example.org/cat.jpg')).toBeNull();
  });
});

describe('shipped gallery', () => {
  const index = parseSampleIndex(JSON.parse(readFileSync(path.join(SAMPLES, 'index.json'), 'utf8')));

  it('lists every photo with a file, a thumbnail, a title in both languages and a licence', () => {
    expect(index.length).toBe(23);
    for (const s of index) {
      expect(existsSync(path.join(SAMPLES, s.file)), s.file).toBe(true);
      expect(existsSync(path.join(SAMPLES, s.thumb!)), s.thumb).toBe(true);
      expect(s.title.ru).not.toBe(s.title.en);
      expect(s.license, s.file).toMatch(/^(CC BY 2\.0|CC BY-SA 2\.0|CC0|Public domain)$/);
    }
  });

  it('keeps the thumbnails within the budget', () => {
    const total = index.reduce((n, s) => n + statSync(path.join(SAMPLES, s.thumb!)).size, 0);
    expect(total).toBeLessThanOrEqual(THUMB_BUDGET_BYTES);
  });

  it.skipIf(!existsSync(SHARED_IMAGES))('credits the licence of each COCO photo as its annotations say', () => {
    const ann = JSON.parse(readFileSync(path.join(SHARED_IMAGES, 'annotations.json'), 'utf8')) as {
      images: { id: number; file_name: string; license: number }[];
    };
    // COCO licence ids: 4 = Attribution (CC BY 2.0), 5 = Attribution-ShareAlike (CC BY-SA 2.0).
    const expected: Record<number, string> = { 4: 'CC BY 2.0', 5: 'CC BY-SA 2.0' };
    for (const im of ann.images) {
      const s = index.find((x) => x.file === im.file_name);
      expect(s?.cocoId, im.file_name).toBe(im.id);
      expect(s?.license, im.file_name).toBe(expected[im.license]);
    }
    const credits = readFileSync(path.join(SAMPLES, 'CREDITS.md'), 'utf8');
    for (const im of ann.images) expect(credits).toContain(im.file_name);
    expect(credits).toMatch(/COCO Consortium, CC BY 4\.0/);
  });
});
