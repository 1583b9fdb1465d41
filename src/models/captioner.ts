/**
 * "Show and Tell" at toy scale: a small CNN encoder (three 3×3 stride-2 convs, 32 → 4 px) whose
 * flattened 4×4×32 map sets the initial state of a GRU decoder (h₀ = tanh(f·W + b)); the GRU reads
 * the previous word and predicts the next one. Plain tf ops over named variables (seeded init, a
 * two-file checkpoint, the same code in Node and the browser; no layers API, no gather — embeddings
 * are one-hot × matrix — so every gradient exists on the WASM backend with the project's kernels).
 *
 * Trained by `npm run train:caption` on the synthetic scenes of `core/captions/synthScenes.ts`
 * (teacher forcing, cross-entropy over the words). At inference the CNN runs in tf and the decoder
 * in plain TypeScript (`core/captions/gruDecode.ts`), so greedy and beam decoding with every step's
 * probabilities are pure functions of plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { beamDecode, greedyDecode, type Beam, type BeamStep, type GreedyStep, type GruWeights } from '../core/captions/gruDecode';
import {
  BOS_ID, decodeTokens, EOS_ID, MAX_CAPTION_TOKENS, parseSceneSentence, SCENE_SIZE, SCENE_VOCAB, sceneSentenceRu,
} from '../core/captions/synthScenes';
import { mulberry32 } from '../core/random';
import { AdapterBase } from './adapterBase';
import { inputSizeOf, pixelsToTensor } from './adapterUtils';
import { assignVariables, CHECKPOINT_JSON, checkShardSize, encodeVariables, fetchCheckpointFiles } from './checkpointIo';
import { createNamedVariables, heNormalValues } from './paramInit';
import type { ModelInfo, PixelInput } from './types';

export const CAPTIONER_ID = 'captioner-synth';

export interface CaptionerConfig {
  readonly size: number;
  readonly vocab: number;
  readonly embed: number;
  readonly hidden: number;
  /** conv1–conv3, each stride 2. */
  readonly filters: readonly [number, number, number];
}

export const DEFAULT_CAPTIONER: CaptionerConfig = { size: SCENE_SIZE, vocab: SCENE_VOCAB.length, embed: 32, hidden: 96, filters: [16, 32, 32] };

interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** Initialisation: He-normal with this fan-in, Glorot-uniform-like scale, or zeros. */
  readonly init: { readonly kind: 'he'; readonly fanIn: number } | { readonly kind: 'uniform'; readonly limit: number } | { readonly kind: 'zeros' };
}

function specs(c: CaptionerConfig): ParamSpec[] {
  const [f1, f2, f3] = c.filters;
  const conv = (name: string, cin: number, cout: number): ParamSpec[] => [
    { name: `${name}/kernel`, shape: [3, 3, cin, cout], init: { kind: 'he', fanIn: 9 * cin } },
    { name: `${name}/bias`, shape: [cout], init: { kind: 'zeros' } },
  ];
  const flat = (c.size / 8) * (c.size / 8) * f3;
  const glorot = (a: number, b: number) => ({ kind: 'uniform', limit: Math.sqrt(6 / (a + b)) }) as const;
  const H = c.hidden;
  return [
    ...conv('conv1', 3, f1),
    ...conv('conv2', f1, f2),
    ...conv('conv3', f2, f3),
    { name: 'init/kernel', shape: [flat, H], init: glorot(flat, H) },
    { name: 'init/bias', shape: [H], init: { kind: 'zeros' } },
    { name: 'embed', shape: [c.vocab, c.embed], init: { kind: 'uniform', limit: 0.5 } },
    { name: 'gru/wx', shape: [c.embed, 3 * H], init: glorot(c.embed, 3 * H) },
    { name: 'gru/bx', shape: [3 * H], init: { kind: 'zeros' } },
    { name: 'gru/uh', shape: [H, 3 * H], init: glorot(H, 3 * H) },
    { name: 'gru/bh', shape: [3 * H], init: { kind: 'zeros' } },
    { name: 'out/kernel', shape: [H, c.vocab], init: glorot(H, c.vocab) },
    { name: 'out/bias', shape: [c.vocab], init: { kind: 'zeros' } },
  ];
}

