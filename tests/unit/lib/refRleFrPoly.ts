/**
 * maskApi.c's rleFrPoly ported statement by statement: the independent reference the segm fast paths
 * (src/core/eval polygon rasterisers) are checked against in the unit tests.
 */
import type { Rle } from '../../../src/core/eval';

/** maskApi.c rleFrPoly, statement by statement (int arrays → Int32Array, uint → Uint32Array, qsort → sort). */
export function refRleFrPoly(xy: readonly number[], h: number, w: number): Rle {
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
