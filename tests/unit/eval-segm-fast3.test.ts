/**
 * The session-7 segm fast paths against independent references:
 * - the polygon rasteriser (points sorted by column with a counting sort, steep edges visiting only the
 *   pixel-centre columns, the per-step walk near the int32 limits, the comparison sort for images of 2^32
 *   pixels or more) against a statement-by-statement port of maskApi.c's rleFrPoly;
 * - the int32 compressed-RLE decoder of prepared masks (prepareMaskFromString → prepareMaskFromBytes)
 *   against rleFrString + rleToBbox + rleDecode on counts that wrap, reach 2^31 and 2^32 − 1, are zero
 *   (empty foreground runs), use many characters, and on h = 0;
 * - the results reader's counts copy (tight loop up to the closing quote) against JSON.parse, with a
 *   backslash, an escaped quote and a byte outside the alphabet at varied places.
 */
import { describe, expect, it } from 'vitest';
import {
  CumArena, prepareMask, prepareMaskFromPoly, prepareMaskFromString, rleDecode, rleFrPoly, rleFrString, rleToBbox, rleToString, type Rle,
} from '../../src/core/eval';
import { columnsRleCounts, scanCocoResults } from '../../src/core/eval/fastResults';
import { mulberry32 } from '../../src/core/random';
import { refRleFrPoly } from './lib/refRleFrPoly';

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

/** A star-shaped polygon around (cx, cy) with steep and shallow edges, some vertices off the image. */
function steepPolygon(rnd: () => number, cx: number, cy: number, rx: number, ry: number): number[] {
  const k = 3 + Math.floor(rnd() * 20);
  const xy: number[] = [];
  for (let j = 0; j < k; j++) {
    const t = (2 * Math.PI * j) / k + rnd() * 0.3;
    const r = 0.2 + rnd();
    // mostly tall, thin shapes (dy ≫ dx), some slopes close to one, fractional coordinates
    xy.push(cx + rx * r * Math.cos(t) * (rnd() < 0.5 ? 0.1 : 1), cy + ry * r * Math.sin(t));
  }
  return xy;
}

