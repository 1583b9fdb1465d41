/**
 * Image decoding for the CLIs in bounded memory: the header is read first (`src/core/imageFormat`),
 * small images are decoded whole (jpeg-js / pngjs, as before), large ones are decoded straight into a
 * working copy of at most `maxSide` px on the longest side, never holding the full-resolution pixels:
 *
 * - PNG: the IDAT stream is inflated chunk by chunk, rows are unfiltered one at a time (only the
 *   previous row is kept) and box-averaged into the working copy;
 * - baseline JPEG: the entropy-coded data is Huffman-decoded and only each 8×8 block's DC coefficient
 *   is kept, which *is* the block's mean: the 1/8-scale picture libjpeg's `scale_denom=8` gives, then
 *   box-averaged down to `maxSide` if still larger.
 *
 * jpeg-js needs ~3 GB and ~3 minutes for a 12000×8000 JPEG; pngjs allocates the whole 14000×14000 RGBA
 * image (784 MB) plus its inflated copy. Every refusal is a `DecodeRefusal` with a message naming why.
 */
import { Readable } from 'node:stream';
import { createInflate } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { fitWithin } from '../../src/core/coords';
import type { Size } from '../../src/core/geometry';
import { inspectImage } from '../../src/core/imageFormat';

export interface BoundedImage {
  /** Size written in the file (the image's own pixels: results are reported in these). */
  readonly original: Size;
  /** The decoded working copy (≤ maxSide on its longest side). */
  readonly width: number;
  readonly height: number;
  /** RGB, 3 bytes per pixel, row-major. */
  readonly rgb: Uint8Array;
  /** How it was decoded, for the log. */
  readonly method: 'full' | 'png-stream' | 'jpeg-dc';
}

export interface DecodeLimits {
  /** Longest side of the working copy. */
  readonly maxSide: number;
  /** Images up to this many pixels are decoded whole with jpeg-js / pngjs. */
  readonly wholeDecodeMaxPixels: number;
  /** Refused outright from the header (time, not memory, is the limit then). */
  readonly maxPixels: number;
}

export const CLI_DECODE_LIMITS: DecodeLimits = { maxSide: 2048, wholeDecodeMaxPixels: 16_000_000, maxPixels: 400_000_000 };

/** Why an image cannot be processed; `message` names the reason for the log. */
export class DecodeRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeRefusal';
  }
}

const mp = (s: Size): string => `${((s.width * s.height) / 1e6).toFixed(1)} MP`;

/** Decode `buf` into a working copy of at most `limits.maxSide` px; throws `DecodeRefusal`. */
export async function decodeBounded(buf: Uint8Array, limits: DecodeLimits = CLI_DECODE_LIMITS): Promise<BoundedImage> {
  const ins = inspectImage(buf);
  if (ins.sniff.kind === 'empty') throw new DecodeRefusal('empty file');
  if (ins.sniff.kind !== 'image') throw new DecodeRefusal(`not an image (looks like ${ins.sniff.detected})`);
  const format = ins.sniff.format;
  if (format !== 'jpeg' && format !== 'png') throw new DecodeRefusal(`${format.toUpperCase()} is not supported here (JPEG and PNG only)`);
  const size = ins.size;
  if (!size) throw new DecodeRefusal(`damaged ${format.toUpperCase()} header: no image size found`);
  if (!(size.width >= 1 && size.height >= 1)) throw new DecodeRefusal(`the header says ${size.width}x${size.height}: no pixels`);
  if (size.width * size.height > limits.maxPixels) {
    throw new DecodeRefusal(`too large: the header says ${size.width}x${size.height} (${mp(size)}; limit ${limits.maxPixels / 1e6} MP)`);
  }
  if (!ins.pixelData) throw new DecodeRefusal(`truncated: the file ends before its image data (header ${size.width}x${size.height})`);
  if (size.width * size.height <= limits.wholeDecodeMaxPixels) return decodeWhole(buf, format, size, limits, ins.ending === 'truncated');
  return format === 'png' ? decodePngStreaming(buf, size, limits) : decodeJpegDc(buf, size, limits);
}

