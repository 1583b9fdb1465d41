/**
 * The DeepLab v3 adapter without the real weights (they cannot be obtained offline here): a tiny
 * graph in the same TF.js layout as @tensorflow-models/deeplab's model.json — a uint8 `ImageTensor`
 * [1, h, w, 3] placeholder in, int `SemanticPredictions` [1, h, w] out — here simply the argmax over
 * the colour channels (R → 0, G → 1, B → 2). It checks feeding (longer side 513, int32), the output
 * node, decoding, load errors and leaks; the real weights drop into public/models/deeplab-<dataset>/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeepLabAdapter } from '../../src/models/deeplab';
import { useWasm, pixelsOf } from '../../scripts/lib/nodeTf';

const dir = mkdtempSync(path.join(tmpdir(), 'deeplab-fake-'));

/** Writes model.json + one shard; returns the file:// URL of model.json. */
function writeFakeDeepLab(folder: string, outputName = 'SemanticPredictions'): string {
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'test',
    convertedBy: 'hand-written (tests/unit/deeplab.adapter.test.ts)',
    modelTopology: {
      node: [
        {
          name: 'ImageTensor',
          op: 'Placeholder',
          attr: { dtype: { type: 'DT_UINT8' }, shape: { shape: { dim: [{ size: '1' }, { size: '-1' }, { size: '-1' }, { size: '3' }] } } },
        },
        { name: 'ArgMax/dimension', op: 'Const', attr: { value: { tensor: { dtype: 'DT_INT32', tensorShape: {} } }, dtype: { type: 'DT_INT32' } } },
        { name: 'ToFloat', op: 'Cast', input: ['ImageTensor'], attr: { SrcT: { type: 'DT_UINT8' }, DstT: { type: 'DT_FLOAT' } } },
        { name: outputName, op: 'ArgMax', input: ['ToFloat', 'ArgMax/dimension'], attr: { T: { type: 'DT_FLOAT' }, output_type: { type: 'DT_INT64' } } },
      ],
      library: {},
      versions: {},
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'ArgMax/dimension', shape: [], dtype: 'int32' }] }],
  };
  const d = path.join(dir, folder);
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(path.join(d, 'group1-shard1of1.bin'), Buffer.from(Int32Array.from([3]).buffer));
  return pathToFileURL(path.join(d, 'model.json')).href;
}

/** An image whose left third is red, middle third green, right third blue. */
function stripes(width: number, height: number): tf.Tensor3D {
  const data = new Int32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = Math.min(2, Math.floor((3 * x) / width));
      data[(y * width + x) * 3 + c] = 200;
    }
  }
  return tf.tensor3d(data, [height, width, 3], 'int32');
}

describe('DeepLabAdapter on a DeepLab-shaped graph (WASM)', () => {
  let adapter: DeepLabAdapter;
  beforeAll(async () => {
    await useWasm();
    adapter = new DeepLabAdapter('deeplab-pascal', writeFakeDeepLab('deeplab-pascal'));
    await adapter.load();
  });
  afterAll(() => {
    adapter?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('feeds the image resized to a longer side of 513 and reads SemanticPredictions', async () => {
    const img = stripes(300, 150);
    try {
      const { raw, result } = await adapter.run(pixelsOf(img), { threshold: 0.5 });
      expect(raw.kind).toBe('labels');
      expect([raw.width, raw.height]).toEqual([513, 257]);
      expect(raw.inputSize).toEqual({ width: 300, height: 150 });
      expect(result.dataset).toBe('pascal');
      expect(result.labels.length).toBe(513 * 257);
      // Left, middle, right: classes 0, 1, 2 (background, aeroplane, bicycle), about a third each.
      const row = 100 * 513;
      expect([result.labels[row + 10], result.labels[row + 256], result.labels[row + 500]]).toEqual([0, 1, 2]);
      for (const c of [0, 1, 2]) expect(result.shares[c]!).toBeCloseTo(1 / 3, 1);
      expect(result.personShare).toBe(0);
      expect(result.probs).toBeNull();
    } finally {
      img.dispose();
    }
  });

  it('leaks no tensor over 50 frames', async () => {
    const img = stripes(64, 48);
    try {
      await adapter.runRaw(pixelsOf(img));
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) await adapter.runRaw(pixelsOf(img));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      img.dispose();
    }
  });

  it('a graph with a single output under another name still works (model.execute default output)', async () => {
    const a = new DeepLabAdapter('deeplab-ade20k', writeFakeDeepLab('deeplab-ade20k', 'Output'));
    await a.load();
    const img = stripes(30, 30);
    try {
      const { result } = await a.run(pixelsOf(img), { threshold: 0.5 });
      expect(result.dataset).toBe('ade20k');
      expect(result.width).toBe(513);
    } finally {
      img.dispose();
      a.dispose();
    }
  });

  it('missing files are a ModelLoadError; dispose frees the weights', async () => {
    const missing = new DeepLabAdapter('deeplab-cityscapes', pathToFileURL(path.join(dir, 'nope', 'model.json')).href);
    await expect(missing.load()).rejects.toMatchObject({ name: 'ModelLoadError' });
    const before = tf.memory().numTensors;
    const a = new DeepLabAdapter('deeplab-cityscapes', writeFakeDeepLab('deeplab-cityscapes'));
    await a.load();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    a.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
