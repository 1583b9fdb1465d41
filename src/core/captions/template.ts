/**
 * Captioner 1: a sentence built from the detector's output alone — what is there, how many, how big,
 * where (left / middle / right third) — in English and in Russian with the numeral agreement Russian
 * needs (Intl.PluralRules 'one' / 'few' / 'many' → nom sg / gen sg / gen pl, gender for один/одна, два/две).
 * It can only list objects: it has no notion of what they do or how they relate.
 */
import { imageToNormalized } from '../coords';
import type { Box, Size } from '../geometry';
import { enPlural, enWithArticle, RU_NOUNS, type RuGender } from './nouns';

export interface SceneObject {
  /** English COCO name (`person`, `dining table`, …). */
  readonly name: string;
  readonly box: Box<'image'>;
  readonly score: number;
}

export type Position = 'left' | 'middle' | 'right';
export type SizeWord = 'large' | 'small';

export interface ObjectGroup {
  readonly name: string;
  readonly count: number;
  /** Set when every box of the group has its centre in the same horizontal third. */
  readonly position: Position | null;
  /** Only for a single object: ≥ 30 % of the image is large, < 1 % is small. */
  readonly size: SizeWord | null;
  /** Summed area as a fraction of the image. */
  readonly area: number;
}

export const TEMPLATE_MAX_GROUPS = 3;
export const LARGE_AREA = 0.3;
export const SMALL_AREA = 0.01;

/** Groups by class, most numerous first (then larger total area, then name), at most `maxGroups`. */
export function groupObjects(objects: readonly SceneObject[], image: Size, maxGroups = TEMPLATE_MAX_GROUPS): ObjectGroup[] {
  const by = new Map<string, { n: number; area: number; thirds: Set<number> }>();
  for (const o of objects) {
    if (!(o.name in RU_NOUNS)) continue;
    const b = imageToNormalized(o.box, image);
    const cx = (b.x1 + b.x2) / 2;
    const g = by.get(o.name) ?? { n: 0, area: 0, thirds: new Set<number>() };
    g.n++;
    g.area += Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);
    g.thirds.add(cx < 1 / 3 ? 0 : cx < 2 / 3 ? 1 : 2);
    by.set(o.name, g);
  }
  return [...by]
    .sort(([na, a], [nb, b]) => b.n - a.n || b.area - a.area || (na < nb ? -1 : na > nb ? 1 : 0))
    .slice(0, maxGroups)
    .map(([name, g]) => ({
      name,
      count: g.n,
      area: g.area,
      position: g.thirds.size === 1 ? (['left', 'middle', 'right'] as const)[[...g.thirds][0]!]! : null,
      size: g.n === 1 ? (g.area >= LARGE_AREA ? 'large' : g.area < SMALL_AREA ? 'small' : null) : null,
    }));
}

const EN_NUM = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const EN_POS: Record<Position, string> = { left: 'on the left', middle: 'in the middle', right: 'on the right' };

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]!}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function enGroupPhrase(g: ObjectGroup): string {
  let np: string;
  if (g.count === 1) {
    const a = enWithArticle(g.size ? `${g.size} ${g.name}` : g.name);
    np = g.size && (g.name === 'skis' || g.name === 'scissors' || g.name === 'broccoli') ? enWithArticle(g.name) : a;
  } else np = `${g.count <= 12 ? EN_NUM[g.count]! : String(g.count)} ${enPlural(g.name)}`;
  return g.position ? `${np} ${EN_POS[g.position]}` : np;
}

const RU_POS: Record<Position, string> = { left: 'слева', middle: 'в центре', right: 'справа' };
const RU_NUM = ['', '', '', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять'];
const RU_COLLECTIVE = ['', '', 'двое', 'трое', 'четверо'];
const RU_ADJ: Record<SizeWord, Record<RuGender, string>> = {
  large: { m: 'большой', f: 'большая', n: 'большое', p: 'большие' },
  small: { m: 'маленький', f: 'маленькая', n: 'маленькое', p: 'маленькие' },
};
const ruPlural = new Intl.PluralRules('ru');

/** The noun phrase for `count` objects, e.g. 1 → «собака», 2 → «две собаки», 5 → «пять человек», 21 → «21 собака». */
export function ruCountPhrase(name: string, count: number, size: SizeWord | null = null): string {
  const forms = RU_NOUNS[name];
  if (!forms) throw new Error(`no Russian forms for ${name}`);
  const [nomSg, genSg, nomPl, genPl, gender] = forms;
  if (count === 1) {
    const noun = gender === 'p' ? nomPl : nomSg;
    return size ? `${RU_ADJ[size][gender]} ${noun}` : noun;
  }
  if (gender === 'p') {
    // plural-only nouns take the collective numeral (двое часов), then a plain numeral with gen pl
    return count <= 4 ? `${RU_COLLECTIVE[count]!} ${genPl}` : `${count <= 10 ? RU_NUM[count]! : String(count)} ${genPl}`;
  }
  const cat = ruPlural.select(count);
  const noun = cat === 'one' ? nomSg : cat === 'few' ? genSg : genPl;
  const num = count === 2 ? (gender === 'f' ? 'две' : 'два') : count <= 10 ? RU_NUM[count]! : String(count);
  return `${num} ${noun}`;
}

export function ruGroupPhrase(g: ObjectGroup): string {
  const np = ruCountPhrase(g.name, g.count, g.size);
  return g.position ? `${np} ${RU_POS[g.position]}` : np;
}

export interface TemplateCaption {
  readonly en: string;
  readonly ru: string;
  readonly groups: readonly ObjectGroup[];
}

export const EMPTY_TEMPLATE = { en: 'Nothing the detector knows', ru: 'Детектор не нашёл знакомых объектов' } as const;

export function templateCaption(objects: readonly SceneObject[], image: Size, maxGroups = TEMPLATE_MAX_GROUPS): TemplateCaption {
  const groups = groupObjects(objects, image, maxGroups);
  if (groups.length === 0) return { ...EMPTY_TEMPLATE, groups };
  // All groups in the same third: say where once, at the end ("two people and a dog on the left").
  const pos = groups[0]!.position;
  if (groups.length > 1 && pos && groups.every((g) => g.position === pos)) {
    const bare = groups.map((g) => ({ ...g, position: null }));
    return {
      en: capitalize(`${joinList(bare.map(enGroupPhrase), 'and')} ${EN_POS[pos]}`),
      ru: capitalize(`${joinList(bare.map(ruGroupPhrase), 'и')} ${RU_POS[pos]}`),
      groups,
    };
  }
  return {
    en: capitalize(joinList(groups.map(enGroupPhrase), 'and')),
    ru: capitalize(joinList(groups.map(ruGroupPhrase), 'и')),
    groups,
  };
}
