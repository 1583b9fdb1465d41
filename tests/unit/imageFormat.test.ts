/**
 * src/core/imageFormat.ts on real photos from ../shared/images (beside the repo, as in CI), on
 * truncated copies of them made in memory, and on small hand-built files of the other formats.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  afterDecode,
  checkDimensions,
  decodeFailure,
  IMAGE_LIMITS,
  inspectImage,
  preflight,
  sniff,
  type Preflight,
} from '../../src/core/imageFormat';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IMAGES = path.resolve(REPO_ROOT, '../shared/images');
if (!existsSync(IMAGES)) throw new Error(`test photos missing: expected ${IMAGES} (the shared/ folder beside the repo)`);

const read = (rel: string): Uint8Array => new Uint8Array(readFileSync(path.join(IMAGES, rel)));
const bytesOf = (...parts: (string | readonly number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : [...p])));
const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const u16le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
const u32le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number): number[] => u32le(n).reverse();

interface CocoImage {
  file_name: string;
  width: number;
  height: number;
}
const coco = JSON.parse(readFileSync(path.join(IMAGES, 'annotations.json'), 'utf8')) as { images: CocoImage[] };

// ---------------------------------------------------------------------------------------------
// Hand-built files.

/** A PNG with just IHDR (+ optional IEND); enough for the structure checks, not a decodable image. */
function png(width: number, height: number, withEnd = true): Uint8Array {
  const ihdr = [...u32be(13), ...bytesOf('IHDR'), ...u32be(width), ...u32be(height), 8, 2, 0, 0, 0, 0, 0, 0, 0];
  const iend = [...u32be(0), ...bytesOf('IEND'), 0xae, 0x42, 0x60, 0x82];
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...ihdr, ...(withEnd ? iend : [])]);
}

/** An uncompressed 24-bit BMP, `width`×`height`, all black. Negative height = top-down rows. */
function bmp(width: number, height: number): Uint8Array {
  const row = Math.ceil((width * 3) / 4) * 4;
  const data = row * Math.abs(height);
  const header = [...bytesOf('BM'), ...u32le(54 + data), 0, 0, 0, 0, ...u32le(54)];
  const dib = [...u32le(40), ...u32le(width), ...u32le(height >>> 0), ...u16le(1), ...u16le(24), ...u32le(0), ...u32le(data)];
  return Uint8Array.from([...header, ...dib, ...new Array<number>(16).fill(0), ...new Array<number>(data).fill(0)]);
}

/** The classic 1×1 GIF89a (global palette, graphic control extension, one image, trailer). */
const GIF_1X1 = fromBase64('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==');
/** 1×1 WebP files in the three container variants (as used by Modernizr's feature tests). */
const WEBP_LOSSY = fromBase64('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA');
const WEBP_LOSSLESS = fromBase64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==');
const WEBP_EXTENDED = fromBase64('UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==');

/** A VP8X header declaring a `width`×`height` canvas (no image data). */
function webpExtended(width: number, height: number): Uint8Array {
  const u24 = (n: number): number[] => u32le(n).slice(0, 3);
  const chunk = [...bytesOf('VP8X'), ...u32le(10), 0, 0, 0, 0, ...u24(width - 1), ...u24(height - 1)];
  return Uint8Array.from([...bytesOf('RIFF'), ...u32le(4 + chunk.length), ...bytesOf('WEBP'), ...chunk]);
}

const ftyp = (major: string, ...compatible: string[]): Uint8Array =>
  bytesOf(u32be(16 + 4 * compatible.length), 'ftyp', major, [0, 0, 0, 0], ...compatible);

const cut = (b: Uint8Array, length: number): Uint8Array => b.slice(0, length);
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

// ---------------------------------------------------------------------------------------------

