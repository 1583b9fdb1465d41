/**
 * COCO RLE masks, a faithful port of pycocotools' maskApi.c (+ the `frPyObjects`/`annToRLE`
 * dispatch of the Python layer): encode/decode, area, toBbox, merge, IoU, polygon and box
 * rasterisation, and the compressed string format.
 */
import type { Rle, Segmentation } from './types';

export function makeRle(h: number, w: number, counts: ArrayLike<number>): Rle {
  return { h, w, counts: Uint32Array.from(counts) };
}

/** Encode a column-major (Fortran order) binary mask of size h×w (`mask[x * h + y]`). */
export function rleEncode(mask: ArrayLike<number>, h: number, w: number): Rle {
  const a = h * w;
  const cnts: number[] = [];
  let p = 0, c = 0;
  for (let j = 0; j < a; j++) {
    const v = mask[j] ? 1 : 0;
    if (v !== p) { cnts.push(c); c = 0; p = v; }
    c++;
  }
  cnts.push(c);
  return makeRle(h, w, cnts);
}

/** Decode to a column-major Uint8Array of size h·w. */
export function rleDecode(r: Rle): Uint8Array {
  const out = new Uint8Array(r.h * r.w);
  let pos = 0, v = 0;
  for (let j = 0; j < r.counts.length; j++) {
    const n = r.counts[j]!;
    if (v) out.fill(1, pos, pos + n);
    pos += n;
    v = v ? 0 : 1;
  }
  return out;
}

export function rleArea(r: Rle): number {
  let a = 0;
  for (let j = 1; j < r.counts.length; j += 2) a += r.counts[j]!;
  return a >>> 0;
}

/** `rleToBbox`: tight `[x, y, w, h]` box in integer pixels (all zeros for an empty mask). */
export function rleToBbox(r: Rle): [number, number, number, number] {
  const h = r.h >>> 0, w = r.w >>> 0;
  const counts = r.counts;
  const m = Math.floor(counts.length / 2) * 2;
  if (m === 0) return [0, 0, 0, 0];
  let xs = w, ys = h, xe = 0, ye = 0, cc = 0;
  // Pairs (background run, foreground run): the first foreground pixel, then the last one.
  for (let j = 0; j < m; j += 2) {
    cc = (cc + counts[j]!) >>> 0;
    let y = cc % h;
    const xp = (cc - y) / h;
    if (xp < xs) xs = xp;
    if (xp > xe) xe = xp;
    if (y < ys) ys = y;
    if (y > ye) ye = y;
    cc = (cc + counts[j + 1]!) >>> 0;
    const t = (cc - 1) >>> 0;
    y = t % h;
    const x = (t - y) / h;
    if (xp < x) { ys = 0; ye = h - 1; }
    if (x < xs) xs = x;
    if (x > xe) xe = x;
    if (y < ys) ys = y;
    if (y > ye) ye = y;
  }
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

/**
 * A mask prepared for many IoUs against others (the evaluation's inner loop): the run boundaries as
 * cumulative positions (`buf[off + j]` = start of run j, column-major, j = 0..runs; odd runs are
 * foreground), its area and its `rleToBbox` box `[x, y, bw, bh]` as plain numbers. The boundaries sit in a
 * shared chunk at an offset (no typed-array view, no box array per mask: 50k masks are prepared per
 * evaluation); `cum` and `box` make those views and arrays on demand. The box is computed on first use
 * (a walk over all runs, as long as the decoding): a detection with no ground truth of its class in its
 * image is never compared, so its box is never needed.
 */
export class PreparedMask {
  /** The box once computed (`_boxed`); read through `x`, `y`, `bw`, `bh`, or these after `computeBox()`. */
  _boxed = false; _x = 0; _y = 0; _bw = 0; _bh = 0;
  /**
   * The columns `[_c0, _c1)` the box spans, known without the box (`_c0 = -1`: not known, use the box). A
   * mask is `simple` when every run after the first is at least one pixel long and the boundaries stay
   * below 2^31: its boundaries then increase, so `rleToBbox`'s column range runs from the column of the
   * first foreground pixel to that of the last.
   */
  readonly _c0: number; readonly _c1: number;
  constructor(
    readonly h: number, readonly w: number,
    readonly buf: Uint32Array, readonly off: number, readonly runs: number,
    readonly area: number, simple = false,
  ) {
    const m = runs - (runs & 1);
    if (!simple || !(h > 0)) { this._c0 = -1; this._c1 = -1; }
    else if (m === 0) { this._c0 = 0; this._c1 = 0; }
    else { this._c0 = Math.floor(buf[off + 1]! / h); this._c1 = Math.floor((buf[off + m]! - 1) / h) + 1; }
  }
  /** Computes the box (`rleToBbox`) into `_x`, `_y`, `_bw`, `_bh`. */
  computeBox(): void {
    bboxFromCum(this.buf, this.off, this.runs, this.h, this.w);
    this._x = BX; this._y = BY; this._bw = BW; this._bh = BH; this._boxed = true;
  }
  get x(): number { if (!this._boxed) this.computeBox(); return this._x; }
  get y(): number { if (!this._boxed) this.computeBox(); return this._y; }
  get bw(): number { if (!this._boxed) this.computeBox(); return this._bw; }
  get bh(): number { if (!this._boxed) this.computeBox(); return this._bh; }
  /** The runs + 1 boundaries (a view into `buf`). */
  get cum(): Uint32Array { return this.buf.subarray(this.off, this.off + this.runs + 1); }
  /** `rleToBbox` of the mask, `[x, y, w, h]`. */
  get box(): Float64Array { return Float64Array.of(this.x, this.y, this.bw, this.bh); }
}

/**
 * A bump allocator for the run boundaries of many masks: each mask's boundaries are written into a shared
 * chunk at an offset instead of an ArrayBuffer of their own (one allocation per ~1M boundaries, not one per
 * mask: far less allocation and garbage-collection work when 50k masks are prepared).
 */
export class CumArena {
  private buf: Uint32Array;
  private off = 0;
  /**
   * `capacity`: the size of the first chunk, when the caller knows a bound on what it will reserve (e.g. a
   * results file's length: at most one boundary per byte). Pages of a chunk that are never written are
   * never touched, so a generous bound costs address space only; and a reservation that never outgrows
   * the first chunk never runs the new-chunk branch, which optimised code reached for the first time
   * (no type feedback) leaves by a deoptimisation, and the decoder is compiled again.
   */
  constructor(capacity = 0) {
    this.buf = new Uint32Array(capacity);
  }
  /** The chunk to write into from `offset`, with room for at least `n` entries. */
  reserve(n: number): Uint32Array {
    if (this.off + n > this.buf.length) { this.buf = new Uint32Array(Math.max(1 << 20, n)); this.off = 0; }
    return this.buf;
  }
  get offset(): number { return this.off; }
  /** The `n` entries written at `offset` are kept; the next reservation starts after them. */
  commit(n: number): void { this.off += n; }
}

/**
 * The prepared mask of boundaries `buf[o .. o + runs]` (already written) and `area` (its box comes on
 * first use); `simple`: see `PreparedMask._c0`.
 */
function finish(h: number, w: number, buf: Uint32Array, o: number, runs: number, area: number, simple: boolean): PreparedMask {
  return new PreparedMask(h, w, buf, o, runs, area >>> 0, simple);
}

export function prepareMask(r: Rle, arena?: CumArena): PreparedMask {
  const k = r.counts.length;
  let cum: Uint32Array, o = 0;
  if (arena) { cum = arena.reserve(k + 1); o = arena.offset; } else cum = new Uint32Array(k + 1);
  let c = 0, area = 0, simple = true;
  cum[o] = 0;
  for (let j = 0; j < k; j++) {
    const n = r.counts[j]!;
    if (j & 1) area += n;
    c += n;
    if (!(n >= (j > 0 ? 1 : 0)) || !(c < 2 ** 31)) simple = false;
    cum[o + j + 1] = c;
  }
  if (arena) arena.commit(k + 1);
  return finish(r.h, r.w, cum, o, k, area, simple);
}

/**
 * `prepareMask(rleFrString(s, h, w))` without the counts: the characters are decoded straight into their
 * running sums (what the IoU walks) and the area; the box comes from those sums.
 */
export function prepareMaskFromString(s: string, h: number, w: number, arena?: CumArena): PreparedMask {
  const n = s.length;
  if (strBytes.length < n) strBytes = new Uint8Array(Math.max(n, 2 * strBytes.length));
  const b = strBytes;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return prepareMask(rleFrString(s, h, w), arena); // not a byte string: the plain decoder
    b[i] = c;
  }
  return prepareMaskFromBytes(b, 0, n, h, w, arena);
}
let strBytes = new Uint8Array(1024);

