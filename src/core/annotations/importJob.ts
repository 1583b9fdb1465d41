/**
 * One annotation import as the metrics lab runs it in a Web Worker (issue #15, defects 2 and 6):
 * size limit → format detection → parsing → `findInvalidBoxes`, with progress reported along the way,
 * and each invalid box placed in its file (COCO: `annotations[i]` and its line; VOC / YOLO: the file
 * and the object's number in it). The user then decides: skip the invalid boxes, fix them (clip to
 * the image, flip a negative size) or abort — `applyInvalidDecision` does the first two.
 *
 * Pure TS: runs in the worker, on the main thread (fallback) and in Node tests.
 */
import { clip, imageFromXYWH } from '../coords';
import type { GtAnnotation } from '../eval/types';
import { AnnotationError } from './errors';
import { parseAnnotationFiles } from './load';
import type { AnnotationSet } from './types';
import { findInvalidBoxes, type InvalidBoxProblem } from './validate';
import type { TextFile } from './voc';

/** Above this total size an import is refused before reading (a browser tab cannot parse it in bounded memory). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export type ImportStage = 'reading' | 'parsing' | 'validating';

export interface ImportProgress {
  readonly stage: ImportStage;
  readonly done: number;
  readonly total: number;
}

export interface PlacedInvalidBox {
  /** Index in `set.gt.annotations`. */
  readonly index: number;
  readonly id: number;
  readonly problem: InvalidBoxProblem;
  /** The file the box comes from. */
  readonly file: string;
  /** Where in the file: COCO `annotations[i]`, VOC `<object> 2`, YOLO `box 3` (1-based, in file order). */
  readonly where: string;
  /** 1-based line of the box in its file, where it is known (COCO JSON). */
  readonly line?: number;
  readonly bbox?: readonly number[];
  readonly categoryId: number;
}

export interface ImportOutcome {
  readonly set: AnnotationSet;
  readonly boxes: number;
  readonly invalid: readonly PlacedInvalidBox[];
}

export type InvalidDecision = 'skip' | 'fix';

/** Lines of the elements `wanted` of the top-level array `key` of a JSON text (one linear scan; strings skipped). */
export function jsonArrayElementLines(text: string, key: string, wanted: ReadonlySet<number>): Map<number, number> {
  const out = new Map<number, number>();
  if (wanted.size === 0) return out;
  const n = text.length;
  let depth = 0;
  let line = 1;
  let inArray = false;
  let arrayDepth = -1;
  let element = -1;
  let lastKey = '';
  let expectValue = false;
  for (let p = 0; p < n; p++) {
    const c = text.charCodeAt(p);
    if (c === 10) line++;
    else if (c === 34) {
      // a string: read to its end, remember it as a possible key at depth 1
      const start = p + 1;
      p++;
      while (p < n && text.charCodeAt(p) !== 34) {
        if (text.charCodeAt(p) === 92) p++;
        else if (text.charCodeAt(p) === 10) line++;
        p++;
      }
      if (depth === 1 && !inArray) lastKey = text.slice(start, p);
      if (inArray && depth === arrayDepth && expectValue) {
        element++;
        expectValue = false;
        if (wanted.has(element)) out.set(element, line);
      }
    } else if (c === 58 /* : */) {
      // after "key": at depth 1
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (inArray && depth === arrayDepth && expectValue) {
        element++;
        expectValue = false;
        if (wanted.has(element)) out.set(element, line);
      }
      depth++;
      if (!inArray && c === 91 && depth === 2 && lastKey === key) {
        inArray = true;
        arrayDepth = 2;
        expectValue = true;
      }
    } else if (c === 125 || c === 93) {
      if (inArray && depth === arrayDepth && c === 93) {
        inArray = false;
        if (out.size === wanted.size) return out;
      }
      depth--;
    } else if (c === 44 /* , */) {
      if (inArray && depth === arrayDepth) expectValue = true;
    } else if (inArray && depth === arrayDepth && expectValue && c > 32) {
      element++; // a number / literal element
      expectValue = false;
      if (wanted.has(element)) out.set(element, line);
    }
  }
  return out;
}