// ---------------------------------------------------------------------------------------------
// Small images: the whole-image decoders, then (rarely) a box downscale.

function decodeWhole(buf: Uint8Array, format: 'jpeg' | 'png', size: Size, limits: DecodeLimits, truncated: boolean): BoundedImage {
  let w: number, h: number, rgba: Uint8Array;
  try {
    if (format === 'jpeg') {
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
      ({ width: w, height: h } = img);
      rgba = img.data;
    } else {
      const png = PNG.sync.read(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
      ({ width: w, height: h } = png);
      rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length);
    }
  } catch (e) {
    throw new DecodeRefusal(`${truncated ? 'truncated' : 'damaged'} ${format.toUpperCase()} (${e instanceof Error ? e.message : String(e)})`);
  }
  if (w === 0 || h === 0) throw new DecodeRefusal('image has no pixels (0x0)');
  const target = fitWithin({ width: w, height: h }, limits.maxSide);
  const down = new BoxDownscaler(w, h, target.width, target.height);
  const row = new Uint8Array(w * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      row[3 * x] = rgba[4 * (y * w + x)]!;
      row[3 * x + 1] = rgba[4 * (y * w + x) + 1]!;
      row[3 * x + 2] = rgba[4 * (y * w + x) + 2]!;
    }
    down.pushRow(row);
  }
  return { original: size, width: target.width, height: target.height, rgb: down.finish(), method: 'full' };
}

/** Box-averages RGB rows of `sw × sh` into `tw × th` as they arrive (one output row buffered). */
export class BoxDownscaler {
  private readonly out: Uint8Array;
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly xMap: Int32Array;
  private y = 0;
  private outRow = 0;
  constructor(private readonly sw: number, private readonly sh: number, private readonly tw: number, private readonly th: number) {
    this.out = new Uint8Array(tw * th * 3);
    this.sums = new Float64Array(tw * 3);
    this.counts = new Float64Array(tw);
    this.xMap = new Int32Array(sw);
    for (let x = 0; x < sw; x++) this.xMap[x] = Math.min(tw - 1, Math.floor((x * tw) / sw));
  }
  pushRow(rgb: Uint8Array): void {
    const oy = Math.min(this.th - 1, Math.floor((this.y * this.th) / this.sh));
    if (oy !== this.outRow) this.flush();
    this.outRow = oy;
    const { sums, counts, xMap } = this;
    for (let x = 0; x < this.sw; x++) {
      const o = xMap[x]!;
      sums[3 * o] = sums[3 * o]! + rgb[3 * x]!;
      sums[3 * o + 1] = sums[3 * o + 1]! + rgb[3 * x + 1]!;
      sums[3 * o + 2] = sums[3 * o + 2]! + rgb[3 * x + 2]!;
      counts[o] = counts[o]! + 1;
    }
    this.y++;
  }
  private flush(): void {
    const base = this.outRow * this.tw * 3;
    for (let o = 0; o < this.tw; o++) {
      const c = this.counts[o]!;
      if (c > 0) for (let k = 0; k < 3; k++) this.out[base + 3 * o + k] = Math.round(this.sums[3 * o + k]! / c);
    }
    this.sums.fill(0);
    this.counts.fill(0);
  }
  /** The working copy; rows never reached (a truncated file) stay black. */
  finish(): Uint8Array {
    if (this.y > 0) this.flush();
    return this.out;
  }
  get rowsSeen(): number {
    return this.y;
  }
}

// ---------------------------------------------------------------------------------------------
// PNG, streamed.

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

