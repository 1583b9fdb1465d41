/**
 * RoI Pool and RoI Align with tf ops, on a `[1, H, W, C]` feature tensor and many RoIs at once.
 * Same conventions and same numbers as the plain reference `src/core/roi` (read its header: RoIs in
 * input-image pixels, `spatialScale` = 1/stride, outputs `[numRois, outH, outW, C]`), checked to 1e-5
 * in tests/unit/roi-tf.test.ts.
 *
 * API (stable; other sections reuse it):
 * - `roiAlignTf(feature, rois, opts)` → `tf.Tensor4D` — call inside `tf.tidy` or dispose the result;
 * - `roiPoolTf(feature, rois, opts)` → `tf.Tensor4D` — same;
 * - `roiAlignData` / `roiPoolData` → `Promise<Float32Array>` — the same, read back, nothing left alive.
 *
 * How:
 * - RoI Align = `tf.image.cropAndResize` (bilinear) sampling every bin's `gridH × gridW` lattice in one
 *   crop of `outH·gridH × outW·gridW`, then `tf.avgPool` with a `grid`-sized window. The feature map is
 *   first padded by one replicated cell on each side, which reproduces torchvision's border rule
 *   (points in [−1, 0] read the edge, beyond read 0 = cropAndResize's extrapolation value). RoIs with
 *   different adaptive grids are cropped in separate groups and put back in order.
 * - RoI Pool = the bins of `core/roi`'s `roiPoolGeometry` as gathers: every bin's rows are gathered
 *   (a bin shorter than the longest repeats its last row — harmless for a max) and maxed, then the
 *   columns the same way; empty bins are zeroed by a mask. RoIs are processed in chunks to bound memory.
 */
import * as tf from '@tensorflow/tfjs';
import { outSize, roiAlignGeometry, roiPoolGeometry, type RoiAlignOptions, type RoiBox, type RoiPoolOptions } from '../core/roi';

function checkFeature(feature: tf.Tensor4D): void {
  if (feature.shape[0] !== 1) throw new Error(`roiOps: feature batch must be 1, got ${feature.shape[0]}`);
}

/** RoI Align of `rois` on `feature` [1, H, W, C] → [N, outH, outW, C]. */
export function roiAlignTf(feature: tf.Tensor4D, rois: readonly RoiBox[], opts: RoiAlignOptions): tf.Tensor4D {
  checkFeature(feature);
  const [, H, W, C] = feature.shape;
  const [oh, ow] = outSize(opts);
  if (rois.length === 0) return tf.zeros([0, oh, ow, C]);
  return tf.tidy(() => {
    // Replicate the border once: padded index = original + 1, size (H + 2) × (W + 2).
    const rowsPadded = tf.concat([feature.slice([0, 0, 0, 0], [1, 1, W, C]), feature, feature.slice([0, H - 1, 0, 0], [1, 1, W, C])], 1);
    const padded = tf.concat([rowsPadded.slice([0, 0, 0, 0], [1, H + 2, 1, C]), rowsPadded, rowsPadded.slice([0, 0, W - 1, 0], [1, H + 2, 1, C])], 2);
    const groups = new Map<string, { gh: number; gw: number; idx: number[]; boxes: number[] }>();
    rois.forEach((roi, n) => {
      const g = roiAlignGeometry(roi, opts);
      const key = `${g.gridH}x${g.gridW}`;
      let grp = groups.get(key);
      if (!grp) groups.set(key, (grp = { gh: g.gridH, gw: g.gridW, idx: [], boxes: [] }));
      // First and last sample along each axis, in padded feature coordinates, normalised by (size − 1).
      const sy = g.binH / g.gridH;
      const sx = g.binW / g.gridW;
      const y1 = g.startY + sy / 2 + 1;
      const y2 = g.startY + g.roiH - sy / 2 + 1;
      const x1 = g.startX + sx / 2 + 1;
      const x2 = g.startX + g.roiW - sx / 2 + 1;
      grp.idx.push(n);
      grp.boxes.push(y1 / (H + 1), x1 / (W + 1), y2 / (H + 1), x2 / (W + 1));
    });
    const parts: tf.Tensor4D[] = [];
    const order: number[] = [];
    for (const grp of groups.values()) {
      const crops = tf.image.cropAndResize(
        padded,
        tf.tensor2d(grp.boxes, [grp.idx.length, 4]),
        tf.zeros([grp.idx.length], 'int32'),
        [oh * grp.gh, ow * grp.gw],
        'bilinear',
        0,
      );
      parts.push(grp.gh === 1 && grp.gw === 1 ? crops : tf.avgPool(crops, [grp.gh, grp.gw], [grp.gh, grp.gw], 'valid'));
      order.push(...grp.idx);
    }
    if (parts.length === 1) return parts[0]!;
    const all = tf.concat(parts, 0);
    const inverse = new Int32Array(order.length);
    order.forEach((n, pos) => (inverse[n] = pos));
    return tf.gather(all, tf.tensor1d(inverse, 'int32'), 0) as tf.Tensor4D;
  });
}

