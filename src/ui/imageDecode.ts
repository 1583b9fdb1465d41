/**
 * A file (or any blob: pasted, dropped, fetched sample) → the pixels of a StillSource, or the reason
 * it was refused. Decisions live in the pure src/core/imageFormat.ts; this module only reads bytes,
 * asks the browser to decode and draws the (possibly downscaled) working copy.
 */
import type { Size } from '../core/geometry';
import { afterDecode, decodeFailure, IMAGE_LIMITS, preflight, type ImageLimits, type Note, type Refusal } from '../core/imageFormat';

/** What the decoder adds to core's notes: a PNG whose chunk checksums are wrong (e.g. a damaged IDAT) the browser still drew. */
export type DecodeNote = Note | { readonly kind: 'damaged' };

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * Whether every chunk of a PNG has the right CRC-32 (issue #15: a PNG with a damaged IDAT was shown
 * with no word). Chromium draws such files as far as they inflate, so the page shows a notice instead.
 * False only for a definite mismatch; a file cut short is core's "truncated".
 */
export function pngChecksumsOk(bytes: Uint8Array): boolean {
  let p = 8;
  while (p + 12 <= bytes.length) {
    const len = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
    const end = p + 8 + len;
    if (end + 4 > bytes.length) return true;
    let c = 0xffffffff;
    for (let i = p + 4; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
    c = (c ^ 0xffffffff) >>> 0;
    const stored = ((bytes[end]! << 24) | (bytes[end + 1]! << 16) | (bytes[end + 2]! << 8) | bytes[end + 3]!) >>> 0;
    if (c !== stored) return false;
    if (bytes[p + 4] === 0x49 && bytes[p + 5] === 0x45 && bytes[p + 6] === 0x4e && bytes[p + 7] === 0x44) return true; // IEND
    p = end + 4;
  }
  return true;
}

/** Bytes of decompressed image data above which `pngDataOk` does not inflate (the check is skipped). */
const PNG_INFLATE_LIMIT = 64 * 1024 * 1024;

/**
 * The PNG's compressed image data (IDAT, concatenated) inflates as zlib and, for a non-interlaced
 * image, gives exactly `height` rows of `1 + ceil(width·bits/8)` bytes, each starting with a filter type
 * 0–4. A file whose chunk checksums are right but whose IDAT holds garbage fails here; Chromium would
 * draw it as grey noise without a word. Streams the inflated bytes (nothing kept). True when it cannot
 * tell (no DecompressionStream, odd header, very large image).
 */
export async function pngDataOk(bytes: Uint8Array): Promise<boolean> {
  if (typeof DecompressionStream === 'undefined' || bytes.length < 33) return true;
  const u32 = (i: number) => ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
  const width = u32(16);
  const height = u32(20);
  const depth = bytes[24]!;
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[bytes[25]!];
  const interlaced = bytes[28] === 1;
  if (!channels || width === 0 || height === 0) return true;
  const rowBytes = 1 + Math.ceil((width * channels * depth) / 8);
  const expected = rowBytes * height;
  if (expected > PNG_INFLATE_LIMIT) return true;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let p = 8;
  while (p + 12 <= bytes.length) {
    const len = u32(p);
    const type = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!);
    if (p + 12 + len > bytes.length) return true; // cut short: the truncation check's business
    if (type === 'IDAT') parts.push(new Uint8Array(bytes.subarray(p + 8, p + 8 + len)));
    if (type === 'IEND') break;
    p += 12 + len;
  }
  if (parts.length === 0) return false;
  const ds = new DecompressionStream('deflate');
  const writer = ds.writable.getWriter();
  const written = (async () => {
    for (const part of parts) await writer.write(part);
    await writer.close();
  })().catch(() => undefined);
  const reader = ds.readable.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!interlaced) {
        // every row's first byte is its filter type (0–4)
        let next = Math.ceil(total / rowBytes) * rowBytes;
        while (next < total + value.length) {
          if (next >= expected || value[next - total]! > 4) {
            await reader.cancel().catch(() => undefined);
            return false;
          }
          next += rowBytes;
        }
      }
      total += value.length;
    }
  } catch {
    return false; // not a zlib stream, or it ends early / has a bad checksum
  } finally {
    await written;
  }
  return interlaced ? total > 0 : total === expected;
}

