/**
 * The Faster R-CNN box coder in TypeScript (src/core/ssd/boxCoder.ts) against the real coco-ssd
 * graph: our decode of `Squeeze` with our priors reproduces `Postprocessor/ExpandDims_1`, and the
 * sigmoid of `concat_1` without background reproduces `Postprocessor/Slice`.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBoxes, decodeOne, encodeBoxes, scoresFromLogits, sigmoid } from '../../src/core/ssd/boxCoder';
import { traceNms } from '../../src/core/nms';
import { cocoSsdPriors } from '../../src/core/ssd/priors';
import { yxyxToXyxy } from '../../src/core/coords';
import { ssdColumnToCocoId } from '../../src/core/cocoClasses';
import type { CocoSsdAdapter } from '../../src/models/cocoSsd';
import { readSsdInternals } from '../../src/models/ssdInternals';
import { loadImageTensor, SHARED_DIR, pixelsOf } from '../../scripts/lib/nodeTf';
import { loadRealCocoSsd } from './lib/cocoSsdWeights';

const IMAGES = path.join(SHARED_DIR, 'images');

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('box coder (pure)', () => {
  const anchors = Float32Array.from([0.2, 0.3, 0.6, 0.5, 0, 0, 1, 1]);

  it('zero encoding decodes to the anchor itself', () => {
    const out = decodeBoxes(new Float32Array(8), anchors);
    expect(maxAbsDiff(out, anchors)).toBeLessThan(1e-7);
  });

  it('follows y = t_y/10·h_a + y_a, x = t_x/10·w_a + x_a, h = exp(t_h/5)·h_a, w = exp(t_w/5)·w_a', () => {
    const d = decodeOne(Float32Array.from([1, -2, 5, Math.log(2) * 5]), anchors, 0);
    expect(d.ya).toBeCloseTo(0.4, 6);
    expect(d.ha).toBeCloseTo(0.4, 6);
    expect(d.y).toBeCloseTo(0.4 + 0.1 * 0.4, 6);
    expect(d.x).toBeCloseTo(0.4 - 0.2 * 0.2, 6);
    expect(d.h).toBeCloseTo(Math.E * 0.4, 6);
    expect(d.w).toBeCloseTo(2 * 0.2, 6);
    expect(d.ymin).toBeCloseTo(d.y - d.h / 2, 9);
    expect(d.xmax).toBeCloseTo(d.x + d.w / 2, 9);
  });

  it('encode ∘ decode = identity', () => {
    const codes = Float32Array.from([0.5, -1.5, -0.7, 1.2, 3, 0, 0.1, -2]);
    const back = encodeBoxes(decodeBoxes(codes, anchors), anchors);
    expect(maxAbsDiff(back, codes)).toBeLessThan(1e-4);
    expect(() => decodeBoxes(codes.subarray(0, 4), anchors)).toThrow(RangeError);
  });

  it('scores drop the background column and apply the sigmoid', () => {
    const s = scoresFromLogits(Float32Array.from([9, 0, 2, -9, -1, 3]), 2, 3);
    expect(Array.from(s)).toEqual([0.5, sigmoid(2), sigmoid(-1), sigmoid(3)].map(Math.fround));
  });
});

describe('decode parity on the real weights (WASM)', () => {
  let adapter: CocoSsdAdapter;

  beforeAll(async () => {
    adapter = await loadRealCocoSsd();
  });
  afterAll(() => adapter?.dispose());

  it.each(['unannotated/skimage_chelsea.png', '000000397133.jpg'])('%s: our decode of Squeeze = ExpandDims_1, sigmoid(concat_1) = Slice', async (file) => {
    const img = await loadImageTensor(path.join(IMAGES, file));
    try {
      const r = await readSsdInternals(adapter.graphModel, pixelsOf(img));
      expect(r.numBoxes).toBe(1917);
      expect(r.numClasses).toBe(90);
      expect(r.logits.length).toBe(1917 * 91);
      const boxDiff = maxAbsDiff(decodeBoxes(r.encodings, cocoSsdPriors().corners), r.boxes);
      expect(boxDiff).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(scoresFromLogits(r.logits, r.numBoxes, r.numClasses + 1), r.scores)).toBeLessThanOrEqual(1e-5);
      // The nodes are the same run as the package's outputs: identical to the adapter's runRaw.
      const raw = await adapter.runRaw(pixelsOf(img));
      expect(maxAbsDiff(raw.boxes, r.boxes)).toBe(0);
      expect(maxAbsDiff(raw.scores, r.scores)).toBe(0);
    } finally {
      img.dispose();
    }
  });

  it.each([false, true])('the traced NMS ends at the live page pipeline (adapter.decode), classAgnostic=%s', async (classAgnostic) => {
    const img = await loadImageTensor(path.join(IMAGES, '000000397133.jpg'));
    try {
      const r = await readSsdInternals(adapter.graphModel, pixelsOf(img));
      for (const scoreThreshold of [0.05, 0.3, 0.5]) {
        const opts = { scoreThreshold, iouThreshold: 0.5, maxDetections: 20, classAgnostic };
        const live = adapter.decode({ numBoxes: r.numBoxes, numClasses: r.numClasses, scores: r.scores, boxes: r.boxes, inputSize: r.inputSize }, opts);
        const t = traceNms(yxyxToXyxy(r.boxes), r.scores, r.numBoxes, r.numClasses, opts);
        // (No unused id of the 90-id map scores this high here, so the adapter drops nothing.)
        const traced = t.final.map((j) => t.steps[j]!);
        expect(traced.map((s) => [s.index, ssdColumnToCocoId(s.cls)])).toEqual(live.map((d) => [d.anchor, d.categoryId]));
        expect(t.steps.filter((s) => !s.kept).every((s) => (s.iou ?? 0) > 0.5)).toBe(true);
      }
    } finally {
      img.dispose();
    }
  });

  it('leaks no tensor', async () => {
    const img = await loadImageTensor(path.join(IMAGES, 'unannotated', 'skimage_coffee.png'));
    try {
      await readSsdInternals(adapter.graphModel, pixelsOf(img));
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) await readSsdInternals(adapter.graphModel, pixelsOf(img));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      img.dispose();
    }
  });
});
