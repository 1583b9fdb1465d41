/**
 * The inputs on which the official COCO caption code (pycocoevalcap) raises, as one error type with a
 * message that says what is wrong and which official check it corresponds to.
 */
export type CaptionErrorKind =
  | 'keys-differ' // gts.keys() == res.keys()
  | 'not-one-candidate' // len(hypo) == 1
  | 'no-references' // len(ref) >= 1
  | 'empty-df'; // CIDEr: max() arg is an empty sequence (no n-gram in any reference)

export class CaptionMetricError extends Error {
  readonly kind: CaptionErrorKind;
  constructor(kind: CaptionErrorKind, message: string) {
    super(message);
    this.name = 'CaptionMetricError';
    this.kind = kind;
  }
}
