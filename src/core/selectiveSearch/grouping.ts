/**
 * Hierarchical grouping of selective search (Uijlings et al., IJCV 2013, §3.1–3.2): start from the
 * FH regions, repeatedly merge the two adjacent regions with the highest similarity
 * s = s_colour + s_texture + s_size + s_fill (each term optional), until one region is left.
 * - colour: 25-bin histogram per channel (75-d), L1-normalised, histogram intersection;
 * - texture: Gaussian derivatives (σ = 1) in 8 orientations per channel, 10 bins each (240-d), intersection;
 * - size: 1 − (|r_i| + |r_j|)/|image| (small regions merge first);
 * - fill: 1 − (|BB_ij| − |r_i| − |r_j|)/|image| (regions that fit into each other merge first).
 * Histograms of a merged region are the size-weighted average; its neighbours are the union.
 */
import { gaussianBlur, type PlanarImage, type Segmentation } from './fh';

export type SimilarityTerm = 'colour' | 'texture' | 'size' | 'fill';

export const COLOUR_BINS = 25;
export const TEXTURE_ORIENTATIONS = 8;
export const TEXTURE_BINS = 10;

/** A region of the hierarchy: its pixel bounding box [x1, y1, x2, y2) and size in pixels. */
export interface Region {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly size: number;
}

export interface Merge {
  /** Region indices merged (into `regions`), and the new region's index. */
  readonly a: number;
  readonly b: number;
  readonly into: number;
  readonly similarity: number;
}

export interface Hierarchy {
  /** First the FH regions (index = FH label), then one per merge, in merge order. */
  readonly regions: readonly Region[];
  readonly merges: readonly Merge[];
  readonly initialCount: number;
}

/** Per-pixel texture bins: for each channel and orientation, the bin (0..9) of the response, −1 if none. */
export function textureBins(img: PlanarImage): Int8Array {
  const { width: w, height: h } = img;
  const n = w * h;
  const C = img.planes.length;
  const out = new Int8Array(n * C * TEXTURE_ORIENTATIONS);
  const cos = Array.from({ length: TEXTURE_ORIENTATIONS }, (_, o) => Math.cos((2 * Math.PI * o) / TEXTURE_ORIENTATIONS));
  const sin = Array.from({ length: TEXTURE_ORIENTATIONS }, (_, o) => Math.sin((2 * Math.PI * o) / TEXTURE_ORIENTATIONS));
  const resp = new Float32Array(n * TEXTURE_ORIENTATIONS);
  img.planes.forEach((plane, c) => {
    const s = gaussianBlur(plane, w, h, 1);
    let max = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const gx = (s[y * w + Math.min(x + 1, w - 1)]! - s[y * w + Math.max(x - 1, 0)]!) / 2;
        const gy = (s[Math.min(y + 1, h - 1) * w + x]! - s[Math.max(y - 1, 0) * w + x]!) / 2;
        for (let o = 0; o < TEXTURE_ORIENTATIONS; o++) {
          const r = Math.max(0, gx * cos[o]! + gy * sin[o]!);
          resp[i * TEXTURE_ORIENTATIONS + o] = r;
          if (r > max) max = r;
        }
      }
    }
    const scale = max > 0 ? TEXTURE_BINS / max : 0;
    for (let i = 0; i < n; i++) {
      for (let o = 0; o < TEXTURE_ORIENTATIONS; o++) {
        out[(i * C + c) * TEXTURE_ORIENTATIONS + o] = Math.min(TEXTURE_BINS - 1, Math.floor(resp[i * TEXTURE_ORIENTATIONS + o]! * scale));
      }
    }
  });
  return out;
}

