/**
 * A fast reader for COCO results files as detectors write them: the bytes of the file go straight into
 * columns (`DetectionColumns`: typed arrays, the compressed RLE strings as bytes in one buffer), with
 * no JSON.parse, no object per detection and no UTF-8 decoding. For segm, each mask is decoded into its
 * prepared form right from the file's bytes (the counts are neither copied nor made strings). It accepts only well-formed files of the
 * usual shape and gives exactly the values `cocoResultsFromJson(JSON.parse(text))` gives for them; for
 * anything else (a syntax error, an invalid field, polygon or uncompressed RLE results, escapes or non-ASCII
 * bytes in strings, duplicate keys, a byte-order mark…) it returns null and the caller takes the general
 * path (`parseCocoResults`), which also words the error messages.
 *
 * Numbers: a decimal literal with at most 15 significant digits and a power of ten within ±22 is one exact
 * integer times or divided by one exact power of ten, i.e. a single correctly rounded operation (the same
 * double JSON.parse returns); any other literal is converted with `Number()` on its text, as JSON.parse does.
 */
import { CumArena, lastBytesInAlphabet, prepareMaskFromBytes, type PreparedMask } from './mask';
import type { DetectionColumns, IouType } from './types';

const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Thrown inside the reader when the input leaves the accepted subset; caught by `scanCocoResults`. */
const OUT: unique symbol = Symbol('out of the fast subset');

const Q = 0x22, COMMA = 0x2c, COLON = 0x3a, LBRACK = 0x5b, RBRACK = 0x5d, LBRACE = 0x7b, RBRACE = 0x7d;

// keys of a detection, and of its RLE object
const K_OTHER = 0, K_IMAGE = 1, K_CAT = 2, K_SCORE = 3, K_BBOX = 4, K_SEG = 5, K_SIZE = 6, K_COUNTS = 7;

class Reader {
  p = 0;
  constructor(readonly b: Uint8Array) {}