describe('sniff: images', () => {
  it.each([
    ['JPEG (real photo)', read('000000397133.jpg'), 'jpeg', 'image/jpeg'],
    ['PNG (real photo)', read('unannotated/skimage_chelsea.png'), 'png', 'image/png'],
    ['PNG (palette mask)', read('voc/SegmentationClass/2007_000063.png'), 'png', 'image/png'],
    ['GIF89a', GIF_1X1, 'gif', 'image/gif'],
    ['GIF87a', bytesOf('GIF87a', [1, 0, 1, 0, 0, 0, 0]), 'gif', 'image/gif'],
    ['WebP lossy', WEBP_LOSSY, 'webp', 'image/webp'],
    ['WebP lossless', WEBP_LOSSLESS, 'webp', 'image/webp'],
    ['WebP extended', WEBP_EXTENDED, 'webp', 'image/webp'],
    ['BMP', bmp(2, 3), 'bmp', 'image/bmp'],
    ['AVIF', ftyp('avif', 'mif1', 'miaf'), 'avif', 'image/avif'],
    ['AVIF with the generic mif1 brand first', ftyp('mif1', 'avif', 'miaf'), 'avif', 'image/avif'],
    ['HEIC', ftyp('heic', 'mif1', 'heic'), 'heic', 'image/heic'],
    ['generic HEIF', ftyp('mif1', 'heic'), 'heic', 'image/heic'],
    ['TIFF little-endian', bytesOf([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'tiff', 'image/tiff'],
    ['TIFF big-endian', bytesOf([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'tiff', 'image/tiff'],
    ['ICO', bytesOf([0, 0, 1, 0, 1, 0, 16, 16, 0, 0]), 'ico', 'image/x-icon'],
    ['SVG', bytesOf('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'svg', 'image/svg+xml'],
    ['SVG with prolog, comment, BOM', bytesOf([0xef, 0xbb, 0xbf], '<?xml version="1.0"?>\n<!-- made by hand -->\n  <SVG viewBox="0 0 1 1"/>'), 'svg', 'image/svg+xml'],
  ])('%s', (_name, bytes, format, mime) => {
    expect(sniff(bytes)).toEqual({ kind: 'image', format, mime });
  });

  it('recognises every real photo in shared/images, whatever its name says', () => {
    const jpgs = readdirSync(IMAGES).filter((f) => f.endsWith('.jpg'));
    expect(jpgs.length).toBeGreaterThanOrEqual(17);
    for (const f of jpgs) expect(sniff(read(f))).toMatchObject({ kind: 'image', format: 'jpeg' });
  });

  it('needs only the first bytes', () => {
    expect(sniff(cut(read('000000397133.jpg'), 3))).toMatchObject({ format: 'jpeg' });
    expect(sniff(cut(read('unannotated/skimage_coffee.png'), 8))).toMatchObject({ format: 'png' });
    expect(sniff(cut(read('unannotated/skimage_coffee.png'), 7))).toMatchObject({ kind: 'not-image' });
  });
});

describe('sniff: not images', () => {
  it.each([
    ['PDF', bytesOf('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), 'pdf'],
    ['ZIP (also DOCX, XLSX…)', bytesOf('PK', [3, 4, 20, 0, 0, 0]), 'zip'],
    ['empty ZIP', bytesOf('PK', [5, 6, 0, 0]), 'zip'],
    ['gzip', bytesOf([0x1f, 0x8b, 8, 0]), 'gzip'],
    ['RAR', bytesOf('Rar!', [0x1a, 7, 0]), 'rar'],
    ['7z', bytesOf([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), '7z'],
    ['MP4', ftyp('isom', 'isom', 'avc1', 'mp41'), 'video'],
    ['QuickTime', ftyp('qt  ', 'qt  '), 'video'],
    ['M4A', ftyp('M4A ', 'M4A ', 'mp42'), 'audio'],
    ['WebM', bytesOf([0x1a, 0x45, 0xdf, 0xa3, 0x9f]), 'video'],
    ['AVI', bytesOf('RIFF', u32le(100), 'AVI LIST'), 'video'],
    ['WAV', bytesOf('RIFF', u32le(100), 'WAVEfmt '), 'audio'],
    ['MP3 with ID3', bytesOf('ID3', [4, 0, 0]), 'audio'],
    ['MP3 frame', bytesOf([0xff, 0xfb, 0x90, 0x64]), 'audio'],
    ['Ogg', bytesOf('OggS', [0, 2]), 'audio'],
    ['Windows program', bytesOf('MZ', [0x90, 0, 3, 0]), 'executable'],
    ['ELF program', bytesOf([0x7f], 'ELF', [2, 1, 1]), 'executable'],
    ['HTML', bytesOf('<!DOCTYPE html>\n<html lang="ru"><head>'), 'html'],
    ['HTML without doctype', bytesOf('  <html><body>hi</body></html>'), 'html'],
    ['plain text', bytesOf('Lecture 5: segmentation\n'), 'text'],
    ['UTF-8 text', new TextEncoder().encode('Лекция 5: сегментация, детекция\r\n\tинстанс-сегментация\n'), 'text'],
    ['JSON', bytesOf('{"images": []}'), 'text'],
    ['UTF-16 text', bytesOf([0xff, 0xfe], 'h\0i\0'), 'text'],
    ['XML that is not SVG', bytesOf('<?xml version="1.0"?><annotation><folder>VOC2007</folder>'), 'text'],
    ['random binary', bytesOf([0x00, 0x13, 0x37, 0x00, 0x42, 0x02, 0x03]), 'unknown'],
    ['RIFF of another kind', bytesOf('RIFF', u32le(100), 'CDR '), 'unknown'],
    ['a renamed JPEG with its first byte lost', read('000000397133.jpg').slice(1), 'unknown'],
  ])('%s', (_name, bytes, detected) => {
    expect(sniff(bytes)).toEqual({ kind: 'not-image', detected });
  });

  it('reads the real VOC annotation (XML) as text', () => {
    expect(sniff(read('voc/Annotations/2007_000063.xml'))).toEqual({ kind: 'not-image', detected: 'text' });
    expect(sniff(read('README.md'))).toEqual({ kind: 'not-image', detected: 'text' });
  });

  it('an empty file is its own case', () => {
    expect(sniff(new Uint8Array(0))).toEqual({ kind: 'empty' });
  });
});

describe('inspectImage: real photos', () => {
  it.each(coco.images.map((im) => [im.file_name, im.width, im.height] as const))(
    '%s: COCO size %i×%i, complete',
    (file, width, height) => {
      expect(inspectImage(read(file))).toEqual({
        sniff: { kind: 'image', format: 'jpeg', mime: 'image/jpeg' },
        size: { width, height },
        ending: 'complete',
        pixelData: true,
      });
    },
  );

  it.each([
    ['unannotated/skimage_astronaut.png', 512, 512],
    ['unannotated/skimage_camera.png', 512, 512],
    ['unannotated/skimage_chelsea.png', 451, 300],
    ['unannotated/skimage_coffee.png', 600, 400],
    ['unannotated/sklearn_china.jpg', 640, 427],
    ['voc/JPEGImages/2007_000063.jpg', 500, 375],
    ['voc/SegmentationClass/2007_000063.png', 500, 375],
    ['voc/SegmentationObject/2007_000063.png', 500, 375],
  ])('%s: %i×%i, complete', (file, width, height) => {
    const r = inspectImage(read(file));
    expect(r.size).toEqual({ width, height });
    expect(r.ending).toBe('complete');
  });

  it('every JPEG and PNG in shared/images is complete', () => {
    const files = [
      ...readdirSync(IMAGES).filter((f) => /\.(jpe?g|png)$/.test(f)),
      ...readdirSync(path.join(IMAGES, 'unannotated')).map((f) => `unannotated/${f}`),
    ];
    for (const f of files) expect(inspectImage(read(f)).ending, f).toBe('complete');
  });
});

describe('inspectImage: truncated copies', () => {
  const jpegFiles = [...coco.images.map((im) => im.file_name), 'unannotated/matplotlib_grace_hopper.jpg', 'unannotated/sklearn_china.jpg'];
  const pngFiles = readdirSync(path.join(IMAGES, 'unannotated'))
    .filter((f) => f.endsWith('.png'))
    .map((f) => `unannotated/${f}`);

  it.each([0.1, 0.5, 0.9, 0.999])('JPEGs cut at %f of their length are truncated, size still known', (fraction) => {
    for (const f of jpegFiles) {
      const full = read(f);
      const r = inspectImage(cut(full, Math.floor(full.length * fraction)));
      expect(r.ending, f).toBe('truncated');
      expect(r.size, f).toEqual(inspectImage(full).size);
    }
  });

  it('a JPEG missing only its final EOI marker (2 bytes) is truncated; missing one byte too', () => {
    const full = read('000000397133.jpg');
    expect(inspectImage(cut(full, full.length - 2)).ending).toBe('truncated');
    expect(inspectImage(cut(full, full.length - 1)).ending).toBe('truncated');
  });

  it('a JPEG cut inside its headers is truncated, with no size yet and no pixel data', () => {
    const full = read('000000397133.jpg');
    expect(inspectImage(cut(full, 4))).toMatchObject({ size: null, ending: 'truncated', pixelData: false });
    expect(inspectImage(cut(full, 20))).toMatchObject({ size: null, ending: 'truncated', pixelData: false });
  });

  it('a JPEG cut after its frame header but before the scan has a size but no pixel data', () => {
    const full = read('000000397133.jpg');
    const sos = full.findIndex((v, i) => v === 0xff && full[i + 1] === 0xda);
    expect(sos).toBeGreaterThan(100);
    expect(inspectImage(cut(full, sos))).toEqual({
      sniff: { kind: 'image', format: 'jpeg', mime: 'image/jpeg' },
      size: { width: 640, height: 427 },
      ending: 'truncated',
      pixelData: false,
    });
    expect(inspectImage(cut(full, sos + 20))).toMatchObject({ ending: 'truncated', pixelData: true });
  });

  it('bytes after EOI (camera trailers) do not make a JPEG suspicious', () => {
    const full = read('000000397133.jpg');
    const trailer = new Uint8Array(5000).fill(0x55);
    expect(inspectImage(concat(full, trailer)).ending).toBe('complete');
  });

  it('an embedded EXIF thumbnail (with its own EOI) does not hide a truncated main image', () => {
    const main = read('000000404484.jpg');
    const thumb = read('000000343937.jpg');
    // SOI, APP1 segment holding a whole JPEG, then the rest of the main image (after its SOI).
    const app1Length = 2 + 6 + thumb.length;
    expect(app1Length).toBeLessThan(0x10000);
    const app1 = Uint8Array.from([0xff, 0xe1, app1Length >> 8, app1Length & 0xff, ...bytesOf('Exif', [0, 0]), ...thumb]);
    const withThumb = concat(main.slice(0, 2), app1, main.slice(2));
    expect(inspectImage(withThumb)).toMatchObject({ size: { width: 320, height: 240 }, ending: 'complete' });
    expect(inspectImage(cut(withThumb, withThumb.length - 1000)).ending).toBe('truncated');
    // The thumbnail's own EOI lies inside the cut copy, and must not count.
    expect(inspectImage(cut(withThumb, 2 + app1.length + 500)).ending).toBe('truncated');
  });

  it.each([0.01, 0.5, 0.99])('PNGs cut at %f of their length are truncated, size still known', (fraction) => {
    for (const f of pngFiles) {
      const full = read(f);
      const r = inspectImage(cut(full, Math.floor(full.length * fraction)));
      expect(r.ending, f).toBe('truncated');
      expect(r.size, f).toEqual(inspectImage(full).size);
    }
  });

  it('a PNG without its IEND chunk is truncated', () => {
    const full = read('unannotated/skimage_camera.png');
    expect(inspectImage(cut(full, full.length - 12)).ending).toBe('truncated');
    expect(inspectImage(png(4, 4, false)).ending).toBe('truncated');
    expect(inspectImage(png(4, 4, true)).ending).toBe('complete');
  });

  it('a PNG cut before IHDR has no size', () => {
    expect(inspectImage(cut(read('unannotated/skimage_camera.png'), 16))).toMatchObject({ size: null, ending: 'truncated' });
  });

  it('a PNG has pixel data once an IDAT chunk starts', () => {
    const full = read('unannotated/skimage_camera.png');
    const idat = Buffer.from(full).indexOf('IDAT') - 4;
    expect(idat).toBeGreaterThan(8);
    expect(inspectImage(cut(full, idat))).toMatchObject({ size: { width: 512, height: 512 }, ending: 'truncated', pixelData: false });
    expect(inspectImage(cut(full, idat + 8))).toMatchObject({ ending: 'truncated', pixelData: true });
  });

  it('a PNG with a garbage chunk header is malformed, not called truncated', () => {
    const b = concat(png(4, 4, false), bytesOf(u32be(0), [0, 1, 2, 3], [0, 0, 0, 0]));
    expect(inspectImage(b).ending).toBe('unknown');
  });
});

describe('inspectImage: other formats', () => {
  it('GIF: size from the screen descriptor, blocks walked up to the trailer', () => {
    expect(inspectImage(GIF_1X1)).toMatchObject({ size: { width: 1, height: 1 }, ending: 'complete', pixelData: true });
    const imageBlock = GIF_1X1.indexOf(0x2c);
    expect(inspectImage(cut(GIF_1X1, imageBlock))).toMatchObject({ ending: 'truncated', pixelData: false });
    expect(inspectImage(cut(GIF_1X1, imageBlock + 1))).toMatchObject({ ending: 'truncated', pixelData: true });
    for (let n = GIF_1X1.length - 1; n >= 10; n--) expect(inspectImage(cut(GIF_1X1, n)).ending, `cut at ${n}`).toBe('truncated');
    const wide = GIF_1X1.slice();
    wide.set([0x40, 0x01, 0xf0, 0x00], 6); // 320×240
    expect(inspectImage(wide).size).toEqual({ width: 320, height: 240 });
  });

  it('GIF: an unknown block is malformed, not truncated', () => {
    const bad = concat(cut(GIF_1X1, GIF_1X1.length - 1), bytesOf([0x99]));
    expect(inspectImage(bad).ending).toBe('unknown');
  });

  it.each([
    ['lossy', WEBP_LOSSY],
    ['lossless', WEBP_LOSSLESS],
    ['extended', WEBP_EXTENDED],
  ])('WebP %s: 1×1, complete; cut copies truncated', (_name, b) => {
    expect(inspectImage(b)).toMatchObject({ size: { width: 1, height: 1 }, ending: 'complete' });
    expect(inspectImage(cut(b, b.length - 1)).ending).toBe('truncated');
  });

  it('WebP extended: 24-bit canvas size', () => {
    expect(inspectImage(webpExtended(12000, 8000)).size).toEqual({ width: 12000, height: 8000 });
    expect(inspectImage(webpExtended(16383, 1)).size).toEqual({ width: 16383, height: 1 });
  });

  it('BMP: size (bottom-up and top-down), declared length', () => {
    expect(inspectImage(bmp(2, 3))).toMatchObject({ size: { width: 2, height: 3 }, ending: 'complete' });
    expect(inspectImage(bmp(5, -7))).toMatchObject({ size: { width: 5, height: 7 }, ending: 'complete' });
    const full = bmp(20, 20);
    expect(inspectImage(cut(full, full.length - 1)).ending).toBe('truncated');
    expect(inspectImage(cut(full, 54)).ending).toBe('truncated');
  });

  it('formats without a structure check report unknown size and ending', () => {
    expect(inspectImage(ftyp('avif', 'mif1'))).toMatchObject({ size: null, ending: 'unknown' });
    expect(inspectImage(bytesOf('<svg/>'))).toMatchObject({ size: null, ending: 'unknown' });
  });

  it('not-images are not inspected further', () => {
    expect(inspectImage(bytesOf('%PDF-1.4'))).toEqual({
      sniff: { kind: 'not-image', detected: 'pdf' },
      size: null,
      ending: 'unknown',
      pixelData: false,
    });
  });
});

describe('checkDimensions', () => {
  it('keeps images up to the working side as they are', () => {
    expect(checkDimensions({ width: 640, height: 427 })).toEqual({
      kind: 'ok',
      size: { width: 640, height: 427 },
      working: { width: 640, height: 427 },
      downscaled: false,
    });
    expect(checkDimensions({ width: 2048, height: 2048 })).toMatchObject({ kind: 'ok', downscaled: false });
  });

  it('downscales large images to 2048 on the longest side, keeping the original size', () => {
    expect(checkDimensions({ width: 12000, height: 8000 })).toEqual({
      kind: 'ok',
      size: { width: 12000, height: 8000 },
      working: { width: 2048, height: 1365 },
      downscaled: true,
    });
    expect(checkDimensions({ width: 3000, height: 4000 })).toMatchObject({ working: { width: 1536, height: 2048 } });
    expect(checkDimensions({ width: 40000, height: 10 })).toMatchObject({ working: { width: 2048, height: 1 } });
  });

  it.each([
    [0, 0],
    [0, 10],
    [10, 0],
    [-1, 5],
    [Number.NaN, 5],
    [Number.POSITIVE_INFINITY, 5],
  ])('%f×%f is empty', (width, height) => {
    expect(checkDimensions({ width, height }).kind).toBe('empty');
  });

  it('refuses more than 200 megapixels', () => {
    expect(checkDimensions({ width: 20000, height: 10000 }).kind).toBe('ok');
    expect(checkDimensions({ width: 20000, height: 10001 }).kind).toBe('too-large');
    expect(checkDimensions({ width: 10, height: 10 }, { ...IMAGE_LIMITS, maxPixels: 99 }).kind).toBe('too-large');
  });
});

describe('preflight, afterDecode, decodeFailure', () => {
  const decodable = (p: Preflight): Extract<Preflight, { kind: 'decode' }> => {
    if (p.kind !== 'decode') throw new Error(`expected a decodable file, got ${JSON.stringify(p)}`);
    return p;
  };

  it('a real photo goes to the decoder', () => {
    expect(preflight(read('000000397133.jpg'))).toEqual({
      kind: 'decode',
      format: 'jpeg',
      mime: 'image/jpeg',
      headerSize: { width: 640, height: 427 },
      truncated: false,
    });
  });

  it('refuses empty files, non-images, zero sizes and far too many pixels before decoding', () => {
    expect(preflight(new Uint8Array(0))).toEqual({ kind: 'refuse', refusal: { kind: 'empty-file' } });
    expect(preflight(bytesOf('%PDF-1.5'))).toEqual({ kind: 'refuse', refusal: { kind: 'not-image', detected: 'pdf' } });
    expect(preflight(png(0, 0))).toEqual({ kind: 'refuse', refusal: { kind: 'zero-size', size: { width: 0, height: 0 } } });
    expect(preflight(bmp(0, 5))).toMatchObject({ refusal: { kind: 'zero-size' } });
    expect(preflight(png(30000, 30000))).toEqual({ kind: 'refuse', refusal: { kind: 'too-large', size: { width: 30000, height: 30000 } } });
    expect(preflight(webpExtended(16384, 16384))).toMatchObject({ refusal: { kind: 'too-large' } });
  });

  it('tries to decode long images with a side above 16384 if the pixel count is sane', () => {
    expect(preflight(png(20000, 1000))).toMatchObject({ kind: 'decode', headerSize: { width: 20000, height: 1000 } });
  });

  it('flags truncation but still decodes when some pixel data is there', () => {
    const full = read('000000397133.jpg');
    expect(preflight(cut(full, full.length / 2))).toMatchObject({ kind: 'decode', truncated: true });
    expect(preflight(cut(full, full.length - 2))).toMatchObject({ kind: 'decode', truncated: true });
  });

  it('refuses a file cut before any pixel data (browsers would show a blank picture)', () => {
    const full = read('000000397133.jpg');
    const sos = full.findIndex((v, i) => v === 0xff && full[i + 1] === 0xda);
    expect(preflight(cut(full, sos))).toEqual({ kind: 'refuse', refusal: { kind: 'truncated' } });
    expect(preflight(png(100, 100, false))).toEqual({ kind: 'refuse', refusal: { kind: 'truncated' } });
    expect(preflight(cut(GIF_1X1, 20))).toEqual({ kind: 'refuse', refusal: { kind: 'truncated' } });
  });

  it('afterDecode: notes for truncation and downscaling, size from the decoder', () => {
    const full = read('000000397133.jpg');
    const pre = decodable(preflight(cut(full, 100_000)));
    expect(afterDecode(pre, { width: 640, height: 427 })).toEqual({
      kind: 'ok',
      size: { width: 640, height: 427 },
      working: { width: 640, height: 427 },
      notes: [{ kind: 'truncated' }],
    });
    const big = decodable(preflight(webpExtended(12000, 8000)));
    expect(afterDecode(big, { width: 12000, height: 8000 })).toEqual({
      kind: 'ok',
      size: { width: 12000, height: 8000 },
      working: { width: 2048, height: 1365 },
      notes: [{ kind: 'downscaled', size: { width: 12000, height: 8000 }, working: { width: 2048, height: 1365 } }],
    });
    expect(afterDecode(decodable(preflight(full)), { width: 640, height: 427 })).toMatchObject({ notes: [] });
  });

  it('afterDecode: decoded sizes are checked again (SVG has no header size)', () => {
    const svg = decodable(preflight(bytesOf('<svg xmlns="http://www.w3.org/2000/svg"/>')));
    expect(svg.headerSize).toBeNull();
    expect(afterDecode(svg, { width: 0, height: 0 })).toEqual({ kind: 'refuse', refusal: { kind: 'zero-size', size: { width: 0, height: 0 } } });
    expect(afterDecode(svg, { width: 30000, height: 30000 })).toMatchObject({ kind: 'refuse', refusal: { kind: 'too-large' } });
  });

  it('decodeFailure: too large, truncated, unsupported or damaged', () => {
    expect(decodeFailure(decodable(preflight(png(20000, 1000))))).toEqual({ kind: 'too-large', size: { width: 20000, height: 1000 } });
    expect(decodeFailure(decodable(preflight(png(16385, 10))))).toMatchObject({ kind: 'too-large' });
    expect(decodeFailure(decodable(preflight(png(16384, 10))))).toEqual({ kind: 'damaged' });
    const chelsea = read('unannotated/skimage_chelsea.png');
    const idat = Buffer.from(chelsea).indexOf('IDAT');
    expect(decodeFailure(decodable(preflight(cut(chelsea, idat + 100))))).toEqual({ kind: 'truncated' });
    expect(decodeFailure(decodable(preflight(ftyp('heic', 'mif1'))))).toEqual({ kind: 'unsupported', format: 'heic' });
    expect(decodeFailure(decodable(preflight(bytesOf([0x49, 0x49, 0x2a, 0x00]))))).toEqual({ kind: 'unsupported', format: 'tiff' });
    expect(decodeFailure(decodable(preflight(ftyp('avif', 'mif1'))))).toEqual({ kind: 'damaged' });
    const garbage = concat(bytesOf([0xff, 0xd8, 0xff, 0xd9]));
    expect(decodeFailure(decodable(preflight(garbage)))).toEqual({ kind: 'damaged' });
  });
});
