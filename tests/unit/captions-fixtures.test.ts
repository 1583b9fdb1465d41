/**
 * The caption metrics against every value in ../shared/fixtures/captions (computed by the official
 * pycocoevalcap code), to 1e-9 absolute and 1e-9 relative.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bleuScores, bleuStats, CaptionMetricError, ciderScores, evaluateCaptions, evaluateRawCaptions, formatScoreLines,
  METRIC_KEYS, rougeScores, tokenizeCaption, type CaptionScores,
} from '../../src/core/captions';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/captions');
if (!existsSync(dir)) {
  throw new Error(`caption metric fixtures not found at ${dir}: these tests need ../shared (see ../shared/fixtures/captions/README.md)`);
}
const load = <T,>(f: string): T => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as T;

interface Scenario {
  name: string;
  image_ids: string[];
  references: Record<string, string[]>;
  raw_references: Record<string, string[]>;
  candidates: Record<string, string>;
  candidates_tokenized: Record<string, string>;
  expected: CaptionScores;
  expected_per_image: Record<string, CaptionScores>;
  printed: string[];
  bleu_stats: { totals: unknown; per_image: Record<string, { testlen: number; reflen: number; guess: number[]; correct: number[] }> };
}

const SCENARIOS = ['human_loo_first', 'retrieval_bow', 'template_objects', 'edge_cases', 'edge_degenerate_refs', 'edge_single_image'];

/** Within 1e-9 absolute and 1e-9 relative (per-image BLEU-4 values of 1e-12 must be right too). */
function close(got: number, want: number, what: string): void {
  const err = Math.abs(got - want);
  if (!(err <= 1e-9 && err <= 1e-9 * Math.abs(want))) expect.fail(`${what}: got ${got}, expected ${want} (|Δ| = ${err})`);
}

describe.each(SCENARIOS)('fixture %s', (name) => {
  const s = load<Scenario>(`${name}.json`);
  const gts = new Map(s.image_ids.map((id) => [id, s.references[id]!] as const));
  const res = new Map(s.image_ids.map((id) => [id, [s.candidates_tokenized[id]!]] as const));

  it('tokenizer reproduces every stored tokenized string', () => {
    for (const id of s.image_ids) {
      expect(tokenizeCaption(s.candidates[id]!)).toBe(s.candidates_tokenized[id]);
      s.raw_references[id]!.forEach((r, j) => expect(tokenizeCaption(r)).toBe(s.references[id]![j]));
    }
  });

  it('corpus and per-image values equal the official code to 1e-9', () => {
    const ev = evaluateCaptions(s.image_ids, gts, res);
    for (const k of METRIC_KEYS) close(ev.corpus[k], s.expected[k], `${name} corpus ${k}`);
    for (const id of s.image_ids) {
      for (const k of METRIC_KEYS) close(ev.perImage.get(id)![k], s.expected_per_image[id]![k], `${name} image ${id} ${k}`);
    }
    expect(formatScoreLines(ev.corpus)).toEqual(s.printed);
  });

  it('raw captions through the tokenizer give the same values', () => {
    const raw = evaluateRawCaptions(s.image_ids, new Map(s.image_ids.map((id) => [id, s.raw_references[id]!] as const)), new Map(s.image_ids.map((id) => [id, [s.candidates[id]!]] as const)));
    for (const k of METRIC_KEYS) close(raw.corpus[k], s.expected[k], `${name} raw corpus ${k}`);
  });

  it('BLEU counts equal the official cook functions', () => {
    for (const id of s.image_ids) {
      const st = bleuStats(s.candidates_tokenized[id]!, s.references[id]!);
      const want = s.bleu_stats.per_image[id]!;
      expect({ testlen: st.testlen, reflen: st.reflen, guess: st.guess, correct: st.correct }).toEqual({ testlen: want.testlen, reflen: want.reflen, guess: want.guess, correct: want.correct });
    }
  });
});

interface ErrorCase {
  case: string;
  image_ids: string[];
  references: Record<string, string[]>;
  candidates_tokenized: Record<string, string[]>;
  expected: Record<string, unknown>;
}

describe('edge_errors: where the official code raises or returns NaN', () => {
  const cases = load<{ cases: ErrorCase[] }>('edge_errors.json').cases;
  const kindFor: Record<string, string> = {
    'assert(len(hypo) == 1)': 'not-one-candidate',
    'assert(gts.keys() == res.keys())': 'keys-differ',
    'assert(len(ref) >= 1)': 'no-references',
  };
  it.each(cases.map((c) => [c.case, c] as const))('%s', (_, c) => {
    const gts = new Map(Object.entries(c.references));
    const res = new Map(Object.entries(c.candidates_tokenized));
    const bleuExp = c.expected['Bleu_1'];
    const ciderExp = c.expected['CIDEr'] as { error?: string; raised_at?: string } | number;
    const ids = c.image_ids;
    if (typeof bleuExp === 'object' && bleuExp !== null) {
      // The first scorer raises: so does the whole evaluation, with the matching kind.
      const at = (bleuExp as { raised_at: string }).raised_at;
      const kind = Object.entries(kindFor).find(([k]) => at.includes(k))?.[1];
      expect(kind, at).toBeDefined();
      let err: unknown;
      try {
        evaluateCaptions(ids, gts, res);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CaptionMetricError);
      expect((err as CaptionMetricError).kind).toBe(kind);
      return;
    }
    // BLEU and ROUGE-L return values; CIDEr raises ValueError (max() of an empty sequence).
    const cands = ids.map((id) => res.get(id)![0]!), refs = ids.map((id) => gts.get(id)!);
    const b = bleuScores(cands, refs);
    for (let k = 0; k < 4; k++) close(b.corpus[k]!, c.expected[`Bleu_${k + 1}`] as number, `${c.case} Bleu_${k + 1}`);
    const perB = c.expected['_bleu_per_image'] as number[][];
    for (let k = 0; k < 4; k++) perB[k]!.forEach((v, i) => close(b.perImage[i]![k]!, v, `${c.case} bleu per image`));
    const r = rougeScores(cands, refs);
    const rExp = c.expected['ROUGE_L'];
    if (rExp === 'NaN') expect(r.corpus).toBeNaN();
    else close(r.corpus, rExp as number, `${c.case} ROUGE_L`);
    (c.expected['_ROUGE_L_per_image'] as number[]).forEach((v, i) => close(r.perImage[i]!, v, `${c.case} rouge per image`));
    expect(typeof ciderExp === 'object' && ciderExp.error).toBe('ValueError');
    expect(() => ciderScores(cands, refs)).toThrow(CaptionMetricError);
    expect(() => evaluateCaptions(ids, gts, res)).toThrow(/max\(\) arg is an empty sequence/);
  });
});
