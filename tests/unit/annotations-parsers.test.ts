import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AnnotationError, cocoIdForName, detectFileFormat, findJsonSyntaxError, groundTruthFor, matchImages, parseAnnotationFiles, parseClassList,
  parseVocXml, parseXml, parseYoloLabels, type TextFile,
} from '../../src/core/annotations';
import { EvalInputError, evaluateDetections, type Detection } from '../../src/core/eval';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(repoRoot, '../shared/images');
const cocoText = readFileSync(path.join(SHARED, 'annotations.json'), 'utf8');
const vocName = '2007_000063.xml';
const vocText = readFileSync(path.join(SHARED, 'voc/Annotations', vocName), 'utf8');

function errorOf(fn: () => unknown): EvalInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EvalInputError);
    return e as EvalInputError;
  }
  throw new Error('expected an error');
}

describe('XML parser', () => {
  it('reads elements, attributes, entities, comments, CDATA, PIs and a DOCTYPE', () => {
    const x = parseXml(
      `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE a [ <!ELEMENT a ANY> ]>\n<!-- top -->\n<a k='v &amp; w' n="1">\n  <b>x &lt; y &#65;&#x42;</b><!-- c --><c/>\n  <d><![CDATA[<raw> & ]]>tail</d>\n</a>\n`,
      'f.xml',
    );
    expect(x.name).toBe('a');
    expect(x.attrs).toEqual({ k: 'v & w', n: '1' });
    expect(x.children.map((c) => c.name)).toEqual(['b', 'c', 'd']);
    expect(x.children[0]!.text).toBe('x < y AB');
    expect(x.children[2]!.text).toBe('<raw> & tail');
    expect(x.children[0]!.line).toBe(5);
  });

  it.each([
    ['<a><b></a>', 'line 1, column 7', '</a> does not match <b>'],
    ['<a>\n<b>\n</b>', 'line 1, column 1', 'element <a> is never closed'],
    ['<a>&nbsp;</a>', 'line 1, column 4', 'unknown entity &nbsp;'],
    ['<a>AT&T</a>', 'line 1, column 6', '"&" must start an entity'],
    ['<a x=1/>', 'line 1, column 6', 'must be quoted'],
    ['<a x="1" x="2"/>', 'line 1, column 10', 'appears twice'],
    ['<a/><b/>', 'line 1, column 5', 'second root element'],
    ['hello', 'line 1, column 1', 'does not start with an XML element'],
    ['', 'line 1, column 1', 'the file is empty'],
    ['<a><!-- x </a>', 'line 1, column 4', 'comment is never closed'],
    ['<a>\n  <![CDATA[ x </a>', 'line 2, column 3', 'CDATA section is never closed'],
    ['<a>\n\n  </b>', 'line 3, column 3', 'does not match'],
    ['<a><1/></a>', 'line 1, column 5', 'expected an element name'],
  ])('%j → %s: %s', (text, where, what) => {
    const e = errorOf(() => parseXml(text, 'bad.xml'));
    expect(e.message).toContain('bad.xml: ');
    expect(e.message).toContain(where);
    expect(e.message).toContain(what);
  });
});

