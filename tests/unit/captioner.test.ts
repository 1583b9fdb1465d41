/**
 * The synthetic-scene captioner: the scene generator (layout agrees with the sentence, pixels read
 * back, Russian grammar by hand), the plain-TS GRU decoder against the tf training graph, beam
 * search against brute force, checkpoint round trip, tensor leaks of the adapter on a net of the real
 * shapes — and the shipped checkpoint re-scored in Node through the adapter, one scene at a time.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRawCaptions } from '../../src/core/captions';
import { beamDecode, greedyDecode, gruStep } from '../../src/core/captions/gruDecode';
import {
  BOS_ID, COLOR_RGB, decodeTokens, DEFAULT_SCENE_SPLITS, encodeSentence, EOS_ID, generateScene, MAX_CAPTION_TOKENS, parseSceneSentence,
  SCENE_VOCAB, sceneFromSpec, sceneSentence, sceneSentenceRu, type SceneSpec,
} from '../../src/core/captions/synthScenes';
import {
  CaptionerAdapter, captionerFromCheckpoint, createCaptioner, DEFAULT_CAPTIONER, decoderWeights, saveCaptioner, type CaptionerCheckpoint,
} from '../../src/models/captioner';
import { registerWasmTrainingKernels } from '../../src/models/train/wasmKernels';
import { useWasm as startWasm } from '../../scripts/lib/nodeTf';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CK = path.join(ROOT, 'public', 'checkpoints', 'captioner');

describe('synthetic scenes', () => {
  it('place the objects as the sentence says, and paint them in their colour', () => {
    for (let i = 0; i < 200; i++) {
      const s = generateScene(DEFAULT_SCENE_SPLITS.trainSeed, i);
      const [a, b] = s.objects;
      const dx = b.cx - a.cx;
      const dy = b.cy - a.cy;
      switch (s.spec.relation) {
        case 'left': expect(dx).toBeGreaterThanOrEqual(15); expect(Math.abs(dy)).toBeLessThanOrEqual(6); break;
        case 'right': expect(-dx).toBeGreaterThanOrEqual(15); expect(Math.abs(dy)).toBeLessThanOrEqual(6); break;
        case 'above': expect(dy).toBeGreaterThanOrEqual(15); expect(Math.abs(dx)).toBeLessThanOrEqual(6); break;
        case 'below': expect(-dy).toBeGreaterThanOrEqual(15); expect(Math.abs(dx)).toBeLessThanOrEqual(6); break;
      }
      // The pixel at each object's centre (squares and circles contain it; triangles too, apex up)
      // is within jitter + noise of the named colour.
      for (const o of s.objects) {
        const px = (Math.floor(o.cy) * s.width + Math.floor(o.cx)) * 4;
        const want = COLOR_RGB[o.color];
        for (let c = 0; c < 3; c++) expect(Math.abs(s.rgba[px + c]! - want[c]!)).toBeLessThanOrEqual(36);
      }
      // Both references are sentences of the grammar describing the same pair.
      const p0 = parseSceneSentence(s.captions[0])!;
      const p1 = parseSceneSentence(s.captions[1])!;
      expect(p0).toEqual(s.spec);
      expect(p1.a).toEqual(s.spec.b);
      expect(p1.b).toEqual(s.spec.a);
    }
  });

  it('are reproducible from (seed, index) and differ between indices', () => {
    const a = generateScene(5, 3);
    expect(Buffer.from(generateScene(5, 3).rgba).equals(Buffer.from(a.rgba))).toBe(true);
    expect(Buffer.from(generateScene(5, 4).rgba).equals(Buffer.from(a.rgba))).toBe(false);
    expect(Buffer.from(generateScene(6, 3).rgba).equals(Buffer.from(a.rgba))).toBe(false);
  });

  it('say it in English and Russian (hand-written cases)', () => {
    const spec: SceneSpec = { a: { color: 'red', shape: 'circle' }, relation: 'left', b: { color: 'blue', shape: 'square' } };
    const s = sceneFromSpec(spec, 1);
    expect(s.captions).toEqual(['a red circle to the left of a blue square', 'a blue square to the right of a red circle']);
    expect(sceneSentenceRu(spec)).toBe('красный круг слева от синего квадрата');
    expect(sceneSentenceRu(parseSceneSentence(s.captions[1])!)).toBe('синий квадрат справа от красного круга');
    expect(sceneSentenceRu({ a: { color: 'green', shape: 'triangle' }, relation: 'above', b: { color: 'yellow', shape: 'circle' } })).toBe('зелёный треугольник над жёлтым кругом');
    expect(sceneSentenceRu({ a: { color: 'blue', shape: 'square' }, relation: 'below', b: { color: 'red', shape: 'triangle' } })).toBe('синий квадрат под красным треугольником');
    expect(sceneSentenceRu(parseSceneSentence('a yellow triangle to the right of a green circle')!)).toBe('жёлтый треугольник справа от зелёного круга');
    expect(parseSceneSentence('a red circle to the left of')).toBeNull();
    expect(parseSceneSentence('a red circle above a blue square a')).toBeNull();
    const ids = encodeSentence(sceneSentence(spec));
    expect(ids.length).toBe(MAX_CAPTION_TOKENS);
    expect(ids[ids.length - 1]).toBe(EOS_ID);
    expect(decodeTokens(ids)).toBe(sceneSentence(spec));
    expect(() => encodeSentence('a purple circle')).toThrow(/purple/);
  });
});

describe('captioner network (WASM)', () => {
  beforeAll(async () => {
    await startWasm();
    registerWasmTrainingKernels();
  });

  it('the plain-TS decoder gives the tf graph’s probabilities at every step (1e-5)', async () => {
    const net = createCaptioner(DEFAULT_CAPTIONER, 3);
    const wts = await decoderWeights(net);
    const scenes = [generateScene(9, 0), generateScene(9, 1)];
    for (const sc of scenes) {
      const x = tf.tensor4d(Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => sc.rgba[Math.floor(i / 3) * 4 + (i % 3)]!), [1, 32, 32, 3]);
      const tokens = encodeSentence(sc.captions[0]);
      const inputs = [BOS_ID, ...tokens.slice(0, -1)];
      const [h0, probs] = tf.tidy(() => [net.encode(x), tf.softmax(net.forward(x, tf.tensor2d(inputs, [1, inputs.length], 'int32')))]);
      const h0a = new Float32Array(await h0.data());
      const pa = await probs.data();
      tf.dispose([x, h0, probs]);
      let h: Float32Array = h0a;
      inputs.forEach((tok, t) => {
        const s = gruStep(wts, h, tok);
        for (let k = 0; k < SCENE_VOCAB.length; k++) expect(Math.abs(s.probs[k]! - pa[t * SCENE_VOCAB.length + k]!)).toBeLessThan(1e-5);
        h = s.h;
      });
    }
    net.dispose();
  });

  it('greedy = argmax at each step; beam 1 = greedy; a wide beam finds the brute-force best of ≤ 2 tokens', async () => {
    const net = createCaptioner(DEFAULT_CAPTIONER, 4);
    const wts = await decoderWeights(net);
    const h0 = Float32Array.from({ length: DEFAULT_CAPTIONER.hidden }, (_, i) => Math.sin(i * 1.7) * 0.8);
    const opts = { bos: BOS_ID, eos: EOS_ID, maxLen: MAX_CAPTION_TOKENS, topK: 3 };
    const g = greedyDecode(wts, h0, opts);
    let h: Float32Array = h0;
    let prev = BOS_ID;
    for (const st of g.steps) {
      const s = gruStep(wts, h, prev);
      const arg = Array.from(s.probs).indexOf(Math.max(...s.probs));
      expect(st.id).toBe(arg);
      expect(st.top[0]!.p).toBeGreaterThanOrEqual(st.top[1]!.p);
      h = s.h;
      prev = arg;
    }
    const b1 = beamDecode(wts, h0, 1, opts);
    expect(b1.best.tokens).toEqual(g.tokens);
    expect(b1.best.logProb).toBeCloseTo(g.logProb, 9);
    // Brute force over all sequences of length ≤ 2 (a sequence ends at <end> or at the limit).
    const V = SCENE_VOCAB.length;
    const o2 = { ...opts, maxLen: 2 };
    let best = { lp: -Infinity, seq: [] as number[] };
    const s1 = gruStep(wts, h0, BOS_ID);
    for (let a = 0; a < V; a++) {
      const lpa = Math.log(s1.probs[a]!);
      if (a === EOS_ID) {
        if (lpa > best.lp) best = { lp: lpa, seq: [a] };
        continue;
      }
      const s2 = gruStep(wts, s1.h, a);
      for (let c = 0; c < V; c++) if (lpa + Math.log(s2.probs[c]!) > best.lp) best = { lp: lpa + Math.log(s2.probs[c]!), seq: [a, c] };
    }
    const wide = beamDecode(wts, h0, V * V, o2);
    expect(wide.best.tokens).toEqual(best.seq);
    expect(wide.best.logProb).toBeCloseTo(best.lp, 9);
    net.dispose();
  });

  it('checkpoint round trip keeps the encodings; a short weights file is refused', async () => {
    const net = createCaptioner(DEFAULT_CAPTIONER, 5);
    const { json, data } = await saveCaptioner(net);
    const back = captionerFromCheckpoint(JSON.parse(JSON.stringify(json)) as CaptionerCheckpoint, data);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 255, 'float32', 1) as tf.Tensor4D;
    const [a, b] = tf.tidy(() => [net.encode(x), back.encode(x)]);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([x, a, b]);
    expect(() => captionerFromCheckpoint(json, data.slice(0, data.byteLength - 4))).toThrow(/bytes, expected/);
    net.dispose();
    back.dispose();
  });

  it('the adapter leaks no tensors (one call, 50 frames, dispose) on a net of the real shapes', async () => {
    const before = tf.memory().numTensors;
    const adapter = await CaptionerAdapter.fromNet(createCaptioner(DEFAULT_CAPTIONER, 6));
    const loaded = tf.memory().numTensors;
    // 15 weight tensors: 3 convs × (kernel, bias), init (kernel, bias), embed, GRU wx bx uh bh, out (kernel, bias)
    expect(loaded - before).toBe(15);
    const px = { width: 50, height: 40, data: new Uint8Array(50 * 40 * 4).fill(128) };
    const r = await adapter.run(px, { beam: 3, topK: 3 });
    expect(r.raw.h0.length).toBe(DEFAULT_CAPTIONER.hidden);
    expect(r.raw.seen.length).toBe(32 * 32 * 4);
    expect(tf.memory().numTensors).toBe(loaded);
    for (let i = 0; i < 50; i++) await adapter.runRaw(px);
    expect(tf.memory().numTensors).toBe(loaded);
    adapter.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.runIf(existsSync(path.join(CK, 'checkpoint.json')))('the shipped checkpoint reproduces its stated test scores through the adapter (one scene at a time)', async () => {
    const json = JSON.parse(readFileSync(path.join(CK, 'checkpoint.json'), 'utf8')) as CaptionerCheckpoint;
    const bin = readFileSync(path.join(CK, 'weights.bin'));
    const net = captionerFromCheckpoint(json, bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    const adapter = await CaptionerAdapter.fromNet(net);
    const info = json.info as { test: { scenes: number; greedy: { Bleu_4: number; CIDEr: number } }; splits: { testSeed: number } };
    const refs = new Map<string, string[]>();
    const res = new Map<string, string[]>();
    const ids: string[] = [];
    for (let i = 0; i < info.test.scenes; i++) {
      const sc = generateScene(info.splits.testSeed, i);
      const r = await adapter.run({ width: sc.width, height: sc.height, data: sc.rgba }, { beam: 1, topK: 1 });
      ids.push(String(sc.id));
      refs.set(String(sc.id), [...sc.captions]);
      res.set(String(sc.id), [r.result.greedy.sentence]);
    }
    const s = evaluateRawCaptions(ids, refs, res).corpus;
    expect(Math.abs(s.Bleu_4 - info.test.greedy.Bleu_4)).toBeLessThan(1e-9);
    expect(Math.abs(s.CIDEr - info.test.greedy.CIDEr)).toBeLessThan(1e-9);
    adapter.dispose();
  }, 120_000);
});