/**
 * `prepareMaskFromString` on the characters `bytes[start, end)` (e.g. a results file's bytes, not decoded
 * to a string). `json`: the bytes are the inside of a JSON string, where the backslash (a character of the
 * alphabet) is written `\\`; each such pair is read as one backslash. Whether every character was in the
 * alphabet (and, with `json`, every backslash doubled) is `lastBytesInAlphabet()` afterwards.
 */
export function prepareMaskFromBytes(bytes: Uint8Array, start: number, end: number, h: number, w: number, arena?: CumArena, json = false): PreparedMask {
  const n = end - start;
  // at most one count per character
  let cum: Uint32Array, o = 0;
  if (arena) { cum = arena.reserve(n + 1); o = arena.offset; } else cum = new Uint32Array(n + 1);
  // Counts, positions and the area are kept as int32 (`| 0`): the same bits modulo 2^32 as the uint32
  // values of maskApi.c, which is what the Uint32Array stores and `area >>> 0` returns (sums of at most
  // 2^32 counts below 2^32 are exact in a double, so wrapping at every step or at the end is the same).
  // maskApi.c adds count m − 2 to count m for m > 2: the first three counts are read as they are, then
  // the loop reads a foreground (odd) and a background (even) count per turn, each against the previous
  // count of its own kind (no parity test, no history shift per count).
  // `bad` collects the characters outside the alphabet 0x30..0x6f (c0 outside 0..63), and with `json` a
  // backslash not followed by another (c0 = 44 is the backslash), for `lastBytesInAlphabet`. `neg` gets
  // the sign bit of any count after the first below 1 or any boundary at or past 2^31 (not `simple`).
  let m = 0, p = start, pos = 0, area = 0, prevFg = 0, prevBg = 0, bad = 0, neg = 0;
  MORE_BAD = 0; MORE_JSON = json;
  cum[o] = 0;
  for (; m < 3 && p < end;) {
    const c0 = bytes[p++]! - 48;
    bad |= c0 & -64;
    if (c0 === 44 && json) { if (p >= end || bytes[p] !== 0x5c) bad = 1; p++; }
    let cnt: number;
    if ((c0 & 0x20) === 0) cnt = ((c0 & 0x1f) ^ 0x10) - 0x10; // one character: a value in [-16, 15]
    else { cnt = readMore(bytes, p, end, c0) >>> 0 | 0; p = MORE_END; }
    if (m === 1) { prevFg = cnt; area = cnt; } else prevBg = cnt;
    pos = (pos + cnt) | 0;
    neg |= (m === 0 ? cnt : cnt - 1) | pos;
    cum[o + ++m] = pos;
  }
  while (p < end) {
    let c0 = bytes[p++]! - 48;
    bad |= c0 & -64;
    if (c0 === 44 && json) { if (p >= end || bytes[p] !== 0x5c) bad = 1; p++; }
    let cnt: number;
    if ((c0 & 0x20) === 0) cnt = ((((c0 & 0x1f) ^ 0x10) - 0x10) + prevFg) | 0;
    else { cnt = (readMore(bytes, p, end, c0) + (prevFg >>> 0)) >>> 0 | 0; p = MORE_END; } // the uint32 count, as the reference adds it
    prevFg = cnt;
    pos = (pos + cnt) | 0;
    area = (area + cnt) | 0;
    neg |= (cnt - 1) | pos;
    cum[o + ++m] = pos;
    if (p >= end) break;
    c0 = bytes[p++]! - 48;
    bad |= c0 & -64;
    if (c0 === 44 && json) { if (p >= end || bytes[p] !== 0x5c) bad = 1; p++; }
    if ((c0 & 0x20) === 0) cnt = ((((c0 & 0x1f) ^ 0x10) - 0x10) + prevBg) | 0;
    else { cnt = (readMore(bytes, p, end, c0) + (prevBg >>> 0)) >>> 0 | 0; p = MORE_END; }
    prevBg = cnt;
    pos = (pos + cnt) | 0;
    neg |= (cnt - 1) | pos;
    cum[o + ++m] = pos;
  }
  IN_ALPHABET = (bad | MORE_BAD) === 0;
  if (arena) arena.commit(m + 1);
  return finish(h, w, cum, o, m, area, neg >= 0);
}