async function decodePngStreaming(buf: Uint8Array, size: Size, limits: DecodeLimits): Promise<BoundedImage> {
  let pos = 8;
  let ihdr: { w: number; h: number; depth: number; color: number; interlace: number } | null = null;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= buf.length) {
    const len = u32(buf, pos);
    const type = String.fromCharCode(buf[pos + 4]!, buf[pos + 5]!, buf[pos + 6]!, buf[pos + 7]!);
    const data = buf.subarray(pos + 8, Math.min(buf.length, pos + 8 + len));
    if (type === 'IHDR' && data.length >= 13) {
      ihdr = { w: u32(data, 0), h: u32(data, 4), depth: data[8]!, color: data[9]!, interlace: data[12]! };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (!ihdr) throw new DecodeRefusal('damaged PNG: no IHDR chunk');
  if (ihdr.interlace !== 0) throw new DecodeRefusal(`interlaced PNG of ${mp(size)}: only non-interlaced PNGs this large are supported`);
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number | undefined>)[ihdr.color];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(ihdr.depth)) throw new DecodeRefusal(`damaged PNG: colour type ${ihdr.color}, bit depth ${ihdr.depth}`);
  if (ihdr.color === 3 && !palette) throw new DecodeRefusal('damaged PNG: palette image without PLTE');
  if (idat.length === 0) throw new DecodeRefusal('truncated PNG: no image data (IDAT)');
  const { w, h, depth, color } = ihdr;
  const bitsPerPixel = channels * depth;
  const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const target = fitWithin({ width: w, height: h }, limits.maxSide);
  const down = new BoxDownscaler(w, h, target.width, target.height);
  let prev = new Uint8Array(rowBytes);
  let cur = new Uint8Array(rowBytes);
  const rgb = new Uint8Array(w * 3);
  let filled = -1; // -1: waiting for the filter byte
  let filter = 0;
  let rows = 0;
  const maxGray = (1 << Math.min(depth, 8)) - 1;

  const emitRow = (): void => {
    unfilter(filter, cur, prev, bpp);
    for (let x = 0; x < w; x++) {
      let r: number, g: number, b: number;
      if (depth === 16) {
        const i = x * channels * 2;
        if (channels >= 3) [r, g, b] = [cur[i]!, cur[i + 2]!, cur[i + 4]!];
        else r = g = b = cur[i]!;
      } else if (depth === 8) {
        const i = x * channels;
        if (color === 3) {
          const p = 3 * cur[i]!;
          [r, g, b] = [palette![p] ?? 0, palette![p + 1] ?? 0, palette![p + 2] ?? 0];
        } else if (channels >= 3) [r, g, b] = [cur[i]!, cur[i + 1]!, cur[i + 2]!];
        else r = g = b = cur[i]!;
      } else {
        const bit = x * depth;
        const v = (cur[bit >> 3]! >> (8 - depth - (bit & 7))) & maxGray;
        if (color === 3) {
          const p = 3 * v;
          [r, g, b] = [palette![p] ?? 0, palette![p + 1] ?? 0, palette![p + 2] ?? 0];
        } else r = g = b = Math.round((v * 255) / maxGray);
      }
      rgb[3 * x] = r;
      rgb[3 * x + 1] = g;
      rgb[3 * x + 2] = b;
    }
    down.pushRow(rgb);
    [prev, cur] = [cur, prev];
    rows++;
  };

  const inflater = createInflate({ chunkSize: 1 << 20 });
  Readable.from(idat).pipe(inflater);
  let error: string | null = null;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      let i = 0;
      while (i < chunk.length && rows < h) {
        if (filled < 0) {
          filter = chunk[i++]!;
          if (filter > 4) throw new DecodeRefusal(`damaged PNG: bad filter type ${filter} at row ${rows}`);
          filled = 0;
          continue;
        }
        const n = Math.min(rowBytes - filled, chunk.length - i);
        cur.set(chunk.subarray(i, i + n), filled);
        filled += n;
        i += n;
        if (filled === rowBytes) {
          emitRow();
          filled = -1;
        }
      }
      if (rows >= h) break;
    }
  } catch (e) {
    if (e instanceof DecodeRefusal) throw e;
    error = e instanceof Error ? e.message : String(e);
  } finally {
    inflater.destroy();
  }
  if (rows === 0) throw new DecodeRefusal(`damaged PNG: image data could not be inflated${error ? ` (${error})` : ''}`);
  if (rows < h) throw new DecodeRefusal(`truncated PNG: ${rows} of ${h} rows${error ? ` (${error})` : ''}`);
  return { original: size, width: target.width, height: target.height, rgb: down.finish(), method: 'png-stream' };
}

