/** One call for everything the app and the CLI show: COCO stats + per category, VOC07 and VOC2010+. */
import {
  cocoAccumulate, cocoEvaluateIndexed, cocoPerCategory, cocoSummarize,
  type CocoAccumulation, type CocoCategoryMetrics, type CocoEvaluation,
} from './coco';
import { indexData } from './dataset';
import { COCO_PROFILE, VOC07_PROFILE, VOC12_PROFILE, type CocoProfile, type VocProfile } from './profiles';
import type { DetectionInput, GroundTruth, IouType } from './types';
import { vocEvaluateIndexed, type VocResult } from './voc';

export interface EvalReport {
  readonly iouType: IouType;
  /** The 12 COCO numbers in pycocotools' order. */
  readonly stats: number[];
  /** The 12 lines pycocotools' summarize() prints. */
  readonly summaryLines: string[];
  readonly perCategory: CocoCategoryMetrics[];
  readonly evaluation: CocoEvaluation;
  readonly accumulation: CocoAccumulation;
  readonly voc07: VocResult;
  readonly voc12: VocResult;
  /** Detections left out because their image / category is not in the GT file. */
  readonly skipped: { readonly unknownImage: number; readonly unknownCategory: number };
}

export interface EvalReportOptions {
  readonly iouType?: IouType;
  readonly coco?: CocoProfile;
  readonly voc07?: VocProfile;
  readonly voc12?: VocProfile;
}

export function evaluateDetections(gt: GroundTruth, dets: DetectionInput, opts: EvalReportOptions = {}): EvalReport {
  const iouType = opts.iouType ?? 'bbox';
  const data = indexData(gt, dets, iouType);
  const evaluation = cocoEvaluateIndexed(data, opts.coco ?? COCO_PROFILE);
  const accumulation = cocoAccumulate(evaluation);
  const { stats, lines } = cocoSummarize(accumulation);
  const report = {
    iouType, stats, summaryLines: lines, evaluation, accumulation,
    skipped: { unknownImage: data.unknownImageDets, unknownCategory: data.unknownCategoryDets },
  };
  // Per-category COCO and VOC APs are computed on first read only (the CLI's summary never prints them);
  // enumerable getters, so copies of the report (spread, JSON) still carry the values.
  return Object.defineProperties(report, {
    perCategory: lazy(() => cocoPerCategory(accumulation)),
    voc07: lazy(() => vocEvaluateIndexed(data, opts.voc07 ?? VOC07_PROFILE)),
    voc12: lazy(() => vocEvaluateIndexed(data, opts.voc12 ?? VOC12_PROFILE)),
  }) as EvalReport;
}

function lazy<T>(compute: () => T): PropertyDescriptor {
  let value: T | undefined;
  let done = false;
  return {
    enumerable: true,
    get: () => {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  };
}

export interface EvalJson {
  stats: number[];
  perCategory: { id: number; name: string; AP: number; AP50: number; AP75: number; AR100: number }[];
  voc07: { mAP: number; perCategory: { id: number; AP: number }[] };
  voc12: { mAP: number; perCategory: { id: number; AP: number }[] };
}

/** The CLI's `--json` shape. */
export function reportToJson(r: EvalReport): EvalJson {
  const voc = (v: VocResult): EvalJson['voc07'] => ({ mAP: v.mAP, perCategory: v.perClass.map((c) => ({ id: c.id, AP: c.AP })) });
  return {
    stats: r.stats,
    perCategory: r.perCategory.map((c) => ({ id: c.id, name: c.name, AP: c.AP, AP50: c.AP50, AP75: c.AP75, AR100: c.AR100 })),
    voc07: voc(r.voc07),
    voc12: voc(r.voc12),
  };
}
