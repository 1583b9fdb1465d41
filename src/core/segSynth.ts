/**
 * A seeded synthetic data set for semantic segmentation ("Train your own" page and
 * `npm run train:seg`): small RGBA images with a few filled shapes — disks, squares (rotated),
 * triangles (rotated) — on a textured background, and the label map that says which class each
 * pixel belongs to (0 = background). Shapes may overlap; the one drawn later is on top (z-order),
 * and the label map follows the visible shape. Each class has its shape and a colour family (a hue
 * band, CLASS_HUES), as colour correlates with class in real data; the background may have any
 * colour (so colour alone does not separate object from background), shapes and background carry
 * textures (stripes, checker, noise) and the whole image gets Gaussian pixel noise.
 *
 * Pure and deterministic: the same seed gives the same image bit for bit on every machine
 * (a 32-bit PRNG, no Math.random, integer pixel values).
 */
import { mulberry32 } from './random';

import { addConfusion, classIoU, confusionMatrix, meanIoU, pixelAccuracy, type ConfusionMatrix } from './segmentationMetrics';

export const SEG_CLASS_NAMES = ['background', 'disk', 'square', 'triangle'] as const;
export const SEG_NUM_CLASSES = SEG_CLASS_NAMES.length;

/** Display colours of the classes (RGB), index = class id. */
export const SEG_CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [40, 40, 48],
  [230, 75, 60],
  [60, 160, 230],
  [245, 200, 40],
];

export const TEXTURES = ['flat', 'stripes', 'checker', 'noise'] as const;
export type Texture = (typeof TEXTURES)[number];

export interface SynthOptions {
  /** Side of the square image, pixels. */
  readonly size: number;
  readonly minShapes: number;
  readonly maxShapes: number;
  /** Circumradius range of a shape, pixels. */
  readonly minRadius: number;
  readonly maxRadius: number;
  /** Standard deviation of the Gaussian pixel noise (0–255 scale). */
  readonly noise: number;
  /** Largest texture amplitude (0–255 scale); 0 = flat colours only. */
  readonly texture: number;
  /**
   * Largest rotation of squares and triangles, radians (squares axis-aligned, triangles pointing up
   * at 0). Small rotations keep edge orientation a usable cue; π makes orientation meaningless.
   */
  readonly maxRotation: number;
}

export const DEFAULT_SYNTH: SynthOptions = { size: 64, minShapes: 2, maxShapes: 5, minRadius: 8, maxRadius: 16, noise: 10, texture: 24, maxRotation: 0.3 };

export interface ShapeSpec {
  readonly cls: number;
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  readonly angle: number;
  readonly color: readonly [number, number, number];
  readonly texture: Texture;
}

export interface SynthSample {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major, alpha 255. */
  readonly rgba: Uint8ClampedArray;
  /** Class id per pixel, row-major. */
  readonly labels: Uint8Array;
  /** In drawing order (the last one is on top). */
  readonly shapes: readonly ShapeSpec[];
}

/** The project's seeded generator (re-exported: the generator and its callers use it from here). */
export { mulberry32 } from './random';

