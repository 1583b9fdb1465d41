/**
 * Generators of very large test images that never hold their full pixels in memory:
 * - a baseline JPEG whose every 8×8 block is flat (DC only, quantizer 1): block (bx, by) has the colour
 *   `color(bx, by)`, so a correct 1/8-scale decode returns exactly that picture;
 * - a non-interlaced RGB PNG whose rows come from a callback, deflated as they are produced;
 * - a PNG that is only a header claiming any size.
 */
import { open } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { createDeflate } from 'node:zlib';

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(parts: readonly Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (const b of p) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([head.subarray(4), data]), 0);
  return Buffer.concat([head, data, crc]);
}
function ihdr(w: number, h: number): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(w, 0);
  d.writeUInt32BE(h, 4);
  d[8] = 8; // bit depth
  d[9] = 2; // RGB
  return chunk('IHDR', d);
}
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG that is only a signature, an IHDR claiming w×h, a 2-byte IDAT and IEND. */
export function writeHeaderOnlyPng(file: string, w: number, h: number): void {
  writeFileSync(file, Buffer.concat([PNG_SIG, ihdr(w, h), chunk('IDAT', Buffer.from([0x78, 0x01])), chunk('IEND', Buffer.alloc(0))]));
}

/** A w×h RGB PNG; `row(y, out)` fills the 3·w bytes of row y. Filter 0, deflate level 1, streamed. */
export async function writePng(file: string, w: number, h: number, row: (y: number, out: Uint8Array) => void): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.write(Buffer.concat([PNG_SIG, ihdr(w, h)]));
    const deflate = createDeflate({ level: 1, chunkSize: 1 << 20 });
    // One write at a time, in order: concurrent FileHandle.write calls on one file may land out of order
    // (Node's docs call it unsafe), which under load scrambled the IDAT chunks (a "truncated PNG" in CI).
    let written: Promise<unknown> = Promise.resolve();
    deflate.on('data', (d: Buffer) => {
      const c = chunk('IDAT', d);
      written = written.then(() => fh.write(c));
    });
    const done = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    const buf = new Uint8Array(1 + 3 * w);
    for (let y = 0; y < h; y++) {
      buf[0] = 0;
      row(y, buf.subarray(1));
      if (!deflate.write(Buffer.from(buf))) await new Promise((r) => deflate.once('drain', r));
    }
    deflate.end();
    await done;
    await written;
    await fh.write(chunk('IEND', Buffer.alloc(0)));
  } finally {
    await fh.close();
  }
}

// Standard DC luminance Huffman table (ITU T.81 Table K.3): categories 0..11.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

function dcCodes(): { code: number; len: number }[] {
  const out: { code: number; len: number }[] = [];
  let code = 0, k = 0;
  for (let l = 1; l <= 16; l++) {
    for (let i = 0; i < DC_BITS[l - 1]!; i++) out[DC_VALS[k++]!] = { code: code++, len: l };
    code <<= 1;
  }
  return out;
}

/**
 * A baseline 4:4:4 YCbCr JPEG of w×h (multiples of 8) whose blocks are flat: `color(bx, by)` gives the
 * block's [Y, Cb, Cr] (0..255). Quantizer 1, AC table = EOB only. Written in one pass.
 */
export function writeFlatBlockJpeg(file: string, w: number, h: number, color: (bx: number, by: number) => readonly [number, number, number]): void {
  const seg = (marker: number, data: number[]): number[] => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 255, ...data];
  const head: number[] = [0xff, 0xd8];
  head.push(...seg(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
  head.push(...seg(0xc0, [8, h >> 8, h & 255, w >> 8, w & 255, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]));
  head.push(...seg(0xc4, [0x00, ...DC_BITS, ...DC_VALS]));
  head.push(...seg(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00])); // AC: one code "0" = EOB
  head.push(...seg(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]));
  const codes = dcCodes();
  const out: number[] = [];
  let acc = 0, n = 0;
  const put = (v: number, len: number): void => {
    for (let i = len - 1; i >= 0; i--) {
      acc = (acc << 1) | ((v >> i) & 1);
      if (++n === 8) {
        out.push(acc);
        if (acc === 0xff) out.push(0);
        acc = 0;
        n = 0;
      }
    }
  };
  const bw = w / 8, bh = h / 8;
  const pred = [0, 0, 0];
  const chunks: Buffer[] = [Buffer.from(head)];
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const c = color(bx, by);
      for (let k = 0; k < 3; k++) {
        const dc = 8 * (Math.min(255, Math.max(0, Math.round(c[k]!))) - 128);
        let diff = dc - pred[k]!;
        pred[k] = dc;
        const mag = Math.abs(diff);
        const cat = mag === 0 ? 0 : Math.floor(Math.log2(mag)) + 1;
        put(codes[cat]!.code, codes[cat]!.len);
        if (cat > 0) {
          if (diff < 0) diff += (1 << cat) - 1;
          put(diff, cat);
        }
        put(0, 1); // EOB
      }
    }
    if (out.length > 1 << 20) chunks.push(Buffer.from(out.splice(0)));
  }
  if (n > 0) put((1 << (8 - n)) - 1, 8 - n); // pad with 1-bits
  chunks.push(Buffer.from(out), Buffer.from([0xff, 0xd9]));
  writeFileSync(file, Buffer.concat(chunks));
}

/** JFIF YCbCr of an RGB colour. */
export function rgbToYcc(r: number, g: number, b: number): [number, number, number] {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ];
}
