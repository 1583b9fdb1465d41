/**
 * Detections → the COCO "results" format (what `pycocotools` `loadRes()` and the project's own
 * evaluator read): `[{ image_id, category_id, bbox: [x, y, width, height], score }]`. Pure: no DOM, no tfjs.
 *
 * Rounding (to keep the JSON small and diff-able without changing any metric materially):
 * - the box corners (x1, y1, x2, y2, original image pixels) are rounded to 0.01 px, and width / height
 *   are taken between the rounded corners, so x + w is exactly the rounded x2: every coordinate moves by
 *   at most 0.005 px, i.e. the IoU of a box of side s changes by about 0.01 / s at most (< 0.001 for
 *   s >= 10 px; the smallest COCO objects are a few px wide, and IoU thresholds are 0.05 apart);
 * - a negative width or height (a degenerate box) is clamped to 0;
 * - boxes are not clipped to the image (the detector's output is written as it is);
 * - scores are rounded to 1e-5. Only ties between scores closer than that can change order, and the
 *   order within one image is kept as given (COCO's evaluator sorts with a stable sort).
 */

export interface CocoResult {
  readonly image_id: number;
  readonly category_id: number;
  /** [x, y, width, height] in pixels of the original image, top-left origin. */
  readonly bbox: readonly [number, number, number, number];
  readonly score: number;
}

/** What `toCocoResults` needs from a detection (the adapters' `Detection` satisfies it). */
export interface CocoResultSource {
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  readonly score: number;
  /** Official COCO category id (1..90 with gaps). */
  readonly categoryId: number;
}

export const BBOX_DECIMALS = 2;
export const SCORE_DECIMALS = 5;

function roundTo(v: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * One result per detection, in the given order. Throws a RangeError for a non-integer image or
 * category id, or a non-finite coordinate or score (JSON would silently turn them into `null`).
 */
export function toCocoResults(dets: readonly CocoResultSource[], imageId: number): CocoResult[] {
  if (!Number.isSafeInteger(imageId)) throw new RangeError(`toCocoResults: image id must be an integer, got ${imageId}`);
  return dets.map((d, i) => {
    const { x1, y1, x2, y2 } = d.box;
    if (![x1, y1, x2, y2, d.score].every(Number.isFinite)) {
      throw new RangeError(`toCocoResults: detection ${i} of image ${imageId} has a non-finite box or score`);
    }
    if (!Number.isSafeInteger(d.categoryId) || d.categoryId < 1) {
      throw new RangeError(`toCocoResults: detection ${i} of image ${imageId} has category id ${d.categoryId}`);
    }
    const rx1 = roundTo(x1, BBOX_DECIMALS);
    const ry1 = roundTo(y1, BBOX_DECIMALS);
    const w = Math.max(0, roundTo(roundTo(x2, BBOX_DECIMALS) - rx1, BBOX_DECIMALS));
    const h = Math.max(0, roundTo(roundTo(y2, BBOX_DECIMALS) - ry1, BBOX_DECIMALS));
    return { image_id: imageId, category_id: d.categoryId, bbox: [rx1, ry1, w, h], score: roundTo(d.score, SCORE_DECIMALS) };
  });
}

/**
 * The COCO image id written in a COCO file name: `000000397133.jpg` → 397133 (also the 2014 style
 * `COCO_val2014_000000397133.jpg`). Only the last path component is looked at; the number must be
 * exactly 12 digits and the extension .jpg, .jpeg or .png (any case). Anything else → undefined.
 */
export function imageIdFromFileName(name: string): number | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const m = /^(?:COCO_[A-Za-z]+\d{4}_)?(\d{12})\.(?:jpe?g|png)$/i.exec(base);
  return m ? Number(m[1]) : undefined;
}
