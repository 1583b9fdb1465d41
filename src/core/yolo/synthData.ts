/**
 * A seeded synthetic detection dataset for TinyYOLO: small RGBA images of shapes (ellipse, rectangle,
 * triangle) of random sizes, aspect ratios and colours, filled or outlined, on noisy / textured
 * backgrounds, with partial occlusion, and COCO-style annotations. Image i of a dataset with seed s
 * depends only on (s, i), so any image can be regenerated on the fly, in Node or in the browser.
 *
 * Boxes are the exact geometric extent of each shape (pixels, [x1, y1, x2, y2]); a later shape may
 * cover part of an earlier one (their IoU is kept ≤ `maxOverlapIou`), the occluded box stays whole.
 */
import { seededRng, type SeededRng as Rng } from '../random';

export const SHAPE_CLASSES = ['ellipse', 'rectangle', 'triangle'] as const;

export interface SynthConfig {
  /** Square image side in pixels. */
  readonly size: number;
  readonly minObjects: number;
  readonly maxObjects: number;
  /** Box side range in pixels. */
  readonly minSide: number;
  readonly maxSide: number;
  /** Largest allowed aspect ratio max(w, h) / min(w, h). */
  readonly maxAspect: number;
  readonly maxOverlapIou: number;
  /** Probability that a shape is drawn as an outline instead of filled. */
  readonly outlineProb: number;
}

export const DEFAULT_SYNTH: SynthConfig = {
  size: 64, minObjects: 1, maxObjects: 3, minSide: 12, maxSide: 36, maxAspect: 2.2, maxOverlapIou: 0.2, outlineProb: 0.3,
};

export interface SynthObject {
  readonly cls: number;
  /** Pixels, corners. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly filled: boolean;
  readonly color: readonly [number, number, number];
}

export interface SynthImage {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  readonly objects: readonly SynthObject[];
}

/** Seed of image `index` of the dataset with seed `seed` (a hash: neighbouring seeds do not correlate). */
export function imageSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function luminance(c: readonly [number, number, number]): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

function randColor(rng: Rng): [number, number, number] {
  return [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
}

function paintBackground(rgba: Uint8ClampedArray, size: number, rng: Rng): number {
  const base = randColor(rng);
  const other = randColor(rng);
  const kind = rng.int(0, 4);
  const noise = rng.uniform(0, 14);
  const contrast = rng.uniform(0.1, 0.35);
  const freq = rng.uniform(0.15, 0.6);
  const angle = rng.uniform(0, Math.PI);
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  const phase = rng.uniform(0, 2 * Math.PI);
  let lumSum = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let t = 0;
      const u = x * ca + y * sa;
      if (kind === 1) t = u / (size * 1.5) + 0.3;
      else if (kind === 2) t = Math.sin(u * freq + phase) > 0 ? 1 : 0;
      else if (kind === 3) t = (Math.floor(x * freq * 0.5) + Math.floor(y * freq * 0.5)) % 2;
      else if (kind === 4) t = 0.5 + 0.25 * Math.sin(x * freq * 0.5 + phase) + 0.25 * Math.sin(y * freq * 0.4 - phase);
      const k = t * contrast;
      const i = 4 * (y * size + x);
      const n = noise * rng.normal();
      for (let ch = 0; ch < 3; ch++) rgba[i + ch] = base[ch]! * (1 - k) + other[ch]! * k + n;
      rgba[i + 3] = 255;
      lumSum += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
    }
  }
  return lumSum / (size * size);
}

