import { describe, expect, it } from 'vitest';
import { rleDecode, rleEncode, rleFrBbox, rleFrPoly } from '../../src/core/eval/mask';
import { maskAlphaLayer } from '../../src/core/maskLayer';

/** Reference: decode the whole mask (pycocotools port), sample nearest, edge by brute force. */
function reference(h: number, w: number, m: Uint8Array, W: number, H: number, fill: number, e: number): Uint8ClampedArray {
  const inside = (ox: number, oy: number) => {
    if (ox < 0 || oy < 0 || ox >= W || oy >= H) return false;
    const x = Math.min(w - 1, Math.floor(((ox + 0.5) * w) / W));
    const y = Math.min(h - 1, Math.floor(((oy + 0.5) * h) / H));
    return m[x * h + y] === 1;
  };
  const out = new Uint8ClampedArray(W * H);
  for (let oy = 0; oy < H; oy++)
    for (let ox = 0; ox < W; ox++) {
      if (!inside(ox, oy)) continue;
      let edge = false;
      for (let d = 1; d <= e; d++) if (!inside(ox - d, oy) || !inside(ox + d, oy) || !inside(ox, oy - d) || !inside(ox, oy + d)) edge = true;
      out[oy * W + ox] = edge ? 255 : Math.round(fill * 255);
    }
  return out;
}

describe('maskAlphaLayer', () => {
  it('a box mask at the image size: fill inside, opaque one-pixel edge exactly on the box border (hand-worked)', () => {
    // COCO box [2, 2, 5, 4] in a 10 × 8 image → pixels x 2..6, y 2..5.
    const a = maskAlphaLayer(rleFrBbox([2, 2, 5, 4], 8, 10), { width: 10, height: 8 }, 0.4, 1);
    const at = (x: number, y: number) => a[y * 10 + x];
    expect(at(1, 3)).toBe(0);
    expect(at(2, 3)).toBe(255); // left edge
    expect(at(6, 3)).toBe(255); // right edge
    expect(at(7, 3)).toBe(0);
    expect(at(4, 2)).toBe(255); // top edge
    expect(at(4, 5)).toBe(255); // bottom edge
    expect(at(4, 6)).toBe(0);
    expect(at(4, 3)).toBe(102); // 0.4 · 255
    let n = 0;
    for (const v of a) if (v) n++;
    expect(n).toBe(20); // 5 × 4 pixels
  });

  it('equals the brute-force reference on a polygon at several display sizes and edge widths', () => {
    const h = 37, w = 53;
    const rle = rleFrPoly([5, 4, 48, 9, 30, 33, 8, 28, 20, 18], h, w);
    const m = rleDecode(rle);
    for (const [W, H, e] of [[53, 37, 1], [106, 74, 2], [20, 14, 1], [160, 37, 3], [53, 37, 0]] as const) {
      expect(Array.from(maskAlphaLayer(rle, { width: W, height: H }, 0.35, e)), `${W}x${H} e${e}`).toEqual(Array.from(reference(h, w, m, W, H, 0.35, e)));
    }
  });

  it('a mask touching the image border gets its edge there; an empty mask draws nothing', () => {
    const h = 4, w = 4;
    const full = rleEncode(new Uint8Array(16).fill(1), h, w);
    const a = maskAlphaLayer(full, { width: 4, height: 4 }, 0.5, 1);
    expect(Array.from(a)).toEqual([255, 255, 255, 255, 255, 128, 128, 255, 255, 128, 128, 255, 255, 255, 255, 255]);
    expect(Array.from(maskAlphaLayer(rleEncode(new Uint8Array(16), h, w), { width: 8, height: 8 }, 0.5, 1)).every((v) => v === 0)).toBe(true);
  });
});