export type DecodeOutcome =
  | {
      readonly ok: true;
      /** Working copy: the image itself, or downscaled to `limits.maxWorkingSide`. */
      readonly pixels: HTMLCanvasElement;
      /** Original size (after EXIF rotation), the space results are expressed in. */
      readonly size: Size;
      readonly notes: readonly DecodeNote[];
    }
  | { readonly ok: false; readonly problem: Refusal | { readonly kind: 'read-failed' } };

export type DecodeProblem = Extract<DecodeOutcome, { ok: false }>['problem'];

/** Something drawable with its size, and how to release it. */
interface Decoded {
  readonly source: CanvasImageSource;
  readonly size: Size;
  release(): void;
}

async function viaImageBitmap(blob: Blob): Promise<Decoded> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  return { source: bitmap, size: { width: bitmap.width, height: bitmap.height }, release: () => bitmap.close() };
}

/** Fallback for what createImageBitmap refuses in some browsers (SVG, some ICO); EXIF is applied by CSS default. */
async function viaImageElement(blob: Blob): Promise<Decoded> {
  const url = URL.createObjectURL(blob);
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  try {
    await img.decode();
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  return { source: img, size: { width: img.naturalWidth, height: img.naturalHeight }, release: () => URL.revokeObjectURL(url) };
}

async function decodeBlob(blob: Blob): Promise<Decoded | null> {
  for (const attempt of [viaImageBitmap, viaImageElement]) {
    try {
      return await attempt(blob);
    } catch {
      // try the next decoder
    }
  }
  return null;
}

function drawWorkingCopy(d: Decoded, working: Size): HTMLCanvasElement | null {
  const canvas = document.createElement('canvas');
  canvas.width = working.width;
  canvas.height = working.height;
  // Pages read this copy back (getImageData → RgbaPixels): a CPU-backed canvas is the fast one for
  // that, and Chrome warns in the console about repeated readbacks otherwise.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(d.source, 0, 0, working.width, working.height);
  return canvas;
}

/** Reads, checks and decodes an image. Never throws: every failure is a `problem`. */
export async function decodeImage(blob: Blob, limits: ImageLimits = IMAGE_LIMITS): Promise<DecodeOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await blob.arrayBuffer());
  } catch {
    // The file was moved or deleted after being picked, or a network blob failed.
    return { ok: false, problem: { kind: 'read-failed' } };
  }
  const pre = preflight(bytes, limits);
  if (pre.kind === 'refuse') return { ok: false, problem: pre.refusal };

  // Decode by content, with the sniffed type: a PNG named .jpg still works, and an SVG with no or a
  // wrong MIME type still renders in <img>.
  const decoded = await decodeBlob(blob.slice(0, blob.size, pre.mime));
  if (!decoded) return { ok: false, problem: decodeFailure(pre, limits) };
  try {
    const verdict = afterDecode(pre, decoded.size, limits);
    if (verdict.kind === 'refuse') return { ok: false, problem: verdict.refusal };
    const pixels = drawWorkingCopy(decoded, verdict.working);
    if (!pixels) return { ok: false, problem: { kind: 'too-large', size: verdict.size } };
    const notes: DecodeNote[] = [...verdict.notes];
    if (pre.format === 'png' && !pre.truncated && (!pngChecksumsOk(bytes) || !(await pngDataOk(bytes)))) notes.push({ kind: 'damaged' });
    return { ok: true, pixels, size: verdict.size, notes };
  } finally {
    decoded.release();
  }
}
