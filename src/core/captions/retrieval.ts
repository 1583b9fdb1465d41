/**
 * Captioner 2: retrieval by detected content. Every pool image (COCO val2017, 5 human captions each) gets
 * a vector of the COCO classes its captions name (synonyms: person ← man, woman, people, child, …; counts
 * from the numeral or the plural). The detections give the query vector. Both are TF-IDF weighted
 * (idf over pool images) and compared by cosine; among the K best images, the caption that agrees most
 * with the other neighbours' captions wins (consensus re-ranking, Devlin et al. 2015, "Exploring
 * nearest neighbor approaches for image captioning"). Images in `exclude` are never candidates
 * (leave-one-out when a pool image is itself being scored).
 */
import { tokenizeCaption, splitWords } from './tokenize';

/** Caption words → COCO class. Two-word entries are matched before single words. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  person: ['person', 'persons', 'people', 'man', 'men', 'woman', 'women', 'boy', 'boys', 'girl', 'girls', 'child', 'children', 'kid', 'kids', 'guy', 'guys', 'lady', 'ladies', 'player', 'players', 'skier', 'skiers', 'surfer', 'surfers', 'skateboarder', 'skateboarders', 'snowboarder', 'snowboarders', 'baby', 'toddler', 'rider', 'riders', 'crowd', 'couple', 'family', 'adult', 'adults', 'someone', 'tourists', 'pedestrians', 'spectators', 'gentleman', 'teenager', 'friends', 'group'],
  bicycle: ['bicycle', 'bicycles', 'bike', 'bikes', 'cyclist'],
  car: ['car', 'cars', 'taxi', 'suv', 'vehicle', 'vehicles', 'traffic'],
  motorcycle: ['motorcycle', 'motorcycles', 'motorbike', 'motorbikes', 'scooter', 'scooters', 'moped'],
  airplane: ['airplane', 'airplanes', 'plane', 'planes', 'jet', 'jets', 'aircraft', 'airliner'],
  bus: ['bus', 'buses', 'busses'],
  train: ['train', 'trains', 'locomotive', 'subway', 'tram'],
  truck: ['truck', 'trucks', 'pickup'],
  boat: ['boat', 'boats', 'ship', 'ships', 'canoe', 'kayak', 'sailboat', 'sailboats', 'ferry', 'yacht'],
  'traffic light': ['traffic light', 'traffic lights', 'stoplight', 'stop light', 'signal'],
  'fire hydrant': ['fire hydrant', 'hydrant', 'hydrants'],
  'stop sign': ['stop sign', 'stop signs'],
  'parking meter': ['parking meter', 'parking meters', 'meter', 'meters'],
  bench: ['bench', 'benches'],
  bird: ['bird', 'birds', 'pigeon', 'pigeons', 'seagull', 'seagulls', 'duck', 'ducks', 'goose', 'geese', 'parrot', 'swan', 'vultures', 'vulture'],
  cat: ['cat', 'cats', 'kitten', 'kittens', 'kitty'],
  dog: ['dog', 'dogs', 'puppy', 'puppies', 'pup'],
  horse: ['horse', 'horses', 'pony', 'ponies'],
  sheep: ['sheep', 'lamb', 'lambs'],
  cow: ['cow', 'cows', 'cattle', 'bull', 'calf', 'oxen'],
  elephant: ['elephant', 'elephants'],
  bear: ['bear', 'bears'],
  zebra: ['zebra', 'zebras'],
  giraffe: ['giraffe', 'giraffes'],
  backpack: ['backpack', 'backpacks'],
  umbrella: ['umbrella', 'umbrellas', 'parasol'],
  handbag: ['handbag', 'handbags', 'purse', 'purses', 'bag', 'bags'],
  tie: ['tie', 'ties', 'necktie'],
  suitcase: ['suitcase', 'suitcases', 'luggage', 'baggage'],
  frisbee: ['frisbee', 'frisbees'],
  skis: ['skis', 'ski'],
  snowboard: ['snowboard', 'snowboards'],
  'sports ball': ['ball', 'balls', 'soccer ball', 'tennis ball', 'baseball', 'football'],
  kite: ['kite', 'kites'],
  'baseball bat': ['bat', 'baseball bat'],
  'baseball glove': ['glove', 'mitt', 'baseball glove'],
  skateboard: ['skateboard', 'skateboards', 'skate board'],
  surfboard: ['surfboard', 'surfboards', 'surf board'],
  'tennis racket': ['racket', 'racquet', 'tennis racket', 'tennis racquet'],
  bottle: ['bottle', 'bottles'],
  'wine glass': ['wine glass', 'wine glasses', 'glass', 'glasses', 'wine'],
  cup: ['cup', 'cups', 'mug', 'mugs', 'coffee'],
  fork: ['fork', 'forks'],
  knife: ['knife', 'knives'],
  spoon: ['spoon', 'spoons'],
  bowl: ['bowl', 'bowls'],
  banana: ['banana', 'bananas'],
  apple: ['apple', 'apples'],
  sandwich: ['sandwich', 'sandwiches', 'burger', 'hamburger'],
  orange: ['orange', 'oranges'],
  broccoli: ['broccoli'],
  carrot: ['carrot', 'carrots'],
  'hot dog': ['hot dog', 'hot dogs', 'hotdog', 'hotdogs'],
  pizza: ['pizza', 'pizzas'],
  donut: ['donut', 'donuts', 'doughnut', 'doughnuts'],
  cake: ['cake', 'cakes', 'cupcake', 'cupcakes'],
  chair: ['chair', 'chairs'],
  couch: ['couch', 'couches', 'sofa', 'sofas'],
  'potted plant': ['plant', 'plants', 'potted plant', 'flowers', 'houseplant'],
  bed: ['bed', 'beds'],
  'dining table': ['table', 'tables', 'dining table'],
  toilet: ['toilet', 'toilets'],
  tv: ['tv', 'tvs', 'television', 'televisions', 'monitor', 'monitors', 'screen', 'screens'],
  laptop: ['laptop', 'laptops', 'computer', 'computers', 'notebook'],
  mouse: ['mouse', 'mice'],
  remote: ['remote', 'remotes', 'controller', 'controllers'],
  keyboard: ['keyboard', 'keyboards'],
  'cell phone': ['phone', 'phones', 'cellphone', 'cellphones', 'cell phone', 'smartphone'],
  microwave: ['microwave', 'microwaves'],
  oven: ['oven', 'ovens', 'stove'],
  toaster: ['toaster'],
  sink: ['sink', 'sinks'],
  refrigerator: ['refrigerator', 'fridge', 'refrigerators'],
  book: ['book', 'books', 'bookshelf'],
  clock: ['clock', 'clocks'],
  vase: ['vase', 'vases'],
  scissors: ['scissors'],
  'teddy bear': ['teddy bear', 'teddy bears', 'teddy', 'stuffed animal', 'stuffed bear'],
  'hair drier': ['hair dryer', 'hair drier', 'blow dryer'],
  toothbrush: ['toothbrush', 'toothbrushes', 'tooth brush'],
};

const PLURAL_ONLY = new Set(['people', 'children', 'men', 'women', 'crowd', 'group', 'couple', 'family', 'friends', 'tourists', 'pedestrians', 'spectators', 'traffic', 'cattle', 'luggage', 'baggage', 'geese', 'mice', 'knives']);
const NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, pair: 2, couple: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, several: 4, many: 6, lots: 6, bunch: 5, group: 5, crowd: 8, some: 3, few: 3,
};
const UNCOUNTABLE = new Set(['broccoli', 'sheep', 'skis', 'scissors', 'wine', 'coffee', 'luggage', 'baggage', 'traffic', 'glasses']);

const WORD_TO_CLASS = new Map<string, string>();
for (const [cls, words] of Object.entries(SYNONYMS)) for (const w of words) if (!WORD_TO_CLASS.has(w)) WORD_TO_CLASS.set(w, cls);

function isPluralWord(w: string): boolean {
  if (PLURAL_ONLY.has(w)) return true;
  if (UNCOUNTABLE.has(w)) return false;
  return w.endsWith('s') && !w.endsWith('ss') && w !== 'bus';
}

/** The COCO classes a caption names, with a count each (numeral before it, else 2 for a plural, else 1). */
export function classesInCaption(caption: string): Map<string, number> {
  const w = splitWords(tokenizeCaption(caption));
  const out = new Map<string, number>();
  for (let i = 0; i < w.length; i++) {
    let cls: string | undefined, word = w[i]!, len = 1;
    const two = i + 1 < w.length ? `${w[i]} ${w[i + 1]}` : '';
    if (two && WORD_TO_CLASS.has(two)) {
      cls = WORD_TO_CLASS.get(two);
      word = w[i + 1]!;
      len = 2;
    } else cls = WORD_TO_CLASS.get(word);
    if (!cls) continue;
    // "group of people", "a couple of dogs": the quantity word comes two words earlier
    const prev = w[i - 1], prev2 = w[i - 2];
    let n = prev !== undefined && NUMBERS[prev] !== undefined && prev !== word ? NUMBERS[prev]! : undefined;
    if (n === undefined && prev === 'of' && prev2 !== undefined) n = NUMBERS[prev2];
    if (n === undefined) n = isPluralWord(word) ? 2 : 1;
    if (NUMBERS[word] !== undefined && cls === 'person' && (word === 'group' || word === 'crowd' || word === 'couple')) {
      // "a group of people": counted once, at the quantity word
      if (w[i + 1] === 'of' && w[i + 2] !== undefined && WORD_TO_CLASS.get(w[i + 2]!) === 'person') {
        out.set(cls, (out.get(cls) ?? 0) + NUMBERS[word]!);
        i += 2;
        continue;
      }
    }
    out.set(cls, (out.get(cls) ?? 0) + n);
    i += len - 1;
  }
  return out;
}

