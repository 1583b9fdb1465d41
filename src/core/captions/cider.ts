/**
 * CIDEr-D as pycocoevalcap's cider_scorer.py (its `CIDEr` key): n-grams 1..4, tf·idf vectors with the
 * document frequencies of the evaluated corpus's references (idf = log N − log max(1, df)), clipped
 * products min(w_h, w_r)·w_r, cosine per order, Gaussian length penalty σ = 6 on the bigram counts,
 * mean over orders, mean over references, ×10. The corpus value is numpy's mean of the per-image values.
 */
import { pairwiseSum } from '../eval/numeric';
import { CaptionMetricError } from './errors';
import { splitWords } from './tokenize';

export const CIDER_N = 4;
export const CIDER_SIGMA = 6;

type Counts = Map<string, number>[]; // per order (0-based)

function precook(s: string, n: number): Counts {
  const words = splitWords(s);
  const out: Counts = [];
  for (let k = 1; k <= n; k++) {
    const m = new Map<string, number>();
    for (let i = 0; i + k <= words.length; i++) {
      const g = words.slice(i, i + k).join(' ');
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    out.push(m);
  }
  return out;
}

interface Vec {
  readonly w: Map<string, number>[];
  readonly norm: number[];
  readonly length: number;
}

export interface CiderModel {
  /** Document frequency per order: in how many images' reference sets each n-gram occurs. */
  readonly df: readonly Map<string, number>[];
  /** log N (N = number of images in the corpus). */
  readonly logN: number;
  readonly n: number;
}

/** The document frequencies of a corpus of reference sets (one set per image). */
export function ciderModel(references: readonly (readonly string[])[], n = CIDER_N): CiderModel {
  const df: Map<string, number>[] = Array.from({ length: n }, () => new Map());
  let total = 0;
  for (const refs of references) {
    const seen: Set<string>[] = Array.from({ length: n }, () => new Set());
    for (const r of refs) precook(r, n).forEach((m, k) => m.forEach((_, g) => seen[k]!.add(g)));
    seen.forEach((set, k) => set.forEach((g) => {
      df[k]!.set(g, (df[k]!.get(g) ?? 0) + 1);
      total++;
    }));
  }
  if (total === 0) {
    throw new CaptionMetricError('empty-df', references.length === 0
      ? 'CIDEr needs at least one image (the official code fails with "max() arg is an empty sequence")'
      : 'CIDEr needs at least one word in the references: every reference is empty (the official code fails with "max() arg is an empty sequence")');
  }
  return { df, logN: Math.log(references.length), n };
}

function toVec(c: Counts, model: CiderModel): Vec {
  const w: Map<string, number>[] = [];
  const norm: number[] = [];
  let length = 0;
  c.forEach((m, k) => {
    const wk = new Map<string, number>();
    let sq = 0;
    m.forEach((tf, g) => {
      const v = tf * (model.logN - Math.log(Math.max(1, model.df[k]!.get(g) ?? 0)));
      wk.set(g, v);
      sq += v ** 2;
      if (k === 1) length += tf;
    });
    w.push(wk);
    norm.push(Math.sqrt(sq));
  });
  return { w, norm, length };
}

function sim(h: Vec, r: Vec, n: number): number[] {
  const delta = h.length - r.length;
  const val: number[] = [];
  for (let k = 0; k < n; k++) {
    let v = 0;
    const rk = r.w[k]!;
    h.w[k]!.forEach((wh, g) => {
      const wr = rk.get(g) ?? 0;
      v += Math.min(wh, wr) * wr;
    });
    if (h.norm[k] !== 0 && r.norm[k] !== 0) v /= h.norm[k]! * r.norm[k]!;
    v *= Math.E ** (-(delta ** 2) / (2 * CIDER_SIGMA ** 2));
    val.push(v);
  }
  return val;
}

/** CIDEr-D of one candidate against its references, under a corpus model. */
export function ciderD(candidate: string, references: readonly string[], model: CiderModel): number {
  const h = toVec(precook(candidate, model.n), model);
  const score = new Array<number>(model.n).fill(0);
  for (const r of references) {
    const s = sim(h, toVec(precook(r, model.n), model), model.n);
    for (let k = 0; k < model.n; k++) score[k]! += s[k]!;
  }
  let avg = pairwiseSum(score) / model.n;
  avg /= references.length;
  return avg * 10;
}

export function ciderScores(candidates: readonly string[], references: readonly (readonly string[])[], n = CIDER_N): { corpus: number; perImage: number[] } {
  const model = ciderModel(references, n);
  const perImage = candidates.map((c, i) => ciderD(c, references[i]!, model));
  return { corpus: pairwiseSum(perImage) / perImage.length, perImage };
}