// Where `readMore` stopped, and whether it read a character outside the alphabet (module scratch: no
// pair returned per count).
let MORE_END = 0, MORE_BAD = 0, MORE_JSON = false;
let IN_ALPHABET = true;

/**
 * Whether the last `prepareMaskFromBytes` read only characters of the compressed-RLE alphabet
 * (0x30..0x6f), and with `json` only doubled backslashes: then it decoded the string JSON would give.
 */
export function lastBytesInAlphabet(): boolean { return IN_ALPHABET; }

/**
 * A count of several characters, its first `c0` (already − 48) read and `bytes[p]` the next: the signed
 * value before the delta (it may lie beyond 2^53 for very long strings, as a double); MORE_END = the index after it.
 */
function readMore(bytes: Uint8Array, p: number, end: number, c0: number): number {
  let x = c0 & 0x1f, k = 1, c: number;
  do {
    if (p >= end) throw new Error('truncated RLE string');
    c = bytes[p++]! - 48;
    MORE_BAD |= c & -64;
    if (c === 44 && MORE_JSON) { if (p >= end || bytes[p] !== 0x5c) MORE_BAD = 1; p++; }
    x += (c & 0x1f) * (k < 14 ? POW32[k]! : 2 ** (5 * k));
    k++;
  } while (c & 0x20);
  if (c & 0x10) x -= k < 14 ? POW32[k]! : 2 ** (5 * k);
  MORE_END = p;
  return x;
}

// The box `bboxFromCum` computed last (module scratch: no array per mask).
let BX = 0, BY = 0, BW = 0, BH = 0;

/**
 * `rleToBbox` from the running sums of the counts `cum[o .. o + runs]` (same arithmetic, same result),
 * into BX, BY, BW, BH. Positions only grow along the runs, so the column of each run start / end comes
 * from a column cursor: one step when the run is in the next column, a division only for longer jumps
 * (exactly `y = q % h`, `x = (q - y) / h` for 0 ≤ q < 2^32: the quotient is never within rounding of the
 * next integer).
 */
