/**
 * ROUGE-L as pycocoevalcap's rouge.py: tokens by split(" ") (so '' is one empty token), LCS against each
 * reference, P = max precision and R = max recall over the references taken separately, then
 * F = (1 + β²)·P·R / (R + β²·P) with β = 1.2, or 0 when P or R is 0. Corpus value: numpy's mean.
 */
import { pairwiseSum } from '../eval/numeric';

export const ROUGE_BETA = 1.2;

export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length < b.length) [a, b] = [b, a];
  let prev = new Int32Array(b.length + 1), cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export function rougeL(candidate: string, references: readonly string[], beta = ROUGE_BETA): number {
  const c = candidate.split(' ');
  let pMax = -Infinity, rMax = -Infinity;
  for (const ref of references) {
    const r = ref.split(' ');
    const lcs = lcsLength(r, c);
    pMax = Math.max(pMax, lcs / c.length);
    rMax = Math.max(rMax, lcs / r.length);
  }
  if (pMax !== 0 && rMax !== 0) return ((1 + beta ** 2) * pMax * rMax) / (rMax + beta ** 2 * pMax);
  return 0;
}

/** Corpus ROUGE-L: NaN for an empty corpus (numpy's mean of an empty array), like the official code. */
export function rougeScores(candidates: readonly string[], references: readonly (readonly string[])[]): { corpus: number; perImage: number[] } {
  const perImage = candidates.map((c, i) => rougeL(c, references[i]!));
  return { corpus: pairwiseSum(perImage) / perImage.length, perImage };
}
