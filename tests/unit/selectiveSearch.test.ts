/**
 * Selective search (src/core/selectiveSearch): FH segmentation on synthetic images with known regions,
 * grouping invariants, colour conversions against known values, the quality measures by hand.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import {
  bestOverlaps, convertPixel, felzenszwalb, hierarchicalGrouping, labelsAfter, proposalQuality, rankProposals, selectiveSearch, toPlanar,
  type RgbaImage,
} from '../../src/core/selectiveSearch';

/** w×h image painted by `colour(x, y)` with ±noise per channel. */
function paint(w: number, h: number, colour: (x: number, y: number) => [number, number, number], noise = 6, seed = 1): RgbaImage {
  const rnd = mulberry32(seed);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = colour(x, y);
      for (let k = 0; k < 3; k++) data[(y * w + x) * 4 + k] = c[k]! + (rnd() * 2 - 1) * noise;
      data[(y * w + x) * 4 + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}

// Background grey, a red square 10..30 × 8..28, a blue bar 40..56 × 20..44 (px, [x1, x2)).
const RED = { x1: 10, y1: 8, x2: 30, y2: 28 };
const BLUE = { x1: 40, y1: 16, x2: 56, y2: 40 };
const inside = (b: typeof RED, x: number, y: number) => x >= b.x1 && x < b.x2 && y >= b.y1 && y < b.y2;
const scene = paint(64, 48, (x, y) => (inside(RED, x, y) ? [200, 30, 30] : inside(BLUE, x, y) ? [30, 40, 210] : [120, 120, 120]), 2);

describe('Felzenszwalb–Huttenlocher', () => {
  it('finds exactly the three painted regions of a noisy image', () => {
    // σ = 0: smoothing would blur the edges into thin rim components of their own
    const seg = felzenszwalb(toPlanar(scene, 'rgb'), { k: 100, sigma: 0, minSize: 20 });
    expect(seg.count).toBe(3);
        const label = (x: number, y: number) => seg.labels[y * 64 + x]!;
    const red = label(20, 18);
    const blue = label(48, 30);
    const bg = label(2, 2);
    expect(new Set([red, blue, bg]).size).toBe(3);
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 64; x++) {
        const want = inside(RED, x, y) ? red : inside(BLUE, x, y) ? blue : bg;
        expect(label(x, y)).toBe(want);
      }
    }
  });

  it('k controls the scale: a small k keeps a faint step that a large k merges', () => {
    const step = paint(40, 20, (x) => (x < 20 ? [100, 100, 100] : [118, 118, 118]), 0);
    expect(felzenszwalb(toPlanar(step, 'rgb'), { k: 1, sigma: 0, minSize: 1 }).count).toBe(2);
    expect(felzenszwalb(toPlanar(step, 'rgb'), { k: 1e6, sigma: 0, minSize: 1 }).count).toBe(1);
  });

  it('minSize: no component is smaller than it', () => {
    const rnd = paint(30, 30, () => [128, 128, 128], 60, 5);
    const seg = felzenszwalb(toPlanar(rnd, 'rgb'), { k: 10, minSize: 25 });
    const sizes = new Map<number, number>();
    for (const l of seg.labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
    expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(25);
  });
});

describe('hierarchical grouping', () => {
  const planar = toPlanar(scene, 'rgb');
  const noisy = paint(48, 40, (x, y) => [(x * 5) % 256, (y * 6) % 256, ((x + y) * 3) % 256], 30, 9);
  for (const [name, img] of [['scene', toPlanar(scene, 'hsv')], ['textured', toPlanar(noisy, 'lab')]] as const) {
    it(`${name}: R−1 merges, sizes add up, boxes are unions, the last region is the whole image`, () => {
      const seg = felzenszwalb(img, { k: 50, minSize: 5 });
      const h = hierarchicalGrouping(img, seg, ['colour', 'texture', 'size', 'fill']);
      expect(h.merges.length).toBe(seg.count - 1);
      expect(h.regions.length).toBe(2 * seg.count - 1);
      for (const m of h.merges) {
        const a = h.regions[m.a]!, b = h.regions[m.b]!, t = h.regions[m.into]!;
        expect(t.size).toBe(a.size + b.size);
        expect([t.x1, t.y1, t.x2, t.y2]).toEqual([Math.min(a.x1, b.x1), Math.min(a.y1, b.y1), Math.max(a.x2, b.x2), Math.max(a.y2, b.y2)]);
        expect(m.a).toBeLessThan(m.into);
        expect(m.b).toBeLessThan(m.into);
      }
      const top = h.regions[h.regions.length - 1]!;
      expect(top).toEqual({ x1: 0, y1: 0, x2: img.width, y2: img.height, size: img.width * img.height });
      // stepping: before any merge the FH labels; after all, one label
      expect(Array.from(labelsAfter(seg, h, 0))).toEqual(Array.from(seg.labels));
      expect(new Set(labelsAfter(seg, h, h.merges.length)).size).toBe(1);
      expect(new Set(labelsAfter(seg, h, 1)).size).toBe(seg.count - 1);
    });
  }

  it('size similarity alone merges the smallest regions first', () => {
    const seg = felzenszwalb(planar, { k: 100, sigma: 0, minSize: 20 });
    expect(seg.count).toBe(3);
    const h = hierarchicalGrouping(planar, seg, ['size']);
    // regions: bg 3072 − 400 − 384, red 400, blue 384; red and blue do not touch, so the first merge is the
    // adjacent pair of smallest total size: bg with blue.
    const first = h.merges[0]!;
    const sizes = [h.regions[first.a]!.size, h.regions[first.b]!.size].sort((a, b) => a - b);
    expect(sizes).toEqual([384, 64 * 48 - 400 - 384]);
  });
});