function bboxFromCum(cum: Uint32Array, o: number, runs: number, hIn: number, wIn: number): void {
  const h = hIn >>> 0, w = wIn >>> 0;
  const m = Math.floor(runs / 2) * 2;
  BX = 0; BY = 0; BW = 0; BH = 0;
  if (m === 0) return;
  if (h === 0) { bboxFromCumDiv(cum, o, h, w, m); return; }
  let xs = w, ys = h, xe = 0, ye = 0;
  let col = 0, colStart = 0; // column of the cursor and its first position (col * h)
  for (let j = o; j < o + m; j += 2) {
    const cc = cum[j + 1]!;
    if (cc < colStart) { bboxFromCumDiv(cum, o, h, w, m); return; } // not monotone (counts wrapped): divide
    if (cc - colStart >= h) {
      if (cc - colStart < 2 * h) { col++; colStart += h; } else { col = Math.floor(cc / h); colStart = col * h; }
    }
    let y = cc - colStart;
    const xp = col;
    if (xp < xs) xs = xp;
    if (xp > xe) xe = xp;
    if (y < ys) ys = y;
    if (y > ye) ye = y;
    const t = (cum[j + 2]! - 1) >>> 0;
    if (t < cc) { bboxFromCumDiv(cum, o, h, w, m); return; } // an empty foreground run: its end is behind the cursor
    if (t - colStart >= h) {
      if (t - colStart < 2 * h) { col++; colStart += h; } else { col = Math.floor(t / h); colStart = col * h; }
    }
    y = t - colStart;
    const x = col;
    if (xp < x) { ys = 0; ye = h - 1; }
    if (x < xs) xs = x;
    if (x > xe) xe = x;
    if (y < ys) ys = y;
    if (y > ye) ye = y;
  }
  BX = xs; BY = ys; BW = xe - xs + 1; BH = ye - ys + 1;
}

/** `bboxFromCum` with a division and a modulo per run (any input, e.g. h = 0). */
function bboxFromCumDiv(cum: Uint32Array, o: number, h: number, w: number, m: number): void {
  let xs = w, ys = h, xe = 0, ye = 0;
  for (let j = o; j < o + m; j += 2) {
    const cc = cum[j + 1]!;
    let y = cc % h;
    const xp = (cc - y) / h;
    if (xp < xs) xs = xp;
    if (xp > xe) xe = xp;
    if (y < ys) ys = y;
    if (y > ye) ye = y;
    const t = (cum[j + 2]! - 1) >>> 0;
    y = t % h;
    const x = (t - y) / h;
    if (xp < x) { ys = 0; ye = h - 1; }
    if (x < xs) xs = x;
    if (x > xe) xe = x;
    if (y < ys) ys = y;
    if (y > ye) ye = y;
  }
  BX = xs; BY = ys; BW = xe - xs + 1; BH = ye - ys + 1;
}

/** First odd (foreground) run of the mask's `runs` boundaries at `cum[o..]` that ends after position `lo` (binary search). */
function firstFgRunEndingAfter(cum: Uint32Array, o: number, runs: number, lo: number): number {
  let a = 0, b = runs >> 1; // foreground runs are j = 2q + 1, q in [0, runs/2)
  while (a < b) {
    const q = (a + b) >> 1;
    if (cum[o + 2 * q + 2]! <= lo) a = q + 1;
    else b = q;
  }
  return 2 * a + 1;
}

/**
 * `rleIou` on prepared masks: the same value bit for bit (box prefilter, -1 for different sizes,
 * crowd → / dt area, 0 without intersection). For two simple masks (no empty run after the first) the
 * intersection is counted only over the columns both boxes span, walking foreground runs, and the union is
 * area(dt) + area(gt) − intersection; a mask with an empty run takes maskApi.c's merge itself, whose early
 * stop makes its union differ from that sum.
 */
export function preparedIou(dt: PreparedMask, gt: PreparedMask, crowd: boolean): number {
  let lo: number, hi: number;
  const h = dt.h;
  if (dt._c0 >= 0 && gt._c0 >= 0 && h === gt.h && dt.w === gt.w) {
    // Masks of one size whose column ranges are known: when the boxes share columns but no rows, the walk
    // below finds no common pixel and returns 0, which is what the row test of the box prefilter returns,
    // so only the columns are tested (no box needed).
    lo = Math.max(dt._c0, gt._c0); hi = Math.min(dt._c1, gt._c1);
    if (!(hi - lo > 0)) return 0;
  } else {
    if (!dt._boxed) dt.computeBox();
    if (!gt._boxed) gt.computeBox();
    const D0 = dt._x, D1 = dt._y, G0 = gt._x, G1 = gt._y, DW = dt._bw, GW = gt._bw;
    const bw = Math.min(DW + D0, GW + G0) - Math.max(D0, G0);
    if (!(bw > 0)) return 0;
    const bh = Math.min(dt._bh + D1, gt._bh + G1) - Math.max(D1, G1);
    if (!(bh > 0)) return 0;
    if (h !== gt.h || dt.w !== gt.w) return -1;
    if (dt._c0 < 0 || gt._c0 < 0) {
      // A zero-length run can end maskApi.c's merge early (both masks at a run end with empty runs next):
      // its union is then not area + area − intersection. Such masks take the merge itself.
      const [inter, union] = rleInterUnion(preparedCounts(dt), preparedCounts(gt));
      return inter === 0 ? 0 : inter / (crowd ? dt.area : union);
    }
    lo = Math.max(D0, G0); hi = Math.min(D0 + DW, G0 + GW);
  }
  lo *= h; hi *= h;
  const A = dt.buf, B = gt.buf, oa = dt.off, ob = gt.off;
  const ka = dt.runs, kb = gt.runs;
  let ja = firstFgRunEndingAfter(A, oa, ka, lo), jb = firstFgRunEndingAfter(B, ob, kb, lo);
  let inter = 0;
  while (ja < ka && jb < kb) {
    const sa = A[oa + ja]!, ea = A[oa + ja + 1]!, sb = B[ob + jb]!, eb = B[ob + jb + 1]!;
    if (sa >= hi || sb >= hi) break;
    const ov = (ea < eb ? ea : eb) - (sa > sb ? sa : sb);
    if (ov > 0) inter += ov;
    if (ea < eb) ja += 2;
    else jb += 2;
  }
  if (inter === 0) return 0;
  return inter / (crowd ? dt.area : dt.area + gt.area - inter);
}