  /** Skips JSON whitespace; the byte there, or -1 at the end. */
  ws(): number {
    const b = this.b, n = b.length;
    let p = this.p;
    while (p < n) {
      const c = b[p]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.p = p;
    return p < n ? b[p]! : -1;
  }

  eat(c: number): void {
    if (this.ws() !== c) throw OUT;
    this.p++;
  }

  /**
   * A string; returns the index after its closing quote. `escapes`: allow (and check) backslash escapes,
   * for strings whose value is not read; otherwise a backslash leaves the subset. Raw control characters
   * are invalid JSON; bytes >= 0x80 are taken as they are (never equal to an ASCII key).
   */
  str(escapes = false): number {
    if (this.ws() !== Q) throw OUT;
    const b = this.b, n = b.length;
    let p = this.p + 1;
    for (;;) {
      if (p >= n) throw OUT;
      const c = b[p++]!;
      if (c === Q) break;
      if (c < 0x20) throw OUT;
      if (c === 0x5c) {
        if (!escapes || p >= n) throw OUT;
        const e = b[p++]!;
        if (e === 0x75) {
          for (let i = 0; i < 4; i++, p++) {
            const h = b[p];
            if (h === undefined || !((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) throw OUT;
          }
        } else if (!(e === Q || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) throw OUT;
      }
    }
    this.p = p;
    return p;
  }

  /** A JSON number (strict grammar). */
  num(): number {
    if (this.ws() === -1) throw OUT;
    const b = this.b, n = b.length, s = this.p;
    let p = s, neg = false;
    if (b[p] === 0x2d) { neg = true; p++; }
    // m: the significant digits as an integer (exact while digits <= 15); exp: the power of ten
    let m = 0, digits = 0, exp = 0;
    let c = p < n ? b[p]! : -1;
    if (c === 0x30) { p++; c = p < n ? b[p]! : -1; }
    else if (c >= 0x31 && c <= 0x39) {
      do { m = m * 10 + (c - 0x30); digits++; p++; c = p < n ? b[p]! : -1; } while (c >= 0x30 && c <= 0x39);
    } else throw OUT;
    if (c === 0x2e) {
      p++;
      c = p < n ? b[p]! : -1;
      if (!(c >= 0x30 && c <= 0x39)) throw OUT;
      do {
        if (m > 0 || c !== 0x30) { m = m * 10 + (c - 0x30); digits++; } // leading zeros are not significant
        exp--;
        p++; c = p < n ? b[p]! : -1;
      } while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      p++;
      c = p < n ? b[p]! : -1;
      let eneg = false;
      if (c === 0x2b || c === 0x2d) { eneg = c === 0x2d; p++; c = p < n ? b[p]! : -1; }
      if (!(c >= 0x30 && c <= 0x39)) throw OUT;
      let e = 0;
      do { if (e < 1e6) e = e * 10 + (c - 0x30); p++; c = p < n ? b[p]! : -1; } while (c >= 0x30 && c <= 0x39);
      exp += eneg ? -e : e;
    }
    this.p = p;
    if (m === 0) return neg ? -0 : 0;
    if (digits > 15 || exp > 22 || exp < -22) return Number(latin1(b, s, p));
    const v = exp >= 0 ? m * POW10[exp]! : m / POW10[-exp]!;
    return neg ? -v : v;
  }

  /** Skips any JSON value (strict grammar). */
  skip(depth: number): void {
    if (depth > 64) throw OUT;
    const c = this.ws();
    if (c === Q) { this.str(true); return; }
    if (c === LBRACE) {
      this.p++;
      if (this.ws() === RBRACE) { this.p++; return; }
      for (;;) {
        this.str(true);
        this.eat(COLON);
        this.skip(depth + 1);
        const d = this.ws();
        this.p++;
        if (d === RBRACE) return;
        if (d !== COMMA) throw OUT;
      }
    }
    if (c === LBRACK) {
      this.p++;
      if (this.ws() === RBRACK) { this.p++; return; }
      for (;;) {
        this.skip(depth + 1);
        const d = this.ws();
        this.p++;
        if (d === RBRACK) return;
        if (d !== COMMA) throw OUT;
      }
    }
    if (c === 0x74) { this.word('true'); return; }
    if (c === 0x66) { this.word('false'); return; }
    if (c === 0x6e) { this.word('null'); return; }
    this.num();
  }

  word(w: string): void {
    const b = this.b;
    for (let i = 0; i < w.length; i++) if (b[this.p + i] !== w.charCodeAt(i)) throw OUT;
    this.p += w.length;
  }
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
}

const KEY_BYTES: readonly (readonly [Uint8Array, number])[] = ([
  ['image_id', K_IMAGE], ['category_id', K_CAT], ['score', K_SCORE], ['bbox', K_BBOX], ['segmentation', K_SEG], ['size', K_SIZE], ['counts', K_COUNTS],
] as const).map(([k, code]) => [Uint8Array.from(k, (ch) => ch.charCodeAt(0)), code] as const);

function keyCode(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  for (let q = 0; q < KEY_BYTES.length; q++) {
    const [k, code] = KEY_BYTES[q]!;
    if (k.length !== n || k[0] !== b[s]) continue;
    let i = 1;
    while (i < n && k[i] === b[s + i]) i++;
    if (i === n) return code;
  }
  return K_OTHER;
}

/** Reads a key and its colon: the key's code. */
function readKey(r: Reader): number {
  if (r.ws() !== Q) throw OUT;
  const s = r.p + 1;
  const e = r.str() - 1;
  r.eat(COLON);
  return keyCode(r.b, s, e);
}

/**
 * A compressed RLE `{"size": [h, w], "counts": "…"}` (other keys skipped) as `parse.ts` accepts it:
 * sizes non-negative integers, counts within 0x30..0x6f. Writes h, w, start, end into `out`; false when
 * the value has another shape (the caller then skips it from `start` as a plain JSON value).
 */
function readRle(r: Reader, out: Float64Array, store: RleStore): boolean {
  if (r.ws() !== LBRACE) return false;
  r.p++;
  let seen = 0;
  if (r.ws() === RBRACE) return false;
  for (;;) {
    const k = readKey(r);
    if (k === K_SIZE) {
      if (seen & 1) return false;
      seen |= 1;
      if (r.ws() !== LBRACK) return false;
      r.p++;
      if (r.ws() === RBRACK) return false;
      const h = r.num();
      if (r.ws() !== COMMA) return false;
      r.p++;
      const w = r.num();
      if (r.ws() !== RBRACK) return false;
      r.p++;
      if (!(Number.isInteger(h) && h >= 0 && Number.isInteger(w) && w >= 0)) return false;
      out[0] = h; out[1] = w;
    } else if (k === K_COUNTS) {
      if (seen & 2) return false;
      seen |= 2;
      if (r.ws() !== Q) return false;
      if (store.direct) {
        // segm: the counts stay in the file's bytes (the caller decodes and checks them there)
        const q = r.b.indexOf(Q, r.p + 1);
        if (q < 0) return false;
        out[2] = r.p + 1; out[3] = q;
        r.p = q + 1;
      } else if (!copyCounts(r, out, store)) return false;
    } else r.skip(1);
    const d = r.ws();
    r.p++;
    if (d === RBRACE) break;
    if (d !== COMMA) return false;
  }
  return seen === 3;
}

/**
 * The counts string at `r.p` (its opening quote) copied into `store.rle` (the alphabet 0x30..0x6f holds
 * the backslash, which JSON writes as \\\\); its range there into out[2], out[3]. False outside the alphabet.
 */
function copyCounts(r: Reader, out: Float64Array, store: RleStore): boolean {
  const b = r.b, n = b.length;
  let p = r.p + 1;
  const s = store.n;
  // The usual string, without a backslash: one tight check-and-copy loop up to the closing quote (found
  // natively); at the first byte outside the alphabet or a backslash, the general loop below takes over.
  const q = b.indexOf(Q, p);
  if (q < 0) return false;
  if (store.n + (q - p) > store.rle.length) {
    const g = new Uint8Array(Math.max(2 * store.rle.length, store.n + (q - p)));
    g.set(store.rle); store.rle = g;
  }
  const rle = store.rle;
  let o = store.n;
  while (p < q) {
    const c = b[p]!;
    if (c < 0x30 || c > 0x6f || c === 0x5c) break;
    rle[o++] = c;
    p++;
  }
  store.n = o;
  for (;;) {
    if (p >= n) return false;
    const c = b[p++]!;
    if (c === Q) break;
    if (c === 0x5c) {
      if (b[p] !== 0x5c) return false; // another escape: the general path decides
      p++;
    } else if (c < 0x30 || c > 0x6f) return false;
    if (store.n === store.rle.length) { const g = new Uint8Array(2 * store.rle.length); g.set(store.rle); store.rle = g; }
    store.rle[store.n++] = c;
  }
  r.p = p;
  out[2] = s; out[3] = store.n;
  return true;
}

/** Whether `b[s, e)`, inside a JSON string, holds only characters 0x30..0x6f, each backslash doubled. */
function inAlphabet(b: Uint8Array, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = b[p]!;
    if (c < 0x30 || c > 0x6f) return false;
    if (c === 0x5c && (++p >= e || b[p] !== 0x5c)) return false;
  }
  return true;
}

/**
 * The compressed counts of all detections: copied one after the other into `rle`, or (`direct`, segm)
 * left in the file's bytes as JSON writes them and decoded from there.
 */
interface RleStore { rle: Uint8Array; n: number; readonly direct: boolean }

interface Cols {
  n: number;
  imageId: Float64Array; categoryId: Float64Array; score: Float64Array; bbox: Float64Array; hasBox: Uint8Array;
  rleH: Float64Array; rleW: Float64Array; rleStart: Int32Array; rleEnd: Int32Array;
}

function grow(c: Cols): void {
  const cap = 2 * c.imageId.length;
  const g = <T extends Float64Array | Uint8Array | Int32Array>(a: T, k = 1): T => {
    const b = new (a.constructor as new (n: number) => T)(cap * k);
    b.set(a);
    return b;
  };
  c.imageId = g(c.imageId); c.categoryId = g(c.categoryId); c.score = g(c.score); c.bbox = g(c.bbox, 4); c.hasBox = g(c.hasBox);
  c.rleH = g(c.rleH); c.rleW = g(c.rleW); c.rleStart = g(c.rleStart); c.rleEnd = g(c.rleEnd);
}

/** The detections of a results file (its bytes), or null when the general parser must read it. */
export function scanCocoResults(bytes: Uint8Array, iouType: IouType = 'bbox'): DetectionColumns | null {
  try {
    return scan(bytes, iouType);
  } catch (e) {
    if (e === OUT) return null;
    throw e;
  }
}

function scan(bytes: Uint8Array, iouType: IouType): DetectionColumns {
  const r = new Reader(bytes);
  const cap0 = Math.max(16, Math.ceil(bytes.length / 64));
  const c: Cols = {
    n: 0, imageId: new Float64Array(cap0), categoryId: new Float64Array(cap0), score: new Float64Array(cap0),
    bbox: new Float64Array(4 * cap0), hasBox: new Uint8Array(cap0),
    rleH: new Float64Array(cap0), rleW: new Float64Array(cap0), rleStart: new Int32Array(cap0), rleEnd: new Int32Array(cap0),
  };
  const segm = iouType === 'segm';
  const rle = new Float64Array(4);
  const store: RleStore = { rle: new Uint8Array(segm ? 0 : 1024), n: 0, direct: segm };
  // segm: every mask is decoded here, from the file's bytes, into one arena (the evaluation needs each
  // detection's area and box; its counts are read once, with no copy and no string). A mask of n
  // characters reserves n + 1 boundaries, fewer than the bytes it spans in the file with its quotes, so
  // the file's length bounds the whole arena: one chunk (up to 2^26 boundaries), the rest only if needed.
  const arena = segm ? new CumArena(Math.min(bytes.length + 1, 1 << 26)) : null;
  const masks: (PreparedMask | undefined)[] = [];
  r.eat(LBRACK);
  if (r.ws() === RBRACK) r.p++;
  else for (;;) {
    r.eat(LBRACE);
    let seen = 0, imageId = 0, categoryId = 0, score = 0;
    let hasBox = false, x = 0, y = 0, w = 0, h = 0;
    let hasSeg = false, segIsRle = false;
    let mask: PreparedMask | undefined;
    if (r.ws() !== RBRACE) for (;;) {
      const k = readKey(r);
      if (k !== K_OTHER) {
        if (seen & (1 << k)) throw OUT; // duplicate key: JSON.parse keeps the last one
        seen |= 1 << k;
      }
      switch (k) {
        case K_IMAGE: imageId = r.num(); break;
        case K_CAT: categoryId = r.num(); break;
        case K_SCORE: score = r.num(); break;
        case K_BBOX: {
          r.eat(LBRACK);
          if (r.ws() === RBRACK) { r.p++; break; } // [] counts as no box
          x = r.num(); r.eat(COMMA); y = r.num(); r.eat(COMMA); w = r.num(); r.eat(COMMA); h = r.num(); r.eat(RBRACK);
          if (!Number.isFinite(x + y + w + h)) throw OUT;
          hasBox = true;
          break;
        }
        case K_SEG: {
          hasSeg = true;
          const at = r.p;
          const mark = store.n;
          segIsRle = readRle(r, rle, store);
          if (!segIsRle) { r.p = at; r.skip(1); store.n = mark; }
          else if (arena) {
            // the strings JSON.parse would give, or the general path (which also words the errors)
            try {
              mask = prepareMaskFromBytes(bytes, rle[2]!, rle[3]!, rle[0]!, rle[1]!, arena, true);
              if (!lastBytesInAlphabet()) throw OUT;
            } catch (e) {
              // a truncated string is still a string: read as the general path reads it, decoded on use
              if (e === OUT || !inAlphabet(bytes, rle[2]!, rle[3]!)) throw OUT;
            }
          }
          break;
        }
        default: r.skip(1);
      }
      const d = r.ws();
      r.p++;
      if (d === RBRACE) break;
      if (d !== COMMA) throw OUT;
    } else r.p++;
    if ((seen & 0b1110) !== 0b1110) throw OUT; // image_id, category_id and score are required
    if (!(Number.isFinite(imageId) && Number.isFinite(categoryId) && Number.isFinite(score))) throw OUT;
    if (!hasBox && !hasSeg) throw OUT;
    const useSeg = hasSeg && (segm || !hasBox);
    if (useSeg && !segIsRle) throw OUT; // polygons, uncompressed RLE or an invalid value: the general path
    const i = c.n;
    if (i === c.imageId.length) grow(c);
    c.imageId[i] = imageId; c.categoryId[i] = categoryId; c.score[i] = score;
    if (hasBox) { c.hasBox[i] = 1; c.bbox[4 * i] = x; c.bbox[4 * i + 1] = y; c.bbox[4 * i + 2] = w; c.bbox[4 * i + 3] = h; }
    if (useSeg) { c.rleH[i] = rle[0]!; c.rleW[i] = rle[1]!; c.rleStart[i] = rle[2]!; c.rleEnd[i] = rle[3]!; } else c.rleStart[i] = -1;
    if (arena) masks.push(mask); // segm: useSeg, so the mask was decoded (or is decoded on use)
    c.n = i + 1;
    const d = r.ws();
    r.p++;
    if (d === RBRACK) break;
    if (d !== COMMA) throw OUT;
  }
  if (r.ws() !== -1) throw OUT;
  const n = c.n;
  return {
    length: n, imageId: c.imageId.subarray(0, n), categoryId: c.categoryId.subarray(0, n), score: c.score.subarray(0, n),
    bbox: c.bbox.subarray(0, 4 * n), hasBox: c.hasBox.subarray(0, n),
    rleH: c.rleH.subarray(0, n), rleW: c.rleW.subarray(0, n), rleStart: c.rleStart.subarray(0, n), rleEnd: c.rleEnd.subarray(0, n),
    bytes: segm ? bytes : store.rle.subarray(0, store.n), jsonEscaped: segm,
    ...(segm ? { masks } : {}),
  };
}

/** The counts string of detection `i` of `cols` (latin1 of its byte range, `\\\\` read as `\\` where JSON-escaped), or null without an RLE. */
export function columnsRleCounts(cols: DetectionColumns, i: number): string | null {
  const s = cols.rleStart[i]!;
  if (s < 0) return null;
  const text = latin1(cols.bytes, s, cols.rleEnd[i]!);
  return cols.jsonEscaped ? text.replaceAll('\\\\', '\\') : text;
}