/** Mixes two integers into a seed (so split/index pairs never collide in practice). */
export function mixSeed(a: number, b: number): number {
  let h = Math.imul((a >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (b >>> 0) ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export const SPLITS = ['train', 'val', 'test'] as const;
export type Split = (typeof SPLITS)[number];
const SPLIT_SALT: Record<Split, number> = { train: 0x7a11, val: 0x5e1f, test: 0x7e57 };

/** The seed of image `index` of a split: train, validation and test never share an image. */
export function sampleSeed(split: Split, index: number, baseSeed = 1): number {
  return mixSeed(mixSeed(baseSeed, SPLIT_SALT[split]), index);
}

function gaussian(rand: () => number): number {
  // Box–Muller; 1 - u keeps the log finite.
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

function randomColor(rand: () => number): [number, number, number] {
  return [randInt(rand, 20, 235), randInt(rand, 20, 235), randInt(rand, 20, 235)];
}

/** Hue band (degrees, centre ± half-width) of each shape class's colours; index = class id. */
export const CLASS_HUES: readonly (readonly [number, number])[] = [
  [0, 180],
  [0, 25],
  [220, 25],
  [110, 25],
];

function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const hh = (((h % 360) + 360) % 360) / 60;
  const c = v * s;
  const x = c * (1 - Math.abs((hh % 2) - 1));
  const [r, g, b] = hh < 1 ? [c, x, 0] : hh < 2 ? [x, c, 0] : hh < 3 ? [0, c, x] : hh < 4 ? [0, x, c] : hh < 5 ? [x, 0, c] : [c, 0, x];
  const m = v - c;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** A colour from the class's hue band, saturated enough for the hue to mean something. */
function classColor(rand: () => number, cls: number): [number, number, number] {
  const [centre, half] = CLASS_HUES[cls] ?? [0, 180];
  return hsvToRgb(centre + (rand() * 2 - 1) * half, 0.65 + 0.35 * rand(), 0.5 + 0.45 * rand());
}

function colorDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/** A texture as a function of the pixel → offset in [-amp, amp]. */
function makeTexture(rand: () => number, kind: Texture, amp: number): (x: number, y: number) => number {
  switch (kind) {
    case 'flat':
      return () => 0;
    case 'stripes': {
      const theta = rand() * Math.PI;
      const period = 3 + rand() * 5;
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      return (x, y) => (Math.sin((2 * Math.PI * (x * c + y * s)) / period) >= 0 ? amp : -amp);
    }
    case 'checker': {
      const cell = randInt(rand, 2, 5);
      return (x, y) => ((Math.floor(x / cell) + Math.floor(y / cell)) & 1 ? amp : -amp);
    }
    case 'noise': {
      // Blocky value noise: one random offset per 2×2 block, from its own PRNG stream.
      const r2 = mulberry32(Math.floor(rand() * 4294967296));
      const table = new Float32Array(64 * 64);
      for (let i = 0; i < table.length; i++) table[i] = (r2() * 2 - 1) * amp;
      return (x, y) => table[((y >> 1) & 63) * 64 + ((x >> 1) & 63)]!;
    }
  }
}

/** Inside test for a shape at a pixel centre (px, py). */
function insideFn(s: Omit<ShapeSpec, 'color' | 'texture'>): (px: number, py: number) => boolean {
  const { cx, cy, radius: r, angle } = s;
  const c = Math.cos(angle);
  const sn = Math.sin(angle);
  if (s.cls === 1) return (px, py) => (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
  if (s.cls === 2) {
    const half = r / Math.SQRT2;
    return (px, py) => {
      const dx = px - cx;
      const dy = py - cy;
      const u = dx * c + dy * sn;
      const v = -dx * sn + dy * c;
      return Math.abs(u) <= half && Math.abs(v) <= half;
    };
  }
  // Equilateral triangle with circumradius r: the three edge half-planes at distance r/2 from the centre.
  const normals: [number, number][] = [0, 1, 2].map((k) => {
    const a = angle + (k * 2 * Math.PI) / 3;
    return [Math.cos(a), Math.sin(a)];
  });
  return (px, py) => {
    const dx = px - cx;
    const dy = py - cy;
    for (const [nx, ny] of normals) if (dx * nx + dy * ny > r / 2) return false;
    return true;
  };
}

/** One image and its label map, fully determined by `seed` and `opts`. */
export function generateSample(seed: number, opts: SynthOptions = DEFAULT_SYNTH): SynthSample {
  const { size } = opts;
  if (!Number.isInteger(size) || size < 8 || size > 1024) throw new RangeError(`image size must be an integer in [8, 1024], got ${size}`);
  if (opts.minShapes < 0 || opts.maxShapes < opts.minShapes) throw new RangeError(`bad shape count range [${opts.minShapes}, ${opts.maxShapes}]`);
  if (opts.minRadius <= 0 || opts.maxRadius < opts.minRadius) throw new RangeError(`bad radius range [${opts.minRadius}, ${opts.maxRadius}]`);
  const rand = mulberry32(seed);
  const n = size * size;
  const rgb = new Float32Array(n * 3);
  const labels = new Uint8Array(n);

  // Background: a colour plus its own texture.
  const bg = randomColor(rand);
  const bgKind = TEXTURES[randInt(rand, 0, TEXTURES.length - 1)]!;
  const bgTex = makeTexture(rand, bgKind, opts.texture * (0.4 + 0.6 * rand()));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = bgTex(x, y);
      const i = (y * size + x) * 3;
      rgb[i] = bg[0] + t;
      rgb[i + 1] = bg[1] + t;
      rgb[i + 2] = bg[2] + t;
    }
  }

  const count = randInt(rand, opts.minShapes, opts.maxShapes);
  const shapes: ShapeSpec[] = [];
  for (let k = 0; k < count; k++) {
    const cls = randInt(rand, 1, SEG_NUM_CLASSES - 1);
    const radius = opts.minRadius + rand() * (opts.maxRadius - opts.minRadius);
    const margin = radius * 0.5;
    const cx = margin + rand() * (size - 2 * margin);
    const cy = margin + rand() * (size - 2 * margin);
    // Triangles: the first edge normal points down (+y), so at angle 0 the apex points up.
    const angle = (cls === 3 ? Math.PI / 2 : 0) + (rand() * 2 - 1) * opts.maxRotation;
    // The shape's colour stands out from the background (else even a person could not see the edge).
    let color = classColor(rand, cls);
    for (let tries = 0; tries < 20 && colorDistance(color, bg) < 90; tries++) color = classColor(rand, cls);
    const texture = TEXTURES[randInt(rand, 0, TEXTURES.length - 1)]!;
    const tex = makeTexture(rand, texture, opts.texture * (0.4 + 0.6 * rand()));
    const spec: ShapeSpec = { cls, cx, cy, radius, angle, color, texture };
    const inside = insideFn(spec);
    const x0 = Math.max(0, Math.floor(cx - radius - 1));
    const x1 = Math.min(size - 1, Math.ceil(cx + radius + 1));
    const y0 = Math.max(0, Math.floor(cy - radius - 1));
    const y1 = Math.min(size - 1, Math.ceil(cy + radius + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if (!inside(x + 0.5, y + 0.5)) continue;
        const p = y * size + x;
        const t = tex(x, y);
        rgb[3 * p] = color[0] + t;
        rgb[3 * p + 1] = color[1] + t;
        rgb[3 * p + 2] = color[2] + t;
        labels[p] = cls;
      }
    }
    shapes.push(spec);
  }

  const rgba = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) rgba[4 * p + c] = Math.round(rgb[3 * p + c]! + (opts.noise > 0 ? opts.noise * gaussian(rand) : 0));
    rgba[4 * p + 3] = 255;
  }
  return { width: size, height: size, rgba, labels, shapes };
}

export interface SynthBatch {
  readonly count: number;
  readonly size: number;
  /** [count, size, size, 3], values in [0, 1]: ready for tf.tensor4d. */
  readonly images: Float32Array;
  /** [count, size, size] class ids. */
  readonly labels: Int32Array;
}

/** Packs samples into network input (RGB in [0, 1]) and integer labels. */
export function packBatch(samples: readonly SynthSample[]): SynthBatch {
  const first = samples[0];
  if (!first) throw new RangeError('empty batch');
  const size = first.width;
  const n = size * size;
  const images = new Float32Array(samples.length * n * 3);
  const labels = new Int32Array(samples.length * n);
  samples.forEach((s, b) => {
    if (s.width !== size || s.height !== size) throw new RangeError(`sample ${b} is ${s.width}×${s.height}, expected ${size}×${size}`);
    for (let p = 0; p < n; p++) {
      const o = (b * n + p) * 3;
      images[o] = s.rgba[4 * p]! / 255;
      images[o + 1] = s.rgba[4 * p + 1]! / 255;
      images[o + 2] = s.rgba[4 * p + 2]! / 255;
      labels[b * n + p] = s.labels[p]!;
    }
  });
  return { count: samples.length, size, images, labels };
}

/** `count` consecutive images of a split starting at `start`. */
export function splitSamples(split: Split, start: number, count: number, opts: SynthOptions = DEFAULT_SYNTH, baseSeed = 1): SynthSample[] {
  const out: SynthSample[] = [];
  for (let i = 0; i < count; i++) out.push(generateSample(sampleSeed(split, start + i, baseSeed), opts));
  return out;
}

/**
 * The boundary band: 1 for every pixel with a differently-labelled pixel within `radius` (a square
 * window, so radius 2 marks a band about 2 px deep on each side of every class edge).
 */
export function boundaryBand(labels: ArrayLike<number>, width: number, height: number, radius = 2): Uint8Array {
  if (labels.length !== width * height) throw new RangeError(`label map has ${labels.length} pixels, expected ${width}×${height}`);
  const out = new Uint8Array(width * height);
  // An edge between p and its right/lower neighbour marks the window around both.
  const mark = (x: number, y: number) => {
    const ya = Math.max(0, y - radius + 1);
    const yb = Math.min(height - 1, y + radius);
    const xa = Math.max(0, x - radius + 1);
    const xb = Math.min(width - 1, x + radius);
    for (let yy = ya; yy <= yb; yy++) for (let xx = xa; xx <= xb; xx++) out[yy * width + xx] = 1;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = labels[y * width + x]!;
      if ((x + 1 < width && labels[y * width + x + 1] !== v) || (y + 1 < height && labels[(y + 1) * width + x] !== v)) mark(x, y);
    }
  }
  return out;
}

