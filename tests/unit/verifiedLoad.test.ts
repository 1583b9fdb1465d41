/**
 * A model's files are fetched once, checked, and the checked bytes are what tfjs loads: a small real
 * layers model is served from memory through a stubbed fetch that counts requests.
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ModelLoadError } from '../../src/models/types';
import { verifiedModelHandler } from '../../src/models/verifiedLoad';
import type { ManifestFile } from '../../src/models/verify';

const BASE = 'http://models.test/m/';

async function artifacts(): Promise<{ files: Map<string, Uint8Array>; model: tf.LayersModel }> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], kernelInitializer: 'glorotUniform', biasInitializer: 'ones' })] });
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const a = saved!;
  const w = new Uint8Array(a.weightData as ArrayBuffer);
  const json = { modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['w1.bin', 'w2.bin'], weights: a.weightSpecs }] };
  const half = Math.floor(w.length / 2);
  return {
    files: new Map([['model.json', new TextEncoder().encode(JSON.stringify(json))], ['w1.bin', w.slice(0, half)], ['w2.bin', w.slice(half)]]),
    model,
  };
}

function manifestOf(files: Map<string, Uint8Array>): ManifestFile[] {
  return [...files].map(([path, b]) => ({ path, bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') }));
}

function serve(files: Map<string, Uint8Array>): string[] {
  const requested: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    requested.push(url);
    const b = files.get(url.slice(BASE.length));
    return b ? new Response(b.slice(), { status: 200, headers: { 'content-type': 'application/octet-stream' } }) : new Response('nope', { status: 404 });
  });
  return requested;
}

describe('verifiedModelHandler', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('fetches each file once and loads a model that computes what the original does', async () => {
    const { files, model } = await artifacts();
    const requested = serve(files);
    const handler = await verifiedModelHandler(BASE, manifestOf(files));
    const loaded = await tf.loadLayersModel(handler);
    expect(requested.sort()).toEqual([`${BASE}model.json`, `${BASE}w1.bin`, `${BASE}w2.bin`]);
    const x = tf.tensor2d([[1, -2, 0.5, 3]]);
    const want = await (model.predict(x) as tf.Tensor).data();
    const got = await (loaded.predict(x) as tf.Tensor).data();
    expect(Array.from(got)).toEqual(Array.from(want));
    tf.dispose([x]);
  });

  it('a changed byte in a shard is named as corrupt before anything loads', async () => {
    const { files } = await artifacts();
    const manifest = manifestOf(files);
    const bad = files.get('w2.bin')!.slice();
    bad[0] = bad[0]! ^ 0xff;
    serve(new Map([...files, ['w2.bin', bad]]));
    const err = await verifiedModelHandler(BASE, manifest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).kind).toBe('corrupt');
    expect((err as ModelLoadError).message).toMatch(/^w2\.bin: sha256/);
  });
});
