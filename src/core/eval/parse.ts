/**
 * Validating parsers for COCO ground-truth and results JSON. Every error names the file and
 * the JSON path of the problem, e.g. `gt.json: annotations[12].bbox: expected 4 numbers`.
 */
import type { CategoryInfo, Detection, GroundTruth, GtAnnotation, ImageInfo, IouType, Segmentation, Xywh } from './types';

export class EvalInputError extends Error {
  readonly file: string;
  readonly path: string;
  constructor(file: string, path: string, message: string) {
    super(`${file}: ${path ? `${path}: ` : ''}${message}`);
    this.name = 'EvalInputError';
    this.file = file;
    this.path = path;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)})`;
  return `${typeof v} ${String(v)}`;
}

/** JSON.parse with the error position turned into line:column. */
export function parseJsonText(text: string, file: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${col})`;
    }
    throw new EvalInputError(file, '', `invalid JSON: ${msg.replace(/\s*\(line \d+ column \d+\)/, '')}${where}`);
  }
}

class Ctx {
  constructor(readonly file: string) {}
  fail(path: string, message: string): never {
    throw new EvalInputError(this.file, path, message);
  }
  object(v: Json | undefined, path: string): JsonObject {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `expected an object, got ${v === undefined ? 'nothing' : describe(v)}`);
    return v;
  }
  array(v: Json | undefined, path: string, what: string): Json[] {
    if (v === undefined) this.fail(path, `missing (expected an array of ${what})`);
    if (!Array.isArray(v)) this.fail(path, `expected an array of ${what}, got ${describe(v)}`);
    return v;
  }
  number(o: JsonObject, key: string, path: string): number {
    const v = o[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (v === undefined) this.fail(`${path}.${key}`, 'missing (expected a number)');
    this.fail(`${path}.${key}`, `expected a number, got ${describe(v)}`);
  }
  optNumber(o: JsonObject, key: string, path: string, dflt: number): number {
    return o[key] === undefined ? dflt : this.number(o, key, path);
  }
  flag(o: JsonObject, key: string, path: string): boolean {
    const v = o[key];
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return v !== 0;
    this.fail(`${path}.${key}`, `expected 0, 1, true or false, got ${describe(v)}`);
  }
  box(v: Json | undefined, path: string): Xywh {
    if (Array.isArray(v) && v.length === 4) {
      const a = v[0], b = v[1], c = v[2], d = v[3];
      if (typeof a === 'number' && typeof b === 'number' && typeof c === 'number' && typeof d === 'number'
        && Number.isFinite(a + b + c + d)) {
        return v as unknown as Xywh; // validated in place, not copied (hot path: 10^5-10^6 boxes)
      }
    }
    this.fail(path, `expected 4 numbers [x, y, width, height], got ${v === undefined ? 'nothing' : Array.isArray(v) ? (v.length === 4 && v.every((x) => typeof x === 'number') ? `[${v.map(String).join(', ')}]: a number too large to be finite (e.g. 1e400) or not a number` : `an array of ${v.length}${v.every((x) => typeof x === 'number') ? ' numbers' : ' values (not all finite numbers)'}`) : describe(v)}`);
  }
  segmentation(v: Json | undefined, path: string): Segmentation {
    if (Array.isArray(v)) {
      if (v.length === 0) this.fail(path, 'expected at least one polygon, got an empty list');
      // plain loops, no callbacks: one polygon per ground-truth object in COCO files (hot path)
      for (let i = 0; i < v.length; i++) {
        const p = v[i];
        let ok = Array.isArray(p);
        if (ok) for (let j = 0; j < (p as Json[]).length; j++) {
          const x = (p as Json[])[j];
          if (typeof x !== 'number' || !Number.isFinite(x)) { ok = false; break; }
        }
        if (!ok) this.fail(`${path}[${i}]`, `expected a polygon [x1, y1, x2, y2, ...] of numbers, got ${describe(p!)}`);
        const n = (p as number[]).length;
        if (n < 4 || n % 2 !== 0) this.fail(`${path}[${i}]`, `expected an even number (>= 4) of coordinates, got ${n}`);
      }
      const polys = v as number[][]; // validated in place, not copied
      const firstIsBox = polys[0]!.length === 4;
      for (let i = 1; i < polys.length; i++) {
        if ((polys[i]!.length === 4) !== firstIsBox) this.fail(`${path}[${i}]`, 'polygons of 4 numbers are read as boxes [x, y, w, h] (pycocotools frPyObjects); do not mix them with longer polygons');
      }
      return polys;
    }
    const o = this.object(v, path);
    const size = o['size'];
    if (!Array.isArray(size) || size.length !== 2 || !size.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) {
      this.fail(`${path}.size`, `expected [height, width] (2 non-negative integers), got ${size === undefined ? 'nothing' : describe(size)}`);
    }
    const h = size[0] as number, w = size[1] as number;
    const counts = o['counts'];
    if (typeof counts === 'string') {
      if (!/^[0-o]*$/.test(counts)) this.fail(`${path}.counts`, 'compressed RLE contains characters outside 0x30..0x6f');
      // validated in place, not copied (hot path: one per detection in segm results)
      return o as unknown as { size: [number, number]; counts: string };
    }
    if (!Array.isArray(counts) || !counts.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) {
      this.fail(`${path}.counts`, `expected a compressed RLE string or an array of non-negative integers, got ${counts === undefined ? 'nothing' : describe(counts)}`);
    }
    let sum = 0;
    for (const c of counts as number[]) sum += c;
    if (sum !== h * w) this.fail(`${path}.counts`, `run lengths sum to ${sum}, expected height*width = ${h * w}`);
    return { size: [h, w], counts: counts as number[] };
  }
}