function initValues(rand: () => number, n: number, init: ParamSpec['init']): Float32Array {
  if (init.kind === 'zeros') return new Float32Array(n);
  if (init.kind === 'uniform') {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (2 * rand() - 1) * init.limit;
    return out;
  }
  return heNormalValues(rand, n, init.fanIn);
}

export interface CaptionerNet {
  readonly config: CaptionerConfig;
  readonly names: readonly string[];
  readonly variables: readonly tf.Variable[];
  readonly paramCount: number;
  /** h₀ [b, hidden] for images [b, size, size, 3] with values 0…255. Call inside tf.tidy. */
  encode(x: tf.Tensor4D): tf.Tensor2D;
  /** Logits [b, T, vocab] with teacher forcing: `inputs` int32 [b, T] (<start> + words). Call inside tf.tidy. */
  forward(x: tf.Tensor4D, inputs: tf.Tensor2D): tf.Tensor3D;
  dispose(): void;
}

export function createCaptioner(config: CaptionerConfig = DEFAULT_CAPTIONER, seed = 1): CaptionerNet {
  const list = specs(config);
  const rand = mulberry32(seed);
  const { byName, variables, count } = createNamedVariables(list, (s, n) => initValues(rand, n, s.init));
  const P = (name: string) => byName.get(name)!;
  const H = config.hidden;
  const conv = (x: tf.Tensor4D, name: string, stride: 1 | 2) =>
    tf.relu(tf.add(tf.conv2d(x, P(`${name}/kernel`) as tf.Tensor4D, stride, 'same'), P(`${name}/bias`))) as tf.Tensor4D;
  const encode = (x: tf.Tensor4D): tf.Tensor2D => {
    const b = x.shape[0];
    const z = tf.sub(tf.div(x, 127.5), 1) as tf.Tensor4D;
    const f = conv(conv(conv(z, 'conv1', 2), 'conv2', 2), 'conv3', 2);
    const flat = tf.reshape(f, [b, -1]) as tf.Tensor2D;
    return tf.tanh(tf.add(tf.matMul(flat, P('init/kernel') as tf.Tensor2D), P('init/bias'))) as tf.Tensor2D;
  };
  const forward = (x: tf.Tensor4D, inputs: tf.Tensor2D): tf.Tensor3D => {
    const [b, T] = inputs.shape;
    let h = encode(x);
    const oh = tf.oneHot(tf.reshape(inputs, [-1]) as tf.Tensor1D, config.vocab).toFloat() as tf.Tensor2D;
    const e = tf.matMul(oh, P('embed') as tf.Tensor2D);
    const gx = tf.reshape(tf.add(tf.matMul(e, P('gru/wx') as tf.Tensor2D), P('gru/bx')), [b, T, 3 * H]) as tf.Tensor3D;
    const hs: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const gxt = tf.reshape(tf.slice(gx, [0, t, 0], [b, 1, 3 * H]), [b, 3 * H]) as tf.Tensor2D;
      const gh = tf.add(tf.matMul(h, P('gru/uh') as tf.Tensor2D), P('gru/bh')) as tf.Tensor2D;
      const z = tf.sigmoid(tf.add(tf.slice(gxt, [0, 0], [b, H]), tf.slice(gh, [0, 0], [b, H])));
      const r = tf.sigmoid(tf.add(tf.slice(gxt, [0, H], [b, H]), tf.slice(gh, [0, H], [b, H])));
      const n = tf.tanh(tf.add(tf.slice(gxt, [0, 2 * H], [b, H]), tf.mul(r, tf.slice(gh, [0, 2 * H], [b, H]))));
      h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D;
      hs.push(h);
    }
    const all = tf.reshape(tf.stack(hs, 1), [b * T, H]) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(all, P('out/kernel') as tf.Tensor2D), P('out/bias'));
    return tf.reshape(logits, [b, T, config.vocab]) as tf.Tensor3D;
  };
  return {
    config,
    names: list.map((s) => s.name),
    variables,
    paramCount: count,
    encode,
    forward,
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** Masked mean cross-entropy over the words; `targets` int32 [b, T], `mask` float [b, T] (1 = a real token). */
export function captionLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, mask: tf.Tensor2D, vocab: number): tf.Scalar {
  return tf.tidy(() => {
    const ll = tf.sum(tf.mul(tf.oneHot(targets, vocab).toFloat(), tf.logSoftmax(logits)), -1);
    return tf.div(tf.neg(tf.sum(tf.mul(ll, mask))), tf.sum(mask)) as tf.Scalar;
  });
}

