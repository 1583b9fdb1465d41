import { imageBox } from '../../src/core/coords';
import { describe, expect, it } from 'vitest';
import { rleArea, rleDecode, rleEncode, rleFrBbox, rleIou } from '../../src/core/eval';

import { grabCut } from '../../src/core/instance/grabcut';
import type { RgbaImage } from '../../src/core/instance/image';
import { FlowGraph } from '../../src/core/instance/maxflow';
import { pasteMask } from '../../src/core/instance/paste';
import { boxMaskRle, classicMask } from '../../src/core/instance/pipelines';
import { cropMaskToRle, rleToCropMask, type CropMask } from '../../src/core/instance/rle';
import { mulberry32 } from '../../src/core/random';

/** Full-image column-major mask of a crop, built pixel by pixel (the reference for the run encoder). */
function fullColumnMajor(m: CropMask, W: number, H: number): Uint8Array {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) {
    const X = m.x0 + x, Y = m.y0 + y;
    if (X >= 0 && X < W && Y >= 0 && Y < H && m.data[y * m.width + x]) out[X * H + Y] = 1;
  }
  return out;
}

describe('crop masks ↔ COCO RLE', () => {
  it('cropMaskToRle equals rleEncode of the full mask, also for crops that leave the image', () => {
    const rnd = mulberry32(7);
    for (let t = 0; t < 50; t++) {
      const W = 3 + Math.floor(rnd() * 20), H = 3 + Math.floor(rnd() * 20);
      const width = 1 + Math.floor(rnd() * 15), height = 1 + Math.floor(rnd() * 15);
      const m: CropMask = {
        x0: Math.floor(rnd() * W) - 5, y0: Math.floor(rnd() * H) - 5, width, height,
        data: Uint8Array.from({ length: width * height }, () => (rnd() < 0.5 ? 1 : 0)),
      };
      const ref = rleEncode(fullColumnMajor(m, W, H), H, W);
      const got = cropMaskToRle(m, { width: W, height: H });
      expect(Array.from(got.counts)).toEqual(Array.from(ref.counts));
      expect([got.h, got.w]).toEqual([H, W]);
      // and back: the tight crop decodes to the same pixels
      const back = rleToCropMask(got);
      expect(Array.from(fullColumnMajor(back, W, H))).toEqual(Array.from(rleDecode(ref)));
    }
  });
});

describe('paste-back (bilinear resize + threshold)', () => {
  it('an all-ones mask fills exactly the pixels whose centres are in the box (hand count 20 × 14)', () => {
    const ones = new Float32Array(28 * 28).fill(1);
    const m = pasteMask(ones, 28, 28, imageBox(10.2, 5.7, 30.4, 20.1), { width: 64, height: 48 });
    // centres x + 0.5 in [10.2, 30.4): x = 10..29; y + 0.5 in [5.7, 20.1): y = 6..19
    expect([m.x0, m.y0, m.width, m.height]).toEqual([10, 6, 20, 14]);
    expect(m.data.every((v) => v === 1)).toBe(true);
  });

  it('identity size reproduces the mask; 2× upsampling moves the 0.5 crossing to the half-pixel (hand-worked)', () => {
    const half = new Float32Array(28 * 28);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 14; c++) half[r * 28 + c] = 1;
    const id = pasteMask(half, 28, 28, imageBox(0, 0, 28, 28), { width: 28, height: 28 });
    expect(Array.from(id.data)).toEqual(Array.from(half, (v) => (v >= 0.5 ? 1 : 0)));
    const up = pasteMask(half, 28, 28, imageBox(0, 0, 56, 56), { width: 56, height: 56 });
    // u = (px + 0.5)/2 − 0.5; value = 1 for u ≤ 13, 14 − u between 13 and 14 → ≥ 0.5 iff u ≤ 13.5 iff px ≤ 27
    for (let px = 0; px < 56; px++) expect(up.data[10 * 56 + px]).toBe(px <= 27 ? 1 : 0);
  });

  it('clip keeps a pasted region inside its box', () => {
    const ones = new Float32Array(16).fill(1);
    const m = pasteMask(ones, 4, 4, imageBox(0, 0, 40, 40), { width: 40, height: 40 }, { clip: imageBox(10, 12, 20, 30) });
    expect([m.x0, m.y0, m.width, m.height]).toEqual([10, 12, 10, 18]);
  });
});