/** Count thresholds that become their own features: "dog", "dog#2" (two or more), "dog#3", "dog#5". */
export const COUNT_STEPS = [2, 3, 5] as const;

/** The features of `count` objects of class `name`: the class itself and each count step reached. */
export function countFeatures(name: string, count: number): string[] {
  return [name, ...COUNT_STEPS.filter((s) => count >= s).map((s) => `${name}#${s}`)];
}

export interface PoolImage {
  readonly id: string;
  readonly captions: readonly string[];
}

interface IndexedImage {
  readonly id: string;
  readonly captions: readonly string[];
  /** Sparse feature weights (before idf): the fraction of captions naming the class (and each count step). */
  readonly classes: ReadonlyMap<string, number>;
  /** Per caption, its classes (for "why"). */
  readonly perCaption: readonly ReadonlyMap<string, number>[];
}

export interface RetrievalIndex {
  readonly images: readonly IndexedImage[];
  /** idf of each feature over the pool images: ln(N / (1 + df)), at least 0. */
  readonly idf: ReadonlyMap<string, number>;
  /** idf of caption words (for the consensus step). */
  readonly wordIdf: ReadonlyMap<string, number>;
}

export function buildRetrievalIndex(pool: readonly PoolImage[]): RetrievalIndex {
  const df = new Map<string, number>();
  const wdf = new Map<string, number>();
  const images = pool.map((im) => {
    const perCaption = im.captions.map(classesInCaption);
    const mentions = new Map<string, { k: number; max: number }>();
    for (const m of perCaption) {
      m.forEach((n, c) => {
        const e = mentions.get(c) ?? { k: 0, max: 0 };
        e.k++;
        e.max = Math.max(e.max, n);
        mentions.set(c, e);
      });
    }
    const classes = new Map<string, number>();
    mentions.forEach((e, c) => {
      for (const f of countFeatures(c, e.max)) {
        classes.set(f, e.k / Math.max(1, im.captions.length));
        df.set(f, (df.get(f) ?? 0) + 1);
      }
    });
    const words = new Set(im.captions.flatMap((c) => splitWords(tokenizeCaption(c))));
    words.forEach((w) => wdf.set(w, (wdf.get(w) ?? 0) + 1));
    return { id: im.id, captions: im.captions, classes, perCaption };
  });
  const N = pool.length;
  const idf = new Map<string, number>();
  df.forEach((d, c) => idf.set(c, Math.max(0, Math.log(N / (1 + d)))));
  const wordIdf = new Map<string, number>();
  wdf.forEach((d, w) => wordIdf.set(w, Math.max(0, Math.log(N / (1 + d)))));
  return { images, idf, wordIdf };
}