/** The run lengths of a prepared mask: differences of its boundaries (modulo 2^32, as they are stored). */
function preparedCounts(m: PreparedMask): Uint32Array {
  const A = m.buf, o = m.off, out = new Uint32Array(m.runs);
  for (let k = 0; k < m.runs; k++) out[k] = (A[o + k + 1]! - A[o + k]!) >>> 0;
  return out;
}

/** `rleMerge`: union (or intersection) of masks of equal size; size mismatch → empty 0×0 RLE. */
export function rleMerge(rs: readonly Rle[], intersect = false): Rle {
  const first = rs[0];
  if (first === undefined) return makeRle(0, 0, []);
  if (rs.length === 1) return first;
  let h = first.h, w = first.w;
  let cur: number[] = Array.from(first.counts);
  for (let i = 1; i < rs.length; i++) {
    const B = rs[i]!;
    if (B.h !== h || B.w !== w) { h = 0; w = 0; cur = []; break; }
    const A = cur;
    const out: number[] = [];
    let ca = A[0] ?? 0, cb = B.counts[0] ?? 0;
    let v = 0, va = 0, vb = 0, a = 1, b = 1, cc = 0, ct = 1;
    while (ct > 0) {
      const c = Math.min(ca, cb);
      cc += c; ct = 0;
      ca -= c; if (!ca && a < A.length) { ca = A[a++]!; va = va ? 0 : 1; } ct += ca;
      cb -= c; if (!cb && b < B.counts.length) { cb = B.counts[b++]!; vb = vb ? 0 : 1; } ct += cb;
      const vp = v;
      v = intersect ? (va && vb ? 1 : 0) : (va || vb ? 1 : 0);
      if (v !== vp || ct === 0) { out.push(cc); cc = 0; }
    }
    cur = out;
  }
  return makeRle(h, w, cur);
}

/** Intersection and union pixel counts of two RLEs of the same size, given their counts (`rleIou` inner loop). */
function rleInterUnion(A: Uint32Array, B: Uint32Array): [number, number] {
  let ca = A[0] ?? 0, cb = B[0] ?? 0;
  const ka = A.length, kb = B.length;
  let va = false, vb = false, a = 1, b = 1, i = 0, u = 0, ct = 1;
  while (ct > 0) {
    const c = ca < cb ? ca : cb;
    if (va || vb) { u += c; if (va && vb) i += c; }
    ct = 0;
    ca -= c; if (!ca && a < ka) { ca = A[a++]!; va = !va; } ct += ca;
    cb -= c; if (!cb && b < kb) { cb = B[b++]!; vb = !vb; } ct += cb;
  }
  return [i, u];
}

/**
 * `rleIou` for one pair: the box prefilter of `bbIou` on `rleToBbox` boxes (0 when the boxes
 * don't overlap), -1 when the sizes differ, else intersection / union (crowd: / dt area).
 * Pass precomputed boxes/areas to avoid recomputing them in matrices.
 */
export function rleIou(
  dt: Rle, gt: Rle, crowd = false,
  dtBox: ArrayLike<number> = rleToBbox(dt), gtBox: ArrayLike<number> = rleToBbox(gt),
): number {
  const D0 = dtBox[0]!, D1 = dtBox[1]!, D2 = dtBox[2]!, D3 = dtBox[3]!;
  const G0 = gtBox[0]!, G1 = gtBox[1]!, G2 = gtBox[2]!, G3 = gtBox[3]!;
  const bw = Math.min(D2 + D0, G2 + G0) - Math.max(D0, G0);
  if (!(bw > 0)) return 0;
  const bh = Math.min(D3 + D1, G3 + G1) - Math.max(D1, G1);
  if (!(bh > 0)) return 0;
  // bbIou value is > 0 here; the mask value replaces it.
  if (dt.h !== gt.h || dt.w !== gt.w) return -1;
  const [i, uAll] = rleInterUnion(dt.counts, gt.counts);
  let u = uAll;
  if (i === 0) u = 1;
  else if (crowd) u = rleArea(dt);
  return i / u;
}

// Scratch buffers of the polygon rasteriser (grown on demand, reused: no allocation per polygon).
let polyX = new Int32Array(64), polyY = new Int32Array(64);
let polyA = new Uint32Array(1024), polyB = new Uint32Array(1024);
// the column of each point of polyA, the column counts and the points ordered by column (sortPoints)
let polyC = new Int32Array(1024), polyS = new Uint32Array(1024), polyCnt = new Int32Array(1024);
/** Upsampled coordinates below this size keep `(int)(xs + s t + .5)` monotone (no int32 wrap). */
const BIG = 2 ** 30;

