/** The template and retrieval captioners and the human ceiling (src/core/captions). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildRetrievalIndex, classesInCaption, countByName, humanCeiling, METRIC_KEYS, parseCompactCaptions, retrieveCaption,
  ruCountPhrase, RU_NOUNS, templateCaption, type SceneObject,
} from '../../src/core/captions';
import { COCO_CATEGORIES } from '../../src/core/cocoClasses';
import { imageBox } from '../../src/core/coords';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const obj = (name: string, x1: number, y1: number, x2: number, y2: number): SceneObject => ({ name, box: imageBox(x1, y1, x2, y2), score: 0.9 });
const size = { width: 300, height: 100 };

describe('template captioner', () => {
  it('counts, positions and sizes (hand-worked scene)', () => {
    // two people in the left third, one dog in the middle third covering 40 % of the image
    const objs = [obj('person', 10, 10, 40, 90), obj('person', 50, 10, 80, 90), obj('dog', 100, 0, 220, 100)];
    const t = templateCaption(objs, size);
    expect(t.en).toBe('Two people on the left and a large dog in the middle');
    expect(t.ru).toBe('Два человека слева и большая собака в центре');
    // people spread over two thirds: no position
    const spread = templateCaption([obj('person', 10, 10, 40, 90), obj('person', 250, 10, 280, 90)], size);
    expect(spread.en).toBe('Two people');
    expect(templateCaption([], size).groups).toEqual([]);
    // every group in the same third: the position is said once, at the end
    const same = templateCaption([obj('person', 10, 10, 40, 90), obj('person', 50, 10, 80, 90), obj('dog', 20, 50, 60, 70)], size);
    expect(same.en).toBe('Two people and a dog on the left');
    expect(same.ru).toBe('Два человека и собака слева');
  });

  it('Russian numeral agreement: one / few / many forms and gender', () => {
    expect(ruCountPhrase('dog', 2)).toBe('две собаки');
    expect(ruCountPhrase('dog', 5)).toBe('пять собак');
    expect(ruCountPhrase('dog', 21)).toBe('21 собака');
    expect(ruCountPhrase('dog', 22)).toBe('22 собаки');
    expect(ruCountPhrase('dog', 11)).toBe('11 собак');
    expect(ruCountPhrase('person', 3)).toBe('три человека');
    expect(ruCountPhrase('person', 7)).toBe('семь человек');
    expect(ruCountPhrase('chair', 2)).toBe('два стула');
    expect(ruCountPhrase('chair', 6)).toBe('шесть стульев');
    expect(ruCountPhrase('apple', 2)).toBe('два яблока');
    expect(ruCountPhrase('clock', 1)).toBe('часы');
    expect(ruCountPhrase('clock', 2)).toBe('двое часов');
    expect(ruCountPhrase('scissors', 5)).toBe('пять ножниц');
    expect(ruCountPhrase('cat', 1, 'small')).toBe('маленькая кошка');
    expect(ruCountPhrase('teddy bear', 1, 'large')).toBe('большой плюшевый мишка');
    expect(ruCountPhrase('apple', 1, 'large')).toBe('большое яблоко');
  });

  it('has Russian forms for all 80 COCO classes', () => {
    for (const [, name] of COCO_CATEGORIES) expect(RU_NOUNS[name], name).toBeDefined();
  });
});

describe('retrieval captioner', () => {
  it('reads classes and counts from captions, with synonyms', () => {
    expect(Object.fromEntries(classesInCaption('Two men and a woman walking their dogs.'))).toEqual({ person: 3, dog: 2 });
    expect(Object.fromEntries(classesInCaption('A group of people on a beach flying a kite'))).toEqual({ person: 5, kite: 1 });
    expect(Object.fromEntries(classesInCaption('A teddy bear next to a hot dog'))).toEqual({ 'teddy bear': 1, 'hot dog': 1 });
    expect(Object.fromEntries(classesInCaption('three giraffes'))).toEqual({ giraffe: 3 });
  });

  const pool = [
    { id: '1', captions: ['A cat on a laptop.', 'A cat sleeping on a computer keyboard.'] },
    { id: '2', captions: ['Two dogs playing in a park.', 'A pair of dogs running on grass.'] },
    { id: '3', captions: ['A dog lying on a couch.', 'A puppy asleep on the sofa.'] },
    { id: '4', captions: ['A man riding a horse.', 'A person on a brown horse.'] },
  ];
  const index = buildRetrievalIndex(pool);

  it('picks the image whose captions name what was detected, counts included', () => {
    expect(retrieveCaption(index, countByName(['dog', 'dog']), { k: 1 })!.imageId).toBe('2');
    expect(retrieveCaption(index, countByName(['dog', 'couch']), { k: 1 })!.imageId).toBe('3');
    const r = retrieveCaption(index, countByName(['cat', 'laptop']), { k: 1 })!;
    expect(r.caption).toBe('A cat on a laptop.');
    expect(r.matched).toEqual(['cat', 'laptop']);
    expect(retrieveCaption(index, [])).toBeNull();
    expect(retrieveCaption(index, countByName(['toaster']))).toBeNull();
  });

  it('never returns an excluded image (leave-one-out)', () => {
    const r = retrieveCaption(index, countByName(['person', 'horse']), { k: 1, exclude: new Set(['4']) });
    expect(r === null || r.imageId !== '4').toBe(true);
    const all = retrieveCaption(index, countByName(['dog']), { k: 4, exclude: new Set(['2', '3']) });
    expect(all === null || !['2', '3'].includes(all.imageId)).toBe(true);
    expect(all?.neighbours.every((n) => n.imageId !== '2' && n.imageId !== '3') ?? true).toBe(true);
  });
});

const fixture = path.resolve(root, '../shared/fixtures/captions/human_loo_first.json');
describe('human ceiling', () => {
  it('its first rotation equals the official values of human_loo_first', () => {
    if (!existsSync(fixture)) throw new Error(`fixture missing: ${fixture} (needs ../shared)`);
    const f = JSON.parse(readFileSync(fixture, 'utf8')) as { image_ids: string[]; expected_per_image: Record<string, Record<string, number>> };
    const samples = parseCompactCaptions(readFileSync(path.join(root, 'public/data/captions/samples.json'), 'utf8'), 'samples.json');
    const h = humanCeiling({ imageIds: samples.map((s) => s.id), references: new Map(samples.map((s) => [s.id, s.captions] as const)) });
    expect(h.rotations).toBe(5);
    for (const id of f.image_ids) {
      for (const k of METRIC_KEYS) expect(Math.abs(h.perCaption.get(id)![0]![k] - f.expected_per_image[id]![k]!)).toBeLessThanOrEqual(1e-9);
    }
  });
});
