/**
 * The YOLO page's trainable TinyYOLO comes through `runtime.create('tinyyolo')`: its three checkpoint
 * files (model.json, weights.bin, training.json) are fetched once and verified, and the checkpoint's
 * own record of its training (test mAP@.5, steps) is read from the checked training.json bytes — not
 * fetched again by the page. A damaged training.json is named like a damaged weight file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CHECKPOINT_DIRS, MANIFEST_FILES } from '../../src/models/manifestFiles';
import { Runtime } from '../../src/models/runtime';
import { shippedTrainingOf } from '../../src/models/tinyYolo';
import { REPO_ROOT, useWasm } from '../../scripts/lib/nodeTf';

const SITE = 'http://site.test/';

function serve(damage?: string): string[] {
  const log: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    log.push(url);
    try {
      const b = await readFile(path.join(REPO_ROOT, 'public', decodeURI(url.slice(SITE.length))));
      if (damage && url.endsWith(damage)) b[20] = b[20]! ^ 0x01;
      return new Response(new Uint8Array(b), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    } catch {
      return new Response('no', { status: 404 });
    }
  });
  return log;
}

describe('TinyYOLO through the runtime: training.json verified and read from the checked bytes', () => {
  const runtime = new Runtime({ siteBase: SITE, wasmBase: `${path.join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`, files: MANIFEST_FILES });
  afterEach(() => vi.unstubAllGlobals());
  afterAll(() => runtime.dispose());
  const dir = CHECKPOINT_DIRS['tinyyolo']!;

  it('the manifest lists training.json with the weights', () => {
    expect(MANIFEST_FILES['tinyyolo']!.map((f) => f.path).sort()).toEqual(['model.json', 'training.json', 'weights.bin']);
  });

  it('create(): each file requested once; training = what training.json on disk says', async () => {
    await useWasm();
    const log = serve();
    const a = await runtime.create('tinyyolo', 'cpu');
    try {
      expect([...log].sort()).toEqual(MANIFEST_FILES['tinyyolo']!.map((f) => `${SITE}${dir}${f.path}`).sort());
      const disk = JSON.parse(await readFile(path.join(REPO_ROOT, 'public', dir, 'training.json'), 'utf8')) as { test: { mAP50: number }; steps: number };
      expect(a.training).toEqual({ mAP50: disk.test.mAP50, steps: disk.steps });
    } finally {
      a.dispose();
    }
  }, 60_000);

  it('a damaged training.json is named and nothing loads', async () => {
    const log = serve('training.json');
    const err = await runtime.create('tinyyolo', 'cpu').catch((e: unknown) => e);
    expect(String(err)).toMatch(/training\.json: sha256/);
    expect(new Set(log).size).toBe(log.length);
  }, 60_000);

  it('shippedTrainingOf: the fields, or undefined for other shapes', () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).buffer as ArrayBuffer;
    expect(shippedTrainingOf(enc({ test: { mAP50: 0.5 }, steps: 7 }))).toEqual({ mAP50: 0.5, steps: 7 });
    expect(shippedTrainingOf(enc({ test: { mAP50: 0.25 } }))).toEqual({ mAP50: 0.25, steps: 0 });
    expect(shippedTrainingOf(enc({ test: {} }))).toBeUndefined();
    expect(shippedTrainingOf(new TextEncoder().encode('{not json').buffer as ArrayBuffer)).toBeUndefined();
    expect(shippedTrainingOf(undefined)).toBeUndefined();
  });
});
