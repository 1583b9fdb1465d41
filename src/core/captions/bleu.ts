/**
 * BLEU-1..4 exactly as pycocoevalcap's bleu_scorer.py computes it with option='closest': clipped n-gram
 * matches (clip = maximum count over the references), the reference length closest to the candidate's
 * (ties → the shorter), the 1e-15 / 1e-9 smoothing, and the brevity penalty exp(1 − 1/ratio) when
 * ratio < 1. Corpus level: the counts are summed over images and the formula applied once.
 */
import { splitWords } from './tokenize';

export const BLEU_N = 4;
const SMALL = 1e-9;
const TINY = 1e-15;

export interface BleuStats {
  readonly testlen: number;
  /** The 'closest' reference length. */
  readonly reflen: number;
  readonly guess: readonly number[];
  readonly correct: readonly number[];
}

function ngramCounts(words: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let k = 1; k <= n; k++) {
    for (let i = 0; i + k <= words.length; i++) {
      const g = `${k}|${words.slice(i, i + k).join(' ')}`;
      m.set(g, (m.get(g) ?? 0) + 1);
    }
  }
  return m;
}

/** The official cook_refs + cook_test for one image. */
export function bleuStats(candidate: string, references: readonly string[], n = BLEU_N): BleuStats {
  const maxCounts = new Map<string, number>();
  const refLens: number[] = [];
  for (const r of references) {
    const w = splitWords(r);
    refLens.push(w.length);
    for (const [g, c] of ngramCounts(w, n)) if (c > (maxCounts.get(g) ?? 0)) maxCounts.set(g, c);
  }
  const words = splitWords(candidate);
  const testlen = words.length;
  let reflen = Infinity, bestDiff = Infinity;
  for (const l of refLens) {
    const d = Math.abs(l - testlen);
    if (d < bestDiff || (d === bestDiff && l < reflen)) {
      bestDiff = d;
      reflen = l;
    }
  }
  const guess: number[] = [], correct: number[] = new Array<number>(n).fill(0);
  for (let k = 1; k <= n; k++) guess.push(Math.max(0, testlen - k + 1));
  for (const [g, c] of ngramCounts(words, n)) {
    const k = Number(g.slice(0, g.indexOf('|')));
    correct[k - 1]! += Math.min(maxCounts.get(g) ?? 0, c);
  }
  return { testlen, reflen, guess, correct };
}

/** The score formula of the official code on summed counts. */
export function bleuFromStats(s: BleuStats, n = BLEU_N): number[] {
  const out: number[] = [];
  let p = 1;
  for (let k = 0; k < n; k++) {
    p *= (s.correct[k]! + TINY) / (s.guess[k]! + SMALL);
    out.push(p ** (1 / (k + 1)));
  }
  const ratio = (s.testlen + TINY) / (s.reflen + SMALL);
  if (ratio < 1) {
    const bp = Math.exp(1 - 1 / ratio);
    for (let k = 0; k < n; k++) out[k]! *= bp;
  }
  return out;
}

export function sumBleuStats(all: readonly BleuStats[], n = BLEU_N): BleuStats {
  let testlen = 0, reflen = 0;
  const guess = new Array<number>(n).fill(0), correct = new Array<number>(n).fill(0);
  for (const s of all) {
    testlen += s.testlen;
    reflen += s.reflen;
    for (let k = 0; k < n; k++) {
      guess[k]! += s.guess[k]!;
      correct[k]! += s.correct[k]!;
    }
  }
  return { testlen, reflen, guess, correct };
}

/** Corpus BLEU-1..n and per-image BLEU-1..n (each an array of n values). */
export function bleuScores(candidates: readonly string[], references: readonly (readonly string[])[], n = BLEU_N): { corpus: number[]; perImage: number[][]; stats: BleuStats[] } {
  const stats = candidates.map((c, i) => bleuStats(c, references[i]!, n));
  return { corpus: bleuFromStats(sumBleuStats(stats, n), n), perImage: stats.map((s) => bleuFromStats(s, n)), stats };
}