export interface CaptionBatch {
  readonly count: number;
  /** [count, size, size, 3] values 0…255. */
  readonly images: Float32Array;
  /** [count, T] each: <start>+words (inputs), words+<end> (targets), 1/0 (mask). */
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
  readonly mask: Float32Array;
}

/** Packs RGBA scenes and their chosen sentences' token ids (words + <end>) into a batch. */
export function packCaptionBatch(scenes: readonly { readonly rgba: ArrayLike<number> }[], tokens: readonly (readonly number[])[], size: number, T = MAX_CAPTION_TOKENS): CaptionBatch {
  const n = scenes.length;
  const images = new Float32Array(n * size * size * 3);
  const inputs = new Int32Array(n * T);
  const targets = new Int32Array(n * T);
  const mask = new Float32Array(n * T);
  scenes.forEach((s, k) => {
    const px = size * size;
    for (let i = 0; i < px; i++) {
      images[(k * px + i) * 3] = s.rgba[i * 4]!;
      images[(k * px + i) * 3 + 1] = s.rgba[i * 4 + 1]!;
      images[(k * px + i) * 3 + 2] = s.rgba[i * 4 + 2]!;
    }
    const ids = tokens[k]!;
    if (ids.length > T) throw new RangeError(`sentence of ${ids.length} tokens, at most ${T}`);
    for (let t = 0; t < T; t++) {
      inputs[k * T + t] = t === 0 ? BOS_ID : t < ids.length ? ids[t - 1]! : 0;
      targets[k * T + t] = t < ids.length ? ids[t]! : 0;
      mask[k * T + t] = t < ids.length ? 1 : 0;
    }
  });
  return { count: n, images, inputs, targets, mask };
}

/** One optimiser step on a packed batch; returns the loss value. */
export async function trainCaptionerStep(net: CaptionerNet, optimizer: tf.Optimizer, batch: CaptionBatch, T = MAX_CAPTION_TOKENS): Promise<number> {
  const s = net.config.size;
  const x = tf.tensor4d(batch.images, [batch.count, s, s, 3]);
  const inp = tf.tensor2d(batch.inputs, [batch.count, T], 'int32');
  const tgt = tf.tensor2d(batch.targets, [batch.count, T], 'int32');
  const m = tf.tensor2d(batch.mask, [batch.count, T]);
  try {
    const loss = optimizer.minimize(() => captionLoss(net.forward(x, inp), tgt, m, net.config.vocab), true, [...net.variables]);
    if (!loss) throw new Error('optimizer returned no loss');
    const v = (await loss.data())[0]!;
    loss.dispose();
    return v;
  } finally {
    [x, inp, tgt, m].forEach((t) => t.dispose());
  }
}