export interface ParseOptions {
  readonly iouType?: IouType;
}

/** Parse and validate a COCO ground-truth file (`images`, `categories`, `annotations`). */
export function parseCocoGroundTruth(text: string, file: string, opts: ParseOptions = {}): GroundTruth {
  return cocoGroundTruthFromJson(parseJsonText(text, file), file, opts);
}

export function cocoGroundTruthFromJson(json: unknown, file: string, opts: ParseOptions = {}): GroundTruth {
  const iouType = opts.iouType ?? 'bbox';
  const c: Ctx = new Ctx(file);
  const root = c.object(json as Json, '');
  const images: ImageInfo[] = c.array(root['images'], 'images', 'images').map((v, i) => {
    const p = `images[${i}]`;
    const o = c.object(v, p);
    const id = c.number(o, 'id', p);
    const width = iouType === 'segm' ? c.number(o, 'width', p) : c.optNumber(o, 'width', p, 0);
    const height = iouType === 'segm' ? c.number(o, 'height', p) : c.optNumber(o, 'height', p, 0);
    const fn = o['file_name'];
    return typeof fn === 'string' ? { id, width, height, fileName: fn } : { id, width, height };
  });
  const categories: CategoryInfo[] = c.array(root['categories'], 'categories', 'categories').map((v, i) => {
    const p = `categories[${i}]`;
    const o = c.object(v, p);
    const id = c.number(o, 'id', p);
    const name = o['name'];
    if (name === undefined) return { id, name: String(id) };
    if (typeof name !== 'string') c.fail(`${p}.name`, `expected a string, got ${describe(name)}`);
    return { id, name };
  });
  const list = c.array(root['annotations'], 'annotations', 'annotations');
  const annotations: GtAnnotation[] = new Array<GtAnnotation>(list.length);
  const annPath = (i: number): string => `annotations[${i}]`;
  for (let i = 0; i < list.length; i++) {
    // paths are only built when something is wrong (hot path: one per object)
    const v = list[i];
    const o = v !== null && typeof v === 'object' && !Array.isArray(v) ? v : c.object(v, annPath(i));
    const rawId = o['id'], rawImage = o['image_id'], rawCat = o['category_id'], rawArea = o['area'];
    const id = typeof rawId === 'number' && Number.isFinite(rawId) ? rawId : c.number(o, 'id', annPath(i));
    const imageId = typeof rawImage === 'number' && Number.isFinite(rawImage) ? rawImage : c.number(o, 'image_id', annPath(i));
    const categoryId = typeof rawCat === 'number' && Number.isFinite(rawCat) ? rawCat : c.number(o, 'category_id', annPath(i));
    const area = typeof rawArea === 'number' && Number.isFinite(rawArea) ? rawArea : c.number(o, 'area', annPath(i));
    const rawCrowd = o['iscrowd'], rawDifficult = o['difficult'];
    const iscrowd = rawCrowd === 0 || rawCrowd === undefined ? false : c.flag(o, 'iscrowd', annPath(i));
    const difficult = rawDifficult === undefined ? false : c.flag(o, 'difficult', annPath(i));
    const rawBox = o['bbox'];
    let bbox: Xywh | undefined;
    if (Array.isArray(rawBox) && rawBox.length === 4 && typeof rawBox[0] === 'number' && typeof rawBox[1] === 'number'
      && typeof rawBox[2] === 'number' && typeof rawBox[3] === 'number' && Number.isFinite(rawBox[0] + rawBox[1] + rawBox[2] + rawBox[3])) {
      bbox = rawBox as unknown as Xywh; // what c.box returns for it (validated in place)
    } else if (iouType === 'bbox' || rawBox !== undefined) bbox = c.box(rawBox, `${annPath(i)}.bbox`);
    const segmentation = iouType === 'segm' ? c.segmentation(o['segmentation'], `${annPath(i)}.segmentation`) : undefined;
    annotations[i] = { id, imageId, categoryId, bbox, area, iscrowd, difficult, segmentation };
  }
  return { images, categories, annotations };
}

