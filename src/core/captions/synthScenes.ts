/**
 * Synthetic captioning scenes ("Show and Tell" at toy scale): small RGBA images of two shapes
 * (circle / square / triangle in red / green / blue / yellow) side by side or one above the other,
 * each with the two English sentences that describe it — one from each object's point of view, so a
 * scene has two references as a COCO image has five:
 *
 *   "a red circle to the left of a blue square"  /  "a blue square to the right of a red circle"
 *   "a green triangle above a yellow circle"     /  "a yellow circle below a green triangle"
 *
 * A captioner must see both objects AND where one is relative to the other: the relation words are
 * what a template over class labels cannot produce. Scene i of a split with seed s depends only on
 * (s, i) (`imageSeed`), so Node and the page generate the same images.
 *
 * The networks are trained on English; the Russian sentence is rendered from the same structure
 * (`sceneSentenceRu`, with the genitive after «слева/справа от» and the instrumental after «над/под»),
 * so a decoded English sentence that parses (`parseSceneSentence`) is shown in Russian too.
 */
import { seededRng, type SeededRng } from '../random';
import { imageSeed } from '../yolo/synthData';

export const SCENE_SHAPES = ['circle', 'square', 'triangle'] as const;
export const SCENE_COLORS = ['red', 'green', 'blue', 'yellow'] as const;
export const SCENE_RELATIONS = ['left', 'right', 'above', 'below'] as const;
export type SceneShape = (typeof SCENE_SHAPES)[number];
export type SceneColor = (typeof SCENE_COLORS)[number];
export type SceneRelation = (typeof SCENE_RELATIONS)[number];

/** Nominal RGB of each colour (each object's colour is jittered around it). */
export const COLOR_RGB: Readonly<Record<SceneColor, readonly [number, number, number]>> = {
  red: [220, 40, 40],
  green: [40, 170, 60],
  blue: [40, 70, 220],
  yellow: [235, 205, 30],
};

/** Image side in pixels. */
export const SCENE_SIZE = 32;

export interface SceneObject {
  readonly shape: SceneShape;
  readonly color: SceneColor;
  /** Centre and half-size, pixels. */
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
}

export interface SceneSpec {
  /** The first object, and where it is relative to the second. */
  readonly a: { readonly shape: SceneShape; readonly color: SceneColor };
  readonly relation: SceneRelation;
  readonly b: { readonly shape: SceneShape; readonly color: SceneColor };
}

export interface Scene {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  readonly spec: SceneSpec;
  readonly objects: readonly [SceneObject, SceneObject];
  /** The two English references (tokenized form: lower case, single spaces). */
  readonly captions: readonly [string, string];
}

// ---- vocabulary ----------------------------------------------------------------------------------

export const PAD = '<pad>';
export const BOS = '<start>';
export const EOS = '<end>';
export const SCENE_VOCAB = [
  PAD, BOS, EOS, 'a', ...SCENE_COLORS, ...SCENE_SHAPES, 'to', 'the', 'left', 'right', 'of', 'above', 'below',
] as const;
export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
/** Longest sentence (10 words) + <end>. */
export const MAX_CAPTION_TOKENS = 11;

const WORD_ID = new Map<string, number>(SCENE_VOCAB.map((w, i) => [w, i] as const));

/** Word ids of a sentence followed by <end>; throws for a word outside the vocabulary. */
export function encodeSentence(sentence: string): number[] {
  const ids = sentence.split(' ').map((w) => {
    const id = WORD_ID.get(w);
    if (id === undefined) throw new Error(`"${w}" is not in the scene vocabulary`);
    return id;
  });
  return [...ids, EOS_ID];
}

/** Words of token ids up to (not including) <end>. */
export function decodeTokens(ids: readonly number[]): string {
  const words: string[] = [];
  for (const id of ids) {
    if (id === EOS_ID) break;
    if (id === PAD_ID || id === BOS_ID) continue;
    words.push(SCENE_VOCAB[id] ?? '?');
  }
  return words.join(' ');
}

// ---- sentences -----------------------------------------------------------------------------------

const INVERSE: Readonly<Record<SceneRelation, SceneRelation>> = { left: 'right', right: 'left', above: 'below', below: 'above' };
const REL_EN: Readonly<Record<SceneRelation, string>> = { left: 'to the left of', right: 'to the right of', above: 'above', below: 'below' };

