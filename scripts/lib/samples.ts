/**
 * The sample gallery shipped in the repo (`public/samples/`): the photos of ../shared/images (COCO val2017,
 * CC BY 2.0 / CC BY-SA 2.0) and of ../shared/images/unannotated (public domain / CC0 / CC BY), their
 * COCO annotations and captions, a small JPEG thumbnail of each, `index.json` (what the gallery reads)
 * and `CREDITS.md`. `npm run samples` regenerates everything from SAMPLES_DIR (default ../shared/images);
 * the output is committed, so a fresh clone has the gallery without any set-up.
 *
 * Deterministic: the same photos give byte-identical thumbnails, index and credits.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { syncFile } from './setup/util';

/** Longest side of a thumbnail, in pixels (shown at ≤ 96 CSS px; 2× for sharp screens). */
export const THUMB_SIDE = 192;
export const THUMB_QUALITY = 70;
/** Budget for all thumbnails together (the gallery loads them all on every page). */
export const THUMB_BUDGET_BYTES = 300_000;

type Localized = { readonly ru: string; readonly en: string };

export interface SampleEntry {
  readonly file: string;
  readonly thumb: string;
  readonly title: Localized;
  /** The photographer or owner, when known (COCO keeps only the Flickr photo, not the name). */
  readonly author: Localized | null;
  readonly license: string;
  readonly licenseUrl: string | null;
  /** The photo's page (Flickr) or its source package. */
  readonly url: string | null;
  /** Where it came from, for the credit line. */
  readonly origin: 'coco' | 'skimage' | 'matplotlib' | 'sklearn';
  /** COCO image id when the photo has ground truth in annotations.json / captions.json. */
  readonly cocoId: number | null;
  readonly width: number;
  readonly height: number;
}

/** Titles of the 17 COCO photos (from the objects in their official annotations). */
const COCO_TITLES: Readonly<Record<string, Localized>> = {
  '000000397133.jpg': { ru: 'Кухня с поваром', en: 'Kitchen with a cook' },
  '000000183709.jpg': { ru: 'Перекрёсток: люди и машины', en: 'Crossing: people and cars' },
  '000000349860.jpg': { ru: 'Скейтбордист у скамеек', en: 'Skateboarder by the benches' },
  '000000126107.jpg': { ru: 'Люди на берегу, лодка и птица', en: 'People on the shore, a boat and a bird' },
  '000000119828.jpg': { ru: 'Кошка у ноутбука', en: 'Cat by a laptop' },
  '000000255165.jpg': { ru: 'Стол с книгами и мониторами', en: 'Desk with books and monitors' },
  '000000520707.jpg': { ru: 'Люди в зале с экранами', en: 'People in a hall with screens' },
  '000000261888.jpg': { ru: 'Лошади и знак «Стоп»', en: 'Horses and a stop sign' },
  '000000475678.jpg': { ru: 'Чемоданы', en: 'Suitcases' },
  '000000160012.jpg': { ru: 'Пицца на столе', en: 'Pizza on a table' },
  '000000377575.jpg': { ru: 'Собака и пожарный гидрант', en: 'Dog and a fire hydrant' },
  '000000568290.jpg': { ru: 'Мотоциклы и автобус', en: 'Motorcycles and a bus' },
  '000000229997.jpg': { ru: 'Медведь и птицы', en: 'A bear and birds' },
  '000000357888.jpg': { ru: 'Бутылки, бокалы и яблоки', en: 'Bottles, glasses and apples' },
  '000000205401.jpg': { ru: 'Самолёт и лодка', en: 'An airplane and a boat' },
  '000000404484.jpg': { ru: 'Собака и плюшевый мишка', en: 'A dog and a teddy bear' },
  '000000343937.jpg': { ru: 'Сноубордист', en: 'Snowboarder' },
};

/** Attribution of the unannotated photos (shared/images/README.md, section 2). */
const UNANNOTATED: Readonly<
  Record<string, { title: Localized; author: Localized; license: string; licenseUrl: string | null; url: string | null; origin: SampleEntry['origin'] }>
