/**
 * RoI Pool and RoI Align (src/core/roi) against hand-worked values and against straightforward
 * references written here from the published definitions (torchvision's roi_pool / roi_align kernels).
 */
import { describe, expect, it } from 'vitest';
import { roiAlign, roiAlignGeometry, roiAlignSamplePoints, roiPool, roiPoolGeometry, roiPoolMisalignment, type FeatureMap, type RoiBox } from '../../src/core/roi';
import { mulberry32 } from '../../src/core/random';

function fmap(h: number, w: number, c: number, f: (y: number, x: number, ch: number) => number): FeatureMap {
  const data = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) data[(y * w + x) * c + ch] = f(y, x, ch);
  return { data, height: h, width: w, channels: c };
}

function closeAll(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThanOrEqual(tol);
}

/** Explicit loop: the Caffe/torchvision roi_pool, pixel by pixel, nothing shared with the module. */
function roiPoolLoop(f: FeatureMap, roi: RoiBox, scale: number, ph: number, pw: number): number[] {
  const cRound = (v: number) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);
  const sw = cRound(roi.x1 * scale);
  const sh = cRound(roi.y1 * scale);
  const ew = cRound(roi.x2 * scale);
  const eh = cRound(roi.y2 * scale);
  const rw = Math.max(ew - sw + 1, 1);
  const rh = Math.max(eh - sh + 1, 1);
  const out: number[] = [];
  for (let i = 0; i < ph; i++) {
    for (let j = 0; j < pw; j++) {
      let hs = Math.floor((i * rh) / ph) + sh;
      let he = Math.ceil(((i + 1) * rh) / ph) + sh;
      let ws = Math.floor((j * rw) / pw) + sw;
      let we = Math.ceil(((j + 1) * rw) / pw) + sw;
      hs = Math.min(Math.max(hs, 0), f.height);
      he = Math.min(Math.max(he, 0), f.height);
      ws = Math.min(Math.max(ws, 0), f.width);
      we = Math.min(Math.max(we, 0), f.width);
      for (let c = 0; c < f.channels; c++) {
        let m = he <= hs || we <= ws ? 0 : -Infinity;
        for (let y = hs; y < he; y++) for (let x = ws; x < we; x++) m = Math.max(m, f.data[(y * f.width + x) * f.channels + c]!);
        out.push(m);
      }
    }
  }
  return out;
}

/** Straightforward bilinear read with torchvision's border rule. */
function bilinearRef(f: FeatureMap, y: number, x: number, c: number): number {
  if (y < -1 || y > f.height || x < -1 || x > f.width) return 0;
  const yc = Math.min(Math.max(y, 0), f.height - 1);
  const xc = Math.min(Math.max(x, 0), f.width - 1);
  const y0 = Math.floor(yc);
  const x0 = Math.floor(xc);
  const y1 = Math.min(y0 + 1, f.height - 1);
  const x1 = Math.min(x0 + 1, f.width - 1);
  const dy = yc - y0;
  const dx = xc - x0;
  const v = (yy: number, xx: number) => f.data[(yy * f.width + xx) * f.channels + c]!;
  return v(y0, x0) * (1 - dy) * (1 - dx) + v(y0, x1) * (1 - dy) * dx + v(y1, x0) * dy * (1 - dx) + v(y1, x1) * dy * dx;
}

