/** Issue #15, defect 7: a PNG with a damaged IDAT (wrong CRC) is recognised, so the photo path can say so. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { pngChecksumsOk, pngDataOk } from '../../src/ui/imageDecode';

const PNG = new Uint8Array(readFileSync(path.resolve(__dirname, '../../../shared/images/unannotated/skimage_chelsea.png')));

/** Offset of the first byte of the first IDAT chunk's data. */
function idatData(b: Uint8Array): number {
  let p = 8;
  for (;;) {
    const len = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    if (String.fromCharCode(b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!) === 'IDAT') return p + 8;
    p += 12 + len;
  }
}

describe('PNG chunk checksums', () => {
  it('a real PNG passes', () => {
    expect(pngChecksumsOk(PNG)).toBe(true);
  });
  it('one flipped byte inside IDAT fails', () => {
    const bad = PNG.slice();
    bad[idatData(bad) + 100]! ^= 0x5a;
    expect(pngChecksumsOk(bad)).toBe(false);
  });
  it('a file cut inside a chunk is left to the truncation check (true)', () => {
    expect(pngChecksumsOk(PNG.subarray(0, idatData(PNG) + 50))).toBe(true);
  });
});

/** CRC-32 (PNG's), written out here independently of the app's table. */
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG of `width`×`height` RGB built from raw rows (filter byte + pixels), zlib-compressed by node. */
function makePng(width: number, height: number, rows: Uint8Array, idat?: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const data = idat ?? new Uint8Array(deflateSync(rows));
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', data), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, q) => n + q.length, 0));
  let o = 0;
  for (const q of parts) {
    out.set(q, o);
    o += q.length;
  }
  return out;
}

describe('PNG image data (IDAT inflates to the rows the header promises)', () => {
  const W = 5;
  const H = 4;
  const rows = new Uint8Array(H * (1 + 3 * W)).map((_, i) => (i % (1 + 3 * W) === 0 ? i % 5 : (i * 37) & 0xff));
  it('a real PNG and a hand-built one pass', async () => {
    expect(await pngDataOk(PNG)).toBe(true);
    expect(await pngDataOk(makePng(W, H, rows))).toBe(true);
  });
  it('random IDAT bytes with a correct CRC fail (checksums alone pass them)', async () => {
    let seed = 97;
    const noise = new Uint8Array(200).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const bad = makePng(W, H, rows, noise);
    expect(pngChecksumsOk(bad)).toBe(true);
    expect(await pngDataOk(bad)).toBe(false);
  });
  it('a row with filter type 7, one row short, or one row too many fail', async () => {
    const badFilter = rows.slice();
    badFilter[2 * (1 + 3 * W)] = 7;
    expect(await pngDataOk(makePng(W, H, badFilter))).toBe(false);
    expect(await pngDataOk(makePng(W, H, rows.subarray(0, (H - 1) * (1 + 3 * W))))).toBe(false);
    const more = new Uint8Array((H + 1) * (1 + 3 * W));
    more.set(rows);
    expect(await pngDataOk(makePng(W, H, more))).toBe(false);
  });
});