/**
 * `rleFrPoly` up to its run lengths, written into `polyB`; returns their number. The same arithmetic as
 * maskApi.c (5× upsampled boundary walk, y-boundary points, sort, differences, zero-run merge), but the
 * boundary points are taken while walking the edges instead of being stored first and filtered after.
 */
/**
 * maskApi.c's row of a boundary point, `ceil(clamp((v + .5) / 5 − .5, 0, h))` for an integer v, in
 * integers when h is an integer: (v + .5) / 5 − .5 is (v − 2) / 5 up to rounding that never crosses an
 * integer (it is an integer exactly when 5 divides v − 2, and otherwise at least .2 from one), so with
 * r = v − 2 the row is 0 for r <= 0, h for r >= 5h, else ceil(r / 5) = floor((r + 4) / 5), which
 * `(r + 4) * 0.2` truncates to exactly (0.2 rounds up, so a multiple of 5 never lands below its quotient).
 */
function rowOfInt(v: number, h: number): number {
  const r = v - 2;
  return r <= 0 ? 0 : r >= 5 * h ? h : ((r + 4) * 0.2) | 0;
}

/** `rowOfInt` for any h (e.g. a fractional image size), as maskApi.c computes it. */
function rowOfFloat(v: number, h: number): number {
  let yd = (v + 0.5) / 5 - 0.5;
  if (yd < 0) yd = 0; else if (yd > h) yd = h;
  return Math.ceil(yd) | 0;
}

/**
 * The boundary points of `rleFrPoly` (maskApi.c's upsampled edge walk), sorted, into `polyA[0..n)`, with
 * `polyA[n]` = h·w: n returned.
 */
function polyPoints(xy: ArrayLike<number>, h: number, w: number): number {
  const k = Math.floor(xy.length / 2);
  const scale = 5;
  const intH = Number.isInteger(h) && h >= 0 && h < 2 ** 30;
  if (polyX.length < k + 1) { polyX = new Int32Array(2 * (k + 1)); polyY = new Int32Array(2 * (k + 1)); }
  const x = polyX, y = polyY;
  for (let j = 0; j < k; j++) x[j] = Math.trunc(scale * xy[j * 2]! + 0.5);
  x[k] = x[0] ?? 0;
  for (let j = 0; j < k; j++) y[j] = Math.trunc(scale * xy[j * 2 + 1]! + 0.5);
  y[k] = y[0] ?? 0;
  // Upper bound of the y-boundary points: one per upsampled boundary point.
  let m = 0;
  for (let j = 0; j < k; j++) m += Math.max(Math.abs(x[j]! - x[j + 1]!), Math.abs(y[j]! - y[j + 1]!)) + 1;
  if (polyA.length < m + 1) {
    polyA = new Uint32Array(2 * (m + 1)); polyB = new Uint32Array(2 * (m + 1));
    polyC = new Int32Array(2 * (m + 1)); polyS = new Uint32Array(2 * (m + 1));
  }
  const a = polyA, col = polyC;
  let n = 0;
  // maskApi.c walks the edges one after the other, storing every upsampled point (u, v), then takes each
  // consecutive pair whose u differs as a y-boundary point at column min(u) (kept when that column is a
  // pixel centre, u ≡ 2 mod 5) and row min(v). Consecutive edges share their end point (the same
  // formula gives the same integer there), so only the pairs inside each edge count, and since the points
  // are sorted afterwards, the pairs can be visited in any order: here by increasing t on each edge.
  for (let j = 0; j < k; j++) {
    let xs = x[j]!, xe = x[j + 1]!, ys = y[j]!, ye = y[j + 1]!;
    const dx = Math.abs(xe - xs), dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) { let t = xs; xs = xe; xe = t; t = ys; ys = ye; ye = t; }
    if (dx >= dy) {
      // u = xs + t steps by one: the pair (t, t + 1) has column xs + t; only every fifth one is a centre.
      // At the steps t = t0 + 5i with xs + t0 ≡ 2 (mod 5), maskApi.c's xd = (xs + t + .5) / 5 − .5 is the
      // integer q0 + i exactly ((5q + 2.5) / 5 = q + .5 is exact), so the columns inside the image,
      // 0 <= xd <= w − 1, are a range of i, visited directly.
      if (dx === 0) continue;
      const s = (ye - ys) / dx;
      const t0 = (((2 - xs) % 5) + 5) % 5;
      const q0 = (xs + t0 - 2) / 5;
      const iEnd = Math.min(Math.floor((dx - 1 - t0) / 5), Math.floor(w - 1) - q0);
      for (let i = q0 < 0 ? -q0 : 0; i <= iEnd; i++) {
        const t = t0 + 5 * i, q = q0 + i;
        const v0 = (ys + s * t + 0.5) | 0, v1 = (ys + s * (t + 1) + 0.5) | 0;
        const v = v0 < v1 ? v0 : v1;
        col[n] = q;
        a[n++] = q * h + (intH ? rowOfInt(v, h) : rowOfFloat(v, h));
      }
    } else if (dx > 0 && xs > -BIG && xs < BIG && xe > -BIG && xe < BIG) {
      // v = ys + t steps by one and u(t) = (int)(xs + s t + .5) is monotone, moving by at most one per step:
      // it changes once between each pair of neighbouring integers on its way from u(0) to u(dy). Only
      // changes whose lower column c is a pixel centre (c ≡ 2 mod 5, within the image) give a point, so
      // those c are visited directly; the step t of each comes from a division, then is corrected with
      // the exact expression (the first t with u(t) past c), so it is the step the per-step walk finds.
      const s = (xe - xs) / dy;
      const u0 = (xs + 0.5) | 0, u1 = (xs + s * dy + 0.5) | 0;
      const up = u1 > u0;
      let lo = up ? u0 : u1;
      const hi = up ? u1 - 1 : u0 - 1, cMax = hi < 5 * w - 3 ? hi : 5 * w - 3;
      if (lo < 2) lo = 2;
      // c ≡ 2 (mod 5) and 2 <= c <= 5w − 3: xd = (c + .5) / 5 − .5 is the integer (c − 2) / 5, in [0, w − 1]
      for (let c = lo + ((((2 - lo) % 5) + 5) % 5); c <= cMax; c += 5) {
        const q = (c - 2) / 5;
        let t: number;
        if (up) {
          // first t with u(t) >= c + 1
          t = Math.ceil((c + 0.5 - xs) / s);
          if (t < 1) t = 1; else if (t > dy) t = dy;
          while (t > 1 && ((xs + s * (t - 1) + 0.5) | 0) > c) t--;
          while (((xs + s * t + 0.5) | 0) <= c) t++;
        } else {
          // first t with u(t) <= c
          t = Math.floor((c + 0.5 - xs) / s) + 1;
          if (t < 1) t = 1; else if (t > dy) t = dy;
          while (t > 1 && ((xs + s * (t - 1) + 0.5) | 0) <= c) t--;
          while (((xs + s * t + 0.5) | 0) > c) t++;
        }
        const v = ys + t - 1;
        col[n] = q;
        a[n++] = q * h + (intH ? rowOfInt(v, h) : rowOfFloat(v, h));
      }
    } else if (dx > 0) {
      // the per-step walk (coordinates near the int32 limits, where (int) wraps)
      const s = (xe - xs) / dy;
      let pu = (xs + 0.5) | 0;
      for (let t = 1; t <= dy; t++) {
        const cu = (xs + s * t + 0.5) | 0;
        if (cu !== pu) {
          const xd = ((cu < pu ? cu : pu) + 0.5) / scale - 0.5;
          if (!(Math.floor(xd) !== xd || xd < 0 || xd > w - 1)) {
            let yd = (ys + t - 1 + 0.5) / scale - 0.5;
            if (yd < 0) yd = 0; else if (yd > h) yd = h;
            col[n] = xd | 0;
        a[n++] = (xd | 0) * h + (Math.ceil(yd) | 0);
          }
          pu = cu;
        }
      }
    }
  }
  a[n] = h * w;
  // Sorted as maskApi.c's qsort does (h·w, the largest, stays last), by column first when that is exact.
  if (h * w < 2 ** 32 && w <= 1 << 20) sortPoints(a, col, n, w);
  else a.subarray(0, n + 1).sort();
  return n;
}

