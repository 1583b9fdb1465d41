/**
 * The sample gallery's index: `<BASE_URL>samples/index.json`, shipped in the repo (`npm run samples`
 * regenerates it). Format: `{"samples":[{"file","thumb","title":{"ru","en"},"author":{"ru","en"}|null,
 * "license","licenseUrl","url","origin","cocoId","width","height"}]}`, `file`/`thumb` relative to the
 * samples/ folder; a plain string title or author is accepted too. Entries that do not fit are skipped;
 * no index → no gallery.
 */
import type { Lang } from '../i18n/texts';

/** A text in both UI languages. */
export interface Localized {
  readonly ru: string;
  readonly en: string;
}

export interface Sample {
  /** Path relative to samples/, e.g. `000000397133.jpg`. */
  readonly file: string;
  readonly title: Localized;
  /** Reduced copy for the gallery (relative to samples/); the photo itself when absent. */
  readonly thumb?: string;
  /** Photographer or owner; absent when only the photo page is known (COCO keeps no names). */
  readonly author?: Localized;
  readonly license?: string;
  readonly licenseUrl?: string;
  /** Where the photo comes from (http/https only). */
  readonly url?: string;
  /** COCO image id when annotations.json / captions.json hold its ground truth. */
  readonly cocoId?: number;
}

/** The text for the UI language. */
export function inLang(text: Localized, lang: Lang): string {
  return text[lang];
}

/** Relative paths of plain names only: no `..`, no absolute paths, no URLs. */
const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[\p{L}\p{N}_][\p{L}\p{N}_ .\-()]*(?:\/[\p{L}\p{N}_][\p{L}\p{N}_ .\-()]*)*$/u;

const optionalString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

const localized = (v: unknown): Localized | undefined => {
  const plain = optionalString(v);
  if (plain) return { ru: plain, en: plain };
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const ru = optionalString(r.ru);
  const en = optionalString(r.en);
  return ru || en ? { ru: ru ?? en!, en: en ?? ru! } : undefined;
};

const httpUrl = (v: unknown): string | undefined => {
  const url = optionalString(v);
  return url && /^https?:\/\//i.test(url) ? url : undefined;
};

/** Validates the parsed JSON; returns the usable samples (possibly none). */
export function parseSampleIndex(json: unknown): Sample[] {
  if (typeof json !== 'object' || json === null || !('samples' in json) || !Array.isArray(json.samples)) return [];
  const out: Sample[] = [];
  const seen = new Set<string>();
  for (const entry of json.samples as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const file = optionalString(e.file);
    if (!file || !SAFE_PATH.test(file) || seen.has(file)) continue;
    seen.add(file);
    const thumb = optionalString(e.thumb);
    const author = localized(e.author) ?? localized(e.credit);
    const license = optionalString(e.license);
    const licenseUrl = httpUrl(e.licenseUrl);
    const url = httpUrl(e.url);
    const cocoId = typeof e.cocoId === 'number' && Number.isInteger(e.cocoId) ? e.cocoId : undefined;
    out.push({
      file,
      title: localized(e.title) ?? { ru: file, en: file },
      ...(thumb && SAFE_PATH.test(thumb) ? { thumb } : {}),
      ...(author ? { author } : {}),
      ...(license ? { license } : {}),
      ...(licenseUrl ? { licenseUrl } : {}),
      ...(url ? { url } : {}),
      ...(cocoId !== undefined ? { cocoId } : {}),
    });
  }
  return out;
}

/** URL of a sample file, each path segment escaped. */
export function sampleUrl(base: string, file: string): string {
  const dir = base.endsWith('/') ? base : `${base}/`;
  return `${dir}samples/${file.split('/').map(encodeURIComponent).join('/')}`;
}

let cached: Promise<Sample[]> | null = null;

/**
 * Fetches the index once per page load (every section's gallery shares it); `base` is Vite's
 * BASE_URL (passed in, so this module also runs in Node tests). Any failure — 404,
 * network, bad JSON — gives an empty list, and the gallery is not shown.
 */
export function loadSampleIndex(base: string): Promise<Sample[]> {
  // An explicit Accept: the dev server answers `*/*` requests for missing files with index.html.
  cached ??= fetch(`${base.endsWith('/') ? base : `${base}/`}samples/index.json`, { headers: { Accept: 'application/json' } })
    .then(async (r) => (r.ok ? parseSampleIndex(await r.json()) : []))
    .catch(() => []);
  return cached;
}

/** The sample's bytes; throws on HTTP errors and on an HTML fallback page served instead of the file. */
export async function fetchSample(url: string): Promise<Blob> {
  const r = await fetch(url, { headers: { Accept: 'image/*' } });
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${url}`);
  if ((r.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`HTML instead of an image at ${url}`);
  return r.blob();
}