describe('max-flow (Dinic) against brute-force minimum cuts', () => {
  it('equals the cheapest of all 2^n cuts on random small graphs', () => {
    const rnd = mulberry32(3);
    for (let t = 0; t < 120; t++) {
      const n = 2 + Math.floor(rnd() * 11);
      const src = Array.from({ length: n }, () => (rnd() < 0.7 ? Math.floor(rnd() * 10) : 0));
      const snk = Array.from({ length: n }, () => (rnd() < 0.7 ? Math.floor(rnd() * 10) : 0));
      const edges: [number, number, number, number][] = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rnd() < 0.5) edges.push([i, j, Math.floor(rnd() * 8), Math.floor(rnd() * 8)]);
      const g = new FlowGraph(n, edges.length);
      for (const [i, j, c, rc] of edges) g.addEdge(i, j, c, rc);
      for (let i = 0; i < n; i++) g.addTerminal(i, src[i]!, snk[i]!);
      const flow = g.maxflow();
      const cutCost = (inS: (i: number) => boolean) => {
        let c = 0;
        for (let i = 0; i < n; i++) c += inS(i) ? snk[i]! : src[i]!;
        for (const [i, j, cap, rc] of edges) {
          if (inS(i) && !inS(j)) c += cap;
          if (inS(j) && !inS(i)) c += rc;
        }
        return c;
      };
      let best = Infinity;
      for (let mask = 0; mask < 1 << n; mask++) best = Math.min(best, cutCost((i) => ((mask >> i) & 1) === 1));
      expect(flow).toBe(best);
      const side = g.sourceSide();
      expect(cutCost((i) => side[i] === 1)).toBe(best);
    }
  });
});

/** A W×H image: a two-colour object (disk) on a noisy two-colour striped background; truth row-major. */
function synthetic(W: number, H: number, cx: number, cy: number, r: number, seed: number): { img: RgbaImage; truth: Uint8Array } {
  const rnd = mulberry32(seed);
  const data = new Uint8ClampedArray(W * H * 4);
  const truth = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = y * W + x;
    const inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r;
    truth[i] = inside ? 1 : 0;
    const base = inside ? (y < cy ? [200, 40, 40] : [230, 200, 30]) : (Math.floor(x / 6) % 2 ? [40, 120, 60] : [60, 70, 160]);
    for (let c = 0; c < 3; c++) data[i * 4 + c] = base[c]! + (rnd() - 0.5) * 40;
    data[i * 4 + 3] = 255;
  }
  return { img: { width: W, height: H, data }, truth };
}

function iou(a: Uint8Array, b: Uint8Array): number {
  let i = 0, u = 0;
  for (let k = 0; k < a.length; k++) { i += a[k]! & b[k]!; u += a[k]! | b[k]!; }
  return i / u;
}

describe('GrabCut on synthetic images with known masks', () => {
  it('recovers a two-colour disk from its bounding box far better than the box itself', () => {
    const { img, truth } = synthetic(60, 50, 30, 25, 15, 11);
    const rect = { x0: 15, y0: 10, x1: 45, y1: 40 };
    const boxMask = new Uint8Array(60 * 50);
    for (let y = rect.y0; y < rect.y1; y++) for (let x = rect.x0; x < rect.x1; x++) boxMask[y * 60 + x] = 1;
    const alpha = grabCut(img, rect);
    expect(iou(boxMask, truth)).toBeLessThan(0.8); // π/4 for a disk in its square
    expect(iou(alpha, truth)).toBeGreaterThan(0.93);
    // nothing outside the rectangle
    for (let y = 0; y < 50; y++) for (let x = 0; x < 60; x++) if (x < 15 || x >= 45 || y < 10 || y >= 40) expect(alpha[y * 60 + x]).toBe(0);
    // deterministic
    expect(Array.from(grabCut(img, rect))).toEqual(Array.from(alpha));
  });

  it('classicMask on a large image: mask inside the box, closer to the truth than the filled box', () => {
    const W = 320, H = 240;
    const { img, truth } = synthetic(W, H, 150, 120, 70, 5);
    const b = imageBox(78.4, 48.2, 222.5, 191.7);
    const size = { width: W, height: H };
    const m = classicMask(img, b, size);
    const rle = cropMaskToRle(m, size);
    const truthCm = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) truthCm[x * H + y] = truth[y * W + x]!;
    const gt = rleEncode(truthCm, H, W);
    const boxRle = boxMaskRle(b, size);
    expect(rleIou(boxRle, gt)).toBeLessThan(0.8);
    expect(rleIou(rle, gt)).toBeGreaterThan(0.9);
    expect(m.x0).toBeGreaterThanOrEqual(78);
    expect(m.x0 + m.width).toBeLessThanOrEqual(223);
    expect(rleArea(rle)).toBeLessThan(rleArea(rleFrBbox([b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1], H, W)));
  });

});