> = {
  'skimage_astronaut.png': {
    title: { ru: 'Астронавт Эйлин Коллинз', en: 'Astronaut Eileen Collins' },
    author: { ru: 'НАСА', en: 'NASA' },
    license: 'Public domain',
    licenseUrl: null,
    url: null,
    origin: 'skimage',
  },
  'skimage_chelsea.png': {
    title: { ru: 'Кошка Челси', en: 'Chelsea the cat' },
    author: { ru: 'Стефан ван дер Вальт', en: 'Stefan van der Walt' },
    license: 'CC0',
    licenseUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    url: null,
    origin: 'skimage',
  },
  'skimage_coffee.png': {
    title: { ru: 'Чашка кофе', en: 'A cup of coffee' },
    author: { ru: 'Рэйчел Микетти', en: 'Rachel Michetti' },
    license: 'CC0',
    licenseUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    url: null,
    origin: 'skimage',
  },
  'skimage_camera.png': {
    title: { ru: 'Фотограф со штативом', en: 'Cameraman with a tripod' },
    author: { ru: 'Лав Варшни', en: 'Lav Varshney' },
    license: 'CC0',
    licenseUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    url: null,
    origin: 'skimage',
  },
  'matplotlib_grace_hopper.jpg': {
    title: { ru: 'Грейс Хоппер', en: 'Grace Hopper' },
    author: { ru: 'официальная фотография ВМС США', en: 'official US Navy photograph' },
    license: 'Public domain',
    licenseUrl: null,
    url: null,
    origin: 'matplotlib',
  },
  'sklearn_china.jpg': {
    title: { ru: 'Пагода над озером', en: 'Pagoda above a lake' },
    author: { ru: 'danielbuechele (Flickr)', en: 'danielbuechele (Flickr)' },
    license: 'CC BY 2.0',
    licenseUrl: 'https://creativecommons.org/licenses/by/2.0/',
    url: 'https://www.flickr.com/photos/danielbuechele/6061409035',
    origin: 'sklearn',
  },
};

/** COCO's licence names → the short names the credits show. */
const SHORT_LICENSE: Readonly<Record<string, string>> = {
  'Attribution License': 'CC BY 2.0',
  'Attribution-ShareAlike License': 'CC BY-SA 2.0',
};

/** The Flickr photo page of a COCO `flickr_url` (a static image URL whose file name starts with the photo id). */
export function flickrPage(staticUrl: string): string | null {
  const m = /\/(\d+)_[0-9a-f]+(?:_[a-z])?\.jpg$/i.exec(staticUrl);
  return m ? `https://www.flickr.com/photo.gne?id=${m[1]}` : null;
}

// ---------------------------------------------------------------------------------------------------
// Images

interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

function decode(file: string, bytes: Buffer): Rgba {
  if (/\.png$/i.test(file)) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: png.data };
  }
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
  return { width: img.width, height: img.height, data: img.data };
}

/** Area-average downscale (each output pixel = mean of the source pixels it covers). */
export function downscale(src: Rgba, maxSide: number): Rgba {
  const scale = Math.min(1, maxSide / Math.max(src.width, src.height));
  const w = Math.max(1, Math.round(src.width * scale));
  const h = Math.max(1, Math.round(src.height * scale));
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * src.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * src.height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * src.width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * src.width) / w));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0; xx < x1; xx++) {
          const i = (yy * src.width + xx) * 4;
          r += src.data[i]!;
          g += src.data[i + 1]!;
          b += src.data[i + 2]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * w + x) * 4;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
      out[o + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

function thumbName(file: string): string {
  return `thumbs/${file.replace(/\.[a-z]+$/i, '')}.jpg`;
}

// ---------------------------------------------------------------------------------------------------
// Plan and build

export interface SamplesPlan {
  readonly photos: readonly { src: string; file: string }[];
  readonly extra: readonly { src: string; file: string }[];
  readonly entries: readonly SampleEntry[];
  readonly warnings: readonly string[];
}

const isImage = (n: string): boolean => /\.(jpe?g|png)$/i.test(n);

async function listImages(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && isImage(d.name))
    .map((d) => d.name)
    .sort();
}

interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  license?: number;
  flickr_url?: string;
}

/** Reads SAMPLES_DIR and decides what to ship; throws when it is not a folder of the expected shape. */
export async function planSamples(samplesDir: string): Promise<SamplesPlan> {
  if (!existsSync(samplesDir) || !(await stat(samplesDir)).isDirectory()) throw new Error(`samples: not a directory: ${samplesDir}`);
  const annPath = path.join(samplesDir, 'annotations.json');
  const coco = existsSync(annPath)
    ? (JSON.parse(await readFile(annPath, 'utf8')) as { images?: CocoImage[]; licenses?: { id: number; name: string; url?: string }[] })
    : null;
  const images = new Map((coco?.images ?? []).map((im) => [im.file_name, im]));
  const licenses = new Map((coco?.licenses ?? []).map((l) => [l.id, l]));
  const photos: { src: string; file: string }[] = [];
  const entries: SampleEntry[] = [];
  const warnings: string[] = [];

  for (const file of await listImages(samplesDir)) {
    const im = images.get(file);
    if (im === undefined) {
      warnings.push(`samples: ${file} is not in annotations.json, skipped`);
      continue;
    }
    const lic = im.license === undefined ? undefined : licenses.get(im.license);
    const license = lic ? (SHORT_LICENSE[lic.name] ?? lic.name) : 'unknown';
    photos.push({ src: path.join(samplesDir, file), file });
    entries.push({
      file,
      thumb: thumbName(file),
      title: COCO_TITLES[file] ?? { ru: `COCO №${im.id}`, en: `COCO #${im.id}` },
      author: null,
      license,
      licenseUrl: lic?.url?.replace(/^http:/, 'https:') ?? null,
      url: im.flickr_url ? flickrPage(im.flickr_url) : null,
      origin: 'coco',
      cocoId: im.id,
      width: im.width,
      height: im.height,
    });
  }
  const unDir = path.join(samplesDir, 'unannotated');
  for (const file of await listImages(unDir)) {
    const c = UNANNOTATED[file];
    if (c === undefined) {
      warnings.push(`samples: no attribution known for unannotated/${file}, skipped`);
      continue;
    }
    const bytes = await readFile(path.join(unDir, file));
    const { width, height } = decode(file, bytes);
    photos.push({ src: path.join(unDir, file), file });
    entries.push({ file, thumb: thumbName(file), title: c.title, author: c.author, license: c.license, licenseUrl: c.licenseUrl, url: c.url, origin: c.origin, cocoId: null, width, height });
  }
  const extra = ['annotations.json', 'captions.json']
    .filter((n) => existsSync(path.join(samplesDir, n)))
    .map((n) => ({ src: path.join(samplesDir, n), file: n }));
  return { photos, extra, entries, warnings };
}

