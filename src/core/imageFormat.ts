/**
 * What a file's bytes say about it, before and after the browser tries to decode it. Pure: no DOM.
 *
 * - `sniff()`       — the file type from its first bytes (never from its name or MIME type);
 * - `inspectImage()` — the type, the size written in the header and whether the file ends where its
 *                      own structure says it should (JPEG segments up to EOI, PNG chunks up to IEND,
 *                      GIF blocks up to the trailer, the RIFF / BMP declared length);
 * - `preflight()`   — what to do with a file: refuse it now (not an image, empty, far too large) or
 *                      decode it;
 * - `afterDecode()` / `decodeFailure()` — the verdict once the browser has (or has not) decoded it.
 *
 * Header sizes are as stored in the file, before any EXIF rotation: compare them with limits that do
 * not depend on orientation (pixel count, longest side) only.
 */
import { fitWithin } from './coords';
import type { Size } from './geometry';

/** Image formats we recognise. Browsers decode the first seven; HEIC and TIFF mostly only in Safari. */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif' | 'ico' | 'svg' | 'heic' | 'tiff';

/** What a file that is not an image turned out to be. */
export type OtherKind =
  | 'pdf'
  | 'zip'
  | 'gzip'
  | 'rar'
  | '7z'
  | 'video'
  | 'audio'
  | 'executable'
  | 'html'
  | 'text'
  | 'unknown';

export type Sniff =
  | { readonly kind: 'image'; readonly format: ImageFormat; readonly mime: string }
  | { readonly kind: 'not-image'; readonly detected: OtherKind }
  | { readonly kind: 'empty' };

/** Whether the file ends where its structure says it ends. `unknown`: format not checked, or malformed. */
export type Ending = 'complete' | 'truncated' | 'unknown';

export interface Inspection {
  readonly sniff: Sniff;
  /** Size from the header, when the format stores it where we look; null otherwise. */
  readonly size: Size | null;
  readonly ending: Ending;
  /**
   * Whether the file reaches its image data (JPEG scan, PNG IDAT, GIF image). False means a file cut
   * inside its headers: browsers may still "decode" it, into a blank picture. True when not checked.
   */
  readonly pixelData: boolean;
}

export interface ImageLimits {
  /** Longest side of the working copy handed to models (larger images are downscaled). */
  readonly maxWorkingSide: number;
  /** A header side above this explains a failed decode as "too large" rather than "damaged". */
  readonly maxSide: number;
  /** Refused outright, before or after decoding. */
  readonly maxPixels: number;
}

export const IMAGE_LIMITS: ImageLimits = { maxWorkingSide: 2048, maxSide: 16384, maxPixels: 200_000_000 };

/** Bytes that `sniff()` looks at; read at least this many (or the whole file). */
export const SNIFF_BYTES = 1024;

const MIME: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  tiff: 'image/tiff',
};

/** Formats that most browsers cannot decode: a decode failure means "unsupported", not "damaged". */
export const RARELY_DECODABLE: ReadonlySet<ImageFormat> = new Set<ImageFormat>(['heic', 'tiff']);

// ---------------------------------------------------------------------------------------------
// Byte helpers (all bounds-checked by the callers through `has`).

function has(b: Uint8Array, from: number, count: number): boolean {
  return from >= 0 && from + count <= b.length;
}
function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (!has(b, at, sig.length)) return false;
  return sig.every((v, i) => b[at + i] === v);
}
function ascii(b: Uint8Array, at: number, count: number): string {
  if (!has(b, at, count)) return '';
  return String.fromCharCode(...b.subarray(at, at + count));
}
const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u32le = (b: Uint8Array, i: number): number => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const i32le = (b: Uint8Array, i: number): number => u32le(b, i) | 0;

// ---------------------------------------------------------------------------------------------
// Sniffing.

const IMAGE_BRANDS: Readonly<Record<string, ImageFormat>> = {
  avif: 'avif',
  avis: 'avif',
  heic: 'heic',
  heix: 'heic',
  heim: 'heic',
  heis: 'heic',
  hevc: 'heic',
  hevx: 'heic',
  mif1: 'heic',
  msf1: 'heic',
};

/** ISO-BMFF (`ftyp` box): AVIF, HEIC or a video (MP4, MOV, 3GP…). */
function sniffFtyp(b: Uint8Array): Sniff {
  const boxSize = u32be(b, 0);
  const brands = [ascii(b, 8, 4)];
  for (let i = 16; i + 4 <= Math.min(boxSize, b.length, 64); i += 4) brands.push(ascii(b, i, 4));
  // `mif1` is the generic HEIF brand: AVIF files list it too, with `avif` among the compatible brands.
  if (brands.includes('avif') || brands.includes('avis')) return image('avif');
  const format = IMAGE_BRANDS[brands[0]!];
  if (format) return image(format);
  return brands[0]!.startsWith('M4A') ? notImage('audio') : notImage('video');
}