/** Is the sample point (px, py) inside the shape (and, for outlines, within `t` of its border)? */
function inside(o: SynthObject, px: number, py: number, t: number, apex: number): boolean {
  const { x1, y1, x2, y2 } = o;
  if (px < x1 || px > x2 || py < y1 || py > y2) return false;
  if (o.cls === 0) {
    const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2, rx = (x2 - x1) / 2, ry = (y2 - y1) / 2;
    if (((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 > 1) return false;
    if (o.filled) return true;
    return ((px - cx) / Math.max(0.5, rx - t)) ** 2 + ((py - cy) / Math.max(0.5, ry - t)) ** 2 > 1;
  }
  if (o.cls === 1) {
    if (o.filled) return true;
    return px - x1 < t || x2 - px < t || py - y1 < t || y2 - py < t;
  }
  // Triangle: apex 0 = up, 1 = down, 2 = left, 3 = right; the base is the opposite side of the box.
  const xm = (x1 + x2) / 2, ym = (y1 + y2) / 2;
  const v: [number, number][] =
    apex === 0 ? [[xm, y1], [x2, y2], [x1, y2]]
      : apex === 1 ? [[x1, y1], [x2, y1], [xm, y2]]
        : apex === 2 ? [[x1, ym], [x2, y1], [x2, y2]]
          : [[x1, y1], [x2, ym], [x1, y2]];
  let minD = Infinity;
  // Orientation sign so that "inside" means all signed distances have the same sign.
  const area2 = (v[1]![0] - v[0]![0]) * (v[2]![1] - v[0]![1]) - (v[1]![1] - v[0]![1]) * (v[2]![0] - v[0]![0]);
  const sgn = area2 >= 0 ? 1 : -1;
  for (let e = 0; e < 3; e++) {
    const a = v[e]!, b = v[(e + 1) % 3]!;
    const ex = b[0] - a[0], ey = b[1] - a[1];
    const len = Math.hypot(ex, ey) || 1;
    const d = (sgn * (ex * (py - a[1]) - ey * (px - a[0]))) / len;
    if (d < 0) return false;
    minD = Math.min(minD, d);
  }
  return o.filled || minD < t;
}

function boxIouPx(a: SynthObject, b: SynthObject): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Generate image `index` of the dataset `seed`; its id is `index + 1`. */
export function generateImage(seed: number, index: number, cfg: SynthConfig = DEFAULT_SYNTH): SynthImage {
  const rng = seededRng(imageSeed(seed, index));
  const S = cfg.size;
  const rgba = new Uint8ClampedArray(S * S * 4);
  const bgLum = paintBackground(rgba, S, rng);
  const want = rng.int(cfg.minObjects, cfg.maxObjects);
  const objects: SynthObject[] = [];
  const apexes: number[] = [];
  for (let attempt = 0; attempt < 40 && objects.length < want; attempt++) {
    const cls = rng.int(0, SHAPE_CLASSES.length - 1);
    const w = rng.uniform(cfg.minSide, cfg.maxSide);
    let h = rng.uniform(cfg.minSide, cfg.maxSide);
    h = Math.min(Math.max(h, w / cfg.maxAspect), w * cfg.maxAspect);
    h = Math.min(Math.max(h, cfg.minSide), cfg.maxSide);
    const x1 = Math.round(rng.uniform(1, S - 1 - w));
    const y1 = Math.round(rng.uniform(1, S - 1 - h));
    const x2 = x1 + Math.round(w);
    const y2 = y1 + Math.round(h);
    let color = randColor(rng);
    for (let k = 0; k < 30 && Math.abs(luminance(color) - bgLum) < 70; k++) color = randColor(rng);
    const o: SynthObject = { cls, x1, y1, x2, y2, filled: rng.next() >= cfg.outlineProb, color };
    const apex = rng.int(0, 3);
    if (objects.some((p) => boxIouPx(p, o) > cfg.maxOverlapIou)) continue;
    objects.push(o);
    apexes.push(apex);
  }
  const thickness = Math.max(1.5, S / 32);
  const sub = [0.25, 0.75];
  objects.forEach((o, k) => {
    for (let y = Math.max(0, Math.floor(o.y1)); y < Math.min(S, Math.ceil(o.y2)); y++) {
      for (let x = Math.max(0, Math.floor(o.x1)); x < Math.min(S, Math.ceil(o.x2)); x++) {
        let cov = 0;
        for (const sy of sub) for (const sx of sub) if (inside(o, x + sx, y + sy, thickness, apexes[k]!)) cov++;
        if (cov === 0) continue;
        const a = cov / 4;
        const i = 4 * (y * S + x);
        for (let ch = 0; ch < 3; ch++) rgba[i + ch] = rgba[i + ch]! * (1 - a) + o.color[ch]! * a;
      }
    }
  });
  return { id: index + 1, width: S, height: S, rgba, objects };
}

export function generateDataset(seed: number, count: number, cfg: SynthConfig = DEFAULT_SYNTH, first = 0): SynthImage[] {
  return Array.from({ length: count }, (_, k) => generateImage(seed, first + k, cfg));
}

/** Flat (w, h) pairs of every box, normalized by the image size (for k-means). */
export function boxSizes(images: readonly SynthImage[]): Float64Array {
  const out: number[] = [];
  for (const im of images) for (const o of im.objects) out.push((o.x2 - o.x1) / im.width, (o.y2 - o.y1) / im.height);
  return Float64Array.from(out);
}

export interface CocoGtJson {
  images: { id: number; width: number; height: number; file_name: string }[];
  annotations: { id: number; image_id: number; category_id: number; bbox: [number, number, number, number]; area: number; iscrowd: 0 }[];
  categories: { id: number; name: string }[];
}

/** COCO ground truth of the images; category id = class index + 1. */
export function toCocoGroundTruth(images: readonly SynthImage[]): CocoGtJson {
  const out: CocoGtJson = {
    images: [],
    annotations: [],
    categories: SHAPE_CLASSES.map((name, i) => ({ id: i + 1, name })),
  };
  let annId = 1;
  for (const im of images) {
    out.images.push({ id: im.id, width: im.width, height: im.height, file_name: `synth_${String(im.id).padStart(5, '0')}.png` });
    for (const o of im.objects) {
      const w = o.x2 - o.x1, h = o.y2 - o.y1;
      out.annotations.push({ id: annId++, image_id: im.id, category_id: o.cls + 1, bbox: [o.x1, o.y1, w, h], area: w * h, iscrowd: 0 });
    }
  }
  return out;
}
