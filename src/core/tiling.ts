/**
 * Accuracy mode for a fixed-resolution detector (SSD at 300×300 loses small objects): run it on the
 * whole image and on a grid of overlapping crops (each crop is resized to the model's input, so small
 * objects get more pixels), optionally on horizontally flipped copies too, then merge the passes.
 *
 * Pure planning and merging; the model glue is in src/models/accurateDetect.ts and the only coordinate
 * change (crop pixels → image pixels, undoing the flip) is `cropToImage` in coords.ts.
 *
 * Merging:
 * - a detection of a crop that touches an edge of the crop lying inside the image is dropped: it is
 *   (probably) an object cut by the crop, and the whole-image pass or a neighbouring crop sees it whole;
 * - then either class-wise greedy NMS over all passes (`nms`), or weighted box fusion (`wbf`,
 *   Solovyev et al. 2019, arXiv 1910.13302): clusters of same-class boxes with IoU > threshold are
 *   fused into their score-weighted mean box, with the mean score scaled by min(N, T) / T where N is
 *   the cluster size and T the number of passes whose crop contains the fused box's centre.
 */
import { imageBox, type CropRect as Crop } from './coords';
import { height, iou, width, type Box, type Size } from './geometry';

export type { Crop };


export interface Pass {
  readonly crop: Crop;
  /** The crop is mirrored left↔right before the model sees it. */
  readonly flipped: boolean;
  /** The crop is the whole image (its detections are never dropped as truncated). */
  readonly whole: boolean;
}

export type MergeMethod = 'nms' | 'wbf';

export interface AccurateOptions {
  /** Crops per side (grid × grid crops besides the whole image); 0 = whole image only. */
  readonly grid: number;
  /** Overlap of neighbouring crops as a fraction of the crop's size, [0, 0.9]. */
  readonly overlap: number;
  /** Also run every pass on the mirrored crop. */
  readonly flip: boolean;
  readonly merge: MergeMethod;
  /** IoU above which two same-class boxes are the same object when merging. */
  readonly mergeIou: number;
}

export const DEFAULT_ACCURATE: AccurateOptions = { grid: 2, overlap: 0.25, flip: false, merge: 'nms', mergeIou: 0.55 };

/** Start offsets and length of `n` equal crops with fractional `overlap` covering [0, total). */
function axis(total: number, n: number, overlap: number): { starts: number[]; len: number } {
  if (n <= 1) return { starts: [0], len: total };
  const len = Math.min(total, Math.round(total / (n - (n - 1) * overlap)));
  const starts: number[] = [];
  for (let i = 0; i < n; i++) starts.push(i === n - 1 ? total - len : Math.round((i * (total - len)) / (n - 1)));
  return { starts, len };
}

/** The passes of the accuracy mode for an image of `size`: whole image first, then the grid, row by row. */
export function planPasses(size: Size, o: Pick<AccurateOptions, 'grid' | 'overlap' | 'flip'>): Pass[] {
  const W = Math.max(1, Math.round(size.width));
  const H = Math.max(1, Math.round(size.height));
  const grid = Math.max(0, Math.floor(o.grid));
  const overlap = Math.min(0.9, Math.max(0, o.overlap));
  const crops: { crop: Crop; whole: boolean }[] = [{ crop: { x: 0, y: 0, width: W, height: H }, whole: true }];
  if (grid >= 2) {
    const ax = axis(W, grid, overlap);
    const ay = axis(H, grid, overlap);
    for (const y of ay.starts) for (const x of ax.starts) crops.push({ crop: { x, y, width: ax.len, height: ay.len }, whole: false });
  }
  const passes: Pass[] = [];
  for (const c of crops) {
    passes.push({ ...c, flipped: false });
    if (o.flip) passes.push({ ...c, flipped: true });
  }
  return passes;
}

export interface PassDetection {
  /** In image pixels (already mapped back from the crop by `cropToImage`). */
  readonly box: Box<'image'>;
  readonly score: number;
  readonly categoryId: number;
  /** Index of the pass it came from. */
  readonly pass: number;
}

/**
 * True when `b` (image pixels) touches an edge of `crop` that lies inside the image (within `margin`
 * pixels): the object is likely cut by the crop.
 */
export function touchesInnerEdge(b: Box<'image'>, crop: Crop, image: Size, margin: number): boolean {
  const right = crop.x + crop.width;
  const bottom = crop.y + crop.height;
  return (
    (crop.x > 0 && b.x1 <= crop.x + margin) ||
    (crop.y > 0 && b.y1 <= crop.y + margin) ||
    (right < image.width && b.x2 >= right - margin) ||
    (bottom < image.height && b.y2 >= bottom - margin)
  );
}

