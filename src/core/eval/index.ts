/** Detection metrics engine: pycocotools-exact COCO (bbox, segm) and PASCAL VOC AP. Pure TS. */
export type {
  AreaRange, CategoryInfo, Detection, DetectionColumns, DetectionInput, GroundTruth, GtAnnotation, ImageInfo, IouType, Rle, Segmentation, Xywh, Xyxy,
} from './types';
export { isDetectionColumns } from './types';
export { columnsRleCounts, scanCocoResults } from './fastResults';
export { boxIouMatrix, boxIouXywh, boxIouXyxy, iouXywh } from './iou';
export {
  CumArena, makeRle, preparedIou, prepareMask, prepareMaskFromBytes, prepareMaskFromPoly, prepareMaskFromString, rleArea, rleDecode, rleEncode, rleFrBbox, rleFrPoly, rleFrString, rleIou, rleMerge, rleToBbox, rleToString,
  type PreparedMask,
  segmentationToRle,
} from './mask';
export { formatFixed3, linspace, npMean, pairwiseSum } from './numeric';
export {
  COCO_AREA_RANGES, COCO_IOU_THRS, COCO_PROFILE, COCO_REC_THRS, VOC07_PROFILE, VOC12_PROFILE, cocoProfileWith,
  type CocoProfile, type VocApMethod, type VocProfile,
} from './profiles';
export { indexData, type IndexedData } from './dataset';
export {
  DT_FP, DT_IGNORED, DT_MIXED, DT_TP, cocoAccumulate, stableOrderByScoreDesc, cocoEvaluate, cocoEvaluateIndexed, cocoExplainImage, cocoPerCategory,
  cocoSummarize, summarizeValue, summaryLine, summarySettings,
  type CocoAccumulation, type CocoCategoryMetrics, type CocoEvaluateOptions, type CocoEvaluation,
  type DetectionExplanation, type DetectionStatus, type SummaryEntry,
} from './coco';
export { vocAp11, vocApAllPoint, vocEvaluate, vocEvaluateIndexed, type VocClassResult, type VocOptions, type VocResult } from './voc';
export {
  EvalInputError, cocoGroundTruthFromJson, cocoResultsFromJson, parseCocoGroundTruth, parseCocoResults, parseJsonText,
  type ParseOptions,
} from './parse';
export { evaluateDetections, reportToJson, type EvalJson, type EvalReport, type EvalReportOptions } from './report';
