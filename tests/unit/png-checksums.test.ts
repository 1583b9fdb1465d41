/** Issue #15, defect 7: a PNG with a damaged IDAT (wrong CRC) is recognised, so the photo path can say so. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngChecksumsOk } from '../../src/ui/imageDecode';

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
