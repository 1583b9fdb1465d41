/**
 * PASCAL VOC annotation XML (one file per image) → the common `AnnotationSet`.
 *
 * Boxes: VOC `<bndbox>` holds 1-based inclusive pixel indices; COCO boxes are continuous pixel
 * coordinates. As Detectron's VOC→COCO conversion: x = xmin − 1, y = ymin − 1,
 * w = xmax − xmin + 1, h = ymax − ymin + 1; area = w·h. `<difficult>1</difficult>` sets `difficult`
 * (ignored by VOC AP, counted by COCO like any box — COCO has no such flag).
 * Class names are mapped to COCO ids (VOC spellings included); unknown names are reported.
 */
import type { CategoryInfo, GtAnnotation, ImageInfo } from '../eval/types';
import { AnnotationError } from './errors';
import { cocoIdForName, cocoNameForId, UnmappedCollector, VOC_CLASSES } from './names';
import type { AnnotationSet } from './types';
import { child, childrenNamed, parseXml, type XmlElement } from './xml';

export interface TextFile {
  readonly name: string;
  readonly text: string;
}

export interface VocImage {
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  readonly objects: readonly { readonly name: string; readonly difficult: boolean; readonly xyxy: readonly [number, number, number, number] }[];
}

function at(el: XmlElement): string {
  return `line ${el.line}, column ${el.column}`;
}

function baseName(p: string): string {
  const parts = p.replace(/\\/g, '/').split('/');
  return parts[parts.length - 1] ?? p;
}

/** One VOC XML file, validated. */
export function parseVocXml(text: string, file: string): VocImage {
  const root = parseXml(text, file);
  if (root.name !== 'annotation') {
    throw new AnnotationError(file, at(root), `expected the root element <annotation> of a PASCAL VOC file, found <${root.name}>`);
  }
  const num = (parent: XmlElement, name: string, opts: { integer?: boolean; required: boolean }): number | undefined => {
    const el = child(parent, name);
    if (!el) {
      if (opts.required) throw new AnnotationError(file, at(parent), `<${parent.name}> has no <${name}>`);
      return undefined;
    }
    const raw = el.text.trim();
    const v = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(v) || (opts.integer === true && !Number.isInteger(v))) {
      throw new AnnotationError(file, at(el), `<${name}> must be ${opts.integer === true ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`);
    }
    return v;
  };
  const fnEl = child(root, 'filename');
  const fileName = fnEl && fnEl.text.trim() !== '' ? baseName(fnEl.text.trim()) : baseName(file).replace(/\.xml$/i, '.jpg');
  const sizeEl = child(root, 'size');
  let width = 0, height = 0;
  if (sizeEl) {
    width = num(sizeEl, 'width', { integer: true, required: true })!;
    height = num(sizeEl, 'height', { integer: true, required: true })!;
    if (width < 0 || height < 0) throw new AnnotationError(file, at(sizeEl), `negative image size ${width}x${height}`);
  }
  const objects = childrenNamed(root, 'object').map((o) => {
    const nameEl = child(o, 'name');
    const name = nameEl?.text.trim() ?? '';
    if (!nameEl || name === '') throw new AnnotationError(file, at(nameEl ?? o), '<object> needs a non-empty <name>');
    const diffEl = child(o, 'difficult');
    const dRaw = diffEl?.text.trim() ?? '0';
    if (!['0', '1', 'true', 'false', ''].includes(dRaw.toLowerCase())) {
      throw new AnnotationError(file, at(diffEl!), `<difficult> must be 0 or 1, got ${JSON.stringify(dRaw)}`);
    }
    const difficult = dRaw === '1' || dRaw.toLowerCase() === 'true';
    const bb = child(o, 'bndbox');
    if (!bb) throw new AnnotationError(file, at(o), `<object> "${name}" has no <bndbox>`);
    const xmin = num(bb, 'xmin', { required: true })!, ymin = num(bb, 'ymin', { required: true })!;
    const xmax = num(bb, 'xmax', { required: true })!, ymax = num(bb, 'ymax', { required: true })!;
    if (xmax < xmin || ymax < ymin) {
      throw new AnnotationError(file, at(bb), `<bndbox> of "${name}" has xmax < xmin or ymax < ymin (${xmin}, ${ymin}, ${xmax}, ${ymax})`);
    }
    return { name, difficult, xyxy: [xmin, ymin, xmax, ymax] as const };
  });
  return { fileName, width, height, objects };
}

/** Many VOC XML files → one set. Images get ids 1..N in file order; the label set is the 20 VOC classes (plus any other mapped name found). */
export function parseVocFiles(files: readonly TextFile[]): AnnotationSet {
  const unmapped = new UnmappedCollector();
  const images: ImageInfo[] = [];
  const annotations: GtAnnotation[] = [];
  const catIds = new Set<number>(VOC_CLASSES.map((n) => cocoIdForName(n)!));
  const seen = new Map<string, string>();
  files.forEach((f, i) => {
    const v = parseVocXml(f.text, f.name);
    const prev = seen.get(v.fileName);
    if (prev !== undefined) throw new AnnotationError(f.name, '', `describes image ${v.fileName}, as ${prev} does`);
    seen.set(v.fileName, f.name);
    const imageId = i + 1;
    images.push({ id: imageId, width: v.width, height: v.height, fileName: v.fileName });
    for (const o of v.objects) {
      const categoryId = cocoIdForName(o.name);
      if (categoryId === undefined) {
        unmapped.add(o.name, f.name);
        continue;
      }
      catIds.add(categoryId);
      const [xmin, ymin, xmax, ymax] = o.xyxy;
      const w = xmax - xmin + 1, h = ymax - ymin + 1;
      annotations.push({
        id: annotations.length + 1, imageId, categoryId, bbox: [xmin - 1, ymin - 1, w, h], area: w * h, iscrowd: false, difficult: o.difficult,
      });
    }
  });
  const categories: CategoryInfo[] = [...catIds].sort((a, b) => a - b).map((id) => ({ id, name: cocoNameForId(id) }));
  return { format: 'voc', sourceFiles: files.map((f) => f.name), gt: { images, categories, annotations }, units: 'pixels', unmapped: unmapped.list() };
}
