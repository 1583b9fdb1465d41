/**
 * The three training networks of the "Train your own" page: output shapes, parameter counts,
 * atrous convs via space-to-batch, seeded init, learning on CPU, checkpoints, tensor leaks — and the
 * shipped checkpoints (public/checkpoints/seg-*) re-scored in Node on the regenerated test split.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNTH, evaluateSegmentation, packBatch, SEG_NUM_CLASSES, splitSamples } from '../../src/core/segSynth';
import { applyCheckpoint, createSegNet, NET_IDS, predictLabels, predictPacked, saveCheckpoint, SegAdam, segLoss, trainStep, type CheckpointJson } from '../../src/models/segNets';
import { registerWasmTrainingKernels } from '../../src/models/train/wasmKernels';
import { useWasm as initWasm } from '../../scripts/lib/nodeTf';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CK = path.join(ROOT, 'public', 'checkpoints');

function batch(n: number, size: number, start = 0): { x: tf.Tensor4D; y: tf.Tensor3D } {
  const b = packBatch(splitSamples('train', start, n, { ...DEFAULT_SYNTH, size, minRadius: size / 6, maxRadius: size / 3 }));
  return { x: tf.tensor4d(b.images, [n, size, size, 3]), y: tf.tensor3d(b.labels, [n, size, size], 'int32') };
}

describe('segmentation nets on the CPU backend', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('give logits [b, h, w, classes] and have 15–60 k parameters each', () => {
    const counts: Record<string, number> = {};
    for (const id of NET_IDS) {
      const net = createSegNet(id, SEG_NUM_CLASSES, 1);
      const shape = tf.tidy(() => net.forward(tf.zeros([2, 32, 32, 3])).shape);
      expect(shape).toEqual([2, 32, 32, SEG_NUM_CLASSES]);
      counts[id] = net.paramCount;
      expect(net.paramCount).toBe(net.variables.reduce((s, v) => s + v.size, 0));
      net.dispose();
    }
    // Counted by hand from the architectures (k×k×cin×cout weights + cout biases per conv; a 2×2
    // transposed conv has 4·cin·cout + cout), not from the code's parameter list.
    const K = SEG_NUM_CLASSES;
    const c = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
    const fcn = c(3, 3, 16) + c(3, 16, 24) + c(3, 24, 32) + c(3, 32, 48) + c(3, 48, 48) + c(1, 48, K);
    const unet = c(3, 3, 8) + c(3, 8, 8) + c(3, 8, 16) + c(3, 16, 16) + c(3, 16, 24) + c(3, 24, 24) + c(3, 24, 32) + c(3, 32, 32)
      + c(2, 32, 24) + c(3, 48, 24) + c(2, 24, 16) + c(3, 32, 16) + c(2, 16, 8) + c(3, 16, 8) + c(1, 8, K);
    const aspp = c(3, 3, 16) + c(3, 16, 32) + c(3, 32, 32) + 3 * c(3, 32, 16) + c(1, 32, 16) + c(1, 64, 32) + c(1, 32, K);
    expect(counts).toEqual({ fcn, unet, aspp });
  });

  it('creating and disposing a net leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    for (const id of NET_IDS) createSegNet(id, SEG_NUM_CLASSES, 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('seeded init: the same seed gives the same weights, another seed different ones', async () => {
    const a = createSegNet('unet', 4, 7);
    const b = createSegNet('unet', 4, 7);
    const c = createSegNet('unet', 4, 8);
    const [wa, wb, wc] = await Promise.all([a.variables[0]!.data(), b.variables[0]!.data(), c.variables[0]!.data()]);
    expect(Array.from(wa)).toEqual(Array.from(wb));
    expect(Array.from(wa)).not.toEqual(Array.from(wc));
    [a, b, c].forEach((n) => n.dispose());
  });

  it('a dilated conv as space-to-batch → conv → batch-to-space equals tf.conv2d with dilations', async () => {
    const x = tf.randomNormal([1, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
    for (const r of [2, 4]) {
      const pad: [number, number][] = [
        [0, 0],
        [0, 0],
      ];
      const viaS2B = tf.batchToSpaceND(tf.conv2d(tf.spaceToBatchND(x, [r, r], pad), w, 1, 'same'), [r, r], pad);
      const direct = tf.conv2d(x, w, 1, 'same', 'NHWC', r);
      const diff = tf.max(tf.abs(tf.sub(viaS2B, direct)));
      expect((await diff.data())[0]).toBeLessThan(1e-4);
      tf.dispose([viaS2B, direct, diff]);
    }
    tf.dispose([x, w]);
  });

  it('the loss decreases over a few Adam steps on one batch, for every net', async () => {
    const { x, y } = batch(2, 16);
    for (const id of NET_IDS) {
      const net = createSegNet(id, SEG_NUM_CLASSES, 1);
      const opt = new SegAdam(0.01);
      const losses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const l = trainStep(net, opt, x, y);
        losses.push((await l.data())[0]!);
        l.dispose();
      }
      expect(losses.at(-1)!).toBeLessThan(losses[0]!);
      opt.dispose();
      net.dispose();
    }
    tf.dispose([x, y]);
  });

  it('the loss is the mean pixel cross-entropy (uniform logits → ln K)', async () => {
    const l = segLoss(tf.zeros([1, 4, 4, 4]), tf.zeros([1, 4, 4], 'int32'), 4);
    expect((await l.data())[0]).toBeCloseTo(Math.log(4), 5);
    l.dispose();
  });

  it('leaks no tensors in training steps, prediction and checkpoint round trips', async () => {
    const { x, y } = batch(2, 16);
    const net = createSegNet('aspp', SEG_NUM_CLASSES, 1);
    const opt = new SegAdam(0.003);
    trainStep(net, opt, x, y).dispose(); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) trainStep(net, opt, x, y).dispose();
    predictLabels(net, x).dispose();
    const packed = packBatch(splitSamples('val', 0, 3, { ...DEFAULT_SYNTH, size: 16, minRadius: 2, maxRadius: 4 }));
    await predictPacked(net, packed.images, 3, 16, 2);
    const { json, data } = await saveCheckpoint(net);
    applyCheckpoint(net, json, data);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    net.dispose();
    tf.dispose([x, y]);
  });

  it('checkpoints round-trip exactly and reject the wrong net or a truncated file', async () => {
    const a = createSegNet('fcn', SEG_NUM_CLASSES, 1);
    const b = createSegNet('fcn', SEG_NUM_CLASSES, 2);
    const { json, data } = await saveCheckpoint(a, { steps: 3 });
    expect(json.info).toEqual({ steps: 3 });
    applyCheckpoint(b, JSON.parse(JSON.stringify(json)) as CheckpointJson, data);
    const { x } = batch(1, 32);
    const [pa, pb] = [tf.tidy(() => a.forward(x)), tf.tidy(() => b.forward(x))];
    expect(Array.from(await pb.data())).toEqual(Array.from(await pa.data()));
    const u = createSegNet('unet', SEG_NUM_CLASSES, 1);
    expect(() => applyCheckpoint(u, json, data)).toThrow(/not "unet"/);
    expect(() => applyCheckpoint(b, json, data.slice(0, 100))).toThrow(/bytes/);
    tf.dispose([pa, pb, x]);
    [a, b, u].forEach((n) => n.dispose());
  });
});

interface ReportJson {
  readonly config: { readonly testCount: number; readonly seed: number; readonly boundaryRadius: number; readonly steps: number };
  readonly nets: Record<string, { readonly params: number; readonly test: { readonly meanIoU: number; readonly boundaryMeanIoU: number; readonly pixelAccuracy: number } | null }>;
}

describe('shipped checkpoints (public/checkpoints, made by npm run train:seg) on WASM', () => {
  const reportFile = path.join(CK, 'seg-report.json');

  it('exist, are small, and report all three nets', () => {
    expect(existsSync(reportFile)).toBe(true);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ReportJson;
    for (const id of NET_IDS) {
      const bin = path.join(CK, `seg-${id}`, 'weights.bin');
      expect(existsSync(bin)).toBe(true);
      expect(readFileSync(bin).length + readFileSync(path.join(CK, `seg-${id}`, 'checkpoint.json')).length).toBeLessThan(500_000);
      // The report's parameter count is the net's real one.
      const net = createSegNet(id, SEG_NUM_CLASSES, 1);
      expect(report.nets[id]?.params).toBe(net.variables.reduce((s, v) => s + v.size, 0));
      net.dispose();
    }
  });

  it('the U-Net checkpoint loads in Node and reaches mIoU ≥ 0.8 on the regenerated test split (as reported)', async () => {
    await initWasm();
    registerWasmTrainingKernels();
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ReportJson;
    const { testCount, seed, boundaryRadius } = report.config;
    const samples = splitSamples('test', 0, testCount, DEFAULT_SYNTH, seed);
    const packed = packBatch(samples);
    const before = tf.memory().numTensors;
    const scores: Record<string, number> = {};
    const boundary: Record<string, number> = {};
    for (const id of NET_IDS) {
      const net = createSegNet(id, SEG_NUM_CLASSES, 1);
      const dir = path.join(CK, `seg-${id}`);
      const json = JSON.parse(readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')) as CheckpointJson;
      const buf = readFileSync(path.join(dir, 'weights.bin'));
      applyCheckpoint(net, json, buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      const pred = await predictPacked(net, packed.images, packed.count, DEFAULT_SYNTH.size);
      const ev = evaluateSegmentation(
        samples.map((s) => s.labels),
        pred,
        DEFAULT_SYNTH.size,
        SEG_NUM_CLASSES,
        boundaryRadius,
      );
      // Re-scored with the reference below (written from the definitions, not with the app's metric code).
      const ref = referenceScores(samples.map((s) => s.labels), pred, DEFAULT_SYNTH.size, SEG_NUM_CLASSES, boundaryRadius);
      expect(ev.meanIoU).toBeCloseTo(ref.meanIoU, 9);
      expect(ev.boundaryMeanIoU).toBeCloseTo(ref.boundaryMeanIoU, 9);
      scores[id] = ref.meanIoU;
      boundary[id] = ref.boundaryMeanIoU;
      // …and the page shows the report: it must say what the checkpoint really does.
      expect(report.nets[id]!.test!.meanIoU).toBeCloseTo(ref.meanIoU, 3);
      expect(report.nets[id]!.test!.boundaryMeanIoU).toBeCloseTo(ref.boundaryMeanIoU, 3);
      net.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(scores['unet']).toBeGreaterThanOrEqual(0.8);
    // The lecture's point: skips (U-Net) help most near boundaries, more than on all pixels.
    expect(boundary['unet']! - boundary['fcn']!).toBeGreaterThan(scores['unet']! - scores['fcn']!);
  });
});

/**
 * mIoU over all pixels and over the boundary band, from the definitions: IoU_c = TP / (TP + FP + FN)
 * averaged over the classes that occur; a pixel is in the band when an edge (a right or lower
 * neighbour with another label) at (x, y) has it within x − r + 1 … x + r, y − r + 1 … y + r.
 */
