/**
 * YOLO (darknet / ultralytics) labels → the common `AnnotationSet`.
 *
 * One `.txt` per image (same stem as the image), one box per line: `class cx cy w h`, all but the
 * class index normalized to 0..1 by the image size. Class names come from a class list:
 * `classes.txt` / `*.names` (one name per line) or `data.yaml` (`names:` as a flow list
 * `[a, b]`, a block list `- a` or a map `0: a`). Names map to COCO ids (VOC spellings included);
 * classes without a COCO id are reported and their boxes left out.
 *
 * Boxes stay normalized here (`units: 'normalized'`); `resolveImageSizes` turns them into pixels once
 * the images are decoded.
 */
import { yoloCentreToXYWH } from '../coords';
import type { CategoryInfo, GtAnnotation, ImageInfo } from '../eval/types';
import { AnnotationError } from './errors';
import { cocoIdForName, cocoNameForId, UnmappedCollector } from './names';
import type { AnnotationSet } from './types';
import type { TextFile } from './voc';

/** Slack for coordinates a hair outside 0..1 (float output of labelling tools). */
const EPS = 1e-3;

/** classes.txt, *.names, *.yaml / *.yml (any folder). */
export function isClassListName(name: string): boolean {
  const parts = name.toLowerCase().replace(/\\/g, '/').split('/');
  const n = parts[parts.length - 1] ?? '';
  return n === 'classes.txt' || n.endsWith('.names') || n.endsWith('.yaml') || n.endsWith('.yml');
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

/** Class names of a class list file, in index order. */
export function parseClassList(text: string, file: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lower = file.toLowerCase();
  if (!(lower.endsWith('.yaml') || lower.endsWith('.yml'))) {
    const names: string[] = [];
    lines.forEach((l, i) => {
      const t = l.trim();
      if (t === '') {
        if (lines.slice(i).some((x) => x.trim() !== '')) {
          throw new AnnotationError(file, `line ${i + 1}`, 'empty line inside the class list (line k names class k - 1)');
        }
        return;
      }
      names.push(t);
    });
    if (names.length === 0) throw new AnnotationError(file, '', 'the class list is empty');
    return names;
  }
  // data.yaml: find `names:`
  const idx = lines.findIndex((l) => /^names\s*:/.test(l));
  if (idx < 0) throw new AnnotationError(file, '', 'no top-level "names:" key (expected the class names of the dataset)');
  const rest = lines[idx]!.replace(/^names\s*:/, '').replace(/\s#.*$/, '').trim();
  if (rest.startsWith('[')) {
    let flow = rest;
    let j = idx;
    while (!flow.includes(']')) {
      j++;
      if (j >= lines.length) throw new AnnotationError(file, `line ${idx + 1}`, 'the names: [...] list is never closed with "]"');
      flow += ` ${lines[j]!.trim()}`;
    }
    const inner = flow.slice(1, flow.indexOf(']'));
    const names = inner.split(',').map(unquote).filter((n, k, all) => n !== '' || k < all.length - 1);
    if (names.some((n) => n === '')) throw new AnnotationError(file, `line ${idx + 1}`, 'empty class name in names: [...]');
    return names;
  }
  if (rest !== '') throw new AnnotationError(file, `line ${idx + 1}`, `expected a list after "names:", got ${JSON.stringify(rest)}`);
  const byIndex = new Map<number, string>();
  const list: string[] = [];
  for (let j = idx + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    if (!/^\s/.test(l)) break; // next top-level key
    const t = l.replace(/\s#.*$/, '').trim();
    const item = /^-\s*(.*)$/.exec(t);
    const entry = /^(\d+)\s*:\s*(.*)$/.exec(t);
    if (item) list.push(unquote(item[1]!));
    else if (entry) byIndex.set(Number(entry[1]), unquote(entry[2]!));
    else throw new AnnotationError(file, `line ${j + 1}`, `expected "- name" or "index: name" under names:, got ${JSON.stringify(t)}`);
  }
  if (list.length > 0 && byIndex.size > 0) throw new AnnotationError(file, `line ${idx + 1}`, 'names: mixes "- name" and "index: name" entries');
  if (byIndex.size > 0) {
    const out: string[] = [];
    for (let k = 0; k < byIndex.size; k++) {
      const n = byIndex.get(k);
      if (n === undefined) throw new AnnotationError(file, `line ${idx + 1}`, `names: has no entry for class ${k} (indices must be 0..${byIndex.size - 1})`);
      out.push(n);
    }
    return out;
  }
  if (list.length === 0) throw new AnnotationError(file, `line ${idx + 1}`, 'names: is empty');
  return list;
}

export interface YoloBox {
  readonly cls: number;
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
}

/** One label file. `classCount` bounds the class index. */
export function parseYoloLabels(text: string, file: string, classCount: number): YoloBox[] {
  const out: YoloBox[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    const where = `line ${i + 1}`;
    const parts = t.split(/\s+/);
    if (parts.length !== 5) {
      throw new AnnotationError(file, where, `expected 5 values "class cx cy w h", got ${parts.length}${parts.length > 5 ? ' (polygons / segmentation labels are not supported)' : ''}`);
    }
    const [c, ...rest] = parts as [string, string, string, string, string];
    if (!/^\d+$/.test(c)) throw new AnnotationError(file, `${where}, value 1`, `class index must be a non-negative integer, got ${JSON.stringify(c)}`);
    const cls = Number(c);
    if (cls >= classCount) throw new AnnotationError(file, `${where}, value 1`, `class index ${cls} is out of range: the class list has ${classCount} classes (0..${classCount - 1})`);
    const nums = rest.map((s, k) => {
      const v = Number(s);
      if (s === '' || !Number.isFinite(v)) throw new AnnotationError(file, `${where}, value ${k + 2}`, `expected a number, got ${JSON.stringify(s)}`);
      if (v < -EPS || v > 1 + EPS) throw new AnnotationError(file, `${where}, value ${k + 2}`, `expected a normalized value in 0..1, got ${s} (YOLO labels are fractions of the image size)`);
      return v;
    });
    const [cx, cy, w, h] = nums as [number, number, number, number];
    out.push({ cls, cx, cy, w, h });
  });
  return out;
}

/** Label files + exactly one class list → one set. Image ids 1..N in file order. */
export function parseYoloFiles(files: readonly TextFile[]): AnnotationSet {
  const lists = files.filter((f) => isClassListName(f.name));
  if (lists.length === 0) {
    throw new AnnotationError(files[0]?.name ?? 'YOLO labels', '', 'YOLO labels need a class list: add classes.txt, obj.names or data.yaml (with names:)');
  }
  if (lists.length > 1) throw new AnnotationError(lists[1]!.name, '', `a second class list (${lists[0]!.name} is already one): pick one`);
  const listFile = lists[0]!;
  const names = parseClassList(listFile.text, listFile.name);
  const ids = names.map((n) => cocoIdForName(n));
  const unmapped = new UnmappedCollector();
  const images: ImageInfo[] = [];
  const annotations: GtAnnotation[] = [];
  const labels = files.filter((f) => f !== listFile);
  labels.forEach((f, i) => {
    const imageId = i + 1;
    images.push({ id: imageId, width: 0, height: 0, fileName: f.name });
    for (const b of parseYoloLabels(f.text, f.name, names.length)) {
      const categoryId = ids[b.cls];
      if (categoryId === undefined) {
        unmapped.add(names[b.cls]!, f.name);
        continue;
      }
      annotations.push({
        id: annotations.length + 1, imageId, categoryId, bbox: yoloCentreToXYWH(b.cx, b.cy, b.w, b.h), area: b.w * b.h, iscrowd: false, difficult: false,
      });
    }
  });
  // classes of the list with no box are still reported: the user sees which names did not map
  names.forEach((n, k) => {
    if (ids[k] === undefined && !unmapped.list().some((u) => u.name === n)) unmapped.add(n, listFile.name, 0);
  });
  const catIds = [...new Set(ids.filter((id): id is number => id !== undefined))].sort((a, b) => a - b);
  const categories: CategoryInfo[] = catIds.map((id) => ({ id, name: cocoNameForId(id) }));
  return {
    format: 'yolo', sourceFiles: files.map((f) => f.name), gt: { images, categories, annotations }, units: 'normalized',
    unmapped: unmapped.list(), classListFile: listFile.name,
  };
}
