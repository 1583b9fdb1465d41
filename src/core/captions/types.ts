/** Image id → tokenized caption strings (what the official scorers receive). */
export type CaptionMap = ReadonlyMap<string, readonly string[]>;

export const METRIC_KEYS = ['Bleu_1', 'Bleu_2', 'Bleu_3', 'Bleu_4', 'ROUGE_L', 'CIDEr'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];
export type CaptionScores = Record<MetricKey, number>;

export interface CorpusResult<T> {
  readonly corpus: T;
  /** In the order of the image ids given. */
  readonly perImage: readonly T[];
}
