/**
 * src/models/roiOps.ts (tf ops) against the plain reference src/core/roi, on the CPU and WASM backends:
 * same numbers to 1e-5, many RoIs (inside, across and outside the map, tiny), chunking, no leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { roiAlign, roiPool, type FeatureMap, type RoiBox } from '../../src/core/roi';
import { mulberry32 } from '../../src/core/random';
import { roiAlignData, roiAlignTf, roiPoolData, roiPoolTf } from '../../src/models/roiOps';
import { useWasm } from '../../scripts/lib/nodeTf';

function randomFeature(seed: number, h: number, w: number, c: number): FeatureMap {
  const rnd = mulberry32(seed);
  const data = new Float32Array(h * w * c);
  for (let i = 0; i < data.length; i++) data[i] = rnd() * 4 - 2;
  return { data, height: h, width: w, channels: c };
}

function randomRois(seed: number, n: number, imgW: number, imgH: number): RoiBox[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const x1 = rnd() * imgW * 1.2 - imgW * 0.1;
    const y1 = rnd() * imgH * 1.2 - imgH * 0.1;
    const tiny = rnd() < 0.15;
    return { x1, y1, x2: x1 + (tiny ? rnd() * 3 : rnd() * imgW * 0.9), y2: y1 + (tiny ? rnd() * 3 : rnd() * imgH * 0.9) };
  });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`roiOps on ${backend}`, () => {
    it('RoI Align equals the reference to 1e-5 (aligned on/off; sampling 2, 1, adaptive)', async () => {
      if (backend === 'wasm') await useWasm();
      else await tf.setBackend('cpu');
      const f = randomFeature(3, 10, 13, 6);
      const t = tf.tensor4d(f.data, [1, 10, 13, 6]);
      const before = tf.memory().numTensors;
      for (const aligned of [true, false]) {
        for (const sr of [2, 1, 0]) {
          const rois = randomRois(sr * 10 + (aligned ? 1 : 2), 120, 13 * 16, 10 * 16);
          const opts = { outputSize: [7, 6] as const, spatialScale: 1 / 16, samplingRatio: sr, aligned };
          const got = await roiAlignData(t, rois, opts);
          expect(maxDiff(got, roiAlign(f, rois, opts))).toBeLessThanOrEqual(1e-5);
        }
      }
      expect(tf.memory().numTensors).toBe(before);
      t.dispose();
    });

    it('RoI Pool equals the reference exactly, also when chunked; empty RoIs give 0', async () => {
      if (backend === 'wasm') await useWasm();
      else await tf.setBackend('cpu');
      const f = randomFeature(5, 9, 11, 4);
      const t = tf.tensor4d(f.data, [1, 9, 11, 4]);
      const before = tf.memory().numTensors;
      const rois = [...randomRois(9, 150, 11 * 8, 9 * 8), { x1: 500, y1: 500, x2: 600, y2: 600 }];
      const opts = { outputSize: 7, spatialScale: 1 / 8 };
      const want = roiPool(f, rois, opts);
      expect(maxDiff(await roiPoolData(t, rois, opts), want)).toBe(0);
      const chunked = roiPoolTf(t, rois, opts, 3000); // a few RoIs per chunk
      expect(maxDiff(await chunked.data(), want)).toBe(0);
      chunked.dispose();
      expect(tf.memory().numTensors).toBe(before);
      t.dispose();
    });

    it('shapes: [N, outH, outW, C]; zero RoIs → an empty tensor', async () => {
      if (backend === 'wasm') await useWasm();
      else await tf.setBackend('cpu');
      const t = tf.zeros([1, 5, 5, 3]) as tf.Tensor4D;
      const a = roiAlignTf(t, [{ x1: 0, y1: 0, x2: 4, y2: 4 }, { x1: 1, y1: 1, x2: 2, y2: 3 }], { outputSize: [2, 3], spatialScale: 1 });
      expect(a.shape).toEqual([2, 2, 3, 3]);
      const e = roiPoolTf(t, [], { outputSize: 7, spatialScale: 1 });
      expect(e.shape).toEqual([0, 7, 7, 3]);
      tf.dispose([t, a, e]);
    });
  });
}