describe('PASCAL VOC', () => {
  it('parses the real 2007_000063.xml', () => {
    const v = parseVocXml(vocText, vocName);
    expect(v).toEqual({
      fileName: '2007_000063.jpg', width: 500, height: 375,
      objects: [
        { name: 'dog', difficult: false, xyxy: [123, 115, 379, 275] },
        { name: 'chair', difficult: false, xyxy: [75, 1, 428, 375] },
      ],
    });
    const set = parseAnnotationFiles([{ name: vocName, text: vocText }]);
    expect(set.format).toBe('voc');
    expect(set.gt.images).toEqual([{ id: 1, width: 500, height: 375, fileName: '2007_000063.jpg' }]);
    expect(set.gt.annotations.map((a) => [a.categoryId, a.bbox, a.area])).toEqual([
      [18, [122, 114, 257, 161], 257 * 161],
      [62, [74, 0, 354, 375], 354 * 375],
    ]);
    // the label set is the 20 VOC classes as COCO ids
    expect(set.gt.categories).toHaveLength(20);
    expect(set.gt.categories.map((c) => c.name)).toContain('dining table');
    expect(set.unmapped).toEqual([]);
  });

  it('maps VOC names to COCO names and reports the unmapped ones', () => {
    expect(['aeroplane', 'motorbike', 'sofa', 'tvmonitor', 'diningtable', 'pottedplant', 'Traffic_Light', 'person'].map(cocoIdForName))
      .toEqual([5, 4, 63, 72, 67, 64, 10, 1]);
    const xml = vocText.replace('<name>chair</name>', '<name>unicorn</name>').replace('<difficult>0</difficult>', '<difficult>1</difficult>');
    const set = parseAnnotationFiles([{ name: 'x.xml', text: xml }]);
    expect(set.unmapped).toEqual([{ name: 'unicorn', boxes: 1, files: ['x.xml'] }]);
    expect(set.gt.annotations).toHaveLength(1);
    expect(set.gt.annotations[0]!.difficult).toBe(true);
  });

  it.each([
    [(t: string) => t.replace(/^<annotation>/, '<annot>').replace(/<\/annotation>\s*$/, '</annot>\n'), 'line 1, column 1', 'expected the root element <annotation>'],
    [(t: string) => t.replace('<xmin>123</xmin>', '<xmin>12a</xmin>'), 'line 21, column 4', '<xmin> must be a number, got "12a"'],
    [(t: string) => t.replace('<ymax>275</ymax>', ''), 'line 20, column 3', '<bndbox> has no <ymax>'],
    [(t: string) => t.replace('<xmax>379</xmax>', '<xmax>100</xmax>'), 'line 20, column 3', 'xmax < xmin'],
    [(t: string) => t.replace('<width>500</width>', '<width>500.5</width>'), 'line 10, column 3', 'must be an integer'],
    [(t: string) => t.replace('<name>dog</name>', '<name> </name>'), 'line 16, column 3', 'non-empty <name>'],
    [(t: string) => t.replace('<difficult>0</difficult>', '<difficult>maybe</difficult>'), 'line 19, column 3', '<difficult> must be 0 or 1'],
    [(t: string) => t.replace('</bndbox>', ''), 'line 26, column 2', '</object> does not match <bndbox> opened at line 20, column 3'],
    [(t: string) => t.replace('<folder>VOC2012</folder>', '<folder>R&D</folder>'), 'line 2, column 11', '"&" must start an entity'],
  ])('malformed VOC #%# → file and position', (edit, where, what) => {
    const e = errorOf(() => parseAnnotationFiles([{ name: vocName, text: edit(vocText) }]));
    expect(e.message).toContain(`${vocName}: ${where}: `);
    expect(e.message).toContain(what);
  });

  it('refuses two XML files for the same image', () => {
    const e = errorOf(() => parseAnnotationFiles([{ name: 'a.xml', text: vocText }, { name: 'b.xml', text: vocText }]));
    expect(e.message).toBe('b.xml: describes image 2007_000063.jpg, as a.xml does');
  });
});

/** YOLO files made from the real COCO annotations. */
function yoloFromCoco(classList: 'classes.txt' | 'data.yaml' | 'data-map.yaml'): { files: TextFile[]; names: string[] } {
  const coco = JSON.parse(cocoText) as {
    images: { id: number; file_name: string; width: number; height: number }[];
    categories: { id: number; name: string }[];
    annotations: { image_id: number; category_id: number; bbox: number[]; iscrowd: number }[];
  };
  const names = coco.categories.map((c) => c.name);
  const index = new Map(coco.categories.map((c, i) => [c.id, i]));
  const files: TextFile[] = coco.images.map((im) => ({
    name: im.file_name.replace(/\.jpg$/, '.txt'),
    text: coco.annotations.filter((a) => a.image_id === im.id && !a.iscrowd).map((a) => {
      const [x, y, w, h] = a.bbox as [number, number, number, number];
      return `${index.get(a.category_id)} ${(x + w / 2) / im.width} ${(y + h / 2) / im.height} ${w / im.width} ${h / im.height}`;
    }).join('\n'),
  }));
  const list = classList === 'classes.txt'
    ? { name: 'classes.txt', text: `${names.join('\n')}\n` }
    : classList === 'data.yaml'
      ? { name: 'data.yaml', text: `path: ../coco\ntrain: images\nnc: ${names.length}\nnames: [${names.map((n) => `'${n}'`).join(', ')}]\n` }
      : { name: 'data.yaml', text: `nc: ${names.length}\nnames:\n${names.map((n, i) => `  ${i}: ${n}`).join('\n')}\ndownload: no\n` };
  return { files: [...files, list], names };
}