function unfilter(filter: number, cur: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = cur.length;
  switch (filter) {
    case 1:
      for (let i = bpp; i < n; i++) cur[i] = (cur[i]! + cur[i - bpp]!) & 255;
      break;
    case 2:
      for (let i = 0; i < n; i++) cur[i] = (cur[i]! + prev[i]!) & 255;
      break;
    case 3:
      for (let i = 0; i < n; i++) cur[i] = (cur[i]! + (((i >= bpp ? cur[i - bpp]! : 0) + prev[i]!) >> 1)) & 255;
      break;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? cur[i - bpp]! : 0, b = prev[i]!, c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        cur[i] = (cur[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
      break;
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline JPEG at 1/8 scale (DC coefficients only).

interface Huffman {
  /** maxCode[l] = largest code of length l (or -1), valPtr[l] = index of its first value. */
  readonly maxCode: Int32Array;
  readonly minCode: Int32Array;
  readonly valPtr: Int32Array;
  readonly values: Uint8Array;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxCode = new Int32Array(18).fill(-1), minCode = new Int32Array(18), valPtr = new Int32Array(18);
  let code = 0, k = 0;
  for (let l = 1; l <= 16; l++) {
    const c = counts[l - 1]!;
    valPtr[l] = k;
    minCode[l] = code;
    code += c;
    k += c;
    maxCode[l] = c > 0 ? code - 1 : -1;
    code <<= 1;
  }
  return { maxCode, minCode, valPtr, values };
}

interface JpegComponent {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly tq: number;
  blocksW: number;
  blocksH: number;
  plane: Uint8Array;
  dcTable: number;
  acTable: number;
  pred: number;
}

/** Decodes baseline (sequential, Huffman) JPEGs keeping each block's DC term: a ⌈w/8⌉ × ⌈h/8⌉ picture. */
export function decodeJpegDcPlanes(buf: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const quant: (Int32Array | undefined)[] = [];
  const dcT: (Huffman | undefined)[] = [], acT: (Huffman | undefined)[] = [];
  let comps: JpegComponent[] = [];
  let W = 0, H = 0, hMax = 1, vMax = 1, restart = 0;
  let pos = 2;
  let sawFrame = false, sawScan = false;
  const fail = (m: string): never => {
    throw new DecodeRefusal(m);
  };
  const u16 = (i: number): number => ((buf[i] ?? 0) << 8) | (buf[i + 1] ?? 0);
  while (pos + 4 <= buf.length) {
    if (buf[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = buf[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xd9) break; // EOI
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const len = u16(pos + 2);
    const seg = buf.subarray(pos + 4, pos + 2 + len);
    if (seg.length < len - 2) fail('truncated JPEG: a header segment is cut off');
    if (marker === 0xdb) {
      for (let i = 0; i < seg.length;) {
        const pq = seg[i]! >> 4, tq = seg[i]! & 15;
        const q = new Int32Array(64);
        for (let k = 0; k < 64; k++) q[k] = pq ? (seg[i + 1 + 2 * k]! << 8) | seg[i + 2 + 2 * k]! : seg[i + 1 + k]!;
        quant[tq] = q;
        i += 1 + (pq ? 128 : 64);
      }
    } else if (marker === 0xc4) {
      for (let i = 0; i + 17 <= seg.length;) {
        const tc = seg[i]! >> 4, th = seg[i]! & 15;
        const counts = seg.subarray(i + 1, i + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const t = buildHuffman(counts, seg.slice(i + 17, i + 17 + total));
        (tc === 0 ? dcT : acT)[th] = t;
        i += 17 + total;
      }
    } else if (marker === 0xdd) {
      restart = u16(pos + 4);
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (seg[0] !== 8) fail(`${seg[0]}-bit JPEG: only 8-bit samples are supported for large images`);
      H = u16(pos + 5);
      W = u16(pos + 7);
      const n = seg[5]!;
      if (n !== 1 && n !== 3) fail(`JPEG with ${n} colour components (CMYK?) is not supported for large images`);
      comps = [];
      for (let c = 0; c < n; c++) {
        const o = 6 + 3 * c;
        comps.push({ id: seg[o]!, h: seg[o + 1]! >> 4, v: seg[o + 1]! & 15, tq: seg[o + 2]!, blocksW: 0, blocksH: 0, plane: new Uint8Array(0), dcTable: 0, acTable: 0, pred: 0 });
      }
      hMax = Math.max(...comps.map((c) => c.h));
      vMax = Math.max(...comps.map((c) => c.v));
      if (comps.some((c) => c.h < 1 || c.v < 1)) fail('damaged JPEG: bad sampling factors');
      for (const c of comps) {
        c.blocksW = Math.ceil(Math.ceil((W * c.h) / hMax) / 8);
        c.blocksH = Math.ceil(Math.ceil((H * c.v) / vMax) / 8);
        c.plane = new Uint8Array(c.blocksW * c.blocksH);
      }
      sawFrame = true;
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      fail(marker === 0xc2 ? 'progressive JPEG: only baseline JPEGs are supported this large' : 'arithmetic-coded / lossless JPEG is not supported');
    } else if (marker === 0xda) {
      if (!sawFrame) fail('damaged JPEG: scan before the frame header');
      const ns = seg[0]!;
      const scan: JpegComponent[] = [];
      for (let s = 0; s < ns; s++) {
        const c = comps.find((x) => x.id === seg[1 + 2 * s]);
        if (!c) fail('damaged JPEG: scan names an unknown component');
        c!.dcTable = seg[2 + 2 * s]! >> 4;
        c!.acTable = seg[2 + 2 * s]! & 15;
        scan.push(c!);
      }
      pos = decodeScan(buf, pos + 2 + len, scan, W, H, hMax, vMax, restart, quant, dcT, acT);
      sawScan = true;
      continue;
    }
    pos += 2 + len;
  }
  if (!sawScan) fail('truncated JPEG: no image data');
  const ow = Math.ceil(W / 8), oh = Math.ceil(H / 8);
  const rgb = new Uint8Array(ow * oh * 3);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const sample = (c: JpegComponent): number =>
        c.plane[Math.min(c.blocksH - 1, Math.floor((y * c.v) / vMax)) * c.blocksW + Math.min(c.blocksW - 1, Math.floor((x * c.h) / hMax))]!;
      const o = 3 * (y * ow + x);
      if (comps.length === 1) {
        rgb[o] = rgb[o + 1] = rgb[o + 2] = sample(comps[0]!);
      } else {
        const Y = sample(comps[0]!), cb = sample(comps[1]!) - 128, cr = sample(comps[2]!) - 128;
        rgb[o] = clamp(Y + 1.402 * cr);
        rgb[o + 1] = clamp(Y - 0.344136 * cb - 0.714136 * cr);
        rgb[o + 2] = clamp(Y + 1.772 * cb);
      }
    }
  }
  return { width: ow, height: oh, rgb };
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Decodes one scan; returns the position after its entropy-coded data. */
function decodeScan(
  buf: Uint8Array, start: number, scan: readonly JpegComponent[], W: number, H: number, hMax: number, vMax: number, restart: number,
  quant: readonly (Int32Array | undefined)[], dcT: readonly (Huffman | undefined)[], acT: readonly (Huffman | undefined)[],
): number {
  let pos = start, bits = 0, nbits = 0, hitMarker = false;
  const readBit = (): number => {
    if (nbits === 0) {
      if (hitMarker || pos >= buf.length) {
        hitMarker = true;
        return 0;
      }
      const b = buf[pos]!;
      if (b === 0xff) {
        const nx = buf[pos + 1];
        if (nx === 0) pos += 2;
        else {
          hitMarker = true; // a marker: feed zeros (damaged data ends the scan below)
          return 0;
        }
      } else pos++;
      bits = b;
      nbits = 8;
    }
    nbits--;
    return (bits >> nbits) & 1;
  };
  const receive = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | readBit();
    return v;
  };
  const decode = (t: Huffman): number => {
    if (hitMarker) return 0; // out of data: DC category 0 / end of block
    let code = readBit();
    for (let l = 1; l <= 16; l++) {
      if (t.maxCode[l]! >= code && code >= t.minCode[l]! && t.maxCode[l]! >= 0) return t.values[t.valPtr[l]! + code - t.minCode[l]!]!;
      code = (code << 1) | readBit();
    }
    throw new DecodeRefusal('damaged JPEG: invalid Huffman code');
  };
  const tables = scan.map((c) => {
    const dc = dcT[c.dcTable], ac = acT[c.acTable], q = quant[c.tq];
    if (!dc || !ac || !q) throw new DecodeRefusal('damaged JPEG: a scan uses a missing Huffman or quantization table');
    return { dc, ac, q0: q[0]! };
  });
  const block = (ci: number, bx: number, by: number): void => {
    const c = scan[ci]!, t = tables[ci]!;
    const s = decode(t.dc);
    let diff = 0;
    if (s > 0) {
      diff = receive(s);
      if (diff < 1 << (s - 1)) diff -= (1 << s) - 1;
    }
    c.pred += diff;
    for (let k = 1; k < 64;) {
      const rs = decode(t.ac);
      const r = rs >> 4, sz = rs & 15;
      if (sz === 0) {
        if (r !== 15) break;
        k += 16;
        continue;
      }
      k += r;
      receive(sz);
      k++;
    }
    if (bx < c.blocksW && by < c.blocksH) c.plane[by * c.blocksW + bx] = clamp((c.pred * t.q0) / 8 + 128);
  };
  const single = scan.length === 1;
  const c0 = scan[0]!;
  const mcusX = single ? c0.blocksW : Math.ceil(W / (8 * hMax));
  const mcusY = single ? c0.blocksH : Math.ceil(H / (8 * vMax));
  const total = mcusX * mcusY;
  for (const c of scan) c.pred = 0;
  for (let m = 0; m < total; m++) {
    if (restart > 0 && m > 0 && m % restart === 0) {
      // byte-align, skip the RSTn marker, reset the predictions
      nbits = 0;
      hitMarker = false;
      while (pos + 1 < buf.length && !(buf[pos] === 0xff && buf[pos + 1]! >= 0xd0 && buf[pos + 1]! <= 0xd7)) pos++;
      pos += 2;
      for (const c of scan) c.pred = 0;
    }
    if (hitMarker) break; // truncated or damaged: the rest stays grey-black, as browsers show it
    const mx = m % mcusX, my = Math.floor(m / mcusX);
    if (single) block(0, mx, my);
    else {
      for (let ci = 0; ci < scan.length; ci++) {
        const c = scan[ci]!;
        for (let v = 0; v < c.v; v++) for (let h = 0; h < c.h; h++) block(ci, mx * c.h + h, my * c.v + v);
      }
    }
  }
  // find the next marker after the entropy-coded data
  while (pos + 1 < buf.length && !(buf[pos] === 0xff && buf[pos + 1] !== 0 && !(buf[pos + 1]! >= 0xd0 && buf[pos + 1]! <= 0xd7))) pos++;
  return pos;
}

function decodeJpegDc(buf: Uint8Array, size: Size, limits: DecodeLimits): BoundedImage {
  const dc = decodeJpegDcPlanes(buf);
  const target = fitWithin({ width: dc.width, height: dc.height }, limits.maxSide);
  if (target.width === dc.width && target.height === dc.height) {
    return { original: size, width: dc.width, height: dc.height, rgb: dc.rgb, method: 'jpeg-dc' };
  }
  const down = new BoxDownscaler(dc.width, dc.height, target.width, target.height);
  for (let y = 0; y < dc.height; y++) down.pushRow(dc.rgb.subarray(3 * y * dc.width, 3 * (y + 1) * dc.width));
  return { original: size, width: target.width, height: target.height, rgb: down.finish(), method: 'jpeg-dc' };
}