/**
 * Ground truth restricted to the boundary band: pixels outside it get `ignore` (255), so the
 * segmentation metrics (confusionMatrix with the same ignore label) count only pixels near edges.
 */
export function boundaryOnlyLabels(labels: ArrayLike<number>, width: number, height: number, radius = 2, ignore = 255): Uint8Array {
  const band = boundaryBand(labels, width, height, radius);
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = band[i] ? labels[i]! : ignore;
  return out;
}

export interface SegEvaluation {
  readonly images: number;
  readonly confusion: ConfusionMatrix;
  readonly pixelAccuracy: number;
  readonly classIoU: Float64Array;
  readonly meanIoU: number;
  /** The same scores counting only pixels in the boundary band (see boundaryBand). */
  readonly boundaryConfusion: ConfusionMatrix;
  readonly boundaryPixelAccuracy: number;
  readonly boundaryClassIoU: Float64Array;
  readonly boundaryMeanIoU: number;
}

/**
 * Scores predictions over a set of square images: everything accumulated into one confusion
 * matrix (the PASCAL VOC way, not a mean of per-image scores), once over all pixels and once over
 * the boundary band of the ground truth only. `pred` holds the images back to back.
 */
export function evaluateSegmentation(gts: readonly ArrayLike<number>[], pred: ArrayLike<number>, size: number, numClasses: number, boundaryRadius = 2): SegEvaluation {
  const n = size * size;
  if (pred.length !== gts.length * n) throw new RangeError(`predictions hold ${pred.length} pixels, expected ${gts.length} × ${size}×${size}`);
  let all = confusionMatrix([], [], numClasses, -1);
  let band = all;
  const slice = new Uint8Array(n);
  gts.forEach((gt, i) => {
    for (let p = 0; p < n; p++) slice[p] = pred[i * n + p]!;
    all = addConfusion(all, confusionMatrix(gt, slice, numClasses, -1));
    band = addConfusion(band, confusionMatrix(boundaryOnlyLabels(gt, size, size, boundaryRadius, 255), slice, numClasses, 255));
  });
  return {
    images: gts.length,
    confusion: all,
    pixelAccuracy: pixelAccuracy(all),
    classIoU: classIoU(all),
    meanIoU: meanIoU(all),
    boundaryConfusion: band,
    boundaryPixelAccuracy: pixelAccuracy(band),
    boundaryClassIoU: classIoU(band),
    boundaryMeanIoU: meanIoU(band),
  };
}
