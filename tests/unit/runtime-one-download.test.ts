/**
 * One download: `runtime.load(id)` fetches each manifest file of the model exactly once, verifies it,
 * and the adapter is built from those bytes. The real TinyYOLO and seg-unet checkpoints
 * (public/checkpoints/) are served through a stubbed fetch that logs requests; the loaded networks
 * must compute what the same checkpoints loaded straight from disk compute.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MANIFEST_FILES, CHECKPOINT_DIRS } from '../../src/models/manifestFiles';
import { Runtime } from '../../src/models/runtime';
import { TinyYolo } from '../../src/models/tinyYolo';
import { REPO_ROOT, useWasm } from '../../scripts/lib/nodeTf';

const SITE = 'http://site.test/';

function serveRepoPublic(): string[] {
  const log: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    log.push(url);
    if (!url.startsWith(SITE)) return new Response('no', { status: 404 });
    try {
      const b = await readFile(path.join(REPO_ROOT, 'public', decodeURI(url.slice(SITE.length))));
      return new Response(new Uint8Array(b), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    } catch {
      return new Response('no', { status: 404 });
    }
  });
  return log;
}

describe('runtime.load: each model file fetched once, the verified bytes loaded', () => {
  const runtime = new Runtime({ siteBase: SITE, wasmBase: `${path.join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`, files: MANIFEST_FILES });
  afterEach(() => vi.unstubAllGlobals());
  afterAll(() => runtime.dispose());

  it('tinyyolo (layers model): one request per manifest file, same outputs as the checkpoint on disk', async () => {
    await useWasm();
    const log = serveRepoPublic();
    const a = await runtime.load('tinyyolo', 'cpu');
    const dir = CHECKPOINT_DIRS['tinyyolo'];
    const want = MANIFEST_FILES['tinyyolo']!.map((f) => `${SITE}${dir}${f.path}`).sort();
    expect(want.length).toBeGreaterThanOrEqual(2);
    expect([...log].sort()).toEqual(want);
    vi.unstubAllGlobals();
    // Independent reference: the same checkpoint read from disk by the file:// loader.
    const ref = await TinyYolo.load(`file://${path.join(REPO_ROOT, 'public', dir!, 'model.json')}`);
    const img = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 4).map((_, i) => (i * 37) % 251) };
    const got = await a.net.predictRawPixels(img);
    const exp = await ref.predictRawPixels(img);
    ref.dispose();
    expect(Array.from(got)).toEqual(Array.from(exp));
  }, 60_000);

  it('seg-unet (checkpoint via fetch): one request per manifest file', async () => {
    const log = serveRepoPublic();
    const a = await runtime.load('seg-unet', 'cpu');
    const dir = CHECKPOINT_DIRS['seg-unet'];
    expect([...log].sort()).toEqual(MANIFEST_FILES['seg-unet']!.map((f) => `${SITE}${dir}${f.path}`).sort());
    expect(a.checkpoint).not.toBeNull();
  }, 60_000);

  it('a corrupt file is named before anything loads, and nothing is fetched twice', async () => {
    const log: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      log.push(url);
      const b = await readFile(path.join(REPO_ROOT, 'public', url.slice(SITE.length)));
      if (url.endsWith('weights.bin')) b[10] = b[10]! ^ 1;
      return new Response(new Uint8Array(b), { status: 200 });
    });
    const err = await runtime.create('tinyyolo', 'cpu').catch((e: unknown) => e);
    expect(String(err)).toMatch(/weights\.bin: sha256/);
    expect(new Set(log).size).toBe(log.length);
  }, 60_000);
});
