/**
 * RoI Pool and RoI Align on a feature map — the plain reference (Fast R-CNN, Mask R-CNN).
 * `src/models/roiOps.ts` computes the same with tf ops; both use the geometry helpers below, so what
 * the pages draw (bins, sample points) is exactly what is computed.
 *
 * ## Coordinate convention (the one of torchvision.ops / Detectron2)
 * - A RoI is a box `{x1, y1, x2, y2}` in the continuous pixel coordinates of the network's **input
 *   image**: pixel (i, j) covers [j, j+1) × [i, i+1); its centre is at (j + 0.5, i + 0.5).
 * - `spatialScale` = feature-map size / input size (1/stride, e.g. 1/16): the RoI in feature
 *   coordinates is `x · spatialScale`.
 * - Feature maps are HWC `Float32Array`s (`FeatureMap`), element (y, x, c) at `(y·W + x)·C + c`.
 * - Outputs are `[numRois, outH, outW, C]` (HWC per RoI) `Float32Array`s.
 *
 * ## RoI Pool (Girshick 2015; Caffe / torchvision `roi_pool`)
 * The RoI is **rounded** to whole feature cells: start = round(x1·s), end = round(x2·s), size =
 * max(end − start + 1, 1); bin (ph, pw) covers the integer rows
 * [floor(ph·size/outH), ceil((ph+1)·size/outH)) + start (clipped to the map), and its value is the max
 * over those cells (0 for an empty bin). Two roundings → the misalignment RoI Align removes.
 *
 * ## RoI Align (He et al. 2017; torchvision `roi_align`)
 * No rounding: with `aligned` the RoI is shifted by −0.5 cell (so feature cell i, whose centre is at
 * index i, lines up with the input pixels it summarises; Detectron2's ROIAlignV2); without it the RoI is
 * forced to be at least 1×1 cell (the original Mask R-CNN code). Each bin is sampled at a
 * `gridH × gridW` lattice of points at the centres of equal sub-cells (gridH = samplingRatio, or
 * ceil(roiH / outH) when samplingRatio ≤ 0 — "adaptive"), each point read by bilinear interpolation,
 * and the bin's value is the **average** of its points. Bilinear reads follow torchvision: a point with
 * y < −1 or y > H (or the same in x) reads 0; otherwise y is clamped into [0, H − 1].
 */

