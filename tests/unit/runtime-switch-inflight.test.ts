/**
 * Issue #15 defect 5, where the ~15 tensors per backend switch came from (seen on the X-ray page with a
 * photo): the page asked the runtime for its model again as the switch began and got the old one, whose
 * graph run was then cut by the switch's dispose — the run's intermediate tensors (coco-ssd's control
 * flow: TensorArrays, clones, slices) were never freed. Guarded here on the real coco-ssd graph in Node
 * (WASM ↔ CPU):
 * - a `load()` issued right after `switchBackend()` gets a fresh model on the new backend;
 * - a graph run in flight when the switch starts finishes, then the model is disposed: the tensor count
 *   after each switch is the same;
 * - a graph model disposed mid-run frees its weights when the run ends, and a run on a disposed model
 *   rejects without making a tensor (`src/models/graphRuns.ts`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CocoSsdAdapter, COCO_SSD_ID } from '../../src/models/cocoSsd';
import { DISPOSED_GRAPH, installGraphRunGuard } from '../../src/models/graphRuns';
import { readSsdInternals } from '../../src/models/ssdInternals';
import { Runtime } from '../../src/models/runtime';
import { MODELS_PUBLIC_DIR, modelFileUrl, REPO_ROOT, useWasm } from '../../scripts/lib/nodeTf';

const IMG = { width: 96, height: 64, data: new Uint8Array(96 * 64 * 4).fill(120) };

let created: { adapter: CocoSsdAdapter; backend: string }[] = [];
const create = async () => {
  const adapter = new CocoSsdAdapter(modelFileUrl(COCO_SSD_ID));
  const backend = tf.getBackend();
  await adapter.load();
  created.push({ adapter, backend });
  return adapter;
};

describe('backend switches with coco-ssd runs in flight (WASM ↔ CPU)', () => {
  const runtime = new Runtime({
    siteBase: `${new URL(`file://${path.join(REPO_ROOT, 'public')}`).href}/`,
    wasmBase: `${path.join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`,
    files: {},
  });
  beforeAll(async () => {
    if (!existsSync(path.join(MODELS_PUBLIC_DIR, COCO_SSD_ID, 'model.json'))) throw new Error(`coco-ssd weights missing in ${MODELS_PUBLIC_DIR}: run \`npm run models\``);
    await useWasm();
  });
  afterAll(() => runtime.dispose());

  it('a load() issued as a switch begins gets a new model on the new backend, not the one being disposed', async () => {
    created = [];
    const a0 = await runtime.load(COCO_SSD_ID, create, 'wasm');
    const switching = runtime.switchBackend('cpu');
    const a1 = await runtime.load(COCO_SSD_ID, create);
    await switching;
    expect(a1).not.toBe(a0);
    expect(created.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(a0.loaded).toBe(false);
    await runtime.switchBackend('wasm');
  });

  it('runs in flight as the backend switches finish first: the same tensor count after every switch', async () => {
    let a = await runtime.load(COCO_SSD_ID, create, 'wasm');
    await readSsdInternals(a.graphModel, IMG);
    const base = tf.memory().numTensors;
    const counts: number[] = [];
    const runs: Promise<unknown>[] = [];
    for (const to of ['cpu', 'wasm'] as const) {
      // the page's run on the current model, and the page asking for its model again, both as the switch starts
      runs.push(readSsdInternals(a.graphModel, IMG).catch((e: unknown) => e));
      const switching = runtime.switchBackend(to);
      const next = runtime.load(COCO_SSD_ID, create);
      expect((await switching).active).toBe(to);
      a = await next;
      await readSsdInternals(a.graphModel, IMG);
      counts.push(tf.memory().numTensors);
    }
    // each run started before its switch completed on the model it started on
    for (const r of await Promise.all(runs)) expect(r).not.toBeInstanceOf(Error);
    expect(counts).toEqual(counts.map(() => base));
  }, 300_000);
});

describe('graph models disposed mid-run (graphRuns.ts)', () => {
  it('free their weights when the run ends; a run on a disposed model makes no tensor', async () => {
    installGraphRunGuard();
    await useWasm();
    const before = tf.memory().numTensors;
    const a = await create();
    const run = readSsdInternals(a.graphModel, IMG);
    a.dispose();
    await run; // the run completes on its weights
    expect(tf.memory().numTensors).toBe(before);
    const b = await create();
    const graph = b.graphModel;
    b.dispose();
    await expect(readSsdInternals(graph, IMG)).rejects.toThrow(DISPOSED_GRAPH);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
