/**
 * Rule sets as data. The COCO engine (`coco.ts`) and the VOC engine (`voc.ts`) read every
 * threshold, range and interpolation choice from these profiles.
 */
import { linspace } from './numeric';
import type { AreaRange } from './types';

/** `np.linspace(.5, 0.95, 10)`: [0.5, 0.55, ..., 0.85, 0.8999999999999999, 0.95] (numpy's doubles). */
export const COCO_IOU_THRS: Float64Array = linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1);
/** `np.linspace(.0, 1.00, 101)`: i * 0.01 (0.35000000000000003 etc.), last 1. */
export const COCO_REC_THRS: Float64Array = linspace(0, 1, Math.round((1 - 0) / 0.01) + 1);

export const COCO_AREA_RANGES: readonly AreaRange[] = [
  { label: 'all', min: 0 ** 2, max: 1e5 ** 2 },
  { label: 'small', min: 0 ** 2, max: 32 ** 2 },
  { label: 'medium', min: 32 ** 2, max: 96 ** 2 },
  { label: 'large', min: 96 ** 2, max: 1e5 ** 2 },
];

export interface CocoProfile {
  readonly kind: 'coco';
  readonly name: string;
  /** IoU thresholds; a match needs IoU >= min(t, iouCap). */
  readonly iouThrs: Float64Array;
  readonly iouCap: number;
  /** Recall thresholds of the interpolated PR curve. */
  readonly recThrs: Float64Array;
  readonly areaRanges: readonly AreaRange[];
  /** Ascending; the last one caps detections per image and category. */
  readonly maxDets: readonly number[];
  /** Added to the precision denominator (numpy `np.spacing(1)`). */
  readonly precisionEps: number;
}

export type VocApMethod = '11point' | 'all-point';

export interface VocProfile {
  readonly kind: 'voc';
  readonly name: string;
  readonly iouThreshold: number;
  /** VOC devkit: `ovmax >= minoverlap`. */
  readonly iouComparison: '>=' | '>';
  readonly ap: VocApMethod;
  /** Recall thresholds of the 11-point method (`k / 10`). */
  readonly elevenPointThrs: Float64Array;
  /** GT flags that make a GT "difficult" (matched detections are neither TP nor FP). */
  readonly difficultFrom: { readonly difficult: boolean; readonly iscrowd: boolean };
  /** Maximum detections per image and class (VOC: none). */
  readonly maxDetsPerImage: number;
}

export const COCO_PROFILE: CocoProfile = {
  kind: 'coco',
  name: 'COCO (pycocotools COCOeval)',
  iouThrs: COCO_IOU_THRS,
  iouCap: 1 - 1e-10,
  recThrs: COCO_REC_THRS,
  areaRanges: COCO_AREA_RANGES,
  maxDets: [1, 10, 100],
  precisionEps: 2.220446049250313e-16,
};

const ELEVEN = Float64Array.from({ length: 11 }, (_, k) => k / 10);

export const VOC07_PROFILE: VocProfile = {
  kind: 'voc',
  name: 'PASCAL VOC2007 (11-point)',
  iouThreshold: 0.5,
  iouComparison: '>=',
  ap: '11point',
  elevenPointThrs: ELEVEN,
  difficultFrom: { difficult: true, iscrowd: true },
  maxDetsPerImage: Infinity,
};

export const VOC12_PROFILE: VocProfile = {
  ...VOC07_PROFILE,
  name: 'PASCAL VOC2010+ (all-point)',
  ap: 'all-point',
};

/** A COCO profile with other maxDets (sorted ascending, like pycocotools' Params). */
export function cocoProfileWith(overrides: Partial<Omit<CocoProfile, 'kind'>>): CocoProfile {
  const p = { ...COCO_PROFILE, ...overrides };
  return { ...p, maxDets: [...p.maxDets].sort((a, b) => a - b) };
}