describe('YOLO', () => {
  it.each(['classes.txt', 'data.yaml', 'data-map.yaml'] as const)('round-trips the COCO annotations (class list %s)', (kind) => {
    const { files } = yoloFromCoco(kind);
    const set = parseAnnotationFiles(files);
    expect(set.format).toBe('yolo');
    expect(set.units).toBe('normalized');
    expect(set.unmapped).toEqual([]);
    expect(set.gt.categories).toHaveLength(80);
    const coco = parseAnnotationFiles([{ name: 'annotations.json', text: cocoText }]);
    const names = coco.gt.images.map((im) => im.fileName!);
    const m = matchImages(set, names);
    expect(m.matched).toHaveLength(17);
    expect(m.imagesWithoutAnnotations).toEqual([]);
    const sizes = new Map(m.matched.map((x) => {
      const im = coco.gt.images.find((i) => i.fileName === x.name)!;
      return [x.imageId, { width: im.width, height: im.height }];
    }));
    const gt = groundTruthFor(set, m.matched.map((x) => x.imageId), sizes);
    const want = coco.gt.annotations.filter((a) => !a.iscrowd);
    expect(gt.annotations).toHaveLength(want.length);
    // the same boxes (to float precision) → the same evaluation of "perfect" detections
    const idOf = new Map(m.matched.map((x) => [x.imageId, coco.gt.images.find((i) => i.fileName === x.name)!.id]));
    const a = gt.annotations.map((g) => `${idOf.get(g.imageId)} ${g.categoryId} ${g.bbox!.map((v) => v.toFixed(3)).join(' ')}`).sort();
    const b = want.map((g) => `${g.imageId} ${g.categoryId} ${g.bbox!.map((v) => v.toFixed(3)).join(' ')}`).sort();
    expect(a).toEqual(b);
    const dets: Detection[] = gt.annotations.map((g) => ({ imageId: g.imageId, categoryId: g.categoryId, score: 0.9, bbox: g.bbox! }));
    expect(evaluateDetections(gt, dets).stats[1]).toBeCloseTo(1, 10);
  });

  it('maps class names, reports unmapped ones (VOC names too)', () => {
    const set = parseAnnotationFiles([
      { name: 'obj.names', text: 'aeroplane\nwidget\ntvmonitor\n' },
      { name: 'img1.txt', text: '0 0.5 0.5 0.2 0.2\n1 0.1 0.1 0.1 0.1\n1 0.2 0.2 0.1 0.1\n2 0.5 0.5 1 1\n' },
    ]);
    expect(set.gt.categories.map((c) => c.name)).toEqual(['airplane', 'tv']);
    expect(set.gt.annotations.map((a) => a.categoryId)).toEqual([5, 72]);
    expect(set.unmapped).toEqual([{ name: 'widget', boxes: 2, files: ['img1.txt'] }]);
    expect(set.classListFile).toBe('obj.names');
    // files picked from a folder carry their relative path
    const inFolder = parseAnnotationFiles([
      { name: 'labels/classes.txt', text: 'dog\n' }, { name: 'labels/img1.txt', text: '0 0.5 0.5 0.2 0.2\n' },
    ]);
    expect(inFolder.classListFile).toBe('labels/classes.txt');
    expect(matchImages(inFolder, ['img1.JPG']).matched).toEqual([{ index: 0, name: 'img1.JPG', imageId: 1 }]);
  });

  it.each([
    ['0 0.5 0.5 0.2', 'a.txt: line 2: expected 5 values'],
    ['0 0.5 0.5 0.2 0.2 0.3 0.3', 'a.txt: line 2: expected 5 values "class cx cy w h", got 7 (polygons'],
    ['x 0.5 0.5 0.2 0.2', 'a.txt: line 2, value 1: class index must be a non-negative integer'],
    ['3 0.5 0.5 0.2 0.2', 'a.txt: line 2, value 1: class index 3 is out of range: the class list has 3 classes'],
    ['0 0.5 abc 0.2 0.2', 'a.txt: line 2, value 3: expected a number, got "abc"'],
    ['0 0.5 0.5 120 0.2', 'a.txt: line 2, value 4: expected a normalized value in 0..1, got 120'],
  ])('malformed label line %j', (line, msg) => {
    const e = errorOf(() => parseYoloLabels(`1 0.5 0.5 0.1 0.1\n${line}\n`, 'a.txt', 3));
    expect(e.message).toContain(msg);
  });

  it('class lists: errors name the file and line', () => {
    expect(parseClassList('names:\n  - person\n  - "dog"  # comment\nnc: 2\n', 'data.yaml')).toEqual(['person', 'dog']);
    expect(errorOf(() => parseClassList('nc: 2\n', 'data.yaml')).message).toContain('data.yaml: no top-level "names:"');
    expect(errorOf(() => parseClassList('names: [a, b\n', 'data.yaml')).message).toContain('data.yaml: line 1: the names: [...] list is never closed');
    expect(errorOf(() => parseClassList('names:\n  0: a\n  2: c\n', 'data.yaml')).message).toContain('data.yaml: line 1: names: has no entry for class 1');
    expect(errorOf(() => parseClassList('names:\n  a b\n', 'data.yaml')).message).toContain('data.yaml: line 2: expected "- name"');
    expect(errorOf(() => parseClassList('a\n\nb\n', 'classes.txt')).message).toContain('classes.txt: line 2: empty line');
    expect(errorOf(() => parseClassList('\n', 'obj.names')).message).toContain('obj.names: the class list is empty');
  });

  it('needs exactly one class list', () => {
    expect(errorOf(() => parseAnnotationFiles([{ name: 'a.txt', text: '0 0.5 0.5 0.1 0.1' }])).message).toContain('a.txt: YOLO labels need a class list');
    expect(errorOf(() => parseAnnotationFiles([
      { name: 'classes.txt', text: 'a' }, { name: 'obj.names', text: 'a' },
    ])).message).toContain('obj.names: a second class list');
  });
});