describe('selective search', () => {
  it('both painted objects are proposed exactly (IoU 1)', () => {
    const r = selectiveSearch(scene, { seed: 3 });
    const o = bestOverlaps([RED, BLUE], r.boxes);
    expect(Array.from(o)).toEqual([1, 1]);
  });

  it('ranking: deterministic per seed, unique boxes, capped', () => {
    const a = selectiveSearch(scene, { seed: 7, maxProposals: 5 }).boxes;
    const b = selectiveSearch(scene, { seed: 7, maxProposals: 5 }).boxes;
    expect(a).toEqual(b);
    expect(a.length).toBeLessThanOrEqual(5);
    expect(new Set(a.map((x) => `${x.x1},${x.y1},${x.x2},${x.y2}`)).size).toBe(a.length);
    const h = selectiveSearch(scene).runs.map((x) => x.hierarchy);
    const all = rankProposals(h, 1); // exact duplicates only
    const distinct = new Set(h.flatMap((x) => x.regions.map((q) => `${q.x1},${q.y1},${q.x2},${q.y2}`)));
    expect(all.length).toBe(distinct.size);
  });

  it('near-duplicate removal: a box overlapping a better-ranked kept box by IoU ≥ t is dropped, others stay', () => {
    // One hierarchy, hand-made: regions in merge order; the last (whole image) ranks first for any RND < 1/2 of the rest.
    const reg = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2, size: (x2 - x1) * (y2 - y1) });
    const regions = [reg(0, 0, 10, 10), reg(0, 0, 10, 9), reg(20, 20, 30, 30), reg(0, 0, 30, 30)];
    const h = [{ regions, merges: [], initialCount: 4 }];
    // Boxes 0 and 1 have IoU 90/100 = 0.9 (box 1 inside box 0); no other pair reaches 0.9.
    const exact = rankProposals(h, 5);
    expect(exact.length).toBe(4);
    const near = rankProposals(h, 5, undefined, 0.9);
    expect(near.length).toBe(3);
    const keys = near.map((b) => `${b.x1},${b.y1},${b.x2},${b.y2}`);
    expect(keys).toContain('20,20,30,30');
    expect(keys).toContain('0,0,30,30');
    // Exactly one of the near-duplicate pair is kept: the one the exact ranking puts first.
    const first = exact.find((b) => b.x2 === 10)!;
    expect(keys).toContain(`${first.x1},${first.y1},${first.x2},${first.y2}`);
    // At 0.91 the pair is no longer a near-duplicate.
    expect(rankProposals(h, 5, undefined, 0.91).length).toBe(4);
  });

  it('quality: recall and MABO by hand', () => {
    // GT 0..10² and 20..30² (class 1), 0..10 × 20..30 (class 2); one proposal 0..10 × 0..5 (IoU 0.5 with the first).
    const gts = [{ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 20, y1: 20, x2: 30, y2: 30 }, { x1: 0, y1: 20, x2: 10, y2: 30 }];
    const o = bestOverlaps(gts, [{ x1: 0, y1: 0, x2: 10, y2: 5 }, { x1: 0, y1: 20, x2: 10, y2: 30 }]);
    expect(Array.from(o)).toEqual([0.5, 0, 1]);
    const q = proposalQuality(o, [1, 1, 2]);
    expect(q.recall).toBeCloseTo(2 / 3, 12);
    expect(q.mabo).toBeCloseTo((0.25 + 1) / 2, 12);
    expect(q.abo).toBeCloseTo(0.5, 12);
  });
});

describe('colour spaces', () => {
  it('HSV and Lab of known colours', () => {
    const out: number[] = [];
    convertPixel(255, 0, 0, 'hsv', out);
    expect(out).toEqual([0, 255, 255]);
    convertPixel(0, 0, 255, 'hsv', out);
    expect(out[0]).toBeCloseTo((240 / 360) * 255, 6);
    // sRGB white → L 100, a = b = 0; sRGB red → Lab (53.24, 80.09, 67.20) (standard D65 values)
    convertPixel(255, 255, 255, 'lab', out);
    expect(out[0]! / 2.55).toBeCloseTo(100, 2);
    expect(out[1]! - 128).toBeCloseTo(0, 2);
    convertPixel(255, 0, 0, 'lab', out);
    expect(out[0]! / 2.55).toBeCloseTo(53.24, 1);
    expect(out[1]! - 128).toBeCloseTo(80.09, 1);
    expect(out[2]! - 128).toBeCloseTo(67.2, 1);
  });
});