/**
 * `rleFrPoly`'s counts into `polyB` (their number returned): the differences of the sorted points
 * `polyA[0..n]`, where a zero difference joins its neighbours (maskApi.c's loop).
 */
function polyCounts(xy: ArrayLike<number>, h: number, w: number): number {
  const n = polyPoints(xy, h, w);
  const a = polyA;
  let p = 0;
  for (let j = 0; j <= n; j++) { const t = a[j]!; a[j] = t - p; p = t; }
  const b = polyB;
  let j = 0, nb = 0;
  b[nb++] = a[j++]!;
  while (j <= n) {
    if (a[j]! > 0) b[nb++] = a[j++]!;
    else { j++; if (j <= n) b[nb - 1] = b[nb - 1]! + a[j++]!; }
  }
  return nb;
}

/**
 * Sorts the points `a[0, n)` in increasing order, given the column of each (`col[i]`, in [0, w)), where
 * `a[i] = col[i]·h + row` with 0 ≤ row ≤ h: a counting sort by column, then an insertion sort, which only
 * has the points within a column to order (there are a few per column; a point with row = h equals the
 * next column's row 0, and equal values may come in any order). O(n + columns) instead of a comparison sort.
 */
function sortPoints(a: Uint32Array, col: Int32Array, n: number, w: number): void {
  if (n < 2) return;
  let cmin = w, cmax = -1;
  for (let i = 0; i < n; i++) { const c = col[i]!; if (c < cmin) cmin = c; if (c > cmax) cmax = c; }
  const R = cmax - cmin + 1;
  if (polyCnt.length < R + 1) polyCnt = new Int32Array(2 * (R + 1));
  const cnt = polyCnt, srt = polyS;
  cnt.fill(0, 0, R + 1);
  for (let i = 0; i < n; i++) cnt[col[i]! - cmin + 1]!++;
  for (let r = 1; r < R; r++) cnt[r] = cnt[r]! + cnt[r - 1]!; // cnt[r] = first slot of column cmin + r
  for (let i = 0; i < n; i++) { const r = col[i]! - cmin; srt[cnt[r]!++] = a[i]!; }
  for (let i = 0; i < n; i++) {
    const v = srt[i]!;
    let j = i;
    while (j > 0 && a[j - 1]! > v) { a[j] = a[j - 1]!; j--; }
    a[j] = v;
  }
}