export function sceneSentence(spec: SceneSpec): string {
  return `a ${spec.a.color} ${spec.a.shape} ${REL_EN[spec.relation]} a ${spec.b.color} ${spec.b.shape}`;
}

/** The same scene from the second object's point of view. */
export function inverseSpec(spec: SceneSpec): SceneSpec {
  return { a: spec.b, relation: INVERSE[spec.relation], b: spec.a };
}

/** The structure of a sentence of the grammar, or null when it is not one. */
export function parseSceneSentence(sentence: string): SceneSpec | null {
  const w = sentence.trim().split(/\s+/);
  const obj = (i: number) => {
    if (w[i] !== 'a') return null;
    const color = w[i + 1] as SceneColor;
    const shape = w[i + 2] as SceneShape;
    return SCENE_COLORS.includes(color) && SCENE_SHAPES.includes(shape) ? { color, shape } : null;
  };
  const a = obj(0);
  if (!a) return null;
  let relation: SceneRelation | null = null;
  let next = 0;
  if (w[3] === 'to' && w[4] === 'the' && (w[5] === 'left' || w[5] === 'right') && w[6] === 'of') {
    relation = w[5];
    next = 7;
  } else if (w[3] === 'above' || w[3] === 'below') {
    relation = w[3];
    next = 4;
  }
  if (!relation) return null;
  const b = obj(next);
  if (!b || w.length !== next + 3) return null;
  return { a, relation, b };
}

const RU_COLOR: Readonly<Record<SceneColor, readonly [string, string, string]>> = {
  // nominative, genitive, instrumental (masculine: all three shapes are masculine nouns)
  red: ['красный', 'красного', 'красным'],
  green: ['зелёный', 'зелёного', 'зелёным'],
  blue: ['синий', 'синего', 'синим'],
  yellow: ['жёлтый', 'жёлтого', 'жёлтым'],
};
const RU_SHAPE: Readonly<Record<SceneShape, readonly [string, string, string]>> = {
  circle: ['круг', 'круга', 'кругом'],
  square: ['квадрат', 'квадрата', 'квадратом'],
  triangle: ['треугольник', 'треугольника', 'треугольником'],
};

/** «красный круг слева от синего квадрата», «зелёный треугольник над жёлтым кругом». */
export function sceneSentenceRu(spec: SceneSpec): string {
  const nom = `${RU_COLOR[spec.a.color][0]} ${RU_SHAPE[spec.a.shape][0]}`;
  const gen = `${RU_COLOR[spec.b.color][1]} ${RU_SHAPE[spec.b.shape][1]}`;
  const ins = `${RU_COLOR[spec.b.color][2]} ${RU_SHAPE[spec.b.shape][2]}`;
  switch (spec.relation) {
    case 'left':
      return `${nom} слева от ${gen}`;
    case 'right':
      return `${nom} справа от ${gen}`;
    case 'above':
      return `${nom} над ${ins}`;
    case 'below':
      return `${nom} под ${ins}`;
  }
}

/** Russian gloss of one vocabulary word (the step-by-step view; the sentence itself uses sceneSentenceRu). */
export const WORD_GLOSS_RU: Readonly<Record<string, string>> = {
  [PAD]: '—', [BOS]: '‹начало›', [EOS]: '‹конец›', a: '(артикль)', red: 'красный', green: 'зелёный', blue: 'синий', yellow: 'жёлтый',
  circle: 'круг', square: 'квадрат', triangle: 'треугольник', to: '(to)', the: '(the)', left: 'слева', right: 'справа', of: 'от',
  above: 'над', below: 'под',
};

// ---- images --------------------------------------------------------------------------------------

export interface SceneOptions {
  /** Background grey level range and pixel noise amplitude. */
  readonly noise: number;
}

export const DEFAULT_SCENE_OPTIONS: SceneOptions = { noise: 10 };

function inside(shape: SceneShape, dx: number, dy: number, r: number): boolean {
  switch (shape) {
    case 'circle':
      return dx * dx + dy * dy <= r * r;
    case 'square':
      return Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
    case 'triangle': {
      // Upward triangle with apex (0, -r), base y = +0.8r, half-width r at the base.
      if (dy < -r || dy > 0.8 * r) return false;
      const t = (dy + r) / (1.8 * r);
      return Math.abs(dx) <= t * r;
    }
  }
}

