/**
 * The runtime in Node: switching the backend 10 times (WASM ↔ CPU) disposes the loaded model and
 * reloads it on the new backend, ending at the same tensor count every time (the issue: ~15 tensors
 * leaked per switch). A small real network (TinyYOLO's architecture, seeded weights) keeps it fast
 * on the pure-JS CPU backend.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/models/runtime';
import { DEFAULT_FILTERS, TinyYolo, TinyYoloAdapter } from '../../src/models/tinyYolo';
import { REPO_ROOT, useWasm } from '../../scripts/lib/nodeTf';

const CFG = { inputSize: 64, grid: 8, priors: [1, 1, 2, 2], classes: ['a', 'b', 'c'], filters: DEFAULT_FILTERS };
const ID = 'tinyyolo-test';
let created = 0;
const create = async () => {
  created++;
  const a = TinyYoloAdapter.fromNet(TinyYolo.create(CFG, 7));
  await a.runRaw({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 4) }); // warm-up, as load() does
  return a;
};

const OPTS = { scoreThreshold: 0.5, iouThreshold: 0.5, maxDetections: 20, classAgnostic: false };

describe('Runtime backend switches (WASM ↔ CPU)', () => {
  const runtime = new Runtime({
    siteBase: `${pathToFileURL(path.join(REPO_ROOT, 'public')).href}/`,
    wasmBase: `${path.join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`,
    files: {},
  });
  afterAll(() => runtime.dispose());

  it('10 switches return to the same tensor count, and the model works after each', async () => {
    await useWasm();
    const img = { width: 64, height: 48, data: new Uint8Array(64 * 48 * 4).fill(128) };
    const a0 = await runtime.load(ID, create, 'wasm');
    await a0.run(img, OPTS);
    const base = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const name = i % 2 === 0 ? 'cpu' : 'wasm';
      const state = await runtime.switchBackend(name);
      expect(state.active).toBe(name);
      const a = await runtime.load(ID, create);
      expect(a).not.toBe(a0);
      const { raw } = await a.run(img, OPTS);
      expect(raw.output.length).toBe(8 * 8 * 2 * 8);
      counts.push(tf.memory().numTensors);
    }
    expect(created).toBe(11);
    expect(counts).toEqual(counts.map(() => base));
  }, 120_000);
});