/** Parse and validate a COCO results file: an array of `{image_id, category_id, bbox | segmentation, score}`. */
export function parseCocoResults(text: string, file: string, opts: ParseOptions = {}): Detection[] {
  return cocoResultsFromJson(parseJsonText(text, file), file, opts);
}

export function cocoResultsFromJson(json: unknown, file: string, opts: ParseOptions = {}): Detection[] {
  const iouType = opts.iouType ?? 'bbox';
  const c: Ctx = new Ctx(file);
  const list = c.array(json as Json, '', 'detections');
  const out: Detection[] = new Array<Detection>(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    // paths are only built when something is wrong (hot path)
    const o = item !== null && typeof item === 'object' && !Array.isArray(item) ? item : c.object(item, `[${i}]`);
    const imageId = o['image_id'], categoryId = o['category_id'], score = o['score'], rawBox = o['bbox'];
    const rawSeg = o['segmentation'];
    if (typeof imageId !== 'number' || !Number.isFinite(imageId)) c.number(o, 'image_id', `[${i}]`);
    if (typeof categoryId !== 'number' || !Number.isFinite(categoryId)) c.number(o, 'category_id', `[${i}]`);
    if (typeof score !== 'number' || !Number.isFinite(score)) c.number(o, 'score', `[${i}]`);
    const hasBox = rawBox !== undefined && !(Array.isArray(rawBox) && rawBox.length === 0);
    const hasSeg = rawSeg !== undefined;
    if (iouType === 'bbox' && !hasBox && !hasSeg) c.fail(`[${i}].bbox`, 'missing (expected 4 numbers [x, y, width, height])');
    if (iouType === 'segm' && !hasSeg && !hasBox) c.fail(`[${i}].segmentation`, 'missing (expected a polygon list or an RLE)');
    const bbox = hasBox ? c.box(rawBox, `[${i}].bbox`) : undefined;
    const segmentation = hasSeg && (iouType === 'segm' || !hasBox) ? c.segmentation(rawSeg, `[${i}].segmentation`) : undefined;
    out[i] = { imageId: imageId as number, categoryId: categoryId as number, score: score as number, bbox, segmentation };
  }
  return out;
}