/** h₀ for packed images [n, size, size, 3] (0…255), as one Float32Array [n·hidden], in chunks. */
export async function encodePacked(net: CaptionerNet, images: Float32Array, count: number, chunk = 64): Promise<Float32Array> {
  const s = net.config.size;
  const per = s * s * 3;
  const out = new Float32Array(count * net.config.hidden);
  for (let i = 0; i < count; i += chunk) {
    const m = Math.min(chunk, count - i);
    const h = tf.tidy(() => net.encode(tf.tensor4d(images.subarray(i * per, (i + m) * per), [m, s, s, 3])));
    out.set(await h.data(), i * net.config.hidden);
    h.dispose();
  }
  return out;
}

/** The decoder's weights as plain arrays (for `core/captions/gruDecode`). */
export async function decoderWeights(net: CaptionerNet): Promise<GruWeights> {
  const get = async (name: string) => new Float32Array(await net.variables[net.names.indexOf(name)]!.data());
  const c = net.config;
  return {
    vocab: c.vocab, embed: c.embed, hidden: c.hidden,
    emb: await get('embed'), wx: await get('gru/wx'), bx: await get('gru/bx'), uh: await get('gru/uh'), bh: await get('gru/bh'),
    wo: await get('out/kernel'), bo: await get('out/bias'),
  };
}

// ---- checkpoints -------------------------------------------------------------------------------

export interface CaptionerCheckpoint {
  readonly format: 'captioner-checkpoint-v1';
  readonly config: CaptionerConfig;
  readonly vocabulary: readonly string[];
  readonly paramCount: number;
  readonly weightsManifest: tf.io.WeightsManifestConfig;
  readonly info?: Record<string, unknown>;
}

export async function saveCaptioner(net: CaptionerNet, info?: Record<string, unknown>): Promise<{ json: CaptionerCheckpoint; data: ArrayBuffer }> {
  const { data, weightsManifest } = await encodeVariables(net);
  return {
    json: {
      format: 'captioner-checkpoint-v1',
      config: net.config,
      vocabulary: [...SCENE_VOCAB],
      paramCount: net.paramCount,
      weightsManifest,
      ...(info ? { info } : {}),
    },
    data,
  };
}

/** A network with the checkpoint's weights (its config; the vocabulary must be this build's). */
export function captionerFromCheckpoint(json: CaptionerCheckpoint, data: ArrayBuffer): CaptionerNet {
  if (json.format !== 'captioner-checkpoint-v1') throw new Error(`unknown checkpoint format ${String(json.format)}`);
  if (json.vocabulary.join(' ') !== SCENE_VOCAB.join(' ')) throw new Error('the checkpoint was trained with another vocabulary');
  checkShardSize(json.weightsManifest, data);
  const net = createCaptioner(json.config, 1);
  try {
    assignVariables(net, json.weightsManifest, data);
  } catch (e) {
    net.dispose();
    throw e;
  }
  return net;
}

// ---- the adapter ---------------------------------------------------------------------------------

export interface CaptionerRaw {
  /** h₀, the image's encoding (what the decoder starts from). */
  readonly h0: Float32Array;
  /** The 32×32 RGBA image the network saw (the input stretched to its size). */
  readonly seen: Uint8ClampedArray;
  readonly inputSize: { readonly width: number; readonly height: number };
}

export interface CaptionerOptions {
  readonly beam: number;
  readonly topK: number;
}

export const DEFAULT_CAPTIONER_OPTIONS: CaptionerOptions = { beam: 3, topK: 3 };

export interface CaptionerResult {
  readonly greedy: { readonly tokens: readonly number[]; readonly steps: readonly GreedyStep[]; readonly logProb: number; readonly sentence: string };
  readonly beam: { readonly best: Beam; readonly beams: readonly Beam[]; readonly steps: readonly BeamStep[]; readonly sentence: string };
  /** The greedy and beam sentences in Russian when they are sentences of the scene grammar. */
  readonly ru: { readonly greedy: string | null; readonly beam: string | null };
}

function ruOf(sentence: string): string | null {
  const spec = parseSceneSentence(sentence);
  return spec ? sceneSentenceRu(spec) : null;
}