export interface DetectedCount {
  readonly name: string;
  readonly count: number;
}

export interface RetrievalNeighbour {
  readonly imageId: string;
  readonly similarity: number;
}

export interface RetrievalResult {
  readonly caption: string;
  readonly imageId: string;
  /** All captions of the chosen pool image (the chosen one among them). */
  readonly sourceCaptions: readonly string[];
  /** Cosine between the query and the chosen caption's image. */
  readonly similarity: number;
  /** Classes both detected and named in the chosen caption. */
  readonly matched: readonly string[];
  /** The K nearest pool images, best first. */
  readonly neighbours: readonly RetrievalNeighbour[];
  /** Mean TF-IDF cosine of the chosen caption with the other neighbours' captions. */
  readonly consensus: number;
  /** Query weights per feature (its idf). */
  readonly query: ReadonlyMap<string, number>;
}

export interface RetrievalOptions {
  /** Pool image ids never returned (leave-one-out). */
  readonly exclude?: ReadonlySet<string>;
  /** Neighbours used for consensus re-ranking (1 = plain nearest neighbour, its first caption). */
  readonly k?: number;
}

export const RETRIEVAL_K = 15;

/** Unigrams weighted by their idf over the pool, plus bigrams (the mean idf of their two words). */
function wordVector(caption: string, idf: ReadonlyMap<string, number>): Map<string, number> {
  const v = new Map<string, number>();
  const w = splitWords(tokenizeCaption(caption));
  w.forEach((x, i) => {
    v.set(x, (v.get(x) ?? 0) + (idf.get(x) ?? 0));
    if (i > 0) {
      const g = `${w[i - 1]!} ${x}`;
      v.set(g, (v.get(g) ?? 0) + ((idf.get(x) ?? 0) + (idf.get(w[i - 1]!) ?? 0)) / 2);
    }
  });
  return v;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0, na = 0, nb = 0;
  a.forEach((x, k) => {
    na += x * x;
    const y = b.get(k);
    if (y !== undefined) dot += x * y;
  });
  b.forEach((y) => (nb += y * y));
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Null when nothing is detected (or nothing the pool's captions ever name): there is no query. */
export function retrieveCaption(index: RetrievalIndex, detected: readonly DetectedCount[], opts: RetrievalOptions = {}): RetrievalResult | null {
  const k = Math.max(1, opts.k ?? RETRIEVAL_K);
  const query = new Map<string, number>();
  for (const d of detected) {
    if (d.count <= 0) continue;
    for (const f of countFeatures(d.name, d.count)) {
      const w = index.idf.get(f) ?? 0;
      if (w > 0) query.set(f, w);
    }
  }
  if (query.size === 0) return null;
  const scored: { im: IndexedImage; s: number }[] = [];
  for (const im of index.images) {
    if (opts.exclude?.has(im.id)) continue;
    const v = new Map<string, number>();
    im.classes.forEach((x, c) => v.set(c, x * (index.idf.get(c) ?? 0)));
    const s = cosine(query, v);
    if (s > 0) scored.push({ im, s });
  }
  if (scored.length === 0) return null;
  scored.sort((a, b) => b.s - a.s || (Number(a.im.id) - Number(b.im.id)) || (a.im.id < b.im.id ? -1 : 1));
  const top = scored.slice(0, k);
  const neighbours = top.map((t) => ({ imageId: t.im.id, similarity: t.s }));
  const best = top[0]!;
  if (k === 1 || top.length === 1) {
    const caption = best.im.captions[0]!;
    return { caption, imageId: best.im.id, sourceCaptions: best.im.captions, similarity: best.s, matched: matchedClasses(caption, query), neighbours, consensus: 0, query };
  }
  // Consensus: each neighbour caption's mean similarity with the captions of the *other* neighbours.
  const all = top.flatMap((t) => t.im.captions.map((c) => ({ c, from: t, v: wordVector(c, index.wordIdf) })));
  let bestC = all[0]!, bestScore = -Infinity;
  for (const a of all) {
    let sum = 0, n = 0;
    for (const b of all) {
      if (b.from === a.from) continue;
      sum += cosine(a.v, b.v);
      n++;
    }
    const score = n > 0 ? sum / n : 0;
    if (score > bestScore) {
      bestScore = score;
      bestC = a;
    }
  }
  return {
    caption: bestC.c, imageId: bestC.from.im.id, sourceCaptions: bestC.from.im.captions, similarity: bestC.from.s, matched: matchedClasses(bestC.c, query), neighbours, consensus: bestScore, query,
  };
}

function matchedClasses(caption: string, query: ReadonlyMap<string, number>): string[] {
  return [...classesInCaption(caption).keys()].filter((c) => query.has(c));
}

/** Counts per class of a list of detections (names), for the query. */
export function countByName(names: readonly string[]): DetectedCount[] {
  const m = new Map<string, number>();
  for (const n of names) m.set(n, (m.get(n) ?? 0) + 1);
  return [...m].map(([name, count]) => ({ name, count }));
}