describe('COCO JSON and format detection', () => {
  it('parses the real annotations.json and matches the 17 photos', () => {
    const set = parseAnnotationFiles([{ name: 'annotations.json', text: cocoText }]);
    expect(set.format).toBe('coco');
    expect(set.gt.images).toHaveLength(17);
    expect(set.gt.annotations).toHaveLength(202);
    const names = set.gt.images.map((im) => im.fileName!);
    const m = matchImages(set, ['other.png', ...names.slice(1), `sub/${names[1]!}`]);
    expect(m.matched).toHaveLength(16);
    expect(m.imagesWithoutAnnotations).toEqual(['other.png']);
    expect(m.annotationsWithoutImages).toEqual([names[0]]);
    expect(m.duplicates).toEqual([names[1]]);
  });

  it('malformed COCO JSON names the file and the position', () => {
    expect(errorOf(() => parseAnnotationFiles([{ name: 'gt.json', text: '{\n  "images": [,]\n}' }])).message)
      .toBe('gt.json: line 2, column 14: invalid JSON: expected a value, found ","');
    expect(findJsonSyntaxError(cocoText)).toBeUndefined();
    for (const [text, line, column] of [
      ['{"a": 1,}', 1, 9], ['[1, 2', 1, 6], ['{"a" 1}', 1, 6], ['{"a": "x\n"}', 1, 9], ['{} x', 1, 4], ['', 1, 1], ['[01]', 1, 3], ['{\n"a": tru}', 2, 6],
    ] as const) {
      expect(findJsonSyntaxError(text), text).toMatchObject({ line, column });
      expect(() => JSON.parse(text)).toThrow();
    }
    const bad = cocoText.replace('"bbox":[', '"bbox":["x",');
    expect(bad).not.toBe(cocoText);
    expect(errorOf(() => parseAnnotationFiles([{ name: 'gt.json', text: bad }])).message).toMatch(/^gt\.json: annotations\[0\]\.bbox: expected 4 numbers/);
  });

  it('detects the format by extension, then by content; refuses mixtures', () => {
    expect(detectFileFormat({ name: 'a.JSON', text: '' })).toBe('coco');
    expect(detectFileFormat({ name: 'a', text: ' {"images": []}' })).toBe('coco');
    expect(detectFileFormat({ name: 'a', text: '<annotation/>' })).toBe('voc');
    expect(detectFileFormat({ name: 'a', text: '0 0.1 0.1 0.1 0.1' })).toBe('yolo');
    expect(detectFileFormat({ name: 'data.yaml', text: 'names: [a]' })).toBe('yolo');
    const e = errorOf(() => parseAnnotationFiles([{ name: 'a.xml', text: vocText }, { name: 'b.json', text: cocoText }]));
    expect(e).toBeInstanceOf(AnnotationError);
    expect(e.message).toBe('b.json: is COCO JSON, but a.xml is PASCAL VOC XML: pick annotations of one format');
    expect(errorOf(() => parseAnnotationFiles([])).message).toContain('no annotation file');
  });
});
