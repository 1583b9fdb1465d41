/**
 * The mask head adapter with a fake detector graph of the real internal shapes ([1,38,38,32] and
 * [1,19,19,96], what coco-ssd's backbone nodes give): no tensor leaks (one call, 50 frames, dispose),
 * the RoI features it reads equal the plain reference RoI Align of `core/roi` on the same maps at the
 * box mapped to the 300×300 input, and the pasted masks stay inside their boxes.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageBox } from '../../src/core/coords';
import { pasteMask } from '../../src/core/instance/paste';
import { roiAlign } from '../../src/core/roi';
import { applyMaskHead, boxProbs, createMaskHead, MASK_FEATURE_NODES, MASK_HEAD_SPECS, MaskHeadAdapter, MASK_SIDE, saveMaskHead, type BackboneSource } from '../../src/models/maskHead';
import { foldThreshold } from '../../src/models/maskHeadTrain';
import { useWasm } from '../../scripts/lib/nodeTf';

const W = 160, H = 120;

function fakeMap(side: number, c: number, salt: number): Float32Array {
  const d = new Float32Array(side * side * c);
  for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37 + salt) * 2 + ((i * 7) % 11) / 11;
  return d;
}
const MAP38 = fakeMap(38, 32, 1), MAP19 = fakeMap(19, 96, 2);

/** A stand-in for coco-ssd's graph: executeAsync(x, the two node names) → fresh tensors of their real shapes. */
function fakeDetector(): BackboneSource & { calls: number } {
  const fake = {
    calls: 0,
    graphModel: {
      executeAsync: (x: tf.Tensor, names: string[]) => {
        fake.calls++;
        expect(x.shape.slice(1)).toEqual([H, W, 3]);
        expect(names).toEqual([...MASK_FEATURE_NODES]);
        return Promise.resolve([tf.tensor4d(MAP38, [1, 38, 38, 32]), tf.tensor4d(MAP19, [1, 19, 19, 96])]);
      },
    } as unknown as tf.GraphModel,
  };
  return fake;
}

function pixels(): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    data[4 * i] = (i * 13) % 256;
    data[4 * i + 1] = (i * 7) % 256;
    data[4 * i + 2] = (i % W) * 1.5;
    data[4 * i + 3] = 255;
  }
  return { width: W, height: H, data };
}

async function checkpointFetch(): Promise<typeof fetch> {
  const net = createMaskHead(3);
  const { json, data } = await saveMaskHead(net);
  net.dispose();
  return ((url: string) =>
    Promise.resolve(url.endsWith('checkpoint.json') ? new Response(JSON.stringify(json)) : url.endsWith('weights.bin') ? new Response(data) : new Response('', { status: 404 }))) as typeof fetch;
}

