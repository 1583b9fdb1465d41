/**
 * Indexing shared by the COCO and VOC engines: sorted image / category ids (np.unique), the
 * annotations and detections that take part (image and category known to the GT), flat typed
 * arrays for boxes, areas and scores, and GT groups per (category, image) in file order.
 */
import { columnsRleCounts } from './fastResults';
import { CumArena, prepareMask, prepareMaskFromBytes, prepareMaskFromPoly, prepareMaskFromString, segmentationToRle, type PreparedMask } from './mask';
import { isDetectionColumns, type Detection, type DetectionInput, type GroundTruth, type IouType, type Rle, type Segmentation } from './types';

export interface IndexedData {
  readonly iouType: IouType;
  readonly gt: GroundTruth;
  readonly dets: DetectionInput;
  /** Ascending unique image ids of `gt.images`. */
  readonly imgIds: Float64Array;
  /** Ascending unique category ids of `gt.categories`. */
  readonly catIds: Float64Array;
  readonly catNames: readonly string[];
  readonly imgIndex: ReadonlyMap<number, number>;
  readonly catIndex: ReadonlyMap<number, number>;
  readonly nImg: number;
  readonly nCat: number;
  // --- GT that takes part (image and category in the GT lists), in file order
  readonly nGt: number;
  readonly gtAnn: Int32Array; // index into gt.annotations
  readonly gtImg: Int32Array;
  readonly gtCat: Int32Array;
  readonly gtBox: Float64Array; // 4 per GT (xywh), zeros when absent (segm)
  readonly gtArea: Float64Array;
  readonly gtCrowd: Uint8Array;
  readonly gtDifficult: Uint8Array;
  readonly gtId: Float64Array;
  /** GT indices grouped by key `cat * nImg + img`, file order inside a group. */
  readonly gtGroupStart: Int32Array;
  readonly gtGrouped: Int32Array;
  // --- detections that take part, in results-file order
  readonly nDt: number;
  readonly dtSrc: Int32Array; // index into dets
  readonly dtImg: Int32Array;
  readonly dtCat: Int32Array;
  readonly dtScore: Float64Array;
  /**
   * Detection boxes, 4 per entry: the result's `bbox`, or for a result without one `rleToBbox` of its
   * mask (pycocotools loadRes) — that last only for bbox evaluation (segm compares masks: left 0 there).
   */
  readonly dtBox: Float64Array;
  /** Detection area used by the area ranges (pycocotools loadRes: bbox w·h, or mask area). */
  readonly dtArea: Float64Array;
  /** Detections whose image id is not in `gt.images` (pycocotools would refuse the file). */
  readonly unknownImageDets: number;
  /** Detections whose category id is not in `gt.categories`. */
  readonly unknownCategoryDets: number;
  /** Lazily built masks (segm). */
  gtRle(i: number): Rle;
  dtRle(i: number): Rle;
  /** rleToBbox of the masks, 4 per entry (segm). */
  gtRleBox(i: number): Float64Array;
  dtRleBox(i: number): Float64Array;
  /** The masks prepared for `preparedIou` (run boundaries, area, box), built once each (segm). */
  gtMask(i: number): PreparedMask;
  dtMask(i: number): PreparedMask;
}

/**
 * Items `0 … n−1` grouped by key `cat[i] * nImg + img[i]` (a stable counting sort): group g holds
 * `order[start[g] … start[g + 1])`, in ascending item order. Ground truths and detections are both grouped
 * so. Each pass is a function of its own: a long loop is compiled on its own (on-stack replacement), and a
 * function with several such loops is compiled again for each next loop, which first runs with no type
 * feedback and deoptimises the code compiled for the one before.
 */
export function groupByCategoryImage(cat: Int32Array, img: Int32Array, n: number, nCat: number, nImg: number): { start: Int32Array; order: Int32Array } {
  const nGroups = nCat * nImg;
  const start = new Int32Array(nGroups + 1);
  countKeys(cat, img, n, nImg, start);
  prefixSums(start, nGroups);
  const order = new Int32Array(n);
  placeByKey(cat, img, n, nImg, start.slice(0, nGroups), order);
  return { start, order };
}

