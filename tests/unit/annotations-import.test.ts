/** Issue #15, defects 6 and 7: the import job places invalid boxes in their file; skip / fix; Russian error details. */
import { describe, expect, it } from 'vitest';
import { parseAnnotationFiles } from '../../src/core/annotations';
import { applyInvalidDecision, checkImportSize, importAnnotationTexts, jsonArrayElementLines } from '../../src/core/annotations/importJob';
import { isLocalized, localizeInputError } from '../../src/core/annotations/localize';

// line 1 "{", images on line 2, annotations start on line 4; one annotation per line from line 5
const COCO = `{
"images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 80}],
"categories": [{"id": 1, "name": "person"}],
"annotations": [
 {"id": 10, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0},
 {"id": 11, "image_id": 1, "category_id": 1, "bbox": [30, 10, -5, 20], "area": 1, "iscrowd": 0},
 {"id": 12, "image_id": 1, "category_id": 1, "bbox": [10, 10, 1e300, 20], "area": 1, "iscrowd": 0},
 {"id": 13, "image_id": 1, "category_id": 7, "bbox": [1, 1, 5, 5], "area": 25, "iscrowd": 0},

 {"id": 14, "image_id": 1, "category_id": 1, "bbox": [90, 70, 30, 30], "area": 900, "iscrowd": 0}
]}`;

describe('import job', () => {
  it('places each invalid COCO box at annotations[i] and its line', () => {
    const o = importAnnotationTexts([{ name: 'gt.json', text: COCO }]);
    expect(o.boxes).toBe(5);
    expect(o.invalid.map((b) => [b.where, b.line, b.problem])).toEqual([
      ['annotations[1]', 6, 'non-positive-size'],
      ['annotations[2]', 7, 'outside-image'],
      ['annotations[3]', 8, 'unknown-category'],
      ['annotations[4]', 10, 'outside-image'],
    ]);
  });

  it('finds element lines past strings holding brackets and commas', () => {
    const text = '{"x": "[,]", "annotations": [\n1,\n"a,]",\n[2, 3],\n{"b": [4]}\n]}';
    expect([...jsonArrayElementLines(text, 'annotations', new Set([0, 1, 2, 3])).entries()]).toEqual([[0, 2], [1, 3], [2, 4], [3, 5]]);
  });

  it('skip drops the 4; fix flips the negative width, clips to 100×80 and drops the unknown category', () => {
    const o = importAnnotationTexts([{ name: 'gt.json', text: COCO }]);
    const skip = applyInvalidDecision(o.set, o.invalid, 'skip');
    expect(skip.set.gt.annotations.map((a) => a.id)).toEqual([10]);
    const fix = applyInvalidDecision(o.set, o.invalid, 'fix');
    // [30,10,-5,20] → [25,10,5,20]; [10,10,1e300,20] → [10,10,90,20]; [90,70,30,30] → [90,70,10,10]
    expect(fix.set.gt.annotations.map((a) => [a.id, ...a.bbox!])).toEqual([[10, 10, 10, 20, 20], [11, 25, 10, 5, 20], [12, 10, 10, 90, 20], [14, 90, 70, 10, 10]]);
    expect([fix.fixed, fix.dropped]).toEqual([3, 1]);
  });

  it('VOC boxes are placed by file and object number', () => {
    const xml = (name: string, boxes: string) => `<annotation><filename>${name}</filename><size><width>50</width><height>40</height></size>${boxes}</annotation>`;
    const obj = (x1: number, x2: number) => `<object><name>dog</name><bndbox><xmin>${x1}</xmin><ymin>1</ymin><xmax>${x2}</xmax><ymax>10</ymax></bndbox></object>`;
    const o = importAnnotationTexts([{ name: 'b.xml', text: xml('b.jpg', obj(1, 10) + obj(1, 80)) }, { name: 'a.xml', text: xml('a.jpg', obj(1, 10)) }]);
    expect(o.invalid.map((b) => [b.file, b.where, b.problem])).toEqual([['b.jpg', '<object> 2', 'outside-image']]);
  });

  it('refuses a batch over the size limit before reading it', () => {
    expect(() => checkImportSize([{ name: 'a.json', size: 10 }, { name: 'big.json', size: 300 }], 200)).toThrow(/big\.json: too large/);
    expect(() => checkImportSize([{ name: 'a.json', size: 10 }], 200)).not.toThrow();
  });
});

function errorOf(files: { name: string; text: string }[]): string {
  try {
    parseAnnotationFiles(files);
  } catch (e) {
    return (e as Error).message;
  }
  return `no error: ${files.map((f) => f.name + ' ' + f.text.slice(0, 60)).join(' + ')}`;
}