/** A feature map in HWC order. */
export interface FeatureMap {
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** A RoI in input-image pixels (a `Box<S>` of `core/geometry` fits). */
export interface RoiBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface RoiPoolOptions {
  /** Output bins per side, or [outH, outW] (7 in Fast R-CNN's VGG16 head). */
  readonly outputSize: number | readonly [number, number];
  /** Feature size / input size, e.g. 1/16. */
  readonly spatialScale: number;
}

export interface RoiAlignOptions extends RoiPoolOptions {
  /** Sample points per bin side; ≤ 0 = adaptive ceil(roiSize / outSize). Default 2 (Mask R-CNN). */
  readonly samplingRatio?: number;
  /** Half-pixel shift (Detectron2 ROIAlignV2 / torchvision `aligned=True`). Default true. */
  readonly aligned?: boolean;
}

export function outSize(o: RoiPoolOptions): [number, number] {
  return typeof o.outputSize === 'number' ? [o.outputSize, o.outputSize] : [o.outputSize[0], o.outputSize[1]];
}

/** JS Math.round rounds .5 up; C's round (Caffe/torchvision) rounds half away from zero. */
function roundHalfAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** One RoI Pool bin: integer cell ranges [y0, y1) × [x0, x1) on the feature map (empty if y1 ≤ y0 or x1 ≤ x0). */
export interface PoolBin {
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
}

/** The quantized RoI (whole cells, inclusive end as in Caffe) and its outH × outW bins, row-major. */
export interface PoolGeometry {
  readonly startX: number;
  readonly startY: number;
  /** Width/height in cells after rounding (≥ 1). */
  readonly roiW: number;
  readonly roiH: number;
  readonly bins: readonly PoolBin[];
}

export function roiPoolGeometry(roi: RoiBox, o: RoiPoolOptions, fh: number, fw: number): PoolGeometry {
  const [oh, ow] = outSize(o);
  const s = o.spatialScale;
  const startX = roundHalfAway(roi.x1 * s);
  const startY = roundHalfAway(roi.y1 * s);
  const endX = roundHalfAway(roi.x2 * s);
  const endY = roundHalfAway(roi.y2 * s);
  const roiW = Math.max(endX - startX + 1, 1);
  const roiH = Math.max(endY - startY + 1, 1);
  const bh = roiH / oh;
  const bw = roiW / ow;
  const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const bins: PoolBin[] = [];
  for (let ph = 0; ph < oh; ph++) {
    const y0 = clip(Math.floor(ph * bh) + startY, fh);
    const y1 = clip(Math.ceil((ph + 1) * bh) + startY, fh);
    for (let pw = 0; pw < ow; pw++) {
      const x0 = clip(Math.floor(pw * bw) + startX, fw);
      const x1 = clip(Math.ceil((pw + 1) * bw) + startX, fw);
      bins.push({ y0, y1, x0, x1 });
    }
  }
  return { startX, startY, roiW, roiH, bins };
}

/** RoI Pool of many RoIs: [rois.length, outH, outW, C]. */
export function roiPool(f: FeatureMap, rois: readonly RoiBox[], o: RoiPoolOptions): Float32Array {
  const [oh, ow] = outSize(o);
  const C = f.channels;
  const out = new Float32Array(rois.length * oh * ow * C);
  rois.forEach((roi, n) => {
    const g = roiPoolGeometry(roi, o, f.height, f.width);
    g.bins.forEach((b, k) => {
      const base = (n * oh * ow + k) * C;
      if (b.y1 <= b.y0 || b.x1 <= b.x0) return; // empty bin → 0
      for (let c = 0; c < C; c++) out[base + c] = -Infinity;
      for (let y = b.y0; y < b.y1; y++) {
        for (let x = b.x0; x < b.x1; x++) {
          const src = (y * f.width + x) * C;
          for (let c = 0; c < C; c++) {
            const v = f.data[src + c]!;
            if (v > out[base + c]!) out[base + c] = v;
          }
        }
      }
    });
  });
  return out;
}

/** The RoI Align lattice of one RoI, in feature-map coordinates (cell i's centre is at i). */
export interface AlignGeometry {
  /** The RoI in feature coordinates after the optional −0.5 shift. */
  readonly startX: number;
  readonly startY: number;
  readonly roiW: number;
  readonly roiH: number;
  readonly binW: number;
  readonly binH: number;
  readonly gridH: number;
  readonly gridW: number;
}

export function roiAlignGeometry(roi: RoiBox, o: RoiAlignOptions): AlignGeometry {
  const [oh, ow] = outSize(o);
  const s = o.spatialScale;
  const aligned = o.aligned ?? true;
  const off = aligned ? 0.5 : 0;
  const startX = roi.x1 * s - off;
  const startY = roi.y1 * s - off;
  let roiW = roi.x2 * s - off - startX;
  let roiH = roi.y2 * s - off - startY;
  if (!aligned) {
    roiW = Math.max(roiW, 1);
    roiH = Math.max(roiH, 1);
  }
  const binW = roiW / ow;
  const binH = roiH / oh;
  const sr = o.samplingRatio ?? 2;
  const gridH = sr > 0 ? sr : Math.max(1, Math.ceil(roiH / oh));
  const gridW = sr > 0 ? sr : Math.max(1, Math.ceil(roiW / ow));
  return { startX, startY, roiW, roiH, binW, binH, gridH, gridW };
}

/** The sample points of bin (ph, pw), feature coordinates, row-major over the bin's grid. */
export function roiAlignSamplePoints(g: AlignGeometry, ph: number, pw: number): { x: number; y: number }[] {
  const pts: { x: number; y: number }[] = [];
  for (let iy = 0; iy < g.gridH; iy++) {
    const y = g.startY + ph * g.binH + ((iy + 0.5) * g.binH) / g.gridH;
    for (let ix = 0; ix < g.gridW; ix++) {
      pts.push({ x: g.startX + pw * g.binW + ((ix + 0.5) * g.binW) / g.gridW, y });
    }
  }
  return pts;
}

/** Bilinear read of channel range at (y, x) into `acc` (added, times `weight`), torchvision's border rule. */
function bilinearAdd(f: FeatureMap, y: number, x: number, acc: Float32Array, accBase: number, weight: number): void {
  const H = f.height;
  const W = f.width;
  if (y < -1 || y > H || x < -1 || x > W) return;
  if (y <= 0) y = 0;
  if (x <= 0) x = 0;
  let yl = Math.floor(y);
  let xl = Math.floor(x);
  let yh: number;
  let xh: number;
  if (yl >= H - 1) {
    yh = yl = H - 1;
    y = yl;
  } else yh = yl + 1;
  if (xl >= W - 1) {
    xh = xl = W - 1;
    x = xl;
  } else xh = xl + 1;
  const ly = y - yl;
  const lx = x - xl;
  const w1 = (1 - ly) * (1 - lx) * weight;
  const w2 = (1 - ly) * lx * weight;
  const w3 = ly * (1 - lx) * weight;
  const w4 = ly * lx * weight;
  const C = f.channels;
  const p1 = (yl * W + xl) * C;
  const p2 = (yl * W + xh) * C;
  const p3 = (yh * W + xl) * C;
  const p4 = (yh * W + xh) * C;
  const d = f.data;
  for (let c = 0; c < C; c++) acc[accBase + c]! += w1 * d[p1 + c]! + w2 * d[p2 + c]! + w3 * d[p3 + c]! + w4 * d[p4 + c]!;
}

/** RoI Align of many RoIs: [rois.length, outH, outW, C]. */
export function roiAlign(f: FeatureMap, rois: readonly RoiBox[], o: RoiAlignOptions): Float32Array {
  const [oh, ow] = outSize(o);
  const C = f.channels;
  const out = new Float32Array(rois.length * oh * ow * C);
  rois.forEach((roi, n) => {
    const g = roiAlignGeometry(roi, o);
    const w = 1 / (g.gridH * g.gridW);
    for (let ph = 0; ph < oh; ph++) {
      for (let pw = 0; pw < ow; pw++) {
        const base = ((n * oh + ph) * ow + pw) * C;
        for (const p of roiAlignSamplePoints(g, ph, pw)) bilinearAdd(f, p.y, p.x, out, base, w);
      }
    }
  });
  return out;
}

/**
 * How far RoI Pool's quantized region is from the true RoI, in input pixels: the mean absolute
 * difference of the four edges (the quantized region spans cells [start, start + size) → input pixels
 * ÷ spatialScale), and the IoU of the two regions. RoI Align's is 0 by construction.
 */
export function roiPoolMisalignment(roi: RoiBox, o: RoiPoolOptions, fh: number, fw: number): { meanEdgeError: number; iou: number; quantized: RoiBox } {
  const g = roiPoolGeometry(roi, o, fh, fw);
  const s = o.spatialScale;
  const q: RoiBox = { x1: g.startX / s, y1: g.startY / s, x2: (g.startX + g.roiW) / s, y2: (g.startY + g.roiH) / s };
  const meanEdgeError = (Math.abs(q.x1 - roi.x1) + Math.abs(q.y1 - roi.y1) + Math.abs(q.x2 - roi.x2) + Math.abs(q.y2 - roi.y2)) / 4;
  const iw = Math.min(q.x2, roi.x2) - Math.max(q.x1, roi.x1);
  const ih = Math.min(q.y2, roi.y2) - Math.max(q.y1, roi.y1);
  const inter = iw > 0 && ih > 0 ? iw * ih : 0;
  const areaA = (q.x2 - q.x1) * (q.y2 - q.y1);
  const areaB = Math.max(0, roi.x2 - roi.x1) * Math.max(0, roi.y2 - roi.y1);
  const uni = areaA + areaB - inter;
  return { meanEdgeError, iou: uni > 0 ? inter / uni : 0, quantized: q };
}
