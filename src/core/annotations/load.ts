/**
 * Picked annotation files → format detection → the right parser. Detection looks at the extension
 * first and at the content when the extension says nothing (`{`/`[` → COCO JSON, `<` → VOC XML,
 * else YOLO text).
 */
import { parseCocoAnnotations } from './coco';
import { AnnotationError } from './errors';
import type { AnnotationFormat, AnnotationSet } from './types';
import { parseVocFiles, type TextFile } from './voc';
import { isClassListName, parseYoloFiles } from './yolo';

export function detectFileFormat(f: TextFile): AnnotationFormat {
  const n = f.name.toLowerCase();
  if (n.endsWith('.json')) return 'coco';
  if (n.endsWith('.xml')) return 'voc';
  if (n.endsWith('.txt') || isClassListName(n)) return 'yolo';
  const t = f.text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'coco';
  if (t.startsWith('<')) return 'voc';
  return 'yolo';
}

const FORMAT_NAMES: Readonly<Record<AnnotationFormat, string>> = { coco: 'COCO JSON', voc: 'PASCAL VOC XML', yolo: 'YOLO txt' };

/** Parse a batch of annotation files of one format. Throws `AnnotationError` (file + position) on bad input. */
export function parseAnnotationFiles(files: readonly TextFile[]): AnnotationSet {
  if (files.length === 0) throw new AnnotationError('annotations', '', 'no annotation file was given');
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const formats = sorted.map(detectFileFormat);
  const first = formats[0]!;
  const other = formats.findIndex((f) => f !== first);
  if (other >= 0) {
    throw new AnnotationError(sorted[other]!.name, '', `is ${FORMAT_NAMES[formats[other]!]}, but ${sorted[0]!.name} is ${FORMAT_NAMES[first]}: pick annotations of one format`);
  }
  if (first === 'coco') {
    if (sorted.length > 1) throw new AnnotationError(sorted[1]!.name, '', `a second COCO JSON file (${sorted[0]!.name} is already one): pick one`);
    return parseCocoAnnotations(sorted[0]!.text, sorted[0]!.name);
  }
  return first === 'voc' ? parseVocFiles(sorted) : parseYoloFiles(sorted);
}
