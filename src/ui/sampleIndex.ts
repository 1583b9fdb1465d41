/**
 * The sample gallery's index: `<BASE_URL>samples/index.json`, written by the set-up script when
 * SAMPLES_DIR is given. Format: `{"samples":[{"file","title","credit","license","url"}]}`, `file`
 * relative to the samples/ folder. Entries that do not fit are skipped; no index → no gallery.
 */

export interface Sample {
  /** Path relative to samples/, e.g. `000000397133.jpg`. */
  readonly file: string;
  readonly title: string;
  readonly credit?: string;
  readonly license?: string;
  /** Where the photo comes from (http/https only). */
  readonly url?: string;
}

/** Relative paths of plain names only: no `..`, no absolute paths, no URLs. */
const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[\p{L}\p{N}_][\p{L}\p{N}_ .\-()]*(?:\/[\p{L}\p{N}_][\p{L}\p{N}_ .\-()]*)*$/u;

const optionalString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

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
    const url = optionalString(e.url);
    out.push({
      file,
      title: optionalString(e.title) ?? file,
      credit: optionalString(e.credit),
      license: optionalString(e.license),
      url: url && /^https?:\/\//i.test(url) ? url : undefined,
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
