/**
 * The CLIs' bounded-memory decoders against independent references: jpeg-js's full decode (block
 * means = DC terms), pngjs's full decode (the streamed rows must be identical), and generated files
 * whose pixels are known by construction.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { BoxDownscaler, decodeBounded, decodeJpegDcPlanes, DecodeRefusal } from '../../scripts/lib/boundedDecode';
import { SHARED_DIR } from '../../scripts/lib/nodeTf';
import { rgbToYcc, writeFlatBlockJpeg, writeHeaderOnlyPng, writePng } from './lib/bigImages';

const IMAGES = path.join(SHARED_DIR, 'images');
const dir = mkdtempSync(path.join(tmpdir(), 'bounded-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Mean of each 8×8 block of an RGBA image (partial edge blocks: mean of what exists). */
function blockMeans(rgba: Uint8Array, w: number, h: number): Float64Array {
  const bw = Math.ceil(w / 8), bh = Math.ceil(h / 8);
  const out = new Float64Array(bw * bh * 3), n = new Float64Array(bw * bh);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const b = (y >> 3) * bw + (x >> 3);
      for (let k = 0; k < 3; k++) out[3 * b + k] = out[3 * b + k]! + rgba[4 * (y * w + x) + k]!;
      n[b] = n[b]! + 1;
    }
  }
  for (let b = 0; b < bw * bh; b++) for (let k = 0; k < 3; k++) out[3 * b + k] = out[3 * b + k]! / n[b]!;
  return out;
}

describe('JPEG at 1/8 scale from the DC terms', () => {
  it('equals the block means of jpeg-js’s full decode on real photos (4:2:0, real Huffman tables)', () => {
    for (const name of ['000000397133.jpg', '000000126107.jpg']) {
      const buf = readFileSync(path.join(IMAGES, name));
      const full = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
      const dc = decodeJpegDcPlanes(buf);
      expect([dc.width, dc.height]).toEqual([Math.ceil(full.width / 8), Math.ceil(full.height / 8)]);
      const means = blockMeans(full.data, full.width, full.height);
      let sum = 0;
      for (let i = 0; i < means.length; i++) sum += Math.abs(means[i]! - dc.rgb[i]!);
      // chroma is taken per 16×16 MCU and the DC is quantized: a few levels, not tens
      expect(sum / means.length).toBeLessThan(4);
    }
  });

  it('reads back the exact colours of a generated flat-block JPEG (and jpeg-js agrees)', () => {
    const file = path.join(dir, 'flat.jpg');
    const color = (bx: number, by: number): [number, number, number] => [(bx * 37 + by * 11) % 256, (bx * 5) % 256, 255 - ((by * 23) % 256)];
    writeFlatBlockJpeg(file, 80, 48, (bx, by) => rgbToYcc(...color(bx, by)));
    const buf = readFileSync(file);
    const dc = decodeJpegDcPlanes(buf);
    const full = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
    expect([dc.width, dc.height, full.width, full.height]).toEqual([10, 6, 80, 48]);
    for (let by = 0; by < 6; by++) {
      for (let bx = 0; bx < 10; bx++) {
        const want = color(bx, by);
        for (let k = 0; k < 3; k++) {
          expect(Math.abs(dc.rgb[3 * (by * 10 + bx) + k]! - want[k]!)).toBeLessThanOrEqual(2);
          expect(Math.abs(full.data[4 * ((by * 8 + 3) * 80 + bx * 8 + 3) + k]! - want[k]!)).toBeLessThanOrEqual(2);
        }
      }
    }
  });

  it('a progressive JPEG too large to decode whole is refused by name, not decoded wrongly', async () => {
    const buf = Buffer.from(readFileSync(path.join(IMAGES, '000000397133.jpg')));
    const sof = buf.indexOf(Buffer.from([0xff, 0xc0]));
    buf[sof + 1] = 0xc2;
    await expect(decodeBounded(buf, { maxSide: 2048, wholeDecodeMaxPixels: 0, maxPixels: 4e8 })).rejects.toThrow(/progressive JPEG/);
  });
});

describe('PNG rows streamed', () => {
  it('gives exactly pngjs’s pixels on a real PNG (all filter types) and box-averages like a reference', async () => {
    const buf = readFileSync(path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    const ref = PNG.sync.read(buf);
    const same = await decodeBounded(buf, { maxSide: 4096, wholeDecodeMaxPixels: 0, maxPixels: 4e8 });
    expect(same.method).toBe('png-stream');
    expect([same.width, same.height]).toEqual([ref.width, ref.height]);
    for (let i = 0; i < ref.width * ref.height; i++) {
      for (let k = 0; k < 3; k++) if (same.rgb[3 * i + k] !== ref.data[4 * i + k]) throw new Error(`pixel ${i} channel ${k} differs`);
    }
    // downscaled: each output pixel is the mean of its source box (reference computed here directly)
    const small = await decodeBounded(buf, { maxSide: 100, wholeDecodeMaxPixels: 0, maxPixels: 4e8 });
    const { width: tw, height: th } = small;
    expect(Math.max(tw, th)).toBe(100);
    for (const [ox, oy] of [[0, 0], [tw - 1, th - 1], [37, 21]] as const) {
      let s = 0, n = 0;
      for (let y = 0; y < ref.height; y++) {
        if (Math.min(th - 1, Math.floor((y * th) / ref.height)) !== oy) continue;
        for (let x = 0; x < ref.width; x++) {
          if (Math.min(tw - 1, Math.floor((x * tw) / ref.width)) !== ox) continue;
          s += ref.data[4 * (y * ref.width + x)]!;
          n++;
        }
      }
      expect(small.rgb[3 * (oy * tw + ox)]).toBe(Math.round(s / n));
    }
  });

  it('refuses from the header alone, fast, a 74-byte PNG claiming 30000×30000', async () => {
    const file = path.join(dir, 'huge.png');
    writeHeaderOnlyPng(file, 30000, 30000);
    const t0 = performance.now();
    await expect(decodeBounded(readFileSync(file))).rejects.toThrow(/too large: the header says 30000x30000 \(900\.0 MP/);
    expect(performance.now() - t0).toBeLessThan(1000); // generous: no decoding happens at all
  });

  it('a PNG cut in its image data is refused as truncated, with the rows it had', async () => {
    const file = path.join(dir, 'cut.png');
    await writePng(file, 3000, 2000, (y, out) => out.fill((y * 7) & 255));
    const buf = readFileSync(file);
    const cut = buf.subarray(0, buf.length >> 1);
    const streamed = { maxSide: 2048, wholeDecodeMaxPixels: 0, maxPixels: 4e8 };
    await expect(decodeBounded(cut, streamed)).rejects.toSatisfy((e: unknown) => e instanceof DecodeRefusal && /truncated PNG: \d+ of 2000 rows/.test((e as Error).message));
    await expect(decodeBounded(cut)).rejects.toThrow(/^truncated PNG/); // decoded whole: same verdict
  });

  it('BoxDownscaler: 4×2 → 2×1 averages 2×2 boxes', () => {
    const d = new BoxDownscaler(4, 2, 2, 1);
    d.pushRow(Uint8Array.from([0, 0, 0, 10, 10, 10, 100, 100, 100, 200, 200, 200]));
    d.pushRow(Uint8Array.from([20, 20, 20, 30, 30, 30, 0, 0, 0, 100, 100, 100]));
    expect([...d.finish()]).toEqual([15, 15, 15, 100, 100, 100]);
  });
});