const ORIGIN_NOTE: Readonly<Record<SampleEntry['origin'], string>> = {
  coco: 'COCO val2017',
  skimage: 'scikit-image sample data',
  matplotlib: 'matplotlib sample data',
  sklearn: 'scikit-learn sample data',
};

/** The credits file shipped beside the photos (English and Russian). */
export function creditsMarkdown(entries: readonly SampleEntry[]): string {
  const rows = entries.map((e) => {
    const author = e.author ? e.author.en : 'Flickr photographer';
    const link = e.url ? `[photo page](${e.url})` : ORIGIN_NOTE[e.origin];
    const lic = e.licenseUrl ? `[${e.license}](${e.licenseUrl})` : e.license;
    return `| ${e.file} | ${e.title.en} / ${e.title.ru} | ${author} | ${link} | ${lic} |`;
  });
  return [
    '# Sample photos: credits / Авторы фотографий',
    '',
    'The photos are shipped unchanged; `thumbs/` holds reduced copies made by `npm run samples`.',
    'Фотографии поставляются без изменений; в `thumbs/` — уменьшенные копии (`npm run samples`).',
    '',
    'COCO photos (`0000…jpg`): COCO val2017 images from Flickr, each under the photographer’s licence named below.',
    'Their annotations (`annotations.json`) and captions (`captions.json`) are © COCO Consortium, CC BY 4.0',
    '(https://cocodataset.org/#termsofuse).',
    '',
    '| file | title | author | source | licence |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function sha(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Writes `data` to `file` only when it changes; returns true when written. */
async function writeIfChanged(file: string, data: Uint8Array | string): Promise<boolean> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (existsSync(file) && sha(await readFile(file)) === sha(bytes)) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  await writeFile(tmp, bytes);
  await chmod(tmp, 0o644);
  await rename(tmp, file);
  return true;
}

export function indexJson(entries: readonly SampleEntry[]): string {
  return `${JSON.stringify({ samples: entries }, null, 2)}\n`;
}

export async function thumbnail(src: string, file: string): Promise<Uint8Array> {
  const img = downscale(decode(file, await readFile(src)), THUMB_SIDE);
  return jpeg.encode({ width: img.width, height: img.height, data: img.data }, THUMB_QUALITY).data;
}

export interface SamplesResult {
  readonly changed: number;
  readonly thumbBytes: number;
}

/** Builds (or, with check, only compares) public/samples from the plan; returns what changed. */
export async function buildSamples(plan: SamplesPlan, dest: string, check = false): Promise<SamplesResult & { problems: string[] }> {
  let changed = 0;
  let thumbBytes = 0;
  const problems: string[] = [];
  const want = async (file: string, bytes: () => Promise<Uint8Array | string>): Promise<void> => {
    const target = path.join(dest, file);
    const b = await bytes();
    const data = typeof b === 'string' ? Buffer.from(b) : b;
    if (check) {
      if (!existsSync(target) || sha(await readFile(target)) !== sha(data)) problems.push(`samples: ${file} missing or out of date`);
    } else if (await writeIfChanged(target, data)) changed++;
  };
  for (const p of [...plan.photos, ...plan.extra]) {
    if (check) await want(p.file, () => readFile(p.src));
    else if (await syncFile(p.src, path.join(dest, p.file))) changed++;
  }
  for (const e of plan.entries) {
    const src = plan.photos.find((p) => p.file === e.file)!.src;
    const t = await thumbnail(src, e.file);
    thumbBytes += t.length;
    await want(e.thumb, () => Promise.resolve(t));
  }
  await want('index.json', () => Promise.resolve(indexJson(plan.entries)));
  await want('CREDITS.md', () => Promise.resolve(creditsMarkdown(plan.entries)));
  if (thumbBytes > THUMB_BUDGET_BYTES) problems.push(`samples: thumbnails take ${thumbBytes} bytes, over the ${THUMB_BUDGET_BYTES} budget`);
  return { changed, thumbBytes, problems };
}
