/**
 * Felzenszwalb–Huttenlocher graph-based segmentation (IJCV 2004), as used by selective search:
 * the image (any number of channels, values on a 0..255 scale) is smoothed with a Gaussian (σ), every
 * pixel is joined to its 8 neighbours by an edge weighted with the Euclidean colour distance, edges
 * are taken in increasing weight, and two components merge when the edge is no heavier than both
 * components' internal difference + k/|C|. Components smaller than `minSize` are then merged into a
 * neighbour along the lightest edges.
 */

/** A planar image: `channels` planes of width × height, each a Float32Array in row-major order. */
export interface PlanarImage {
  readonly width: number;
  readonly height: number;
  readonly planes: readonly Float32Array[];
}

export interface FhOptions {
  /** Scale of observation: larger k → larger components. */
  readonly k: number;
  /** Gaussian smoothing before building the graph (0 = none). Default 0.8. */
  readonly sigma?: number;
  /** Components smaller than this are merged into a neighbour. Default 20. */
  readonly minSize?: number;
}

export interface Segmentation {
  readonly width: number;
  readonly height: number;
  /** Component of each pixel, 0..count−1, numbered in order of first appearance (row-major). */
  readonly labels: Int32Array;
  readonly count: number;
}

export function gaussianBlur(plane: Float32Array, w: number, h: number, sigma: number): Float32Array {
  if (sigma <= 0) return plane.slice();
  const r = Math.max(1, Math.ceil(4 * sigma));
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += kernel[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const clamp = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += kernel[i + r]! * plane[y * w + clamp(x + i, w - 1)]!;
      tmp[y * w + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += kernel[i + r]! * tmp[clamp(y + i, h - 1) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/** Union–find with sizes. */
export class DisjointSets {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(a: number): number {
    const p = this.parent;
    let r = a;
    while (p[r] !== r) r = p[r]!;
    while (p[a] !== r) {
      const next = p[a]!;
      p[a] = r;
      a = next;
    }
    return r;
  }
  /** Joins two roots; returns the new root. */
  join(ra: number, rb: number): number {
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return ra;
  }
}

/** Weight buckets per unit of colour distance for the counting sort of edges. */
const BUCKETS_PER_UNIT = 32;

export function felzenszwalb(img: PlanarImage, o: FhOptions): Segmentation {
  const { width: w, height: h } = img;
  const n = w * h;
  const sigma = o.sigma ?? 0.8;
  const minSize = o.minSize ?? 20;
  const planes = img.planes.map((p) => gaussianBlur(p, w, h, sigma));
  // Edges: right, down, down-right, up-right (8-connectivity).
  const maxEdges = 4 * n;
  const ea = new Int32Array(maxEdges);
  const eb = new Int32Array(maxEdges);
  const ew = new Float32Array(maxEdges);
  let m = 0;
  const dist = (a: number, b: number) => {
    let s = 0;
    for (const p of planes) {
      const d = p[a]! - p[b]!;
      s += d * d;
    }
    return Math.sqrt(s);
  };
  const add = (a: number, b: number) => {
    ea[m] = a;
    eb[m] = b;
    ew[m] = dist(a, b);
    m++;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (x < w - 1) add(i, i + 1);
      if (y < h - 1) add(i, i + w);
      if (x < w - 1 && y < h - 1) add(i, i + w + 1);
      if (x < w - 1 && y > 0) add(i, i - w + 1);
    }
  }
  // Counting sort by quantized weight (stable: equal weights keep their scan order).
  let maxW = 0;
  for (let e = 0; e < m; e++) if (ew[e]! > maxW) maxW = ew[e]!;
  const nb = Math.ceil(maxW * BUCKETS_PER_UNIT) + 1;
  const counts = new Int32Array(nb + 1);
  const key = new Int32Array(m);
  for (let e = 0; e < m; e++) counts[(key[e] = Math.floor(ew[e]! * BUCKETS_PER_UNIT)) + 1]!++;
  for (let b = 0; b < nb; b++) counts[b + 1]! += counts[b]!;
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[counts[key[e]!]!++] = e;

  const ds = new DisjointSets(n);
  const thresh = new Float32Array(n).fill(o.k);
  for (let q = 0; q < m; q++) {
    const e = order[q]!;
    const ra = ds.find(ea[e]!);
    const rb = ds.find(eb[e]!);
    if (ra === rb) continue;
    const we = ew[e]!;
    if (we <= thresh[ra]! && we <= thresh[rb]!) {
      const r = ds.join(ra, rb);
      thresh[r] = we + o.k / ds.size[r]!;
    }
  }
  for (let q = 0; q < m; q++) {
    const e = order[q]!;
    const ra = ds.find(ea[e]!);
    const rb = ds.find(eb[e]!);
    if (ra !== rb && (ds.size[ra]! < minSize || ds.size[rb]! < minSize)) ds.join(ra, rb);
  }
  return relabel(ds, w, h);
}

function relabel(ds: DisjointSets, w: number, h: number): Segmentation {
  const n = w * h;
  const labels = new Int32Array(n);
  const map = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = ds.find(i);
    if (map[r] === -1) map[r] = count++;
    labels[i] = map[r]!;
  }
  return { width: w, height: h, labels, count };
}
