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
 * cumulative positions (`cum[j]` = start of run j, column-major; odd runs are foreground), its area
 * and its `rleToBbox` box.
 */
export interface PreparedMask {
  readonly h: number;
  readonly w: number;
  readonly cum: Uint32Array;
  readonly area: number;
  readonly box: Float64Array;
}

/**
 * A bump allocator for the run boundaries of many masks: each mask's `cum` is a view into a shared
 * chunk instead of an ArrayBuffer of its own (one allocation per ~1M boundaries, not one per mask:
 * far less allocation and garbage-collection work when 50k masks are prepared).
 */
export class CumArena {
  private buf = new Uint32Array(0);
  private off = 0;
  /** The chunk to write into from `offset`, with room for at least `n` entries. */
  reserve(n: number): Uint32Array {
    if (this.off + n > this.buf.length) { this.buf = new Uint32Array(Math.max(1 << 20, n)); this.off = 0; }
    return this.buf;
  }
  get offset(): number { return this.off; }
  /** The `n` entries written at `offset` become a view; the next reservation starts after them. */
  commit(n: number): Uint32Array {
    const v = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }
}

export function prepareMask(r: Rle, arena?: CumArena): PreparedMask {
  const k = r.counts.length;
  let cum: Uint32Array, o = 0;
  if (arena) { cum = arena.reserve(k + 1); o = arena.offset; } else cum = new Uint32Array(k + 1);
  let c = 0, area = 0;
  cum[o] = 0;
  for (let j = 0; j < k; j++) {
    const n = r.counts[j]!;
    if (j & 1) area += n;
    c += n;
    cum[o + j + 1] = c;
  }
  if (arena) cum = arena.commit(k + 1);
  return { h: r.h, w: r.w, cum, area: area >>> 0, box: bboxFromCum(cum, r.h, r.w) };
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

/** `prepareMaskFromString` on the characters `bytes[start, end)` (e.g. a results file's bytes, not decoded to a string). */
export function prepareMaskFromBytes(bytes: Uint8Array, start: number, end: number, h: number, w: number, arena?: CumArena): PreparedMask {
  const n = end - start;
  // at most one count per character
  let cum: Uint32Array, o = 0;
  if (arena) { cum = arena.reserve(n + 1); o = arena.offset; } else cum = new Uint32Array(n + 1);
  let m = 0, p = start, c2 = 0, c1 = 0, pos = 0, area = 0;
  cum[o] = 0;
  while (p < end) {
    let x: number;
    const c0 = bytes[p++]! - 48;
    if ((c0 & 0x20) === 0) {
      x = c0 & 0x10 ? (c0 & 0x1f) - 32 : c0 & 0x1f; // one character (most counts after the delta coding)
    } else {
      x = c0 & 0x1f;
      let k = 1, c: number;
      do {
        if (p >= end) throw new Error('truncated RLE string');
        c = bytes[p++]! - 48;
        x += (c & 0x1f) * (k < 14 ? POW32[k]! : 2 ** (5 * k));
        k++;
      } while (c & 0x20);
      if (c & 0x10) x -= k < 14 ? POW32[k]! : 2 ** (5 * k);
    }
    if (m > 2) x += c2;
    const cnt = x >>> 0;
    c2 = c1; c1 = cnt;
    pos += cnt;
    if (m & 1) area += cnt;
    cum[o + ++m] = pos;
  }
  const cumT = arena ? arena.commit(m + 1) : cum.slice(0, m + 1);
  return { h, w, cum: cumT, area: area >>> 0, box: bboxFromCum(cumT, h, w) };
}

/**
 * `rleToBbox` from the running sums of the counts (same arithmetic, same result). Positions only grow
 * along the runs, so the column of each run start / end comes from a column cursor: one step when the
 * run is in the next column, a division only for longer jumps (exactly `y = q % h`, `x = (q - y) / h`
 * for 0 ≤ q < 2^32: the quotient is never within rounding of the next integer).
 */
function bboxFromCum(cum: Uint32Array, hIn: number, wIn: number): Float64Array {
  const h = hIn >>> 0, w = wIn >>> 0;
  const m = Math.floor((cum.length - 1) / 2) * 2;
  const box = new Float64Array(4);
  if (m === 0) return box;
  if (h === 0) return bboxFromCumDiv(cum, h, w, m, box);
  let xs = w, ys = h, xe = 0, ye = 0;
  let col = 0, colStart = 0; // column of the cursor and its first position (col * h)
  for (let j = 0; j < m; j += 2) {
    const cc = cum[j + 1]!;
    if (cc < colStart) return bboxFromCumDiv(cum, h, w, m, box); // not monotone (counts wrapped): divide
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
    if (t < cc) return bboxFromCumDiv(cum, h, w, m, box); // an empty foreground run: its end is behind the cursor
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
  box[0] = xs; box[1] = ys; box[2] = xe - xs + 1; box[3] = ye - ys + 1;
  return box;
}

/** `bboxFromCum` with a division and a modulo per run (any input, e.g. h = 0). */
function bboxFromCumDiv(cum: Uint32Array, h: number, w: number, m: number, box: Float64Array): Float64Array {
  let xs = w, ys = h, xe = 0, ye = 0;
  for (let j = 0; j < m; j += 2) {
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
  box[0] = xs; box[1] = ys; box[2] = xe - xs + 1; box[3] = ye - ys + 1;
  return box;
}

/** First odd (foreground) run of `cum` that ends after position `lo` (binary search). */
function firstFgRunEndingAfter(cum: Uint32Array, lo: number): number {
  const runs = cum.length - 1;
  let a = 0, b = runs >> 1; // foreground runs are j = 2q + 1, q in [0, runs/2)
  while (a < b) {
    const q = (a + b) >> 1;
    if (cum[2 * q + 2]! <= lo) a = q + 1;
    else b = q;
  }
  return 2 * a + 1;
}

/**
 * `rleIou` on prepared masks: the same value bit for bit (box prefilter, -1 for different sizes,
 * crowd → / dt area, 0 without intersection), but the intersection is counted only over the columns
 * both boxes span, walking foreground runs, and the union is area(dt) + area(gt) − intersection.
 */
export function preparedIou(dt: PreparedMask, gt: PreparedMask, crowd: boolean): number {
  const D = dt.box, G = gt.box;
  const bw = Math.min(D[2]! + D[0]!, G[2]! + G[0]!) - Math.max(D[0]!, G[0]!);
  if (!(bw > 0)) return 0;
  const bh = Math.min(D[3]! + D[1]!, G[3]! + G[1]!) - Math.max(D[1]!, G[1]!);
  if (!(bh > 0)) return 0;
  if (dt.h !== gt.h || dt.w !== gt.w) return -1;
  const h = dt.h;
  const lo = Math.max(D[0]!, G[0]!) * h, hi = Math.min(D[0]! + D[2]!, G[0]! + G[2]!) * h;
  const A = dt.cum, B = gt.cum;
  const ka = A.length - 1, kb = B.length - 1;
  let ja = firstFgRunEndingAfter(A, lo), jb = firstFgRunEndingAfter(B, lo);
  let inter = 0;
  while (ja < ka && jb < kb) {
    const sa = A[ja]!, ea = A[ja + 1]!, sb = B[jb]!, eb = B[jb + 1]!;
    if (sa >= hi || sb >= hi) break;
    const ov = (ea < eb ? ea : eb) - (sa > sb ? sa : sb);
    if (ov > 0) inter += ov;
    if (ea < eb) ja += 2;
    else jb += 2;
  }
  if (inter === 0) return 0;
  return inter / (crowd ? dt.area : dt.area + gt.area - inter);
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

/** Intersection and union pixel counts of two RLEs of the same size (`rleIou` inner loop). */
function rleInterUnion(dt: Rle, gt: Rle): [number, number] {
  const A = dt.counts, B = gt.counts;
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
  const [i, uAll] = rleInterUnion(dt, gt);
  let u = uAll;
  if (i === 0) u = 1;
  else if (crowd) u = rleArea(dt);
  return i / u;
}

// Scratch buffers of the polygon rasteriser (grown on demand, reused: no allocation per polygon).
let polyX = new Int32Array(64), polyY = new Int32Array(64);
let polyA = new Uint32Array(1024), polyB = new Uint32Array(1024);

/**
 * `rleFrPoly` up to its run lengths, written into `polyB`; returns their number. The same arithmetic as
 * maskApi.c (5× upsampled boundary walk, y-boundary points, sort, differences, zero-run merge), but the
 * boundary points are taken while walking the edges instead of being stored first and filtered after.
 */
function polyCounts(xy: ArrayLike<number>, h: number, w: number): number {
  const k = Math.floor(xy.length / 2);
  const scale = 5;
  if (polyX.length < k + 1) { polyX = new Int32Array(2 * (k + 1)); polyY = new Int32Array(2 * (k + 1)); }
  const x = polyX, y = polyY;
  for (let j = 0; j < k; j++) x[j] = Math.trunc(scale * xy[j * 2]! + 0.5);
  x[k] = x[0] ?? 0;
  for (let j = 0; j < k; j++) y[j] = Math.trunc(scale * xy[j * 2 + 1]! + 0.5);
  y[k] = y[0] ?? 0;
  // Upper bound of the y-boundary points: one per upsampled boundary point.
  let m = 0;
  for (let j = 0; j < k; j++) m += Math.max(Math.abs(x[j]! - x[j + 1]!), Math.abs(y[j]! - y[j + 1]!)) + 1;
  if (polyA.length < m + 1) { polyA = new Uint32Array(2 * (m + 1)); polyB = new Uint32Array(2 * (m + 1)); }
  const a = polyA;
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
      // u = xs + t steps by one: the pair (t, t + 1) has column xs + t; only every fifth one is a centre
      if (dx === 0) continue;
      const s = (ye - ys) / dx;
      for (let t = (((2 - xs) % 5) + 5) % 5; t < dx; t += 5) {
        const xd = (xs + t + 0.5) / scale - 0.5;
        if (xd < 0 || xd > w - 1) continue;
        const v0 = (ys + s * t + 0.5) | 0, v1 = (ys + s * (t + 1) + 0.5) | 0;
        let yd = ((v0 < v1 ? v0 : v1) + 0.5) / scale - 0.5;
        if (yd < 0) yd = 0; else if (yd > h) yd = h;
        a[n++] = (xd | 0) * h + (Math.ceil(yd) | 0);
      }
    } else {
      // v = ys + t steps by one, u = round(xs + s t) moves by at most one
      const s = (xe - xs) / dy;
      let pu = (xs + 0.5) | 0;
      for (let t = 1; t <= dy; t++) {
        const cu = (xs + s * t + 0.5) | 0;
        if (cu !== pu) {
          const xd = ((cu < pu ? cu : pu) + 0.5) / scale - 0.5;
          if (!(Math.floor(xd) !== xd || xd < 0 || xd > w - 1)) {
            let yd = (ys + t - 1 + 0.5) / scale - 0.5;
            if (yd < 0) yd = 0; else if (yd > h) yd = h;
            a[n++] = (xd | 0) * h + (Math.ceil(yd) | 0);
          }
          pu = cu;
        }
      }
    }
  }
  a[n] = h * w;
  a.subarray(0, n + 1).sort();
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

/** `rleFrPoly`: rasterise one polygon `[x1, y1, x2, y2, ...]` exactly like pycocotools (5× upsampling). */
export function rleFrPoly(xy: ArrayLike<number>, h: number, w: number): Rle {
  const nb = polyCounts(xy, h, w);
  return { h, w, counts: polyB.slice(0, nb) };
}

/** `prepareMask(rleFrPoly(xy, h, w))` without the intermediate RLE (the boundaries go into `arena`). */
export function prepareMaskFromPoly(xy: ArrayLike<number>, h: number, w: number, arena?: CumArena): PreparedMask {
  const nb = polyCounts(xy, h, w);
  const b = polyB;
  let cum: Uint32Array, o = 0;
  if (arena) { cum = arena.reserve(nb + 1); o = arena.offset; } else cum = new Uint32Array(nb + 1);
  let c = 0, area = 0;
  cum[o] = 0;
  for (let j = 0; j < nb; j++) {
    const v = b[j]!;
    if (j & 1) area += v;
    c += v;
    cum[o + j + 1] = c;
  }
  if (arena) cum = arena.commit(nb + 1);
  return { h, w, cum, area: area >>> 0, box: bboxFromCum(cum, h, w) };
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