describe('Russian error details', () => {
  it('translates the position and the message, keeping the file and values', () => {
    expect(localizeInputError(errorOf([{ name: 'broken.json', text: '{\n  "images": [\n    {"id": 1,}\n  ]\n}' }]), 'ru'))
      .toBe('broken.json: строка 3, столбец 14: некорректный JSON: ожидалось имя свойства в двойных кавычках, найдено "}"');
    expect(localizeInputError(errorOf([{ name: 'a.xml', text: '<annotation>\n  <object><name>dog</name>\n</annotation>' }]), 'ru'))
      .toBe('a.xml: строка 3, столбец 1: </annotation> не соответствует <object>, открытому в строке 2, столбце 3');
    const inf = errorOf([{ name: 'i.json', text: '{"images":[{"id":1,"width":5,"height":5}],"categories":[{"id":1,"name":"a"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,1e400,1],"area":1,"iscrowd":0}]}' }]);
    expect(inf).toContain('1e400');
    expect(localizeInputError(inf, 'ru')).toMatch(/i\.json: annotations\[0\]\.bbox: ожидались 4 числа \[x, y, ширина, высота\], получено \[1, 1, Infinity, 1\]: число слишком велико/);
    expect(localizeInputError('x.txt: line 2, value 3: expected a normalized value in 0..1, got 7 (YOLO labels are fractions of the image size)', 'ru'))
      .toBe('x.txt: строка 2, значение 3: ожидалось значение от 0 до 1, получено 7 (в YOLO координаты — доли размера изображения)');
    expect(localizeInputError('anything', 'en')).toBe('anything');
  });

  it('every parser error of a corpus of malformed files is translated (no English left)', () => {
    const cls = { name: 'classes.txt', text: 'dog\ncat\n' };
    const corpus: { name: string; text: string }[][] = [
      [{ name: 'a.json', text: '' }], [{ name: 'a.json', text: '{' }], [{ name: 'a.json', text: '[1,2' }], [{ name: 'a.json', text: '{"a" 1}' }],
      [{ name: 'a.json', text: '{"a":1}x' }], [{ name: 'a.json', text: '"abc' }], [{ name: 'a.json', text: '{"a":"\\q"}' }],
      [{ name: 'a.json', text: '[]' }], [{ name: 'a.json', text: '{}' }], [{ name: 'a.json', text: '{"images":{}}' }],
      [{ name: 'a.json', text: '{"images":[],"annotations":[],"categories":[{"id":"1"}]}' }],
      [{ name: 'a.json', text: '{"images":[{"id":"x"}],"annotations":[],"categories":[]}' }],
      [{ name: 'a.json', text: '{"images":[{"id":1,"width":5,"height":5}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,2]}],"categories":[]}' }],
      [{ name: 'a.json', text: '{"images":[{"id":1,"width":5,"height":5}],"annotations":[{"id":1,"image_id":1,"category_id":1}],"categories":[]}' }],
      [{ name: 'a.json', text: '['.repeat(100000) + ']'.repeat(100000) }],
      [{ name: 'a.json', text: '{"a":'.repeat(50000) + '1' + '}'.repeat(50000) }],
      [{ name: 'a.xml', text: '' }], [{ name: 'a.xml', text: 'hello' }], [{ name: 'a.xml', text: '<annotation>' }], [{ name: 'a.xml', text: '<a></b>' }],
      [{ name: 'a.xml', text: '<foo/>' }], [{ name: 'a.xml', text: '<annotation><filename>x</filename><size><width>q</width></size></annotation>' }], [{ name: 'a.xml', text: '<a x=1/>' }],
      [{ name: 'a.xml', text: '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><annotation><filename>&lol2;</filename></annotation>' }],
      [{ name: 'a.xml', text: '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><annotation><filename>&xxe;</filename></annotation>' }],
      [{ name: 'a.xml', text: '<a>'.repeat(100000) + '</a>'.repeat(100000) }],
      [{ name: 'a.xml', text: '<annotation><filename>x.jpg</filename><size><width>10</width><height>10</height></size><object><name>dog</name></object></annotation>' }],
      [{ name: 'a.xml', text: '<annotation><filename>x.jpg</filename><size><width>-1</width><height>10</height></size></annotation>' }],
      [{ name: 'l.txt', text: '0 0.5 0.5 0.1 0.1' }], [cls, { name: 'l.txt', text: '0 0.5 0.5 0.1' }], [cls, { name: 'l.txt', text: 'x 0.5 0.5 0.1 0.1' }],
      [cls, { name: 'l.txt', text: '5 0.5 0.5 0.1 0.1' }], [cls, { name: 'l.txt', text: '0 0.5 0.5 7 0.1' }], [cls, { name: 'l.txt', text: '0 a 0.5 0.1 0.1' }],
      [{ name: 'classes.txt', text: '' }, { name: 'l.txt', text: '' }], [{ name: 'data.yaml', text: 'nc: 2' }, { name: 'l.txt', text: '' }],
      [{ name: 'a.json', text: '{}' }, { name: 'b.xml', text: '<a/>' }], [{ name: 'a.json', text: '{}' }, { name: 'b.json', text: '{}' }],
    ];
    const untranslated = corpus.map(errorOf).filter((m) => !isLocalized(m));
    expect(untranslated).toEqual([]);
  });
});