function countKeys(cat: Int32Array, img: Int32Array, n: number, nImg: number, cnt: Int32Array): void {
  for (let i = 0; i < n; i++) cnt[cat[i]! * nImg + img[i]! + 1]!++;
}

/** `a[g + 1] += a[g]` for g in [0, n): counts shifted by one become group starts. */
function prefixSums(a: Int32Array, n: number): void {
  for (let g = 0; g < n; g++) a[g + 1]! += a[g]!;
}

function placeByKey(cat: Int32Array, img: Int32Array, n: number, nImg: number, fill: Int32Array, order: Int32Array): void {
  for (let i = 0; i < n; i++) order[fill[cat[i]! * nImg + img[i]!]!++] = i;
}

function sortedUnique(values: readonly number[]): Float64Array {
  const a = Float64Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[n - 1]) a[n++] = a[i]!;
  return a.slice(0, n);
}

export function indexData(gt: GroundTruth, dets: DetectionInput, iouType: IouType): IndexedData {
  const imgIds = sortedUnique(gt.images.map((im) => im.id));
  const catIds = sortedUnique(gt.categories.map((c) => c.id));
  const imgIndex = new Map<number, number>();
  imgIds.forEach((id, i) => imgIndex.set(id, i));
  const catIndex = new Map<number, number>();
  catIds.forEach((id, i) => catIndex.set(id, i));
  const catNames: string[] = new Array<string>(catIds.length).fill('');
  for (const c of gt.categories) {
    const k = catIndex.get(c.id)!;
    if (catNames[k] === '') catNames[k] = c.name;
  }
  const imgSize = new Map<number, { h: number; w: number }>();
  for (const im of gt.images) if (!imgSize.has(im.id)) imgSize.set(im.id, { h: im.height, w: im.width });
  const nImg = imgIds.length, nCat = catIds.length;

  // ---- GT
  const anns = gt.annotations;
  const keep: number[] = [];
  const keepImg: number[] = [], keepCat: number[] = [];
  for (let j = 0; j < anns.length; j++) {
    const a = anns[j]!;
    const ii = imgIndex.get(a.imageId), kk = catIndex.get(a.categoryId);
    if (ii !== undefined && kk !== undefined) { keep.push(j); keepImg.push(ii); keepCat.push(kk); }
  }
  const nGt = keep.length;
  const gtAnn = Int32Array.from(keep);
  const gtImg = Int32Array.from(keepImg), gtCat = Int32Array.from(keepCat);
  const gtBox = new Float64Array(4 * nGt), gtArea = new Float64Array(nGt);
  const gtCrowd = new Uint8Array(nGt), gtDifficult = new Uint8Array(nGt), gtId = new Float64Array(nGt);
  for (let i = 0; i < nGt; i++) {
    const a = anns[gtAnn[i]!]!;
    const b = a.bbox;
    if (b) { gtBox[4 * i] = b[0]; gtBox[4 * i + 1] = b[1]; gtBox[4 * i + 2] = b[2]; gtBox[4 * i + 3] = b[3]; }
    gtArea[i] = a.area;
    gtCrowd[i] = a.iscrowd ? 1 : 0;
    gtDifficult[i] = a.difficult ? 1 : 0;
    gtId[i] = a.id;
  }
  const { start: gtGroupStart, order: gtGrouped } = groupByCategoryImage(gtCat, gtImg, nGt, nCat, nImg);

  // ---- detections
  let unknownImageDets = 0, unknownCategoryDets = 0;
  // Either form of input is read through these (columns: no object per detection).
  const cols = isDetectionColumns(dets) ? dets : null;
  const list = cols ? [] : dets as readonly Detection[];
  const nIn = cols ? cols.length : list.length;
  const imageIdOf = (j: number): number => (cols ? cols.imageId[j]! : list[j]!.imageId);
  const segOf = (j: number): Segmentation | undefined => {
    if (!cols) return list[j]!.segmentation;
    const counts = columnsRleCounts(cols, j);
    return counts === null ? undefined : { size: [cols.rleH[j]!, cols.rleW[j]!], counts };
  };
  const dtSrcAll = new Int32Array(nIn), dtImgAll = new Int32Array(nIn), dtCatAll = new Int32Array(nIn);
  let nKept = 0;
  for (let j = 0; j < nIn; j++) {
    const ii = imgIndex.get(imageIdOf(j));
    if (ii === undefined) { unknownImageDets++; continue; }
    const kk = catIndex.get(cols ? cols.categoryId[j]! : list[j]!.categoryId);
    if (kk === undefined) { unknownCategoryDets++; continue; }
    dtSrcAll[nKept] = j; dtImgAll[nKept] = ii; dtCatAll[nKept] = kk; nKept++;
  }
  const nDt = nKept;
  const dtSrc = dtSrcAll.slice(0, nDt);
  const dtImg = dtImgAll.slice(0, nDt), dtCat = dtCatAll.slice(0, nDt);
  const dtScore = new Float64Array(nDt), dtBox = new Float64Array(4 * nDt), dtArea = new Float64Array(nDt);

  const gtRleCache: (Rle | undefined)[] = new Array<Rle | undefined>(nGt);
  const dtRleCache: (Rle | undefined)[] = new Array<Rle | undefined>(nDt);
  const gtMaskCache: (PreparedMask | undefined)[] = new Array<PreparedMask | undefined>(nGt);
  const dtMaskCache: (PreparedMask | undefined)[] = new Array<PreparedMask | undefined>(nDt);
  const sizeOf = (imageId: number): { h: number; w: number } => imgSize.get(imageId) ?? { h: 0, w: 0 };
  const toRle = (seg: Segmentation, imageId: number): Rle => {
    const { h, w } = sizeOf(imageId);
    return segmentationToRle(seg, h, w);
  };
  const dtRle = (i: number): Rle => {
    let r = dtRleCache[i];
    if (r === undefined) {
      const j = dtSrc[i]!;
      const seg = segOf(j);
      if (seg !== undefined) r = toRle(seg, imageIdOf(j));
      else {
        // pycocotools loadRes (bbox results): segmentation = [[x1, y1, x1, y2, x2, y2, x2, y1]]
        const x1 = dtBox[4 * i]!, y1 = dtBox[4 * i + 1]!;
        const x2 = x1 + dtBox[4 * i + 2]!, y2 = y1 + dtBox[4 * i + 3]!;
        r = toRle([[x1, y1, x1, y2, x2, y2, x2, y1]], imageIdOf(j));
      }
      dtRleCache[i] = r;
    }
    return r;
  };
  const gtRle = (i: number): Rle => {
    let r = gtRleCache[i];
    if (r === undefined) {
      const a = anns[gtAnn[i]!]!;
      if (a.segmentation === undefined) throw new Error(`annotation id ${a.id} has no segmentation`);
      r = toRle(a.segmentation, a.imageId);
      gtRleCache[i] = r;
    }
    return r;
  };

  // The prepared masks' run boundaries share large chunks (views), not one ArrayBuffer per mask.
  const arena = new CumArena();
  const gtMask = (i: number): PreparedMask => {
    let pm = gtMaskCache[i];
    if (pm === undefined) {
      const a = anns[gtAnn[i]!]!;
      const seg = a.segmentation;
      if (gtRleCache[i] === undefined && Array.isArray(seg) && seg.length === 1) {
        // One polygon (most COCO objects): rasterised straight into the prepared form, as annToRLE's
        // frPyObjects + merge of a single part would (a 4-number list is a box, like frPyObjects).
        const { h, w } = sizeOf(a.imageId);
        const xy = seg[0] as readonly number[];
        pm = xy.length === 4
          ? prepareMaskFromPoly([xy[0]!, xy[1]!, xy[0]!, xy[1]! + xy[3]!, xy[0]! + xy[2]!, xy[1]! + xy[3]!, xy[0]! + xy[2]!, xy[1]!], h, w, arena)
          : prepareMaskFromPoly(xy, h, w, arena);
      } else pm = prepareMask(gtRle(i), arena);
      gtMaskCache[i] = pm;
    }
    return pm;
  };
  const dtMask = (i: number): PreparedMask => {
    let pm = dtMaskCache[i];
    if (pm === undefined) {
      // Compressed RLE (what detectors write): decoded straight into the prepared form.
      const j = dtSrc[i]!;
      if (cols) {
        const s = cols.rleStart[j]!;
        pm = cols.masks?.[j] ?? (s >= 0
          ? prepareMaskFromBytes(cols.bytes, s, cols.rleEnd[j]!, cols.rleH[j]!, cols.rleW[j]!, arena, cols.jsonEscaped)
          : prepareMask(dtRle(i), arena));
      } else {
        const seg = list[j]!.segmentation as { size?: readonly [number, number]; counts?: unknown } | undefined;
        pm = seg && !Array.isArray(seg) && typeof seg.counts === 'string' && seg.size
          ? prepareMaskFromString(seg.counts, seg.size[0], seg.size[1], arena)
          : prepareMask(dtRle(i), arena);
      }
      dtMaskCache[i] = pm;
    }
    return pm;
  };

  // pycocotools loadRes decides from the first result: a non-empty bbox → areas are bbox w·h,
  // otherwise the segmentation path → areas are mask areas.
  const boxFromMask = iouType !== 'segm';
  if (cols) {
    const bboxPath = cols.length > 0 && cols.hasBox[0] === 1;
    for (let i = 0; i < nDt; i++) {
      const j = dtSrc[i]!;
      dtScore[i] = cols.score[j]!;
      const hasBox = cols.hasBox[j] === 1, hasSeg = cols.rleStart[j]! >= 0;
      if (hasBox) for (let q = 0; q < 4; q++) dtBox[4 * i + q] = cols.bbox[4 * j + q]!;
      else if (hasSeg && boxFromMask) { const pm = dtMask(i); dtBox[4 * i] = pm.x; dtBox[4 * i + 1] = pm.y; dtBox[4 * i + 2] = pm.bw; dtBox[4 * i + 3] = pm.bh; }
      const useBbox = !hasSeg || (bboxPath && hasBox);
      dtArea[i] = useBbox ? dtBox[4 * i + 2]! * dtBox[4 * i + 3]! : dtMask(i).area;
    }
  } else {
    const first = list[0];
    const bboxPath = first !== undefined && first.bbox !== undefined && first.bbox.length > 0;
    for (let i = 0; i < nDt; i++) {
      const d = list[dtSrc[i]!]!;
      dtScore[i] = d.score;
      const b = d.bbox;
      if (b) { dtBox[4 * i] = b[0]; dtBox[4 * i + 1] = b[1]; dtBox[4 * i + 2] = b[2]; dtBox[4 * i + 3] = b[3]; }
      else if (d.segmentation !== undefined && boxFromMask) { const pm = dtMask(i); dtBox[4 * i] = pm.x; dtBox[4 * i + 1] = pm.y; dtBox[4 * i + 2] = pm.bw; dtBox[4 * i + 3] = pm.bh; }
      const useBbox = d.segmentation === undefined || (bboxPath && d.bbox !== undefined);
      dtArea[i] = useBbox ? dtBox[4 * i + 2]! * dtBox[4 * i + 3]! : dtMask(i).area;
    }
  }


  return {
    iouType, gt, dets, imgIds, catIds, catNames, imgIndex, catIndex, nImg, nCat,
    nGt, gtAnn, gtImg, gtCat, gtBox, gtArea, gtCrowd, gtDifficult, gtId, gtGroupStart, gtGrouped,
    nDt, dtSrc, dtImg, dtCat, dtScore, dtBox, dtArea, unknownImageDets, unknownCategoryDets,
    gtRle, dtRle,
    gtRleBox: (i) => gtMask(i).box,
    dtRleBox: (i) => dtMask(i).box,
    gtMask, dtMask,
  };
}