function image(format: ImageFormat): Sniff {
  return { kind: 'image', format, mime: MIME[format] };
}
function notImage(detected: OtherKind): Sniff {
  return { kind: 'not-image', detected };
}

/** Text-like content: SVG, HTML or plain text (JSON, CSV, source code…); null if binary. */
function sniffText(b: Uint8Array): Sniff | null {
  const head = b.subarray(0, SNIFF_BYTES);
  for (const c of head) {
    // Control characters other than tab, LF, FF, CR and ESC do not occur in text.
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1b) return null;
    if (c === 0x7f) return null;
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  const withoutProlog = text.replace(/^(<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*|<!doctype svg[^>]*>\s*)*/, '');
  if (withoutProlog.startsWith('<svg')) return image('svg');
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || /^<(head|body|meta|title)\b/.test(text)) return notImage('html');
  return notImage('text');
}

/** The file type from the first bytes (`SNIFF_BYTES` are enough). */
export function sniff(bytes: Uint8Array): Sniff {
  const b = bytes;
  if (b.length === 0) return { kind: 'empty' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return image('jpeg');
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png');
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return image('gif');
  if (ascii(b, 0, 4) === 'RIFF') {
    const form = ascii(b, 8, 4);
    if (form === 'WEBP') return image('webp');
    if (form === 'WAVE') return notImage('audio');
    if (form === 'AVI ') return notImage('video');
    return notImage('unknown');
  }
  if (ascii(b, 0, 2) === 'BM' && has(b, 14, 4) && [12, 40, 52, 56, 64, 108, 124].includes(u32le(b, 14))) return image('bmp');
  if (ascii(b, 4, 4) === 'ftyp') return sniffFtyp(b);
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00]) && has(b, 4, 2) && u16le(b, 4) > 0) return image('ico');
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return image('tiff');
  if (ascii(b, 0, 5) === '%PDF-') return notImage('pdf');
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return notImage('zip');
  if (startsWith(b, [0x1f, 0x8b])) return notImage('gzip');
  if (ascii(b, 0, 4) === 'Rar!') return notImage('rar');
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return notImage('7z');
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return notImage('video'); // Matroska / WebM
  if (ascii(b, 0, 3) === 'ID3' || ascii(b, 0, 4) === 'OggS' || ascii(b, 0, 4) === 'fLaC') return notImage('audio');
  if (startsWith(b, [0xfe, 0xff]) || startsWith(b, [0xff, 0xfe])) return notImage('text'); // UTF-16 BOM
  if (has(b, 0, 2) && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) return notImage('audio'); // MPEG audio frame
  if (ascii(b, 0, 2) === 'MZ' || startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return notImage('executable');
  return sniffText(b) ?? notImage('unknown');
}

// ---------------------------------------------------------------------------------------------
// Structure walks: header size and whether the file is complete.

interface Walk {
  readonly size: Size | null;
  readonly ending: Ending;
  readonly pixelData: boolean;
}

/** SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames. */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Walks JPEG segments by their lengths (so EXIF thumbnails, with their own EOI, are skipped) and the
 * entropy-coded data after each SOS (where 0xFF is always followed by 0x00 or a restart marker),
 * up to EOI. Bytes after EOI (camera trailers) are ignored.
 */
function walkJpeg(b: Uint8Array): Walk {
  let size: Size | null = null;
  let pixelData = false;
  const end = (ending: Ending): Walk => ({ size, ending, pixelData });
  let i = 2;
  for (;;) {
    while (i < b.length && b[i] !== 0xff) i++; // tolerate stray bytes before a marker, like libjpeg
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) return end('truncated');
    const marker = b[i++]!;
    if (marker === 0xd9) return end('complete');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // standalone markers
    if (!has(b, i, 2)) return end('truncated');
    const length = u16be(b, i);
    if (length < 2) return end('unknown');
    if (isSof(marker) && size === null && has(b, i, 7)) {
      const height = u16be(b, i + 3);
      const width = u16be(b, i + 5);
      // Height 0 means "defined later by a DNL marker": leave the size unknown.
      if (height > 0) size = { width, height };
    }
    i += length;
    if (i > b.length) return end('truncated');
    if (marker === 0xda) {
      pixelData = true;
      // Entropy-coded data: stop at the first 0xFF that is not stuffing (00) or a restart (D0-D7).
      while (i < b.length) {
        if (b[i] === 0xff) {
          if (i + 1 >= b.length) return end('truncated');
          const next = b[i + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
          i += 2;
        } else i++;
      }
      if (i >= b.length) return end('truncated');
    }
  }
}

