/**
 * COCO captions files (references: `{images: [{id}], annotations: [{image_id, caption}]}`) and COCO caption
 * results (`[{image_id, caption}]`), validated with the file and the position (line:column for broken
 * JSON, the JSON path otherwise) in every message.
 */
import { findJsonSyntaxError } from '../annotations/jsonPosition';
import { EvalInputError, parseJsonText } from '../eval/parse';

export interface CaptionReferences {
  /** Image ids in file order (`images[]`), as strings (the metric maps' keys). */
  readonly imageIds: readonly string[];
  /** Raw captions per image, in file order. */
  readonly captions: ReadonlyMap<string, readonly string[]>;
}

export interface CaptionResult {
  readonly imageId: string;
  readonly caption: string;
  /** Index in the results array, for messages. */
  readonly index: number;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const issue = findJsonSyntaxError(text);
    if (issue) throw new EvalInputError(file, `line ${issue.line}, column ${issue.column}`, `invalid JSON: ${issue.message}`);
    return parseJsonText(text, file);
  }
}

function what(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)})`;
  return `${typeof v} ${String(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function imageId(v: unknown, file: string, path: string): string {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && v !== '') return v;
  throw new EvalInputError(file, path, v === undefined ? 'missing (expected an image id)' : `expected an integer image id, got ${what(v)}`);
}

export function parseCaptionReferences(text: string, file: string): CaptionReferences {
  const root = parseJson(text, file);
  if (!isObject(root)) throw new EvalInputError(file, '', `expected a COCO captions object {images, annotations}, got ${what(root)}`);
  const images = root['images'], anns = root['annotations'];
  if (!Array.isArray(images)) throw new EvalInputError(file, 'images', `${images === undefined ? 'missing' : `got ${what(images)}`} (expected an array of images)`);
  if (!Array.isArray(anns)) throw new EvalInputError(file, 'annotations', `${anns === undefined ? 'missing' : `got ${what(anns)}`} (expected an array of captions)`);
  const captions = new Map<string, string[]>();
  const ids: string[] = [];
  images.forEach((im, i) => {
    if (!isObject(im)) throw new EvalInputError(file, `images[${i}]`, `expected an object, got ${what(im)}`);
    const id = imageId(im['id'], file, `images[${i}].id`);
    if (captions.has(id)) throw new EvalInputError(file, `images[${i}].id`, `duplicate image id ${id}`);
    captions.set(id, []);
    ids.push(id);
  });
  anns.forEach((a, i) => {
    if (!isObject(a)) throw new EvalInputError(file, `annotations[${i}]`, `expected an object, got ${what(a)}`);
    const id = imageId(a['image_id'], file, `annotations[${i}].image_id`);
    const c = a['caption'];
    if (typeof c !== 'string') throw new EvalInputError(file, `annotations[${i}].caption`, c === undefined ? 'missing (expected a string)' : `expected a string, got ${what(c)}`);
    const list = captions.get(id);
    if (!list) throw new EvalInputError(file, `annotations[${i}].image_id`, `image ${id} is not in images[]`);
    list.push(c);
  });
  return { imageIds: ids, captions };
}

export function parseCaptionResults(text: string, file: string): CaptionResult[] {
  const root = parseJson(text, file);
  if (!Array.isArray(root)) throw new EvalInputError(file, '', `expected an array of results [{image_id, caption}], got ${what(root)}`);
  return root.map((r, i) => {
    if (!isObject(r)) throw new EvalInputError(file, `[${i}]`, `expected an object {image_id, caption}, got ${what(r)}`);
    const id = imageId(r['image_id'], file, `[${i}].image_id`);
    const c = r['caption'];
    if (typeof c !== 'string') throw new EvalInputError(file, `[${i}].caption`, c === undefined ? 'missing (expected a string)' : `expected a string, got ${what(c)}`);
    return { imageId: id, caption: c, index: i };
  });
}

export interface CaptionEvalInput {
  readonly imageIds: readonly string[];
  readonly references: ReadonlyMap<string, readonly string[]>;
  readonly candidates: ReadonlyMap<string, readonly string[]>;
  /** Reference images without a result: not evaluated (as COCOEvalCap, which scores the results' images). */
  readonly unscored: readonly string[];
}

/**
 * Pairs results with references the way COCOEvalCap does: the evaluated images are those of the results
 * (in the references' image order); a result for an image not in the references is refused (COCO.loadRes:
 * "Results do not correspond to current coco set"), and so is a second result for one image and a result
 * for an image without captions (the official scorers' assertions), each with the result's position.
 */
export function pairCaptions(refs: CaptionReferences, results: readonly CaptionResult[], gtFile: string, resFile: string): CaptionEvalInput {
  const candidates = new Map<string, string[]>();
  const firstIndex = new Map<string, number>();
  for (const r of results) {
    if (!refs.captions.has(r.imageId)) throw new EvalInputError(resFile, `[${r.index}].image_id`, `image ${r.imageId} is not in ${gtFile} (results must correspond to the reference set)`);
    const prev = firstIndex.get(r.imageId);
    if (prev !== undefined) throw new EvalInputError(resFile, `[${r.index}].image_id`, `second caption for image ${r.imageId} (the first is [${prev}]); the official evaluation needs exactly one per image`);
    if (refs.captions.get(r.imageId)!.length === 0) throw new EvalInputError(resFile, `[${r.index}].image_id`, `image ${r.imageId} has no reference caption in ${gtFile}; at least one is needed`);
    firstIndex.set(r.imageId, r.index);
    candidates.set(r.imageId, [r.caption]);
  }
  if (results.length === 0) throw new EvalInputError(resFile, '', 'no results: the official evaluation needs at least one image (CIDEr fails with "max() arg is an empty sequence")');
  const imageIds = refs.imageIds.filter((id) => candidates.has(id));
  const references = new Map(imageIds.map((id) => [id, refs.captions.get(id)!] as const));
  return { imageIds, references, candidates, unscored: refs.imageIds.filter((id) => !candidates.has(id)) };
}
