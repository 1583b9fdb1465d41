/**
 * set-up helpers: output, sizes and times, verified file placement (size + sha256 on a temporary name,
 * then rename), child processes, and the temporary folder removed on exit.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ModelFile } from '../manifest';
// ---------------------------------------------------------------------------------------------------
// Output and small helpers

export const out = (line: string): void => void process.stdout.write(`${line}\n`);
export const err = (line: string): void => void process.stderr.write(`${line}\n`);

export function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  if (r.startsWith(`..${path.sep}..`) || path.isAbsolute(r)) return p;
  return r === '' ? '.' : r;
}

export function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

export function secs(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function errnoCode(e: unknown): string | undefined {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

export async function fileSize(p: string): Promise<number | null> {
  try {
    const s = await stat(p);
    return s.isFile() ? s.size : null;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return null;
    throw e;
  }
}

export async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

// sha256 of a file, memoized by path + size + mtime (the index step re-checks what set-up just checked).
const hashCache = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

export async function sha256File(p: string): Promise<string> {
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
export async function fileProblem(p: string, f: ModelFile): Promise<string | null> {
  const size = await fileSize(p);
  if (size === null) return 'missing';
  if (size !== f.bytes) return `size ${size} bytes, expected ${f.bytes}`;
  const sha = await sha256File(p);
  if (sha !== f.sha256) return `sha256 mismatch (got ${sha.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…)`;
  return null;
}

export function tempName(final: string): string {
  return path.join(path.dirname(final), `.${path.basename(final)}.partial-${process.pid}`);
}

/**
 * Writes a file through `write(tmp)`, checks size + sha256 of what was written, then renames it to
 * `final`. On any problem the temporary file is removed and an error naming the file is thrown.
 */
export async function placeVerified(final: string, f: ModelFile, write: (tmp: string) => Promise<void>): Promise<void> {
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
export async function syncFile(src: string, dst: string): Promise<boolean> {
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

export async function sameFile(src: string, dst: string): Promise<boolean> {
  const [a, b] = [await fileSize(src), await fileSize(dst)];
  return a !== null && a === b && (await sha256File(src)) === (await sha256File(dst));
}

/** Writes JSON (2-space, trailing newline) only when the content changes; returns true when written. */
export async function writeJsonIfChanged(file: string, data: unknown): Promise<boolean> {
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

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(cmd: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
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

export function tail(text: string, lines = 3): string {
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

export async function tmpDir(prefix: string): Promise<string> {
  tmpRoot ??= await mkdtemp(path.join(os.tmpdir(), 'setup-models-'));
  return mkdtemp(path.join(tmpRoot, prefix));
}

export function removeTmp(): void {
  if (tmpRoot !== null) rmSync(tmpRoot, { recursive: true, force: true });
  tmpRoot = null;
}
