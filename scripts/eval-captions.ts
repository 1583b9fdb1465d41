/**
 * The official COCO caption metrics (BLEU-1..4, ROUGE-L, CIDEr-D; pycocoevalcap without METEOR/SPICE)
 * on raw captions, tokenized with the fixtures' tokenizer.
 *
 *   npm run eval:captions -- --gt captions.json --res results.json [--json]
 *
 * --gt: COCO captions format ({images, annotations: [{image_id, caption}]}); --res: COCO caption results
 * ([{image_id, caption}], one per image). Default output: the six lines eval.py prints ("Bleu_1: 0.663").
 * --json prints only {"Bleu_1",…,"CIDEr","perImage":{"<image_id>":{same six}}} on stdout.
 * Exit codes: 0 ok, 2 bad usage or malformed input (message on stderr names the file and the position).
 */
import {
  CaptionMetricError, evaluateRawCaptions, formatScoreLines, METRIC_KEYS, pairCaptions, parseCaptionReferences,
  parseCaptionResults, type CaptionScores,
} from '../src/core/captions';
import { EvalInputError } from '../src/core/eval';
import { readInputText, UsageError, walkArgs } from './lib/cliArgs';

const USAGE = 'usage: npm run eval:captions -- --gt captions.json --res results.json [--json]';

function parseArgs(argv: string[]): { gt: string; res: string; json: boolean } {
  let gt = '', res = '', json = false;
  walkArgs(argv, USAGE, (a, value) => {
    if (a === '--gt') gt = value();
    else if (a === '--res') res = value();
    else if (a === '--json') json = true;
    else return false;
    return true;
  });
  if (!gt || !res) throw new UsageError('--gt and --res are required');
  return { gt, res, json };
}

const six = (s: CaptionScores) => Object.fromEntries(METRIC_KEYS.map((k) => [k, s[k]]));

function main(): number {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`eval:captions: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  try {
    const refs = parseCaptionReferences(readInputText(args.gt), args.gt);
    const results = parseCaptionResults(readInputText(args.res), args.res);
    const input = pairCaptions(refs, results, args.gt, args.res);
    if (input.unscored.length > 0) {
      process.stderr.write(`eval:captions: note: ${input.unscored.length} image(s) of ${args.gt} have no result in ${args.res} and are not scored (as in the official evaluation)\n`);
    }
    const ev = evaluateRawCaptions(input.imageIds, input.references, input.candidates);
    if (args.json) {
      const perImage = Object.fromEntries(ev.imageIds.map((id) => [id, six(ev.perImage.get(id)!)]));
      process.stdout.write(`${JSON.stringify({ ...six(ev.corpus), perImage })}\n`);
    } else {
      process.stdout.write(`${formatScoreLines(ev.corpus).join('\n')}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof EvalInputError) {
      process.stderr.write(`eval:captions: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CaptionMetricError) {
      process.stderr.write(`eval:captions: ${args.res}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main();
