/**
 * Leak tests for the TinyYOLO and segmentation-net adapters on fake graphs of the real architectures
 * (random weights, the shipped checkpoints' configs, so the outputs have the real shapes): no weights
 * needed, fast, and `tf.memory().numTensors` must be unchanged after one call, after 5 frames and after
 * `dispose()` (back to the count before `load()`), like the coco-ssd adapter's tests on real weights.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../../scripts/lib/nodeTf';
import type { RgbaPixels } from '../../src/models/types';
import { CHECKPOINT_BIN, CHECKPOINT_JSON, createSegNet, NET_IDS, SEG_INPUT, SegNetAdapter, saveCheckpoint } from '../../src/models/segNets';
import { TinyYolo, TinyYoloAdapter, type TinyYoloConfig } from '../../src/models/tinyYolo';

const ROOT = path.resolve(__dirname, '../..');

/** A photo-sized RGBA input (not the model's size: the adapters resize). */
function pixels(width: number, height: number, seed: number): RgbaPixels {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : s >>> 24;
  }
  return { width, height, data };
}

beforeAll(async () => {
  await useWasm();
});

describe('TinyYoloAdapter on a fake graph of the shipped architecture', () => {
  // The shipped checkpoint's config (input 64, grid 8, 3 priors, 3 classes), read from its model.json.
  const shipped = JSON.parse(readFileSync(path.join(ROOT, 'public/checkpoints/tinyyolo/model.json'), 'utf8')) as { userDefinedMetadata: { tinyYolo: TinyYoloConfig } };
  const cfg = shipped.userDefinedMetadata.tinyYolo;
  let baseline = 0;
  let adapter: TinyYoloAdapter;

  beforeAll(async () => {
    const fake = TinyYolo.create(cfg, 7);
    const artifacts = await fake.toArtifacts();
    fake.dispose();
    baseline = tf.memory().numTensors;
    adapter = new TinyYoloAdapter(tf.io.fromMemory(artifacts));
    await adapter.load();
  });
  afterAll(() => adapter?.dispose());

  it('outputs S·S·B·(5+C) values per image (8·8·3·8 = 1536 for the shipped config)', async () => {
    expect([cfg.inputSize, cfg.grid, cfg.priors.length / 2, cfg.classes.length]).toEqual([64, 8, 3, 3]);
    const raw = await adapter.runRaw(pixels(120, 90, 1));
    expect(raw.output.length).toBe(8 * 8 * 3 * (5 + 3));
    expect(raw.inputSize).toEqual({ width: 120, height: 90 });
  });

  it('leaks no tensor: one call, 5 frames, the batch path and decode', async () => {
    const before = tf.memory().numTensors;
    await adapter.run(pixels(64, 64, 2), { scoreThreshold: 0.05, iouThreshold: 0.5, maxDetections: 10, classAgnostic: false });
    expect(tf.memory().numTensors).toBe(before);
    for (let k = 0; k < 5; k++) await adapter.runRaw(pixels(80 + k, 60, 3 + k));
    expect(tf.memory().numTensors).toBe(before);
    const batch = await adapter.runRawBatch(new Float32Array(2 * 64 * 64 * 3), 2);
    expect(batch.map((r) => r.output.length)).toEqual([1536, 1536]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dispose releases the weights (back to the count before load); a page-trained net adopted by fromNet too', () => {
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    adapter.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    const net = TinyYolo.create(cfg, 8);
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    TinyYoloAdapter.fromNet(net).dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe.each(NET_IDS)('SegNetAdapter (%s) on a fake checkpoint of its architecture', (id) => {
  let baseline = 0;
  let adapter: SegNetAdapter;

  beforeAll(async () => {
    const net = createSegNet(id, 4, 11);
    const { json, data } = await saveCheckpoint(net);
    net.dispose();
    const files: Record<string, () => Response> = {
      [CHECKPOINT_JSON]: () => new Response(JSON.stringify(json)),
      [CHECKPOINT_BIN]: () => new Response(data.slice(0)),
    };
    const fakeFetch = (async (input: RequestInfo | URL) => {
      const name = String(input).split('/').pop()!;
      return files[name]?.() ?? new Response('not found', { status: 404 });
    }) as typeof fetch;
    baseline = tf.memory().numTensors;
    adapter = new SegNetAdapter(id, `http://test.invalid/checkpoints/seg-${id}/`, fakeFetch);
    await adapter.load();
  });
  afterAll(() => adapter?.dispose());

  it(`reads back one class per pixel of the ${SEG_INPUT}×${SEG_INPUT} input`, async () => {
    const raw = await adapter.runRaw(pixels(100, 70, 5));
    expect(raw.kind).toBe('labels');
    if (raw.kind !== 'labels') return;
    expect([raw.width, raw.height, raw.labels.length]).toEqual([64, 64, 64 * 64]);
    expect(raw.labels.every((v) => v >= 0 && v < 4)).toBe(true);
  });

  it('leaks no tensor: one call and 5 frames', async () => {
    const before = tf.memory().numTensors;
    await adapter.run(pixels(64, 64, 6), { threshold: 0.5 });
    expect(tf.memory().numTensors).toBe(before);
    for (let k = 0; k < 5; k++) await adapter.runRaw(pixels(50 + k, 40 + k, 7 + k));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dispose releases the weights (back to the count before load)', () => {
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    adapter.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
