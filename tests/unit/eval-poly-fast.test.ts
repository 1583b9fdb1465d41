/**
 * The segm fast paths (polygon rasteriser that takes boundary points while walking the edges, prepared
 * masks in a shared arena, the column-cursor box) against a line-by-line port of maskApi.c's rleFrPoly
 * (store every upsampled point, then filter), on random polygons: inside, across and outside the image,
 * with negative and fractional coordinates and repeated vertices.
 */
import { describe, expect, it } from 'vitest';
import {
  CumArena, prepareMask, prepareMaskFromPoly, prepareMaskFromString, rleFrPoly, rleFrString, rleToBbox, rleToString, type Rle,
} from '../../src/core/eval';
import { mulberry32 } from '../../src/core/random';

/** maskApi.c rleFrPoly, statement by statement (int arrays → Int32Array, uint → Uint32Array). */
function refRleFrPoly(xy: readonly number[], h: number, w: number): Rle {
  const k = Math.floor(xy.length / 2), scale = 5;
  const x = new Int32Array(k + 1), y = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) x[j] = Math.trunc(scale * xy[j * 2]! + 0.5);
  x[k] = x[0]!;
  for (let j = 0; j < k; j++) y[j] = Math.trunc(scale * xy[j * 2 + 1]! + 0.5);
  y[k] = y[0]!;
  let m = 0;
  for (let j = 0; j < k; j++) m += Math.max(Math.abs(x[j]! - x[j + 1]!), Math.abs(y[j]! - y[j + 1]!)) + 1;
  const u = new Int32Array(m), v = new Int32Array(m);
  m = 0;
  for (let j = 0; j < k; j++) {
    let xs = x[j]!, xe = x[j + 1]!, ys = y[j]!, ye = y[j + 1]!;
    const dx = Math.abs(xe - xs), dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) { let t = xs; xs = xe; xe = t; t = ys; ys = ye; ye = t; }
    const s = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) for (let d = 0; d <= dx; d++) { const t = flip ? dx - d : d; u[m] = t + xs; v[m] = Math.trunc(ys + s * t + 0.5); m++; }
    else for (let d = 0; d <= dy; d++) { const t = flip ? dy - d : d; v[m] = t + ys; u[m] = Math.trunc(xs + s * t + 0.5); m++; }
  }
  const bx = new Int32Array(m), by = new Int32Array(m);
  let n = 0;
  for (let j = 1; j < m; j++) {
    if (u[j] === u[j - 1]) continue;
    let xd = u[j]! < u[j - 1]! ? u[j]! : u[j]! - 1;
    xd = (xd + 0.5) / scale - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = v[j]! < v[j - 1]! ? v[j]! : v[j - 1]!;
    yd = (yd + 0.5) / scale - 0.5;
    if (yd < 0) yd = 0; else if (yd > h) yd = h;
    yd = Math.ceil(yd);
    bx[n] = Math.trunc(xd); by[n] = Math.trunc(yd); n++;
  }
  const a = new Uint32Array(n + 1);
  for (let j = 0; j < n; j++) a[j] = bx[j]! * h + by[j]!;
  a[n] = h * w;
  a.sort();
  let p = 0;
  for (let j = 0; j <= n; j++) { const t = a[j]!; a[j] = t - p; p = t; }
  const b: number[] = [];
  let j = 0;
  b.push(a[j++]!);
  while (j <= n) {
    if (a[j]! > 0) b.push(a[j++]!);
    else { j++; if (j <= n) b[b.length - 1]! += a[j++]!; }
  }
  return { h, w, counts: Uint32Array.from(b) };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

function randomPolygon(rnd: () => number, h: number, w: number, mode: number): number[] {
  const k = 1 + Math.floor(rnd() * 14);
  const xy: number[] = [];
  for (let j = 0; j < k; j++) {
    let px = (rnd() * 1.6 - 0.3) * w, py = (rnd() * 1.6 - 0.3) * h; // some vertices outside, some negative
    if (mode === 1) { px = Math.round(px); py = Math.round(py); }
    if (mode === 2) { px = Math.round(px * 2) / 2; py = Math.round(py * 10) / 10; }
    if (mode === 3 && j > 0 && rnd() < 0.3) { px = xy[xy.length - 2]!; py = xy[xy.length - 1]!; } // repeated vertex
    xy.push(px, py);
  }
  return xy;
}

describe('segm fast paths = the maskApi.c port, bit for bit', () => {
  it('rleFrPoly and prepareMaskFromPoly on 3000 random polygons (4 coordinate kinds, 3 image sizes)', () => {
    const rnd = mulberry32(20261203);
    const sizes: [number, number][] = [[7, 5], [48, 64], [120, 160]];
    let checked = 0;
    const bad: string[] = [];
    for (let it = 0; it < 3000; it++) {
      const [h, w] = sizes[it % 3]!;
      const xy = randomPolygon(rnd, h, w, (it >> 2) % 4);
      const ref = refRleFrPoly(xy, h, w);
      const pm = prepareMaskFromPoly(xy, h, w, new CumArena());
      const pr = prepareMask(ref);
      const ok = same(rleFrPoly(xy, h, w).counts, ref.counts) && same(pm.cum, pr.cum) && pm.area === pr.area
        && same(pm.box, pr.box) && same(pm.box, rleToBbox(ref));
      if (!ok && bad.length < 3) bad.push(`${h}x${w} ${JSON.stringify(xy)}`);
      checked++;
    }
    expect(bad).toEqual([]);
    expect(checked).toBe(3000);
  });

  it('masks prepared in one arena equal masks prepared alone; the compressed-string path agrees', () => {
    const rnd = mulberry32(7);
    const arena = new CumArena();
    const kept: { pm: ReturnType<typeof prepareMask>; ref: Rle }[] = [];
    for (let it = 0; it < 400; it++) {
      const [h, w] = it % 2 ? [120, 160] : [33, 17];
      const ref = refRleFrPoly(randomPolygon(rnd, h, w, it % 4), h, w);
      const s = rleToString(ref);
      kept.push({ pm: prepareMaskFromString(s, h, w, arena), ref });
      kept.push({ pm: prepareMask(rleFrString(s, h, w), arena), ref });
    }
    // checked after all were written: no mask's boundaries were overwritten by a later one
    let bad = 0;
    for (const { pm, ref } of kept) {
      const alone = prepareMask(ref);
      if (!(same(pm.cum, alone.cum) && pm.area === alone.area && same(pm.box, rleToBbox(ref)))) bad++;
    }
    expect(bad).toBe(0);
  });

  it('a truncated compressed string is refused with and without an arena', () => {
    // 'P' (80 - 48 = 32) has the continuation bit set and nothing follows
    expect(() => prepareMaskFromString('1P', 10, 10)).toThrow(/truncated/);
    expect(() => prepareMaskFromString('1P', 10, 10, new CumArena())).toThrow(/truncated/);
  });
});