function place(set: AnnotationSet, files: readonly TextFile[]): PlacedInvalidBox[] {
  const bad = findInvalidBoxes(set.gt);
  if (bad.length === 0) return [];
  const ann = set.gt.annotations;
  if (set.format === 'coco') {
    const file = files[0]!;
    const lines = jsonArrayElementLines(file.text, 'annotations', new Set(bad.map((b) => b.index)));
    return bad.map((b) => ({
      index: b.index, id: b.id, problem: b.problem, file: file.name, where: `annotations[${b.index}]`, line: lines.get(b.index),
      bbox: ann[b.index]!.bbox, categoryId: ann[b.index]!.categoryId,
    }));
  }
  // VOC / YOLO: image k ↔ the k-th annotation file; the box's number within its image
  const fileOf = new Map(set.gt.images.map((im) => [im.id, im.fileName ?? '']));
  const nth = new Map<number, number>();
  const ordinal: number[] = ann.map((a) => {
    const k = (nth.get(a.imageId) ?? 0) + 1;
    nth.set(a.imageId, k);
    return k;
  });
  return bad.map((b) => {
    const a = ann[b.index]!;
    return {
      index: b.index, id: b.id, problem: b.problem, file: fileOf.get(a.imageId) ?? '', where: `${set.format === 'voc' ? '<object>' : 'box'} ${ordinal[b.index]}`,
      bbox: a.bbox, categoryId: a.categoryId,
    };
  });
}

/**
 * Parse and validate picked files. `onProgress` is called at each stage and every `step` boxes of the
 * validation. Throws `AnnotationError` (file + position) on malformed input, like the parsers.
 */
export function importAnnotationTexts(files: readonly TextFile[], onProgress: (p: ImportProgress) => void = () => undefined): ImportOutcome {
  onProgress({ stage: 'parsing', done: 0, total: files.length });
  const set = parseAnnotationFiles(files);
  const total = set.gt.annotations.length;
  onProgress({ stage: 'validating', done: 0, total });
  const invalid = place(set, [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  onProgress({ stage: 'validating', done: total, total });
  return { set, boxes: total, invalid };
}

/** Refuses a batch that is too large to parse in a tab, before anything is read. */
export function checkImportSize(files: readonly { readonly name: string; readonly size: number }[], limit = MAX_IMPORT_BYTES): void {
  const bytes = files.reduce((s, f) => s + f.size, 0);
  if (bytes > limit) {
    const big = [...files].sort((a, b) => b.size - a.size)[0]!;
    throw new AnnotationError(big.name, '', `too large: ${(bytes / 2 ** 20).toFixed(0)} MB of annotations, the limit is ${(limit / 2 ** 20).toFixed(0)} MB`);
  }
}

/**
 * The set with the invalid boxes skipped, or fixed where they can be: a negative width/height is
 * flipped (the box spans the same pixels), a box sticking out of its image is clipped to it; a box
 * that is empty after that, not finite, or of an unknown category is left out. Pixel boxes only
 * (YOLO's normalized boxes are clipped to 0..1).
 */
export function applyInvalidDecision(set: AnnotationSet, invalid: readonly PlacedInvalidBox[], decision: InvalidDecision): { set: AnnotationSet; fixed: number; dropped: number } {
  const bad = new Set(invalid.map((b) => b.index));
  const sizes = new Map(set.gt.images.map((im) => [im.id, im]));
  let fixed = 0;
  const annotations: GtAnnotation[] = [];
  set.gt.annotations.forEach((a, i) => {
    if (!bad.has(i)) {
      annotations.push(a);
      return;
    }
    if (decision === 'skip') return;
    const problem = invalid.find((b) => b.index === i)!.problem;
    if (problem === 'unknown-category' || problem === 'not-finite' || !a.bbox) return;
    let [x, y, w, h] = a.bbox;
    if (w < 0) [x, w] = [x + w, -w];
    if (h < 0) [y, h] = [y + h, -h];
    const im = sizes.get(a.imageId);
    const size = set.units === 'normalized' ? { width: 1, height: 1 } : im && im.width > 0 && im.height > 0 ? { width: im.width, height: im.height } : null;
    const b = size ? clip(imageFromXYWH([x, y, w, h]), size) : imageFromXYWH([x, y, w, h]);
    const nw = b.x2 - b.x1, nh = b.y2 - b.y1;
    if (!(nw > 0 && nh > 0) || ![b.x1, b.y1, nw, nh].every(Number.isFinite)) return;
    fixed++;
    annotations.push({ ...a, bbox: [b.x1, b.y1, nw, nh], area: nw * nh });
  });
  const out: AnnotationSet = { ...set, gt: { ...set.gt, annotations } };
  return { set: out, fixed, dropped: set.gt.annotations.length - annotations.length };
}