function walkPng(b: Uint8Array): Walk {
  const size = has(b, 24, 0) && ascii(b, 12, 4) === 'IHDR' ? { width: u32be(b, 16), height: u32be(b, 20) } : null;
  let pixelData = false;
  const end = (ending: Ending): Walk => ({ size, ending, pixelData });
  let i = 8;
  for (;;) {
    if (!has(b, i, 8)) return end('truncated');
    const length = u32be(b, i);
    if (length > 0x7fffffff) return end('unknown');
    const type = ascii(b, i + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) return end('unknown');
    if (type === 'IDAT') pixelData = true;
    const next = i + 12 + length;
    if (next > b.length) return end('truncated');
    if (type === 'IEND') return end('complete');
    i = next;
  }
}

function walkGif(b: Uint8Array): Walk {
  const size = has(b, 6, 4) ? { width: u16le(b, 6), height: u16le(b, 8) } : null;
  let pixelData = false;
  const end = (ending: Ending): Walk => ({ size, ending, pixelData });
  if (!has(b, 10, 3)) return end('truncated');
  const colorTable = (flags: number): number => (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  let i = 13 + colorTable(b[10]!);
  /** Skips data sub-blocks; returns the index after the terminator, or -1 if the file ends first. */
  const skipSubBlocks = (from: number): number => {
    let j = from;
    for (;;) {
      if (j >= b.length) return -1;
      const n = b[j]!;
      j += 1 + n;
      if (n === 0) return j;
    }
  };
  for (;;) {
    if (i >= b.length) return end('truncated');
    const block = b[i]!;
    if (block === 0x3b) return end('complete');
    if (block === 0x21) i = skipSubBlocks(i + 2);
    else if (block === 0x2c) {
      pixelData = true;
      if (!has(b, i, 10)) return end('truncated');
      i = skipSubBlocks(i + 10 + colorTable(b[i + 9]!) + 1);
    } else return end('unknown');
    if (i < 0) return end('truncated');
  }
}

function walkWebp(b: Uint8Array): Walk {
  const declared = has(b, 4, 4) ? u32le(b, 4) + 8 : 0;
  const ending: Ending = declared < 12 ? 'unknown' : b.length < declared ? 'truncated' : 'complete';
  const chunk = ascii(b, 12, 4);
  let size: Size | null = null;
  if (chunk === 'VP8 ' && has(b, 26, 4) && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
    size = { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  } else if (chunk === 'VP8L' && has(b, 21, 4) && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  } else if (chunk === 'VP8X' && has(b, 24, 6)) {
    size = { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return { size, ending, pixelData: true };
}

function walkBmp(b: Uint8Array): Walk {
  let size: Size | null = null;
  if (has(b, 14, 4)) {
    const header = u32le(b, 14);
    if (header === 12 && has(b, 18, 4)) size = { width: u16le(b, 18), height: u16le(b, 20) };
    else if (header >= 40 && has(b, 18, 8)) size = { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  }
  const declared = has(b, 2, 4) ? u32le(b, 2) : 0;
  const dataOffset = has(b, 10, 4) ? u32le(b, 10) : 0;
  let ending: Ending = 'unknown';
  if (dataOffset > 0 && b.length <= dataOffset) ending = 'truncated';
  else if (declared > 0) ending = b.length < declared ? 'truncated' : 'complete';
  return { size, ending, pixelData: true };
}

function walk(format: ImageFormat, b: Uint8Array): Walk {
  switch (format) {
    case 'jpeg':
      return walkJpeg(b);
    case 'png':
      return walkPng(b);
    case 'gif':
      return walkGif(b);
    case 'webp':
      return walkWebp(b);
    case 'bmp':
      return walkBmp(b);
    default:
      return { size: null, ending: 'unknown', pixelData: true };
  }
}

/** Type, header size and completeness. Pass the whole file for `ending` to be meaningful. */
export function inspectImage(bytes: Uint8Array): Inspection {
  const s = sniff(bytes);
  if (s.kind !== 'image') return { sniff: s, size: null, ending: 'unknown', pixelData: false };
  return { sniff: s, ...walk(s.format, bytes) };
}

// ---------------------------------------------------------------------------------------------
// Verdicts.

export type DimensionVerdict =
  | { readonly kind: 'ok'; readonly size: Size; readonly working: Size; readonly downscaled: boolean }
  | { readonly kind: 'empty'; readonly size: Size }
  | { readonly kind: 'too-large'; readonly size: Size };

export function checkDimensions(size: Size, limits: ImageLimits = IMAGE_LIMITS): DimensionVerdict {
  const { width, height } = size;
  if (!(width >= 1 && height >= 1) || !Number.isFinite(width) || !Number.isFinite(height)) return { kind: 'empty', size };
  if (width * height > limits.maxPixels) return { kind: 'too-large', size };
  const working = fitWithin(size, limits.maxWorkingSide);
  return { kind: 'ok', size, working, downscaled: working.width !== width || working.height !== height };
}

/** Why a file is refused. Every variant maps to one message in the UI. */
export type Refusal =
  | { readonly kind: 'empty-file' }
  | { readonly kind: 'not-image'; readonly detected: OtherKind }
  | { readonly kind: 'zero-size'; readonly size: Size }
  | { readonly kind: 'too-large'; readonly size: Size | null }
  | { readonly kind: 'unsupported'; readonly format: ImageFormat }
  | { readonly kind: 'truncated' }
  | { readonly kind: 'damaged' };

export type Preflight =
  | { readonly kind: 'refuse'; readonly refusal: Refusal }
  | {
      readonly kind: 'decode';
      readonly format: ImageFormat;
      readonly mime: string;
      readonly headerSize: Size | null;
      readonly truncated: boolean;
    };

/** Decide from the bytes alone whether decoding is worth trying. */
export function preflight(bytes: Uint8Array, limits: ImageLimits = IMAGE_LIMITS): Preflight {
  const { sniff: s, size, ending, pixelData } = inspectImage(bytes);
  if (s.kind === 'empty') return { kind: 'refuse', refusal: { kind: 'empty-file' } };
  if (s.kind === 'not-image') return { kind: 'refuse', refusal: { kind: 'not-image', detected: s.detected } };
  if (size) {
    const v = checkDimensions(size, limits);
    if (v.kind === 'empty') return { kind: 'refuse', refusal: { kind: 'zero-size', size } };
    if (v.kind === 'too-large') return { kind: 'refuse', refusal: { kind: 'too-large', size } };
  }
  // Cut before any pixel: the browser would show a blank (grey) picture as if it were the photo.
  if (ending === 'truncated' && !pixelData) return { kind: 'refuse', refusal: { kind: 'truncated' } };
  return { kind: 'decode', format: s.format, mime: s.mime, headerSize: size, truncated: ending === 'truncated' };
}

export type Note =
  | { readonly kind: 'truncated' }
  | { readonly kind: 'downscaled'; readonly size: Size; readonly working: Size };

export type DecodeVerdict =
  | { readonly kind: 'ok'; readonly size: Size; readonly working: Size; readonly notes: readonly Note[] }
  | { readonly kind: 'refuse'; readonly refusal: Refusal };

/** The verdict once the browser decoded the image to `decoded` pixels (after EXIF rotation). */
export function afterDecode(
  pre: Extract<Preflight, { kind: 'decode' }>,
  decoded: Size,
  limits: ImageLimits = IMAGE_LIMITS,
): DecodeVerdict {
  const v = checkDimensions(decoded, limits);
  if (v.kind === 'empty') return { kind: 'refuse', refusal: { kind: 'zero-size', size: decoded } };
  if (v.kind === 'too-large') return { kind: 'refuse', refusal: { kind: 'too-large', size: decoded } };
  const notes: Note[] = [];
  if (pre.truncated) notes.push({ kind: 'truncated' });
  if (v.downscaled) notes.push({ kind: 'downscaled', size: v.size, working: v.working });
  return { kind: 'ok', size: v.size, working: v.working, notes };
}

/** Why the browser could not decode a file that passed `preflight`. */
export function decodeFailure(pre: Extract<Preflight, { kind: 'decode' }>, limits: ImageLimits = IMAGE_LIMITS): Refusal {
  const h = pre.headerSize;
  if (h && (Math.max(h.width, h.height) > limits.maxSide || h.width * h.height > limits.maxPixels)) return { kind: 'too-large', size: h };
  if (pre.truncated) return { kind: 'truncated' };
  if (RARELY_DECODABLE.has(pre.format)) return { kind: 'unsupported', format: pre.format };
  return { kind: 'damaged' };
}
