/**
 * COCO / PASCAL VOC detection metrics on COCO JSON files.
 *
 *   npm run eval -- --gt GT.json --dt DT.json [--iou-type bbox|segm] [--json] [--details]
 *
 * Default output: the 12 lines of pycocotools' summarize(), formatted identically.
 * --details adds per-category COCO and VOC tables after a blank line.
 * --json prints only {"stats", "perCategory", "voc07", "voc12"} on stdout.
 * Exit codes: 0 ok, 2 bad usage or malformed input (message on stderr names file and JSON path).
 */
import { findInvalidBoxes } from '../src/core/annotations/validate';
import { readInputBytes, readInputText, UsageError, walkArgs } from './lib/cliArgs';
import {
  EvalInputError, evaluateDetections, formatFixed3, parseCocoGroundTruth, parseCocoResults, reportToJson, scanCocoResults, type IouType,
} from '../src/core/eval';

const USAGE = 'usage: npm run eval -- --gt GT.json --dt DT.json [--iou-type bbox|segm] [--json] [--details] [--strict]\n  --strict  exit 2 when the ground truth has invalid boxes (they are reported either way)';

interface Args { gt: string; dt: string; iouType: IouType; json: boolean; details: boolean; strict: boolean }

function parseArgs(argv: string[]): Args {
  let gt = '', dt = '', iouType: IouType = 'bbox', json = false, details = false, strict = false;
  walkArgs(argv, USAGE, (a, value) => {
    if (a === '--gt') gt = value();
    else if (a === '--dt') dt = value();
    else if (a === '--iou-type') {
      const v = value();
      if (v !== 'bbox' && v !== 'segm') throw new UsageError(`--iou-type must be bbox or segm, got ${v}`);
      iouType = v;
    } else if (a === '--json') json = true;
    else if (a === '--details') details = true;
    else if (a === '--strict') strict = true;
    else return false;
    return true;
  });
  if (!gt || !dt) throw new UsageError('--gt and --dt are required');
  return { gt, dt, iouType, json, details, strict };
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`eval: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  try {
    const gt = parseCocoGroundTruth(readInputText(args.gt), args.gt, { iouType: args.iouType });
    const invalid = findInvalidBoxes(gt);
    for (const b of invalid.slice(0, 20)) process.stderr.write(`eval: warning: ${args.gt}: ${b.message}\n`);
    if (invalid.length > 20) process.stderr.write(`eval: warning: ${args.gt}: … and ${invalid.length - 20} more invalid box(es)\n`);
    if (invalid.length > 0 && args.strict) {
      process.stderr.write(`eval: ${invalid.length} invalid box(es) in ${args.gt}; --strict: stopping\n`);
      return 2;
    }
    // The results file is read from its bytes into columns when it has the usual shape (no JSON.parse, no
    // object per detection); anything else, errors included, goes through the general parser.
    const dtBytes = readInputBytes(args.dt);
    const dt = scanCocoResults(dtBytes, args.iouType) ?? parseCocoResults(dtBytes.toString('utf8'), args.dt, { iouType: args.iouType });
    const report = evaluateDetections(gt, dt, { iouType: args.iouType });
    const { unknownImage, unknownCategory } = report.skipped;
    if (unknownImage > 0) process.stderr.write(`eval: warning: ${args.dt}: ${unknownImage} detection(s) refer to images not in ${args.gt}; ignored (pycocotools would refuse the file)\n`);
    if (unknownCategory > 0) process.stderr.write(`eval: note: ${args.dt}: ${unknownCategory} detection(s) have a category_id not in ${args.gt}; ignored\n`);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(reportToJson(report))}\n`);
      return 0;
    }
    const out: string[] = [...report.summaryLines];
    if (args.details) {
      out.push('', 'Per category (COCO, area=all, maxDets=100; VOC at IoU 0.5):');
      out.push(`${'id'.padStart(6)}  ${'name'.padEnd(20)} ${'AP'.padStart(6)} ${'AP50'.padStart(6)} ${'AP75'.padStart(6)} ${'AR100'.padStart(6)} ${'VOC07'.padStart(6)} ${'VOC12'.padStart(6)}`);
      report.perCategory.forEach((c, k) => {
        const v07 = report.voc07.perClass[k]!.AP, v12 = report.voc12.perClass[k]!.AP;
        out.push(`${String(c.id).padStart(6)}  ${c.name.slice(0, 20).padEnd(20)} ${[c.AP, c.AP50, c.AP75, c.AR100, v07, v12].map((x) => formatFixed3(x).padStart(6)).join(' ')}`);
      });
      out.push('', `PASCAL VOC2007 11-point mAP@0.5 = ${formatFixed3(report.voc07.mAP)}`, `PASCAL VOC2010+ all-point mAP@0.5 = ${formatFixed3(report.voc12.mAP)}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof EvalInputError) {
      process.stderr.write(`eval: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main();