/** `rleFrPoly`: rasterise one polygon `[x1, y1, x2, y2, ...]` exactly like pycocotools (5× upsampling). */
export function rleFrPoly(xy: ArrayLike<number>, h: number, w: number): Rle {
  const nb = polyCounts(xy, h, w);
  return { h, w, counts: polyB.slice(0, nb) };
}

/** `prepareMask(rleFrPoly(xy, h, w))` without the intermediate RLE (the boundaries go into `arena`). */
export function prepareMaskFromPoly(xy: ArrayLike<number>, h: number, w: number, arena?: CumArena): PreparedMask {
  const n = polyPoints(xy, h, w);
  const a = polyA;
  // polyCounts' differences, joined at zero differences, and summed again, in one pass: the run ends are
  // the sorted points themselves (modulo 2^32, as the Uint32Arrays hold them), a zero difference adding
  // the next one to the last run. Run r ends at cum[o + r + 1]; odd runs are foreground.
  let cum: Uint32Array, o = 0;
  if (arena) { cum = arena.reserve(n + 2); o = arena.offset; } else cum = new Uint32Array(n + 2);
  cum[o] = 0;
  cum[o + 1] = a[0]!;
  let nb = 1, area = 0, j = 1;
  while (j <= n) {
    const d = (a[j]! - a[j - 1]!) >>> 0;
    j++;
    if (d > 0) {
      if (nb & 1) area += d;
      cum[o + nb + 1] = cum[o + nb]! + d;
      nb++;
    } else if (j <= n) {
      const e = (a[j]! - a[j - 1]!) >>> 0;
      j++;
      if ((nb - 1) & 1) area += e;
      cum[o + nb] = cum[o + nb]! + e;
    }
  }
  if (arena) arena.commit(nb + 1);
  // Sorted points and runs of at least one pixel after the first: simple while h·w < 2^31.
  return finish(h, w, cum, o, nb, area, h * w < 2 ** 31);
}

/** `rleFrBbox`: a box `[x, y, w, h]` rasterised through `rleFrPoly`. */
export function rleFrBbox(bb: ArrayLike<number>, h: number, w: number): Rle {
  const xs = bb[0]!, xe = xs + bb[2]!, ys = bb[1]!, ye = ys + bb[3]!;
  return rleFrPoly([xs, ys, xs, ye, xe, ye, xe, ys], h, w);
}

/** `rleToString`: compressed counts (LEB128-like, 6 bits per char, ASCII 48..111). */
export function rleToString(r: Rle): string {
  let s = '';
  const c = r.counts;
  for (let i = 0; i < c.length; i++) {
    let x = c[i]!;
    if (i > 2) x -= c[i - 2]!;
    let more = true;
    while (more) {
      let ch = x & 0x1f;
      x = Math.floor(x / 32);
      more = (ch & 0x10) ? x !== -1 : x !== 0;
      if (more) ch |= 0x20;
      s += String.fromCharCode(ch + 48);
    }
  }
  return s;
}

/** 2^(5k) for the compressed-counts decoder (k ≤ 13 covers any count a double can hold exactly). */
const POW32: readonly number[] = Array.from({ length: 14 }, (_, k) => 2 ** (5 * k));

/** `rleFrString`: decode compressed counts (one pass into a typed array, no per-count objects). */
export function rleFrString(s: string, h: number, w: number): Rle {
  const n = s.length;
  const cnts = new Uint32Array(n); // at most one count per character
  let m = 0, p = 0;
  while (p < n) {
    let x = 0, k = 0, c: number;
    do {
      if (p >= n) throw new Error('truncated RLE string');
      c = s.charCodeAt(p++) - 48;
      x += (c & 0x1f) * (k < 14 ? POW32[k]! : 2 ** (5 * k));
      k++;
    } while (c & 0x20);
    if (c & 0x10) x -= k < 14 ? POW32[k]! : 2 ** (5 * k);
    if (m > 2) x += cnts[m - 2]!;
    cnts[m++] = x >>> 0;
  }
  return { h, w, counts: cnts.slice(0, m) };
}

/**
 * pycocotools `COCO.annToRLE` + `frPyObjects`: polygons (list of lists; a list whose first
 * element has exactly 4 numbers is read as boxes, as `frPyObjects` does) are rasterised with
 * the image size and merged; an uncompressed RLE keeps its own `size`; a compressed one is decoded.
 */
export function segmentationToRle(seg: Segmentation, h: number, w: number): Rle {
  if (Array.isArray(seg)) {
    const polys = seg as readonly (readonly number[])[];
    if (polys.length === 0) throw new Error('empty polygon list');
    const asBoxes = polys[0]!.length === 4;
    const rles = polys.map((p) => (asBoxes ? rleFrBbox(p, h, w) : rleFrPoly(p, h, w)));
    return rleMerge(rles);
  }
  const obj = seg as { readonly size: readonly [number, number]; readonly counts: readonly number[] | string };
  const [sh, sw] = obj.size;
  if (typeof obj.counts === 'string') return rleFrString(obj.counts, sh, sw);
  return makeRle(sh, sw, obj.counts);
}