/** Straightforward RoI Align: every bin, every sample point, averaged. */
function roiAlignRef(f: FeatureMap, roi: RoiBox, scale: number, ph: number, pw: number, sr: number, aligned: boolean): number[] {
  const off = aligned ? 0.5 : 0;
  const x0 = roi.x1 * scale - off;
  const y0 = roi.y1 * scale - off;
  let w = roi.x2 * scale - off - x0;
  let h = roi.y2 * scale - off - y0;
  if (!aligned) {
    w = Math.max(w, 1);
    h = Math.max(h, 1);
  }
  const gh = sr > 0 ? sr : Math.max(1, Math.ceil(h / ph));
  const gw = sr > 0 ? sr : Math.max(1, Math.ceil(w / pw));
  const out: number[] = [];
  for (let i = 0; i < ph; i++) {
    for (let j = 0; j < pw; j++) {
      for (let c = 0; c < f.channels; c++) {
        let sum = 0;
        for (let a = 0; a < gh; a++) {
          for (let b = 0; b < gw; b++) {
            const y = y0 + (i + (a + 0.5) / gh) * (h / ph);
            const x = x0 + (j + (b + 0.5) / gw) * (w / pw);
            sum += bilinearRef(f, y, x, c);
          }
        }
        out.push(sum / (gh * gw));
      }
    }
  }
  return out;
}

function randomRois(seed: number, n: number, imgW: number, imgH: number): RoiBox[] {
  const rnd = mulberry32(seed);
  const rois: RoiBox[] = [];
  for (let i = 0; i < n; i++) {
    // Some RoIs reach past the image on purpose (border rules), some are tiny.
    const x1 = rnd() * imgW * 1.1 - imgW * 0.05;
    const y1 = rnd() * imgH * 1.1 - imgH * 0.05;
    const tiny = rnd() < 0.15;
    const x2 = x1 + (tiny ? rnd() * 2 : rnd() * imgW * 0.8);
    const y2 = y1 + (tiny ? rnd() * 2 : rnd() * imgH * 0.8);
    rois.push({ x1, y1, x2, y2 });
  }
  return rois;
}

describe('RoI Pool', () => {
  // 4×4 map, channel 0 = 4y + x, channel 1 = −(4y + x); image 8×8, scale 1/2.
  const f = fmap(4, 4, 2, (y, x, c) => (c === 0 ? 4 * y + x : -(4 * y + x)));
  const roi = { x1: 1.2, y1: 0.6, x2: 5.8, y2: 6.2 };

  it('hand-worked 2×2 case: the RoI rounds to cols 1..3, rows 0..3', () => {
    // x: 0.6 → 1, 2.9 → 3 (3 cells); y: 0.3 → 0, 3.1 → 3 (4 cells). Bins: rows [0,2) [2,4); cols [1,3) [2,4).
    const g = roiPoolGeometry(roi, { outputSize: 2, spatialScale: 0.5 }, 4, 4);
    expect(g.bins).toEqual([
      { y0: 0, y1: 2, x0: 1, x1: 3 },
      { y0: 0, y1: 2, x0: 2, x1: 4 },
      { y0: 2, y1: 4, x0: 1, x1: 3 },
      { y0: 2, y1: 4, x0: 2, x1: 4 },
    ]);
    // ch0 max = bottom-right cell of each bin; ch1 max = top-left.
    expect(Array.from(roiPool(f, [roi], { outputSize: 2, spatialScale: 0.5 }))).toEqual([6, -1, 7, -2, 14, -9, 15, -10]);
  });

  it('an RoI entirely outside the map gives empty bins = 0', () => {
    const out = roiPool(f, [{ x1: 20, y1: 20, x2: 30, y2: 30 }], { outputSize: 2, spatialScale: 0.5 });
    expect(Array.from(out)).toEqual(new Array(8).fill(0));
  });

  it('equals the explicit loop on 200 random RoIs, outputs 7×7 and 3×5, scales 1/16 and 1/4', () => {
    const big = fmap(9, 11, 3, (y, x, c) => Math.sin(y * 1.7 + x * 0.9 + c) * 3 + ((y * 7 + x * 3 + c) % 5));
    for (const [scale, out] of [
      [1 / 16, [7, 7]],
      [1 / 4, [3, 5]],
    ] as const) {
      const rois = randomRois(7, 200, big.width / scale, big.height / scale);
      const got = roiPool(big, rois, { outputSize: out, spatialScale: scale });
      const want = rois.flatMap((r) => roiPoolLoop(big, r, scale, out[0], out[1]));
      closeAll(got, want, 0);
    }
  });

  it('misalignment: zero for a RoI on cell boundaries, the rounding otherwise', () => {
    // Cells of 2 px; a RoI 2..6 × 2..6 px is cells 1..3 (Caffe's inclusive end adds one cell: 2..8 px).
    const m = roiPoolMisalignment({ x1: 2, y1: 2, x2: 6, y2: 6 }, { outputSize: 2, spatialScale: 0.5 }, 4, 4);
    expect(m.quantized).toEqual({ x1: 2, y1: 2, x2: 8, y2: 8 });
    expect(m.meanEdgeError).toBeCloseTo(1, 12); // (0 + 0 + 2 + 2) / 4
    expect(m.iou).toBeCloseTo(16 / 36, 12);
  });
});