function referenceScores(gts: readonly ArrayLike<number>[], pred: ArrayLike<number>, size: number, k: number, r: number): { meanIoU: number; boundaryMeanIoU: number } {
  const counts = () => ({ tp: new Float64Array(k), fp: new Float64Array(k), fn: new Float64Array(k) });
  const all = counts(), band = counts();
  const add = (c: ReturnType<typeof counts>, g: number, p: number) => {
    if (g === p) c.tp[g]!++;
    else {
      c.fn[g]!++;
      c.fp[p]!++;
    }
  };
  gts.forEach((gt, i) => {
    const isEdge = (x: number, y: number) =>
      (x + 1 < size && gt[y * size + x + 1] !== gt[y * size + x]) || (y + 1 < size && gt[(y + 1) * size + x] !== gt[y * size + x]);
    for (let qy = 0; qy < size; qy++) {
      for (let qx = 0; qx < size; qx++) {
        const g = gt[qy * size + qx]!, p = pred[i * size * size + qy * size + qx]!;
        add(all, g, p);
        let near = false;
        for (let y = qy - r; y <= qy + r - 1 && !near; y++) for (let x = qx - r; x <= qx + r - 1 && !near; x++) near = x >= 0 && y >= 0 && x < size && y < size && isEdge(x, y);
        if (near) add(band, g, p);
      }
    }
  });
  const miou = (c: ReturnType<typeof counts>) => {
    const v = Array.from({ length: k }, (_, j) => c.tp[j]! + c.fp[j]! + c.fn[j]!).map((u, j) => (u === 0 ? NaN : c.tp[j]! / u)).filter((x) => !Number.isNaN(x));
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  return { meanIoU: miou(all), boundaryMeanIoU: miou(band) };
}
