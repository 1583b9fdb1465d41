/**
 * Selective search (Uijlings, van de Sande, Gevers, Smeulders, IJCV 2013): diversified hierarchical
 * grouping of Felzenszwalb–Huttenlocher regions. Each strategy = (colour space, FH k, similarity terms);
 * every region of every hierarchy is a proposal. Ranking (§3.2, "combining locations"): the region at
 * position j from the top of its hierarchy (the whole image = 1) gets j·RND (RND uniform in [0, 1),
 * seeded), proposals of all strategies are sorted by that value, duplicates removed.
 *
 * Boxes are in pixels of the given image, [x1, y1, x2, y2) (continuous coordinates).
 * "fast" mode = the paper's Selective Search Fast: HSV and Lab × k ∈ {50, 100} × (C+T+S+F, T+S+F).
 */
import { mulberry32 } from '../random';
import { toPlanar, type ColourSpace, type RgbaImage } from './colour';
import { felzenszwalb, type Segmentation } from './fh';
import { hierarchicalGrouping, textureBins, type Hierarchy, type SimilarityTerm } from './grouping';

export { felzenszwalb, gaussianBlur, DisjointSets, type FhOptions, type PlanarImage, type Segmentation } from './fh';
export { hierarchicalGrouping, labelsAfter, textureBins, type Hierarchy, type Merge, type Region, type SimilarityTerm } from './grouping';
export { convertPixel, toPlanar, type ColourSpace, type RgbaImage } from './colour';

export interface Strategy {
  readonly colour: ColourSpace;
  readonly k: number;
  readonly terms: readonly SimilarityTerm[];
}

const CTSF: readonly SimilarityTerm[] = ['colour', 'texture', 'size', 'fill'];
const TSF: readonly SimilarityTerm[] = ['texture', 'size', 'fill'];

export const FAST_STRATEGIES: readonly Strategy[] = (['hsv', 'lab'] as const).flatMap((colour) =>
  [50, 100].flatMap((k) => [CTSF, TSF].map((terms) => ({ colour, k, terms }))),
);

export const SINGLE_STRATEGY: readonly Strategy[] = [{ colour: 'hsv', k: 100, terms: CTSF }];

export interface ProposalBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface SelectiveSearchOptions {
  readonly strategies?: readonly Strategy[];
  /** FH: Gaussian σ (default 0.8) and minimum component size (default: k, as in the authors' code). */
  readonly sigma?: number;
  readonly minSize?: number;
  /** Keep at most this many ranked proposals (default: all). */
  readonly maxProposals?: number;
  /** Seed of the ranking's RND (default 1). */
  readonly seed?: number;
  /**
   * Drop a ranked box whose IoU with an already kept box is ≥ this (default 0.7; 1 = exact duplicates
   * only, the paper's rule). With a proposal cap, near-copies of the same large region from the 8
   * hierarchies otherwise crowd out the small regions: on ../shared/images recall@0.5 with ≤ 2000
   * boxes 0.653 → 0.724 (seed 1; seeds 1–5: 0.693–0.724), MABO 0.675 → 0.656 (`npm run bench:ss`).
   */
  readonly nearDuplicateIou?: number;
}

export interface StrategyRun {
  readonly strategy: Strategy;
  readonly segmentation: Segmentation;
  readonly hierarchy: Hierarchy;
}

export interface SelectiveSearchResult {
  /** Ranked, unique proposals. */
  readonly boxes: readonly ProposalBox[];
  readonly runs: readonly StrategyRun[];
}

export type Progress = (done: number, total: number, stage: string) => void;