/** Paints a scene's objects onto a noisy grey background; `rng` draws the background and colour jitter. */
export function renderScene(objects: readonly SceneObject[], rng: SeededRng, size = SCENE_SIZE, opts = DEFAULT_SCENE_OPTIONS): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(size * size * 4);
  const grey = rng.int(150, 230);
  const tint = [rng.int(-15, 15), rng.int(-15, 15), rng.int(-15, 15)];
  const cols = objects.map((o) => COLOR_RGB[o.color].map((c) => c + rng.int(-25, 25)));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      let c: readonly number[] = [grey + tint[0]!, grey + tint[1]!, grey + tint[2]!];
      objects.forEach((o, k) => {
        if (inside(o.shape, x + 0.5 - o.cx, y + 0.5 - o.cy, o.r)) c = cols[k]!;
      });
      const n = opts.noise;
      rgba[i] = c[0]! + rng.uniform(-n, n);
      rgba[i + 1] = c[1]! + rng.uniform(-n, n);
      rgba[i + 2] = c[2]! + rng.uniform(-n, n);
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

/**
 * Places the two objects of `spec` with `rng`: along the relation's axis at least GAP = 15 px apart
 * (centres), across it within ±3 px, radii 5–7 px, inside the frame.
 */
export const GAP = 15;
export function layoutScene(spec: SceneSpec, rng: SeededRng, size = SCENE_SIZE): [SceneObject, SceneObject] {
  const ra = rng.uniform(5, 7);
  const rb = rng.uniform(5, 7);
  const m = 7; // margin for the centres
  const along1 = rng.uniform(m, size - m - GAP);
  const along2 = rng.uniform(along1 + GAP, size - m);
  const across = rng.uniform(m + 2, size - m - 2);
  const j1 = across + rng.uniform(-3, 3);
  const j2 = across + rng.uniform(-3, 3);
  // a is first along the axis for left / above, second for right / below.
  const aFirst = spec.relation === 'left' || spec.relation === 'above';
  const [pa, pb] = aFirst ? [along1, along2] : [along2, along1];
  const horizontal = spec.relation === 'left' || spec.relation === 'right';
  const place = (o: SceneSpec['a'], along: number, acr: number, r: number): SceneObject =>
    horizontal ? { ...o, cx: along, cy: acr, r } : { ...o, cx: acr, cy: along, r };
  return [place(spec.a, pa, j1, ra), place(spec.b, pb, j2, rb)];
}

/** A random spec: two different (colour, shape) pairs and a relation. */
export function randomSpec(rng: SeededRng): SceneSpec {
  const pick = () => ({ color: SCENE_COLORS[rng.int(0, SCENE_COLORS.length - 1)]!, shape: SCENE_SHAPES[rng.int(0, SCENE_SHAPES.length - 1)]! });
  const a = pick();
  let b = pick();
  while (b.color === a.color && b.shape === a.shape) b = pick();
  return { a, relation: SCENE_RELATIONS[rng.int(0, SCENE_RELATIONS.length - 1)]!, b };
}

/** A scene from a given spec; `seed` fixes the layout, colour jitter and noise. */
export function sceneFromSpec(spec: SceneSpec, seed: number, id = 0): Scene {
  const rng = seededRng(seed);
  const objects = layoutScene(spec, rng);
  const rgba = renderScene(objects, rng);
  return { id, width: SCENE_SIZE, height: SCENE_SIZE, rgba, spec, objects, captions: [sceneSentence(spec), sceneSentence(inverseSpec(spec))] };
}

/** Scene `index` of the split with seed `seed`. */
export function generateScene(seed: number, index: number): Scene {
  const s = imageSeed(seed, index);
  const spec = randomSpec(seededRng(s ^ 0x5bd1e995));
  return sceneFromSpec(spec, s, index);
}

export interface SceneSplits {
  readonly trainSeed: number;
  readonly testSeed: number;
  readonly testCount: number;
}

export const DEFAULT_SCENE_SPLITS: SceneSplits = { trainSeed: 2024, testSeed: 777, testCount: 500 };