/** Max-heap of candidate merges (lazy deletion: stale pairs are skipped when popped). */
class PairHeap {
  private sim: number[] = [];
  private a: number[] = [];
  private b: number[] = [];
  get length(): number {
    return this.sim.length;
  }
  push(s: number, a: number, b: number): void {
    this.sim.push(s);
    this.a.push(a);
    this.b.push(b);
    let i = this.sim.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [number, number, number] {
    const top: [number, number, number] = [this.sim[0]!, this.a[0]!, this.b[0]!];
    const last = this.sim.length - 1;
    this.swap(0, last);
    this.sim.pop();
    this.a.pop();
    this.b.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.sim.length && this.before(l, m)) m = l;
      if (r < this.sim.length && this.before(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
  /** Higher similarity first; ties by lower (a, b) so the order is deterministic. */
  private before(i: number, j: number): boolean {
    if (this.sim[i] !== this.sim[j]) return this.sim[i]! > this.sim[j]!;
    if (this.a[i] !== this.a[j]) return this.a[i]! < this.a[j]!;
    return this.b[i]! < this.b[j]!;
  }
  private swap(i: number, j: number): void {
    [this.sim[i], this.sim[j]] = [this.sim[j]!, this.sim[i]!];
    [this.a[i], this.a[j]] = [this.a[j]!, this.a[i]!];
    [this.b[i], this.b[j]] = [this.b[j]!, this.b[i]!];
  }
}

function intersect(h: Float32Array, i: number, j: number, d: number): number {
  let s = 0;
  const oi = i * d;
  const oj = j * d;
  for (let k = 0; k < d; k++) s += Math.min(h[oi + k]!, h[oj + k]!);
  return s;
}

/**
 * The grouping hierarchy of one strategy. `texture` may be passed in (it depends on the colour space
 * only, so strategies sharing a colour space can share it).
 */
export function hierarchicalGrouping(img: PlanarImage, seg: Segmentation, terms: readonly SimilarityTerm[], texture?: Int8Array): Hierarchy {
  const { width: w, height: h } = img;
  const n = w * h;
  const C = img.planes.length;
  const R0 = seg.count;
  const maxR = 2 * R0 - 1;
  const use = new Set(terms);
  const dc = C * COLOUR_BINS;
  const dt = C * TEXTURE_ORIENTATIONS * TEXTURE_BINS;
  const colour = use.has('colour') ? new Float32Array(maxR * dc) : new Float32Array(0);
  const tex = use.has('texture') ? new Float32Array(maxR * dt) : new Float32Array(0);
  const size = new Float64Array(maxR);
  const bx1 = new Int32Array(maxR).fill(w);
  const by1 = new Int32Array(maxR).fill(h);
  const bx2 = new Int32Array(maxR);
  const by2 = new Int32Array(maxR);
  const tb = use.has('texture') ? (texture ?? textureBins(img)) : null;
  const L = seg.labels;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const r = L[i]!;
      size[r]!++;
      if (x < bx1[r]!) bx1[r] = x;
      if (y < by1[r]!) by1[r] = y;
      if (x + 1 > bx2[r]!) bx2[r] = x + 1;
      if (y + 1 > by2[r]!) by2[r] = y + 1;
      if (colour.length) {
        for (let c = 0; c < C; c++) {
          const v = img.planes[c]![i]!;
          const bin = Math.min(COLOUR_BINS - 1, Math.max(0, Math.floor((v / 256) * COLOUR_BINS)));
          colour[r * dc + c * COLOUR_BINS + bin]! += 1;
        }
      }
      if (tb) {
        for (let c = 0; c < C; c++) {
          for (let o = 0; o < TEXTURE_ORIENTATIONS; o++) {
            const bin = tb[(i * C + c) * TEXTURE_ORIENTATIONS + o]!;
            tex[r * dt + (c * TEXTURE_ORIENTATIONS + o) * TEXTURE_BINS + bin]! += 1;
          }
        }
      }
    }
  }
  for (let r = 0; r < R0; r++) {
    if (colour.length) for (let k = 0; k < dc; k++) colour[r * dc + k]! /= size[r]! * C;
    if (tex.length) for (let k = 0; k < dt; k++) tex[r * dt + k]! /= size[r]! * C * TEXTURE_ORIENTATIONS;
  }
  // Adjacency (4-neighbourhood of pixels).
  const neighbours: Set<number>[] = Array.from({ length: maxR }, () => new Set<number>());
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = L[y * w + x]!;
      if (x < w - 1) {
        const b = L[y * w + x + 1]!;
        if (a !== b) {
          neighbours[a]!.add(b);
          neighbours[b]!.add(a);
        }
      }
      if (y < h - 1) {
        const b = L[(y + 1) * w + x]!;
        if (a !== b) {
          neighbours[a]!.add(b);
          neighbours[b]!.add(a);
        }
      }
    }
  }
  const sim = (i: number, j: number): number => {
    let s = 0;
    if (colour.length) s += intersect(colour, i, j, dc);
    if (tex.length) s += intersect(tex, i, j, dt);
    if (use.has('size')) s += 1 - (size[i]! + size[j]!) / n;
    if (use.has('fill')) {
      const bb = (Math.max(bx2[i]!, bx2[j]!) - Math.min(bx1[i]!, bx1[j]!)) * (Math.max(by2[i]!, by2[j]!) - Math.min(by1[i]!, by1[j]!));
      s += 1 - (bb - size[i]! - size[j]!) / n;
    }
    return s;
  };
  const heap = new PairHeap();
  for (let a = 0; a < R0; a++) for (const b of neighbours[a]!) if (a < b) heap.push(sim(a, b), a, b);
  const alive = new Uint8Array(maxR);
  alive.fill(1, 0, R0);
  const merges: Merge[] = [];
  let next = R0;
  while (heap.length > 0) {
    const [s, a, b] = heap.pop();
    if (!alive[a] || !alive[b]) continue;
    const t = next++;
    alive[a] = 0;
    alive[b] = 0;
    alive[t] = 1;
    size[t] = size[a]! + size[b]!;
    bx1[t] = Math.min(bx1[a]!, bx1[b]!);
    by1[t] = Math.min(by1[a]!, by1[b]!);
    bx2[t] = Math.max(bx2[a]!, bx2[b]!);
    by2[t] = Math.max(by2[a]!, by2[b]!);
    const wa = size[a]! / size[t]!;
    const wb = size[b]! / size[t]!;
    for (let k = 0; k < dc && colour.length; k++) colour[t * dc + k] = wa * colour[a * dc + k]! + wb * colour[b * dc + k]!;
    for (let k = 0; k < dt && tex.length; k++) tex[t * dt + k] = wa * tex[a * dt + k]! + wb * tex[b * dt + k]!;
    const nt = neighbours[t]!;
    for (const q of neighbours[a]!) if (q !== b && alive[q]) nt.add(q);
    for (const q of neighbours[b]!) if (q !== a && alive[q]) nt.add(q);
    for (const q of nt) {
      neighbours[q]!.delete(a);
      neighbours[q]!.delete(b);
      neighbours[q]!.add(t);
      heap.push(sim(q, t), q, t);
    }
    neighbours[a]!.clear();
    neighbours[b]!.clear();
    merges.push({ a, b, into: t, similarity: s });
  }
  const regions: Region[] = [];
  for (let r = 0; r < next; r++) regions.push({ x1: bx1[r]!, y1: by1[r]!, x2: bx2[r]!, y2: by2[r]!, size: size[r]! });
  return { regions, merges, initialCount: R0 };
}

/** The label map after the first `steps` merges (for stepping through the hierarchy). */
export function labelsAfter(seg: Segmentation, h: Hierarchy, steps: number): Int32Array {
  const parent = new Int32Array(h.regions.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const k = Math.min(steps, h.merges.length);
  for (let s = 0; s < k; s++) {
    const m = h.merges[s]!;
    parent[m.a] = m.into;
    parent[m.b] = m.into;
  }
  const root = (r: number) => {
    while (parent[r] !== r) r = parent[r]!;
    return r;
  };
  const cache = new Int32Array(seg.count).fill(-1);
  const out = new Int32Array(seg.labels.length);
  for (let i = 0; i < out.length; i++) {
    const l = seg.labels[i]!;
    if (cache[l] === -1) cache[l] = root(l);
    out[i] = cache[l]!;
  }
  return out;
}
