/** The sample gallery's index parser (src/ui/sampleIndex.ts): what the set-up script writes, and worse. */
import { describe, expect, it } from 'vitest';
import { parseSampleIndex, sampleUrl } from '../../src/ui/sampleIndex';

describe('parseSampleIndex', () => {
  it('reads the format written by the set-up script', () => {
    const json = {
      samples: [
        {
          file: '000000397133.jpg',
          title: 'Кухня',
          credit: 'Flickr',
          license: 'CC BY 2.0',
          url: 'http://farm7.staticflickr.com/6116/6255196340_da26cf2c9e_z.jpg',
        },
        { file: 'unannotated/skimage_chelsea.png', title: 'Cat' },
        { file: 'фото/кот (1).jpg' },
      ],
    };
    expect(parseSampleIndex(json)).toEqual([
      { file: '000000397133.jpg', title: { ru: 'Кухня', en: 'Кухня' }, author: { ru: 'Flickr', en: 'Flickr' }, license: 'CC BY 2.0', url: json.samples[0]!.url },
      { file: 'unannotated/skimage_chelsea.png', title: { ru: 'Cat', en: 'Cat' } },
      { file: 'фото/кот (1).jpg', title: { ru: 'фото/кот (1).jpg', en: 'фото/кот (1).jpg' } },
    ]);
  });

  it('reads the shipped index: localized titles and authors, thumbnails, COCO ids, licence links', () => {
    const json = {
      samples: [
        { file: 'a.jpg', thumb: 'thumbs/a.jpg', title: { ru: 'Кошка', en: 'Cat' }, author: null, license: 'CC BY 2.0', licenseUrl: 'https://creativecommons.org/licenses/by/2.0/', cocoId: 7 },
        { file: 'b.png', thumb: '../x.jpg', title: { en: 'Only English' }, author: { ru: 'НАСА', en: 'NASA' }, cocoId: 1.5 },
      ],
    };
    expect(parseSampleIndex(json)).toEqual([
      { file: 'a.jpg', thumb: 'thumbs/a.jpg', title: { ru: 'Кошка', en: 'Cat' }, license: 'CC BY 2.0', licenseUrl: 'https://creativecommons.org/licenses/by/2.0/', cocoId: 7 },
      { file: 'b.png', title: { ru: 'Only English', en: 'Only English' }, author: { ru: 'НАСА', en: 'NASA' } },
    ]);
  });

  it.each([null, 42, 'text', [], {}, { samples: 'x' }, { samples: null }])('no samples from %j', (json) => {
    expect(parseSampleIndex(json)).toEqual([]);
  });

  it('skips unsafe or malformed entries, duplicates; falls back to the file as title', () => {
    const files = ['../secret.jpg', '/etc/passwd', 'a/../b.jpg', 'http://evil/x.jpg', './x.jpg', '', 7, null, 'ok.jpg', 'ok.jpg'];
    const parsed = parseSampleIndex({ samples: [null, 'x', ...files.map((file) => ({ file }))] });
    expect(parsed).toEqual([{ file: 'ok.jpg', title: { ru: 'ok.jpg', en: 'ok.jpg' } }]);
  });

  it('keeps only http(s) source links', () => {
    const [a, b] = parseSampleIndex({
      samples: [
        { file: 'a.jpg', url: 'javascript:alert(1)' },
        { file: 'b.jpg', url: 'https://example.org/b' },
      ],
    });
    expect(a?.url).toBeUndefined();
    expect(b?.url).toBe('https://example.org/b');
  });
});

describe('sampleUrl', () => {
  it('joins the base URL and escapes each path segment', () => {
    expect(sampleUrl('./', '000000397133.jpg')).toBe('./samples/000000397133.jpg');
    expect(sampleUrl('/app', 'my photos/кот #1.png')).toBe('/app/samples/my%20photos/%D0%BA%D0%BE%D1%82%20%231.png');
  });
});