describe('MaskHeadAdapter (fake backbone of the real shapes)', () => {
  let fetchFn: typeof fetch;
  beforeAll(async () => {
    await useWasm();
    fetchFn = await checkpointFetch();
  });
  afterAll(() => undefined);

  it('load + run + dispose leave no tensor behind; 50 frames neither', async () => {
    const start = tf.memory().numTensors;
    const head = new MaskHeadAdapter('http://x/checkpoints/mask-head/', fetchFn);
    await head.load();
    const params = MASK_HEAD_SPECS.length;
    expect(tf.memory().numTensors).toBe(start + params); // only the head's variables stay
    const det = fakeDetector();
    const boxes = [imageBox(10, 20, 90, 100), imageBox(100, 5, 150, 60)];
    await head.runBoxes(det, pixels(), boxes, { explain: 1 });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 50; k++) await head.runBoxes(det, pixels(), boxes);
    expect(tf.memory().numTensors).toBe(before);
    await head.runBoxes(det, pixels(), []);
    expect(tf.memory().numTensors).toBe(before);
    expect(det.calls).toBe(52);
    head.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('reads the RoI Align of both maps at the box in 300×300 input pixels (= core/roi reference)', async () => {
    const head = new MaskHeadAdapter('http://x/', fetchFn);
    await head.load();
    const box = imageBox(24, 18, 120, 96);
    const raw = await head.runBoxes(fakeDetector(), pixels(), [imageBox(0, 0, 50, 50), box], { explain: 1 });
    head.dispose();
    // independent: the box scaled by hand into the graph's 300×300 input, then the plain reference
    const roi = { x1: (24 * 300) / W, y1: (18 * 300) / H, x2: (120 * 300) / W, y2: (96 * 300) / H };
    const a = roiAlign({ data: MAP38, height: 38, width: 38, channels: 32 }, [roi], { outputSize: 14, spatialScale: 38 / 300, samplingRatio: 2, aligned: true });
    const b = roiAlign({ data: MAP19, height: 19, width: 19, channels: 96 }, [roi], { outputSize: 14, spatialScale: 19 / 300, samplingRatio: 2, aligned: true });
    expect(raw.aligned).toBeDefined();
    let maxDiff = 0;
    for (let cell = 0; cell < 14 * 14; cell++) {
      for (let c = 0; c < 32; c++) maxDiff = Math.max(maxDiff, Math.abs(raw.aligned![cell * 128 + c]! - a[cell * 32 + c]!));
      for (let c = 0; c < 96; c++) maxDiff = Math.max(maxDiff, Math.abs(raw.aligned![cell * 128 + 32 + c]! - b[cell * 96 + c]!));
    }
    expect(maxDiff).toBeLessThan(1e-4);
    expect(raw.count).toBe(2);
    expect(raw.probs.length).toBe(2 * MASK_SIDE * MASK_SIDE);
    // probabilities; the pasted mask has no pixel outside its box
    for (const p of raw.probs) expect(p >= 0 && p <= 1).toBe(true);
    const m = pasteMask(boxProbs(raw, 1), MASK_SIDE, MASK_SIDE, box, { width: W, height: H }, { threshold: 0 });
    expect(m.x0).toBeGreaterThanOrEqual(24);
    expect(m.y0).toBeGreaterThanOrEqual(18);
    expect(m.x0 + m.width).toBeLessThanOrEqual(120);
    expect(m.y0 + m.height).toBeLessThanOrEqual(96);
  });

  it('a checkpoint of the wrong size is refused with a clear message, and nothing leaks', async () => {
    const net = createMaskHead(1);
    const { json, data } = await saveMaskHead(net);
    const before = tf.memory().numTensors;
    expect(() => applyMaskHead(net, json, data.slice(0, data.byteLength - 4))).toThrow(/bytes, expected/);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    const bad = ((url: string) => Promise.resolve(url.endsWith('.json') ? new Response('<html>') : new Response('', { status: 404 }))) as typeof fetch;
    const head = new MaskHeadAdapter('http://x/', bad);
    const n0 = tf.memory().numTensors;
    await expect(head.load()).rejects.toThrow(/missing/);
    expect(tf.memory().numTensors).toBe(n0);
  });

  it('a threshold folded into the last bias: folded σ = σ(logit(raw σ) − logit(t)) per cell, ≥ 0.5 exactly where the raw σ ≥ t', async () => {
    const net = createMaskHead(4);
    const head = new MaskHeadAdapter('http://x/');
    head.adopt(net);
    const boxes = [imageBox(10, 20, 90, 100), imageBox(100, 5, 150, 60)];
    const raw = await head.runBoxes(fakeDetector(), pixels(), boxes);
    // the raw head's median probability as the threshold: about half of the grid on each side of it
    const t = [...raw.probs].sort((x, y) => x - y)[raw.probs.length >> 1]!;
    foldThreshold(net, t);
    const folded = await head.runBoxes(fakeDetector(), pixels(), boxes);
    head.dispose();
    const logit = (p: number) => Math.log(p / (1 - p));
    let maxDiff = 0, above = 0, disagree = 0;
    for (let k = 0; k < raw.probs.length; k++) {
      const p = raw.probs[k]!;
      maxDiff = Math.max(maxDiff, Math.abs(folded.probs[k]! - 1 / (1 + Math.exp(-(logit(p) - logit(t))))));
      if (p >= t) above++;
      if (Math.abs(p - t) > 1e-6 && (p >= t) !== (folded.probs[k]! >= 0.5)) disagree++;
    }
    expect(maxDiff).toBeLessThan(1e-4);
    expect(disagree).toBe(0);
    expect(above).toBeGreaterThan(0.3 * raw.probs.length);
    expect(above).toBeLessThan(0.7 * raw.probs.length);
    expect(() => foldThreshold(createMaskHead(1), 1)).toThrow(/\(0, 1\)/);
  });
});