describe('RoI Align', () => {
  // f = 10y + x on 3×3: bilinear reads of a linear function are exact inside [0, 2].
  const f = fmap(3, 3, 1, (y, x) => 10 * y + x);

  it('hand-worked 1×1 bin, aligned: the bin centre (1.5, 1.25) → 16.25', () => {
    // RoI 1..2.5 × 1..3 px, scale 1, −0.5 shift → x 0.5..2, y 0.5..2.5.
    const out = roiAlign(f, [{ x1: 1, y1: 1, x2: 2.5, y2: 3 }], { outputSize: 1, spatialScale: 1, samplingRatio: 2, aligned: true });
    // samples y 1.0, 2.0; x 0.875, 1.625 → mean 15 + 1.25.
    expect(out[0]).toBeCloseTo(16.25, 6);
  });

  it('hand-worked 2×2 bins, a sample past the last row is clamped to it', () => {
    const o = { outputSize: 2, spatialScale: 1, samplingRatio: 2, aligned: true } as const;
    const g = roiAlignGeometry({ x1: 1, y1: 1, x2: 2.5, y2: 3 }, o);
    // Row-1 bin spans y 1.5..2.5: samples at 1.75 and 2.25; 2.25 > H − 1 = 2 reads row 2.
    expect(roiAlignSamplePoints(g, 1, 0).map((p) => p.y)).toEqual([1.75, 1.75, 2.25, 2.25]);
    const out = roiAlign(f, [{ x1: 1, y1: 1, x2: 2.5, y2: 3 }], o);
    // (0,0): y 0.75,1.25 → 10; x 0.6875, 1.0625 → 0.875. (0,1): x 1.4375, 1.8125 → 1.625. Row 1: y (1.75 + 2)/2 = 1.875.
    closeAll(out, [10.875, 11.625, 19.625, 20.375], 1e-6);
  });

  it('not aligned: a zero-size RoI is widened to 1×1 cell', () => {
    const out = roiAlign(f, [{ x1: 1, y1: 1, x2: 1, y2: 1 }], { outputSize: 1, spatialScale: 1, samplingRatio: 2, aligned: false });
    expect(out[0]).toBeCloseTo(16.5, 6); // samples 1.25, 1.75 in both axes
  });

  it('points beyond −1 read 0', () => {
    const out = roiAlign(f, [{ x1: -10, y1: -10, x2: -6, y2: -6 }], { outputSize: 2, spatialScale: 1, samplingRatio: 2 });
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });

  it('equals the straightforward bilinear reference to 1e-5 (random RoIs, aligned on/off, sampling 1, 2, adaptive)', () => {
    const big = fmap(9, 11, 3, (y, x, c) => Math.cos(y * 0.8 - x * 1.3 + c) * 2 + ((y + 2 * x + c) % 3));
    for (const aligned of [true, false]) {
      for (const sr of [1, 2, 0]) {
        const scale = 1 / 8;
        const rois = randomRois(11 + sr, 150, big.width / scale, big.height / scale);
        const got = roiAlign(big, rois, { outputSize: [7, 5], spatialScale: scale, samplingRatio: sr, aligned });
        const want = rois.flatMap((r) => roiAlignRef(big, r, scale, 7, 5, sr, aligned));
        closeAll(got, want, 1e-5);
      }
    }
  });
});