/** Pure decoding of an encoding with given decoder weights (the adapter's `decode`). */
export function decodeCaption(wts: GruWeights, h0: Float32Array, options: CaptionerOptions): CaptionerResult {
  const opts = { bos: BOS_ID, eos: EOS_ID, maxLen: MAX_CAPTION_TOKENS, topK: options.topK };
  const g = greedyDecode(wts, h0, opts);
  const b = beamDecode(wts, h0, options.beam, opts);
  const gs = decodeTokens(g.tokens);
  const bs = decodeTokens(b.best.tokens);
  return { greedy: { ...g, sentence: gs }, beam: { ...b, sentence: bs }, ru: { greedy: ruOf(gs), beam: ruOf(bs) } };
}

/** The shipped synthetic-scene captioner behind the adapter interface. */
export class CaptionerAdapter extends AdapterBase<CaptionerNet, CaptionerRaw, CaptionerResult, CaptionerOptions> {
  readonly info: ModelInfo = { id: CAPTIONER_ID, task: 'captioning', title: 'CNN + GRU captioner (synthetic scenes)' };
  checkpoint: CaptionerCheckpoint | null = null;
  private weights: GruWeights | null = null;

  constructor(
    baseUrl: string,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {
    super(new URL(CHECKPOINT_JSON, baseUrl).href);
  }

  /** Wraps an already-built network (tests; a page-trained one). */
  static async fromNet(net: CaptionerNet): Promise<CaptionerAdapter> {
    const a = new CaptionerAdapter('file:///in-memory/');
    a.adopt(net);
    a.weights = await decoderWeights(net);
    return a;
  }

  protected async open(): Promise<CaptionerNet> {
    const { json, data } = await fetchCheckpointFiles<CaptionerCheckpoint>(new URL('.', this.url).href, this.fetchFn);
    const net = captionerFromCheckpoint(json, data);
    try {
      this.weights = await decoderWeights(net);
    } catch (e) {
      net.dispose();
      throw e;
    }
    this.checkpoint = json;
    return net;
  }

  protected async warmUp(): Promise<void> {
    await this.runRaw({ width: SCENE_SIZE, height: SCENE_SIZE, data: new Uint8Array(SCENE_SIZE * SCENE_SIZE * 4) });
  }

  /** The decoder weights (plain arrays) of the loaded network. */
  get decoder(): GruWeights {
    if (!this.weights) throw new Error(`${this.info.id}: call load() first`);
    return this.weights;
  }

  async runRaw(input: PixelInput): Promise<CaptionerRaw> {
    const net = this.handle;
    const s = net.config.size;
    const inputSize = inputSizeOf(input);
    const [hT, seenT] = tf.tidy(() => {
      const img = tf.cast(pixelsToTensor(input), 'float32') as tf.Tensor3D;
      const small = tf.image.resizeBilinear(img, [s, s], false, true);
      const x = tf.expandDims(small, 0) as tf.Tensor4D;
      return [net.encode(x), tf.clipByValue(tf.round(small), 0, 255)];
    });
    try {
      const [h, seenRgb] = await Promise.all([hT.data<'float32'>(), seenT.data<'float32'>()]);
      const seen = new Uint8ClampedArray(s * s * 4);
      for (let i = 0; i < s * s; i++) {
        seen[i * 4] = seenRgb[i * 3]!;
        seen[i * 4 + 1] = seenRgb[i * 3 + 1]!;
        seen[i * 4 + 2] = seenRgb[i * 3 + 2]!;
        seen[i * 4 + 3] = 255;
      }
      return { h0: new Float32Array(h), seen, inputSize };
    } finally {
      hT.dispose();
      seenT.dispose();
    }
  }

  decode(raw: CaptionerRaw, options: CaptionerOptions): CaptionerResult {
    return decodeCaption(this.decoder, raw.h0, options);
  }
}