export interface MergeOptions {
  readonly method: MergeMethod;
  readonly iouThreshold: number;
  readonly scoreThreshold: number;
  readonly maxDetections: number;
  /** Margin (image px) for `touchesInnerEdge`. */
  readonly edgeMargin: number;
}

export interface MergedDetection {
  readonly box: Box<'image'>;
  readonly score: number;
  readonly categoryId: number;
  /** How many pass detections were merged into it. */
  readonly members: number;
  /** The pass of its best-scoring member. */
  readonly pass: number;
}

function byScore<T extends { score: number }>(a: T, b: T): number {
  return b.score - a.score;
}

function centreIn(b: Box<'image'>, c: Crop): boolean {
  const cx = (b.x1 + b.x2) / 2;
  const cy = (b.y1 + b.y2) / 2;
  return cx >= c.x && cx <= c.x + c.width && cy >= c.y && cy <= c.y + c.height;
}

/** Merge the detections of all passes (see the module comment). Sorted by descending score. */
export function mergePasses(
  dets: readonly PassDetection[],
  passes: readonly Pass[],
  image: Size,
  o: MergeOptions,
): MergedDetection[] {
  const kept = dets.filter((d) => {
    const p = passes[d.pass];
    if (!p) throw new RangeError(`mergePasses: detection of unknown pass ${d.pass}`);
    return p.whole || !touchesInnerEdge(d.box, p.crop, image, o.edgeMargin);
  });
  const byClass = new Map<number, PassDetection[]>();
  for (const d of kept) {
    const list = byClass.get(d.categoryId);
    if (list) list.push(d);
    else byClass.set(d.categoryId, [d]);
  }
  const out: MergedDetection[] = [];
  for (const [categoryId, list] of byClass) {
    list.sort(byScore);
    if (o.method === 'nms') {
      const winners: PassDetection[] = [];
      const counts: number[] = [];
      for (const d of list) {
        const k = winners.findIndex((w) => iou(w.box, d.box) > o.iouThreshold);
        if (k < 0) {
          winners.push(d);
          counts.push(1);
        } else counts[k]!++;
      }
      winners.forEach((w, k) => out.push({ box: w.box, score: w.score, categoryId, members: counts[k]!, pass: w.pass }));
    } else {
      const clusters: { members: PassDetection[]; fused: Box<'image'> }[] = [];
      for (const d of list) {
        const c = clusters.find((cl) => iou(cl.fused, d.box) > o.iouThreshold);
        if (!c) {
          clusters.push({ members: [d], fused: d.box });
          continue;
        }
        c.members.push(d);
        c.fused = weightedBox(c.members);
      }
      for (const c of clusters) {
        const mean = c.members.reduce((s, m) => s + m.score, 0) / c.members.length;
        const seen = Math.max(1, passes.filter((p) => centreIn(c.fused, p.crop)).length);
        out.push({
          box: c.fused,
          score: (mean * Math.min(c.members.length, seen)) / seen,
          categoryId,
          members: c.members.length,
          pass: c.members[0]!.pass,
        });
      }
    }
  }
  return out
    .filter((d) => d.score >= o.scoreThreshold && width(d.box) > 0 && height(d.box) > 0)
    .sort(byScore)
    .slice(0, Math.max(0, Math.floor(o.maxDetections)));
}

/** Score-weighted mean of the members' corners (WBF's fused box). */
function weightedBox(members: readonly PassDetection[]): Box<'image'> {
  let s = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  for (const m of members) {
    s += m.score;
    x1 += m.score * m.box.x1;
    y1 += m.score * m.box.y1;
    x2 += m.score * m.box.x2;
    y2 += m.score * m.box.y2;
  }
  return imageBox(x1 / s, y1 / s, x2 / s, y2 / s);
}

/** RGBA pixels as plain arrays (the models' input type for non-DOM sources). */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/**
 * The pixels of `crop` of an [h, w, channels] array (RGB, or RGBA with `channels` = 4: a canvas's
 * ImageData) as RGBA (alpha 255), mirrored left↔right when `flipped`.
 */
export function cropRgb(rgb: ArrayLike<number>, width: number, crop: Crop, flipped: boolean, channels: 3 | 4 = 3): Rgba {
  const out = new Uint8ClampedArray(crop.width * crop.height * 4);
  for (let y = 0; y < crop.height; y++) {
    const row = (crop.y + y) * width;
    for (let x = 0; x < crop.width; x++) {
      const sx = crop.x + (flipped ? crop.width - 1 - x : x);
      const s = (row + sx) * channels;
      const d = (y * crop.width + x) * 4;
      out[d] = rgb[s]!;
      out[d + 1] = rgb[s + 1]!;
      out[d + 2] = rgb[s + 2]!;
      out[d + 3] = 255;
    }
  }
  return { width: crop.width, height: crop.height, data: out };
}