describe('segm fast paths of session 7 = the references, bit for bit', () => {
  it('rleFrPoly / prepareMaskFromPoly on 2500 polygons with steep edges (3 image sizes)', () => {
    const rnd = mulberry32(20261204);
    const bad: number[] = [];
    let points = 0;
    for (let it = 0; it < 2500; it++) {
      const [h, w] = ([[480, 640], [37, 23], [1, 300]] as const)[it % 3]!;
      const xy = steepPolygon(rnd, rnd() * w, rnd() * h, (0.5 + rnd() * 1.5) * w / 2, (0.5 + rnd() * 1.5) * h / 2);
      if (it % 7 === 0) for (let q = 0; q < xy.length; q++) xy[q] = Math.round(xy[q]!); // integer vertices
      const ref = refRleFrPoly(xy, h, w);
      points += ref.counts.length;
      const pm = prepareMaskFromPoly(xy, h, w, new CumArena());
      if (!(same(rleFrPoly(xy, h, w).counts, ref.counts) && same(pm.cum, prepareMask(ref).cum) && same(pm.box, rleToBbox(ref)))) bad.push(it);
    }
    expect(bad).toEqual([]);
    expect(points).toBeGreaterThan(100000); // the polygons do cross the images
  });

  it('vertical and near-vertical edges, one-pixel-wide columns, every slope dx/dy = p/q for small p, q', () => {
    const bad: string[] = [];
    for (let p = 0; p <= 7; p++) for (let q = 1; q <= 9; q++) for (const x0 of [0.1, 2.4, 2.5, 3.0, 7.77]) {
      const xy = [x0, 0.3, x0 + p, 0.3 + q * 3, x0 + p + 0.6, 0.3 + q * 3, x0 + 0.6, 0.3, x0 - 1.2, 10.4];
      for (const [h, w] of [[30, 20], [12, 9]] as const) {
        const ref = refRleFrPoly(xy, h, w);
        if (!same(rleFrPoly(xy, h, w).counts, ref.counts)) bad.push(`${p}/${q} @${x0} ${h}x${w}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('coordinates near the int32 limits of the upsampled walk (per-step walk) and images of ≥ 2^32 pixels (comparison sort)', () => {
    const rnd = mulberry32(99);
    const bad: number[] = [];
    for (let it = 0; it < 200; it++) {
      // x·5 beyond 2^30 with a short edge; the image reaches those columns
      const x0 = 2 ** 30 / 5 + (rnd() - 0.5) * 1000, y0 = rnd() * 3;
      const xy = [x0, y0, x0 + rnd() * 2, y0 + 2 + rnd() * 4, x0 - rnd() * 2, y0 + 5, x0 + 3 * rnd(), y0 + 1];
      const [h, w] = [6, Math.ceil(x0) + 20];
      const ref = refRleFrPoly(xy, h, w);
      if (!same(rleFrPoly(xy, h, w).counts, ref.counts)) bad.push(it);
      // a 70000×70000 image: h·w does not fit 32 bits (maskApi.c's uint wraps; so does the port)
      const xy2 = steepPolygon(rnd, 35000 + rnd() * 10, 35000 + rnd() * 10, 6, 9);
      const ref2 = refRleFrPoly(xy2, 70000, 70000);
      if (!same(rleFrPoly(xy2, 70000, 70000).counts, ref2.counts)) bad.push(1000 + it);
    }
    expect(bad).toEqual([]);
  });

  it('prepared masks from compressed strings: huge, zero and wrapping counts, odd and even run counts, h = 0', () => {
    const rnd = mulberry32(5);
    const bad: number[] = [];
    const arena = new CumArena();
    for (let it = 0; it < 3000; it++) {
      const h = [0, 1, 7, 480, 65535][it % 5]!, w = [3, 640, 1, 9][it % 4]!;
      const n = Math.floor(rnd() * 40);
      const counts = new Uint32Array(n);
      for (let j = 0; j < n; j++) {
        const r = rnd();
        counts[j] = r < 0.15 ? 0 // empty runs (foreground ones make bboxFromCum divide)
          : r < 0.25 ? Math.floor(rnd() * 2 ** 32) // any uint32, positions wrap mod 2^32
            : r < 0.3 ? 2 ** 31 + Math.floor(rnd() * 3) - 1 // around the int32 limit
              : r < 0.33 ? 2 ** 32 - 1 - Math.floor(rnd() * 2)
                : Math.floor(rnd() * (r < 0.7 ? 20 : 5000)); // one-character deltas and longer ones
      }
      const s = rleToString({ h, w, counts });
      const ref = rleFrString(s, h, w); // the general decoder
      if (!same(ref.counts, counts)) throw new Error('rleToString / rleFrString round trip');
      const pm = prepareMaskFromString(s, h, w, it % 2 ? arena : undefined);
      const alone = prepareMask(ref);
      let area = 0;
      for (let j = 1; j < n; j += 2) area += counts[j]!;
      const ok = same(pm.cum, alone.cum) && pm.runs === n && pm.area === area >>> 0 && same(pm.box, rleToBbox(ref));
      if (!ok) bad.push(it);
    }
    expect(bad).toEqual([]);
  });

  it('decoded masks of ordinary sizes: the prepared area and box are those of the decoded pixels', () => {
    const rnd = mulberry32(17);
    for (let it = 0; it < 300; it++) {
      const h = 1 + Math.floor(rnd() * 40), w = 1 + Math.floor(rnd() * 40);
      const counts: number[] = [];
      let left = h * w;
      while (left > 0) { const c = Math.min(left, Math.floor(rnd() * 30)); counts.push(c); left -= c; }
      const r: Rle = { h, w, counts: Uint32Array.from(counts) };
      const pm = prepareMaskFromString(rleToString(r), h, w);
      const px = rleDecode(r);
      let area = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
      for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) if (px[x * h + y]) { area++; x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      expect(pm.area).toBe(area);
      // rleToBbox's box where no foreground run is empty or spans columns is the pixels' box
      const plain = counts.every((c, j) => j % 2 === 0 || c > 0);
      if (area > 0 && plain && counts.every((_c, j) => j % 2 === 0 || Math.floor(counts.slice(0, j).reduce((a, b) => a + b, 0) / h) === Math.floor((counts.slice(0, j + 1).reduce((a, b) => a + b, 0) - 1) / h))) {
        expect([pm.x, pm.y, pm.bw, pm.bh]).toEqual([x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
      }
    }
  });

  it('results reader: counts copied up to the quote; a backslash, an escaped quote or a byte outside the alphabet anywhere', () => {
    const rnd = mulberry32(3);
    const alphabet = Array.from({ length: 64 }, (_, i) => String.fromCharCode(48 + i));
    for (let it = 0; it < 300; it++) {
      const n = Math.floor(rnd() * 50);
      let s = '';
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(rnd() * 64)]!;
      const json = JSON.stringify([{ image_id: 1, category_id: 2, score: 0.5, segmentation: { size: [4, 5], counts: s } }]);
      const cols = scanCocoResults(new TextEncoder().encode(json), 'segm');
      expect(cols).not.toBeNull();
      expect(columnsRleCounts(cols!, 0)).toBe((JSON.parse(json) as { segmentation: { counts: string } }[])[0]!.segmentation.counts);
      // out of the subset at a random place: the reader gives up (null), whatever came before
      const at = Math.floor(rnd() * (n + 1));
      for (const bad of ['\\"', '\\n', '\\u0041', '!', 'z', '\u00e9']) {
        const t = JSON.stringify([{ image_id: 1, category_id: 2, score: 0.5, segmentation: { size: [4, 5], counts: 'XX' } }])
          .replace('"XX"', `"${s.slice(0, at).replace(/\\/g, '\\\\')}${bad}${s.slice(at).replace(/\\/g, '\\\\')}"`);
        expect(scanCocoResults(new TextEncoder().encode(t), 'segm')).toBeNull();
      }
    }
  });

  it('results reader: many long strings (the counts buffer grows) come out whole and in order', () => {
    const rnd = mulberry32(8);
    const dets: object[] = [];
    const want: string[] = [];
    for (let i = 0; i < 400; i++) {
      let s = '';
      const n = Math.floor(rnd() * 3000);
      for (let j = 0; j < n; j++) s += String.fromCharCode(48 + Math.floor(rnd() * 64));
      want.push(s);
      dets.push({ image_id: i, category_id: 1, segmentation: { counts: s, size: [9, 9] }, score: rnd() });
    }
    const cols = scanCocoResults(new TextEncoder().encode(JSON.stringify(dets)), 'segm')!;
    expect(cols.length).toBe(400);
    for (let i = 0; i < 400; i++) expect(columnsRleCounts(cols, i)).toBe(want[i]);
  });
});