export function selectiveSearch(img: RgbaImage, o: SelectiveSearchOptions = {}, onProgress?: Progress): SelectiveSearchResult {
  const strategies = o.strategies ?? FAST_STRATEGIES;
  const planar = new Map<ColourSpace, ReturnType<typeof toPlanar>>();
  const textures = new Map<ColourSpace, Int8Array>();
  const segs = new Map<string, Segmentation>();
  const runs: StrategyRun[] = [];
  const total = strategies.length;
  strategies.forEach((s, i) => {
    onProgress?.(i, total, `${s.colour} k=${s.k} ${s.terms.join('+')}`);
    let p = planar.get(s.colour);
    if (!p) planar.set(s.colour, (p = toPlanar(img, s.colour)));
    const segKey = `${s.colour}|${s.k}`;
    let seg = segs.get(segKey);
    if (!seg) segs.set(segKey, (seg = felzenszwalb(p, { k: s.k, sigma: o.sigma, minSize: o.minSize ?? s.k })));
    let tex: Int8Array | undefined;
    if (s.terms.includes('texture')) {
      tex = textures.get(s.colour);
      if (!tex) textures.set(s.colour, (tex = textureBins(p)));
    }
    runs.push({ strategy: s, segmentation: seg, hierarchy: hierarchicalGrouping(p, seg, s.terms, tex) });
  });
  onProgress?.(total, total, 'rank');
  return { boxes: rankProposals(runs.map((r) => r.hierarchy), o.seed ?? 1, o.maxProposals, o.nearDuplicateIou ?? DEFAULT_NEAR_DUPLICATE_IOU), runs };
}

export const DEFAULT_NEAR_DUPLICATE_IOU = 0.7;

/**
 * The paper's ranking over several hierarchies; exact duplicate boxes are kept once (first rank), and
 * with `nearDuplicateIou` < 1 so are boxes overlapping a better-ranked kept box by IoU ≥ it.
 */
export function rankProposals(hierarchies: readonly Hierarchy[], seed: number, max?: number, nearDuplicateIou = 1): ProposalBox[] {
  const rnd = mulberry32(seed);
  const cand: { v: number; b: ProposalBox }[] = [];
  for (const h of hierarchies) {
    const R = h.regions.length;
    for (let r = 0; r < R; r++) cand.push({ v: (R - r) * rnd(), b: h.regions[r]! });
  }
  cand.sort((a, b) => a.v - b.v);
  const seen = new Set<string>();
  const out: ProposalBox[] = [];
  for (const c of cand) {
    const key = `${c.b.x1},${c.b.y1},${c.b.x2},${c.b.y2}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (nearDuplicateIou < 1 && out.some((k) => iou(k, c.b) >= nearDuplicateIou)) continue;
    out.push({ x1: c.b.x1, y1: c.b.y1, x2: c.b.x2, y2: c.b.y2 });
    if (max !== undefined && out.length >= max) break;
  }
  return out;
}

function iou(a: ProposalBox, b: ProposalBox): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Best IoU of each ground-truth box with any proposal (the "best overlap" of the paper). */
export function bestOverlaps(gts: readonly ProposalBox[], proposals: readonly ProposalBox[]): Float64Array {
  const out = new Float64Array(gts.length);
  gts.forEach((g, i) => {
    let best = 0;
    for (const p of proposals) {
      const v = iou(g, p);
      if (v > best) best = v;
    }
    out[i] = best;
  });
  return out;
}

export interface ProposalQuality {
  /** Fraction of GT boxes with best overlap ≥ threshold. */
  readonly recall: number;
  /** Mean over classes of the class's average best overlap (MABO). */
  readonly mabo: number;
  /** Average best overlap over all boxes. */
  readonly abo: number;
  readonly numGt: number;
}

/** Recall at IoU ≥ `threshold` and MABO over labelled GT boxes (`classOf[i]` = class of gts[i]). */
export function proposalQuality(overlaps: ArrayLike<number>, classOf: ArrayLike<number>, threshold = 0.5): ProposalQuality {
  const n = overlaps.length;
  let hit = 0;
  let sum = 0;
  const perClass = new Map<number, { s: number; c: number }>();
  for (let i = 0; i < n; i++) {
    const o = overlaps[i]!;
    if (o >= threshold) hit++;
    sum += o;
    const k = classOf[i]!;
    const e = perClass.get(k) ?? { s: 0, c: 0 };
    e.s += o;
    e.c++;
    perClass.set(k, e);
  }
  let mabo = 0;
  for (const e of perClass.values()) mabo += e.s / e.c;
  return { recall: n ? hit / n : 0, mabo: perClass.size ? mabo / perClass.size : 0, abo: n ? sum / n : 0, numGt: n };
}
