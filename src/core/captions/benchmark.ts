/**
 * Scoring captioners on a set of images with human references, the way the page and
 * `npm run bench:captions` report them: each captioner against all references of an image, and the
 * human ceiling (each human caption against the other four, averaged over the five choices).
 */
import { evaluateRawCaptions, type CaptionEvaluation } from './evaluate';
import { METRIC_KEYS, type CaptionScores } from './types';

export interface ReferenceSet {
  readonly imageIds: readonly string[];
  readonly references: ReadonlyMap<string, readonly string[]>;
}

/** Scores of one caption per image against all of that image's references. */
export function scoreCaptioner(set: ReferenceSet, captions: ReadonlyMap<string, string>): CaptionEvaluation {
  return evaluateRawCaptions(set.imageIds, set.references, new Map(set.imageIds.map((id) => [id, [captions.get(id) ?? '']] as const)));
}

export interface HumanCeiling {
  /** Mean over j of the corpus scores of "caption j vs the others". */
  readonly corpus: CaptionScores;
  /** Per image: mean over j of the per-image scores. */
  readonly perImage: ReadonlyMap<string, CaptionScores>;
  /** Per image, per held-out caption j: its scores against the other references. */
  readonly perCaption: ReadonlyMap<string, readonly CaptionScores[]>;
  /** Number of held-out rotations (the smallest number of references of an image). */
  readonly rotations: number;
}

export function humanCeiling(set: ReferenceSet): HumanCeiling {
  const rotations = Math.min(...set.imageIds.map((id) => set.references.get(id)!.length));
  if (!(rotations >= 2)) throw new Error('the human ceiling needs at least 2 references per image');
  const runs: CaptionEvaluation[] = [];
  for (let j = 0; j < rotations; j++) {
    const refs = new Map(set.imageIds.map((id) => [id, set.references.get(id)!.filter((_, i) => i !== j)] as const));
    const cands = new Map(set.imageIds.map((id) => [id, [set.references.get(id)![j]!]] as const));
    runs.push(evaluateRawCaptions(set.imageIds, refs, cands));
  }
  const mean = (xs: readonly CaptionScores[]): CaptionScores => Object.fromEntries(METRIC_KEYS.map((k) => [k, xs.reduce((s, x) => s + x[k], 0) / xs.length])) as CaptionScores;
  return {
    corpus: mean(runs.map((r) => r.corpus)),
    perImage: new Map(set.imageIds.map((id) => [id, mean(runs.map((r) => r.perImage.get(id)!))] as const)),
    perCaption: new Map(set.imageIds.map((id) => [id, runs.map((r) => r.perImage.get(id)!)] as const)),
    rotations,
  };
}
