/**
 * The R-CNN / Fast R-CNN heads: box-delta coding, float16, ridge regression, the logistic trainer
 * (deterministic, and it learns), per-class NMS, training-RoI sampling, the checkpoint format, and a
 * short real `npm run train:rcnn` run that is bit-identical for the same seed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import { boxIou4, classify, decodeDeltas, encodeDeltas, fromFloat16, postprocess, sampleTrainingRois, toFloat16, type Box4, type LinearHead } from '../../src/core/roi/heads';
import { decodeHeads, encodeHeads, HEAD_IDS, type HeadsCheckpoint } from '../../src/models/rcnnHeads';
import { permutation, ridge, trainClassifier } from '../../src/models/rcnnTrain';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('box deltas (R-CNN appendix C)', () => {
  it('hand case and round trip', () => {
    // p: centre (5, 10), size 10×20; g: centre (10, 15), size 10×20 → (0.5, 0.25, 0, 0).
    expect(encodeDeltas([0, 0, 10, 20], [5, 5, 15, 25])).toEqual([0.5, 0.25, 0, 0]);
    // g twice as wide, same centre: t_w = log 2.
    const t = encodeDeltas([0, 0, 10, 20], [-5, 0, 15, 20]);
    expect(t[2]).toBeCloseTo(Math.LN2, 12);
    const g: Box4 = [3.5, 7.25, 40, 33];
    const back = decodeDeltas([1, 2, 30, 40], encodeDeltas([1, 2, 30, 40], g));
    back.forEach((v, i) => expect(v).toBeCloseTo(g[i]!, 10));
  });
});

describe('float16', () => {
  it('IEEE half bit patterns and rounding', () => {
    const h = toFloat16(Float32Array.from([1, -2, 0.5, 65504, 1 / 3, 0, 1e-8, 70000, 2 ** -24]));
    expect(Array.from(h)).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x3555, 0, 0, 0x7c00, 0x0001]);
    const back = fromFloat16(h);
    expect(back[4]).toBeCloseTo(0.333251953125, 12); // 0x3555 = 1365/4096
    expect(back[8]).toBe(2 ** -24);
  });
});

describe('ridge regression', () => {
  it('recovers exact linear targets with a tiny λ and equals the 1-d closed form', () => {
    const r = mulberry32(3);
    const n = 50;
    const X = new Float32Array(n * 2);
    const Y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[2 * i] = Math.fround(r() * 4 - 2);
      X[2 * i + 1] = Math.fround(r() * 4 - 2);
      Y[i] = 2 * X[2 * i]! - X[2 * i + 1]! + 3;
    }
    const w = ridge(X, Y, n, 2, 1, 1e-9);
    expect(w[0]).toBeCloseTo(2, 6);
    expect(w[1]).toBeCloseTo(-1, 6);
    expect(w[2]).toBeCloseTo(3, 6);
    // 1-d, centred x, λ = 5: w = Σxy / (Σx² + λ), bias = mean(y).
    const x1 = Float32Array.from([-2, -1, 0, 1, 2]);
    const y1 = Float64Array.from([-3, -1, 1, 2, 6]);
    const sxy = -2 * -3 + -1 * -1 + 0 + 2 + 12;
    const w1 = ridge(x1, y1, 5, 1, 1, 5);
    expect(w1[0]).toBeCloseTo(sxy / (10 + 5), 10);
    expect(w1[1]).toBeCloseTo(1, 8);
  });
});

describe('logistic trainer', () => {
  // Three separable clusters in 4-d: class k has feature k large (k = 0 is background).
  const n = 90;
  const D = 4;
  const r = mulberry32(9);
  const X = new Float32Array(n * D);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    labels[i] = k;
    for (let d = 0; d < D; d++) X[i * D + d] = Math.fround((d === k ? 3 : 0) + (r() - 0.5) * 0.5);
  }
  const cfg = { epochs: 30, batch: 16, lr: 0.05, weightDecay: 1e-4, seed: 4 };

  it('same seed → bit-identical weights, another seed → different ones', async () => {
    const a = await trainClassifier(X, labels, D, 3, { ...cfg, loss: 'softmax' });
    const b = await trainClassifier(X, labels, D, 3, { ...cfg, loss: 'softmax' });
    const c = await trainClassifier(X, labels, D, 3, { ...cfg, loss: 'softmax', seed: 5 });
    expect(Buffer.from(a.W.buffer).equals(Buffer.from(b.W.buffer))).toBe(true);
    expect(Buffer.from(a.W.buffer).equals(Buffer.from(c.W.buffer))).toBe(false);
  });

  it.each(['softmax', 'ovr'] as const)('%s: learns the clusters (every training point classified right), loss falls', async (loss) => {
    const before = tf.memory().numTensors;
    const res = await trainClassifier(X, labels, D, 3, { ...cfg, loss });
    expect(tf.memory().numTensors).toBe(before);
    expect(res.losses.at(-1)!).toBeLessThan(res.losses[0]! / 4);
    const head: LinearHead = { loss, featureDim: D, numClasses: 3, featureScale: 1, clsW: res.W, clsB: res.b, regDim: 1, regW: new Float32Array(2 * 4 * 2) };
    const p = classify(head, X, n);
    for (let i = 0; i < n; i++) {
      const row = Array.from(p.subarray(i * 3, i * 3 + 3));
      if (loss === 'softmax') expect(row.indexOf(Math.max(...row))).toBe(labels[i]);
      else {
        // One-vs-rest: the true class's probability > 0.5 and the other's < 0.5; background rows have both < 0.5.
        for (let k = 1; k < 3; k++) expect(row[k]! > 0.5).toBe(labels[i] === k);
      }
    }
  });

  it('permutation is a permutation', () => {
    const p = permutation(100, 3);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('post-processing: regression + per-class NMS', () => {
  const head: LinearHead = {
    loss: 'softmax', featureDim: 1, numClasses: 3, featureScale: 1, clsW: new Float32Array(3), clsB: new Float32Array(3), regDim: 1,
    // class 1: t_x = 0.5 (bias) for every RoI; class 2: zero.
    regW: Float32Array.from([0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  };
  const boxes: Box4[] = [[0, 0, 10, 10], [1, 0, 11, 10], [50, 50, 60, 60]];
  // Rows: proposal 0 and 1 both class 1 (0.9, 0.8; IoU 9/11 = 0.82), proposal 1 also class 2 (0.7), proposal 2 class 2 (0.6).
  const probs = Float32Array.from([0.1, 0.9, 0, 0.1, 0.8, 0.7, 0.4, 0, 0.6]);
  const o = { scoreThreshold: 0.05, iouThreshold: 0.5, maxDetections: 10, imageWidth: 100, imageHeight: 100 };

  it('suppresses within a class only, regresses class-specifically, clips to the image', () => {
    const d = postprocess(head, boxes, probs, new Float32Array(3), { ...o, regress: true });
    expect(d.map((x) => [x.cls, x.proposal, x.score].join())).toEqual(['1,0,' + Math.fround(0.9), '2,1,' + Math.fround(0.7), '2,2,' + Math.fround(0.6)]);
    expect(d[0]!.box).toEqual([5, 0, 15, 10]); // shifted by 0.5 · width
    expect(d[1]!.box).toEqual([1, 0, 11, 10]); // class 2: no shift
    const noReg = postprocess(head, boxes, probs, null, { ...o, regress: false });
    expect(noReg[0]!.box).toEqual([0, 0, 10, 10]);
    // Above the pair's IoU (0.82) nothing is suppressed.
    expect(postprocess(head, boxes, probs, null, { ...o, iouThreshold: 0.83, regress: false }).length).toBe(4);
  });
});

describe('training RoIs', () => {
  it('positives overlap their own ground truth by ≥ 0.5, negatives every ground truth by < 0.3', () => {
    const gts: Box4[] = [[10, 10, 60, 80], [100, 40, 180, 90], [30, 100, 32, 102]];
    const rois = sampleTrainingRois(gts, [3, 7, 1], 200, 150, mulberry32(1));
    const pos = rois.filter((q) => q.label > 0);
    const neg = rois.filter((q) => q.label === 0);
    // The 2×2 box is below minSide (4): only two objects give positives (1 + 3 jitters each).
    expect(pos.length).toBe(8);
    for (const q of pos) {
      const ious = gts.map((g) => boxIou4(q.box, g));
      expect(ious[q.gt]!).toBeGreaterThanOrEqual(0.5);
      expect(q.label).toBe([3, 7, 1][q.gt]);
    }
    expect(neg.length).toBe(24);
    for (const q of neg) for (const g of gts) expect(boxIou4(q.box, g)).toBeLessThan(0.3);
    expect(sampleTrainingRois(gts, [3, 7, 1], 200, 150, mulberry32(1))).toEqual(rois);
  });
});

describe('checkpoint format', () => {
  it('encode → decode keeps every weight to float16 precision and rejects a short file', () => {
    const r = mulberry32(2);
    const mk = (n: number) => Float32Array.from({ length: n }, () => r() * 2 - 1);
    const head = (): LinearHead => ({ loss: 'softmax', featureDim: 3, numClasses: 2, featureScale: 2, clsW: mk(6), clsB: mk(2), regDim: 2, regW: mk(12) });
    const heads = { rcnn: { ...head(), loss: 'ovr' as const }, 'fast-align': head(), 'fast-pool': head() };
    const ckpt = { backboneNode: 'n', poolBins: 2, channels: 576, rcnnCrop: 96, classes: [1], training: {} } as unknown as HeadsCheckpoint;
    const { json, bin } = encodeHeads(ckpt, heads);
    const back = decodeHeads(JSON.parse(JSON.stringify(json)), bin);
    for (const id of HEAD_IDS) {
      expect(back.heads[id].loss).toBe(heads[id].loss);
      back.heads[id].clsW.forEach((v, i) => expect(Math.abs(v - heads[id].clsW[i]!)).toBeLessThanOrEqual(2 ** -11));
      back.heads[id].regW.forEach((v, i) => expect(Math.abs(v - heads[id].regW[i]!)).toBeLessThanOrEqual(2 ** -11));
    }
    expect(() => decodeHeads(json, bin.subarray(0, bin.length - 4))).toThrow(/beyond the end/);
  });
});

const ROOT = path.resolve(__dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const haveData = existsSync(path.join(ROOT, '..', 'shared', 'datasets', 'coco-mini-train', 'annotations.json')) && existsSync(path.join(ROOT, 'public', 'models', 'coco-ssd-lite_mobilenet_v2', 'model.json'));

describe.skipIf(!haveData)('npm run train:rcnn (short run: 2 photos, 1 epoch, no feature cache)', () => {
  function run(seed: string): Buffer {
    const out = mkdtempSync(path.join(tmpdir(), 'rcnn-det-'));
    dirs.push(out);
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'train-rcnn.ts'), '--limit', '2', '--epochs', '1', '--seed', seed, '--no-cache', '--cache', out, '--out', out], { cwd: ROOT, stdio: 'pipe', timeout: 280_000 });
    return readFileSync(path.join(out, 'heads.bin'));
  }
  it('same seed → bit-identical heads.bin; another seed → different', () => {
    const a = run('5');
    const b = run('5');
    const c = run('6');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  }, 900_000);
});
