/**
 * The official COCO caption evaluation (pycocoevalcap's COCOEvalCap.evaluate without METEOR and SPICE):
 * BLEU-1..4, ROUGE-L and CIDEr-D on tokenized captions, corpus level and per image, with the official
 * code's input checks. Inputs are tokenized (see tokenize.ts); `evaluateRawCaptions` tokenizes first.
 */
import { formatFixed3 } from '../eval/numeric';
import { bleuScores } from './bleu';
import { checkInputs } from './check';
import { ciderScores } from './cider';
import { rougeScores } from './rouge';
import { tokenizeCaption } from './tokenize';
import { METRIC_KEYS, type CaptionMap, type CaptionScores } from './types';

export interface CaptionEvaluation {
  readonly imageIds: readonly string[];
  readonly corpus: CaptionScores;
  readonly perImage: ReadonlyMap<string, CaptionScores>;
}

/**
 * `imageIds` is the evaluation order (corpus means depend on it only in the last bit). Throws a
 * CaptionMetricError where the official code raises (and for an empty corpus, where CIDEr raises).
 */
export function evaluateCaptions(imageIds: readonly string[], gts: CaptionMap, res: CaptionMap): CaptionEvaluation {
  checkInputs(imageIds, gts, res);
  const cands = imageIds.map((id) => res.get(id)![0]!);
  const refs = imageIds.map((id) => gts.get(id)!);
  const cider = ciderScores(cands, refs); // first: it is the one that rejects degenerate corpora
  const bleu = bleuScores(cands, refs);
  const rouge = rougeScores(cands, refs);
  const perImage = new Map<string, CaptionScores>();
  imageIds.forEach((id, i) => {
    const b = bleu.perImage[i]!;
    perImage.set(id, { Bleu_1: b[0]!, Bleu_2: b[1]!, Bleu_3: b[2]!, Bleu_4: b[3]!, ROUGE_L: rouge.perImage[i]!, CIDEr: cider.perImage[i]! });
  });
  const b = bleu.corpus;
  return {
    imageIds,
    corpus: { Bleu_1: b[0]!, Bleu_2: b[1]!, Bleu_3: b[2]!, Bleu_4: b[3]!, ROUGE_L: rouge.corpus, CIDEr: cider.corpus },
    perImage,
  };
}

/** Same, on raw captions: every reference and candidate goes through the fixtures' tokenizer. */
export function evaluateRawCaptions(
  imageIds: readonly string[],
  references: ReadonlyMap<string, readonly string[]>,
  candidates: ReadonlyMap<string, readonly string[]>,
): CaptionEvaluation {
  const tok = (m: ReadonlyMap<string, readonly string[]>) => new Map([...m].map(([k, v]) => [k, v.map(tokenizeCaption)] as const));
  return evaluateCaptions(imageIds, tok(references), tok(candidates));
}

/** The six lines eval.py prints ("%s: %0.3f"). */
export function formatScoreLines(s: CaptionScores): string[] {
  return METRIC_KEYS.map((k) => `${k}: ${formatFixed3(s[k])}`);
}