/** Max elements of the row-gather intermediate per chunk (≈ 32 MB of float32). */
const CHUNK_ELEMENTS = 8 * 1024 * 1024;

/** RoI Pool of `rois` on `feature` [1, H, W, C] → [N, outH, outW, C]; `chunkElements` bounds the intermediate. */
export function roiPoolTf(feature: tf.Tensor4D, rois: readonly RoiBox[], opts: RoiPoolOptions, chunkElements = CHUNK_ELEMENTS): tf.Tensor4D {
  checkFeature(feature);
  const [, H, W, C] = feature.shape;
  const [oh, ow] = outSize(opts);
  if (rois.length === 0) return tf.zeros([0, oh, ow, C]);
  const geos = rois.map((r) => roiPoolGeometry(r, opts, H, W));
  let kh = 1;
  let kw = 1;
  for (const g of geos) {
    for (const b of g.bins) {
      kh = Math.max(kh, b.y1 - b.y0);
      kw = Math.max(kw, b.x1 - b.x0);
    }
  }
  const chunk = Math.max(1, Math.floor(chunkElements / (oh * kh * W * C)));
  return tf.tidy(() => {
    const fmap = feature.reshape([H, W, C]);
    const outs: tf.Tensor4D[] = [];
    for (let start = 0; start < geos.length; start += chunk) {
      const part = geos.slice(start, start + chunk);
      const n = part.length;
      const rowIdx = new Int32Array(n * oh * kh);
      const colIdx = new Int32Array(n * ow * kw);
      const mask = new Float32Array(n * oh * ow);
      part.forEach((g, i) => {
        for (let ph = 0; ph < oh; ph++) {
          const b = g.bins[ph * ow]!;
          const len = b.y1 - b.y0;
          for (let k = 0; k < kh; k++) rowIdx[(i * oh + ph) * kh + k] = len > 0 ? b.y0 + Math.min(k, len - 1) : 0;
        }
        for (let pw = 0; pw < ow; pw++) {
          const b = g.bins[pw]!;
          const len = b.x1 - b.x0;
          // Columns are gathered from a [n·W, oh, C] tensor: RoI i's column x is row i·W + x.
          for (let k = 0; k < kw; k++) colIdx[(i * ow + pw) * kw + k] = i * W + (len > 0 ? b.x0 + Math.min(k, len - 1) : 0);
        }
        g.bins.forEach((b, k) => (mask[i * oh * ow + k] = b.y1 > b.y0 && b.x1 > b.x0 ? 1 : 0));
      });
      const rows = tf.gather(fmap, tf.tensor1d(rowIdx, 'int32'), 0).reshape([n, oh, kh, W, C]).max(2); // [n, oh, W, C]
      const byCol = rows.transpose([0, 2, 1, 3]).reshape([n * W, oh, C]);
      const cols = tf.gather(byCol, tf.tensor1d(colIdx, 'int32'), 0).reshape([n, ow, kw, oh, C]).max(2); // [n, ow, oh, C]
      const pooled = cols.transpose([0, 2, 1, 3]) as tf.Tensor4D;
      outs.push(pooled.mul(tf.tensor4d(mask, [n, oh, ow, 1])));
    }
    return outs.length === 1 ? outs[0]! : tf.concat(outs, 0);
  });
}

async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return await t.data<'float32'>();
  } finally {
    t.dispose();
  }
}

export function roiAlignData(feature: tf.Tensor4D, rois: readonly RoiBox[], opts: RoiAlignOptions): Promise<Float32Array> {
  return readAndDispose(roiAlignTf(feature, rois, opts));
}

export function roiPoolData(feature: tf.Tensor4D, rois: readonly RoiBox[], opts: RoiPoolOptions): Promise<Float32Array> {
  return readAndDispose(roiPoolTf(feature, rois, opts));
}
