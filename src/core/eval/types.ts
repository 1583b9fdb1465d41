/** Data types of the detection-metrics engine (COCO JSON semantics, plain numbers and typed arrays). */
import type { PreparedMask } from './mask';

/** COCO box `[x, y, width, height]` in pixels. */
export type Xywh = readonly [number, number, number, number];
/** Corner box `[x1, y1, x2, y2]`. */
export type Xyxy = readonly [number, number, number, number];

export type IouType = 'bbox' | 'segm';

/** COCO run-length encoding, column-major (Fortran order) counts of alternating 0/1 runs starting with 0. */
export interface Rle {
  readonly h: number;
  readonly w: number;
  readonly counts: Uint32Array;
}

/**
 * A COCO `segmentation` value as found in JSON: a list of polygons (`[[x1, y1, x2, y2, ...], ...]`),
 * an uncompressed RLE (`{size: [h, w], counts: [n0, n1, ...]}`) or a compressed RLE
 * (`{size: [h, w], counts: "string"}`).
 */
export type Segmentation =
  | readonly (readonly number[])[]
  | { readonly size: readonly [number, number]; readonly counts: readonly number[] | string };

export interface ImageInfo {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly fileName?: string;
}

export interface CategoryInfo {
  readonly id: number;
  readonly name: string;
}

export interface GtAnnotation {
  readonly id: number;
  readonly imageId: number;
  readonly categoryId: number;
  /** Required for bbox evaluation; may be absent in segm-only files. */
  readonly bbox?: Xywh;
  /** The annotation's `area` field (COCO: segmentation area). Used for the area ranges. */
  readonly area: number;
  readonly iscrowd: boolean;
  /** PASCAL VOC `difficult` flag (COCO JSON extension); never read by the COCO metric. */
  readonly difficult: boolean;
  readonly segmentation?: Segmentation;
}

export interface GroundTruth {
  readonly images: readonly ImageInfo[];
  readonly categories: readonly CategoryInfo[];
  readonly annotations: readonly GtAnnotation[];
}

export interface Detection {
  readonly imageId: number;
  readonly categoryId: number;
  readonly score: number;
  readonly bbox?: Xywh;
  readonly segmentation?: Segmentation;
}

/** One area range of the COCO metric, inclusive at both ends. */
export interface AreaRange {
  readonly label: 'all' | 'small' | 'medium' | 'large' | string;
  readonly min: number;
  readonly max: number;
}

/**
 * Detections as columns, what the fast results reader (`scanCocoResults`) produces: the same content as a
 * `Detection[]` from `parseCocoResults`, without an object per detection. Compressed RLE counts are
 * bytes (their characters) in one buffer: `bytes[rleStart[i], rleEnd[i])`, size `[rleH[i], rleW[i]]`;
 * `rleStart[i] = -1` when the detection has no segmentation (or one the evaluation does not read).
 */
export interface DetectionColumns {
  readonly length: number;
  readonly imageId: Float64Array;
  readonly categoryId: Float64Array;
  readonly score: Float64Array;
  /** `[x, y, w, h]` at `4 * i`, meaningful where `hasBox[i] === 1`. */
  readonly bbox: Float64Array;
  readonly hasBox: Uint8Array;
  readonly rleH: Float64Array;
  readonly rleW: Float64Array;
  readonly rleStart: Int32Array;
  readonly rleEnd: Int32Array;
  /** The counts strings' characters, at rleStart[i] … rleEnd[i] − 1. */
  readonly bytes: Uint8Array;
  /** `bytes` are a JSON text's: each backslash of the counts is written twice there. */
  readonly jsonEscaped: boolean;
  /** The detections' masks, decoded by the reader (segm), one per detection (undefined: decoded on use). */
  readonly masks?: readonly (PreparedMask | undefined)[];
}

/** What the engines take as detections. */
export type DetectionInput = readonly Detection[] | DetectionColumns;

export function isDetectionColumns(d: DetectionInput): d is DetectionColumns {
  return !Array.isArray(d);
}
