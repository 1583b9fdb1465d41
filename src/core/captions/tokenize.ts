/**
 * The caption tokenizer of the project's metric fixtures (`../shared/fixtures/captions/README.md`): a fully
 * specified stand-in for Stanford PTBTokenizer followed by the official code's removal of PUNCTUATIONS.
 * 1. lowercase; 2. each of the 14 characters `. , ? ! : ; - ' " \` ( ) { }` becomes a space; 3. split on
 * JavaScript `\s` runs, drop empty pieces, join with one space.
 */
const PUNCT = /[.,?!:;\-'"`(){}]/g;

export function tokenizeCaption(s: string): string {
  return s.toLowerCase().replace(PUNCT, ' ').split(/\s+/).filter(Boolean).join(' ');
}

/** Python `str.split()` on a tokenized string (what BLEU and CIDEr see): no empty pieces. */
export function splitWords(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}
