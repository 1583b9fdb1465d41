/**
 * Three small semantic-segmentation networks for the "Train your own" page, written with plain tf
 * ops over named variables (so initialisation is seeded, checkpoints are two small files and the
 * same code trains in Node and in the browser):
 *
 *  - `fcn`  — FCN without skips: conv blocks with three 2×2 poolings (output stride 8), a 1×1
 *             classifier on the 8×8 map and a bilinear ×8 upsampling of the logits: coarse edges.
 *  - `unet` — U-Net-small: three pooling levels (8×8 bottleneck), transposed-conv upsampling and
 *             concatenated encoder features (skips) at 16, 32 and 64 px, so the decoder sees fine
 *             detail again.
 *  - `aspp` — DeepLab-style: output stride 4 only, then ASPP — parallel 3×3 convs with dilation
 *             rates 1, 2, 4 plus image pooling, concatenated and fused by 1×1 convs; ×4 bilinear.
 *
 * Dilated convs are computed as space-to-batch → ordinary conv → batch-to-space (what TensorFlow
 * does for atrous convs): exact for sizes divisible by the rate, and — unlike tf.conv2d with
 * dilations > 1 — differentiable in tfjs. No depthwise convs, no batch norm (the WASM backend lacks
 * some of their gradients). Loss: softmax cross-entropy averaged over pixels.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, SEG_NUM_CLASSES } from '../core/segSynth';
import { AdapterBase } from './adapterBase';
import { assignVariables, CHECKPOINT_BIN, CHECKPOINT_JSON, encodeVariables, fetchCheckpointFiles } from './checkpointIo';
import { inputSizeOf, pixelsToTensor } from './adapterUtils';
import { createNamedVariables, heNormalValues } from './paramInit';
import { applyOrDiscardOnce, type StepHalves } from './train/pendingStep';
import { decodeSeg, type SegAdapter, type SegOptions, type SegRaw, type SegResult } from './segmentation';
import type { ModelInfo, PixelInput } from './types';

import { NET_IDS, type NetId } from './train/segTrainShared';
export { NET_IDS, type NetId };

export function isNetId(x: unknown): x is NetId {
  return typeof x === 'string' && (NET_IDS as readonly string[]).includes(x);
}

/** Input side the networks are built for (any multiple of 16 works for all three). */
export const SEG_INPUT = 64;

interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** Fan-in for He initialisation; 0 = zeros (biases). */
  readonly fanIn: number;
}

type Params = ReadonlyMap<string, tf.Variable>;

interface Arch {
  readonly specs: readonly ParamSpec[];
  readonly forward: (p: Params, x: tf.Tensor4D) => tf.Tensor4D;
}

/** Builds the spec list for a conv (kernel + bias). */
function conv(name: string, k: number, cin: number, cout: number): ParamSpec[] {
  return [
    { name: `${name}/kernel`, shape: [k, k, cin, cout], fanIn: k * k * cin },
    { name: `${name}/bias`, shape: [cout], fanIn: 0 },
  ];
}

/** Transposed conv 2×2 stride 2: kernel [2, 2, cout, cin]. */
function deconv(name: string, cin: number, cout: number): ParamSpec[] {
  return [
    { name: `${name}/kernel`, shape: [2, 2, cout, cin], fanIn: cin },
    { name: `${name}/bias`, shape: [cout], fanIn: 0 },
  ];
}

function get(p: Params, name: string): tf.Variable {
  const v = p.get(name);
  if (!v) throw new Error(`missing parameter ${name}`);
  return v;
}

function convApply(p: Params, name: string, x: tf.Tensor4D, relu = true, rate = 1): tf.Tensor4D {
  const w = get(p, `${name}/kernel`) as tf.Tensor4D;
  let y: tf.Tensor4D;
  if (rate === 1) y = tf.conv2d(x, w, 1, 'same');
  else {
    const [, h, wd] = x.shape;
    if (h % rate !== 0 || wd % rate !== 0) throw new RangeError(`feature map ${h}×${wd} is not divisible by the dilation rate ${rate}`);
    const pad: [number, number][] = [
      [0, 0],
      [0, 0],
    ];
    const s = tf.spaceToBatchND(x, [rate, rate], pad);
    y = tf.batchToSpaceND(tf.conv2d(s, w, 1, 'same'), [rate, rate], pad);
  }
  y = tf.add(y, get(p, `${name}/bias`)) as tf.Tensor4D;
  return relu ? tf.relu(y) : y;
}

function deconvApply(p: Params, name: string, x: tf.Tensor4D): tf.Tensor4D {
  const w = get(p, `${name}/kernel`) as tf.Tensor4D;
  const [b, h, wd] = x.shape;
  const cout = w.shape[2];
  const y = tf.conv2dTranspose(x, w, [b, h * 2, wd * 2, cout], 2, 'same');
  return tf.relu(tf.add(y, get(p, `${name}/bias`)) as tf.Tensor4D);
}

/**
 * 2×2 average pooling. (Max pooling would do as well, but its gradient is several times slower than
 * the convs on the WASM backend, which trains the shipped checkpoints.)
 */
const pool = (x: tf.Tensor4D) => tf.avgPool(x, 2, 2, 'same');

function upsample(x: tf.Tensor4D, factor: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.image.resizeBilinear(x, [h * factor, w * factor], false, true);
}

function fcnArch(k: number): Arch {
  const specs = [...conv('c1', 3, 3, 16), ...conv('c2', 3, 16, 24), ...conv('c3', 3, 24, 32), ...conv('c4', 3, 32, 48), ...conv('c5', 3, 48, 48), ...conv('cls', 1, 48, k)];
  return {
    specs,
    forward: (p, x) => {
      let h = pool(convApply(p, 'c1', x)); // 32
      h = pool(convApply(p, 'c2', h)); // 16
      h = pool(convApply(p, 'c3', h)); // 8
      h = convApply(p, 'c5', convApply(p, 'c4', h));
      return upsample(convApply(p, 'cls', h, false), 8);
    },
  };
}

function unetArch(k: number): Arch {
  const specs = [
    ...conv('e1a', 3, 3, 8),
    ...conv('e1b', 3, 8, 8),
    ...conv('e2a', 3, 8, 16),
    ...conv('e2b', 3, 16, 16),
    ...conv('e3a', 3, 16, 24),
    ...conv('e3b', 3, 24, 24),
    ...conv('ba', 3, 24, 32),
    ...conv('bb', 3, 32, 32),
    ...deconv('up3', 32, 24),
    ...conv('d3', 3, 48, 24),
    ...deconv('up2', 24, 16),
    ...conv('d2', 3, 32, 16),
    ...deconv('up1', 16, 8),
    ...conv('d1', 3, 16, 8),
    ...conv('cls', 1, 8, k),
  ];
  return {
    specs,
    forward: (p, x) => {
      const e1 = convApply(p, 'e1b', convApply(p, 'e1a', x)); // 64
      const e2 = convApply(p, 'e2b', convApply(p, 'e2a', pool(e1))); // 32
      const e3 = convApply(p, 'e3b', convApply(p, 'e3a', pool(e2))); // 16
      const b = convApply(p, 'bb', convApply(p, 'ba', pool(e3))); // 8
      const d3 = convApply(p, 'd3', tf.concat([deconvApply(p, 'up3', b), e3], 3)); // 16, skip
      const d2 = convApply(p, 'd2', tf.concat([deconvApply(p, 'up2', d3), e2], 3)); // 32, skip
      const d1 = convApply(p, 'd1', tf.concat([deconvApply(p, 'up1', d2), e1], 3)); // 64, skip
      return convApply(p, 'cls', d1, false);
    },
  };
}

export const ASPP_RATES = [1, 2, 4] as const;

function asppArch(k: number): Arch {
  const br = 16;
  const specs = [
    ...conv('c1', 3, 3, 16),
    ...conv('c2', 3, 16, 32),
    ...conv('c3', 3, 32, 32),
    ...ASPP_RATES.flatMap((r) => conv(`aspp_r${r}`, 3, 32, br)),
    ...conv('aspp_pool', 1, 32, br),
    ...conv('fuse', 1, br * (ASPP_RATES.length + 1), 32),
    ...conv('cls', 1, 32, k),
  ];
  return {
    specs,
    forward: (p, x) => {
      let h = pool(convApply(p, 'c1', x)); // 32
      h = pool(convApply(p, 'c2', h)); // 16: output stride 4
      h = convApply(p, 'c3', h);
      const [, hh, ww] = h.shape;
      const branches = ASPP_RATES.map((r) => convApply(p, `aspp_r${r}`, h, true, r));
      const img = convApply(p, 'aspp_pool', tf.mean(h, [1, 2], true) as tf.Tensor4D);
      branches.push(tf.tile(img, [1, hh, ww, 1]) as tf.Tensor4D);
      const f = convApply(p, 'fuse', tf.concat(branches, 3));
      return upsample(convApply(p, 'cls', f, false), 4);
    },
  };
}

function archFor(id: NetId, k: number): Arch {
  switch (id) {
    case 'fcn':
      return fcnArch(k);
    case 'unet':
      return unetArch(k);
    case 'aspp':
      return asppArch(k);
  }
}

export interface SegNet {
  readonly id: NetId;
  readonly numClasses: number;
  /** Parameter names in a fixed order (the checkpoint order). */
  readonly names: readonly string[];
  readonly variables: readonly tf.Variable[];
  readonly paramCount: number;
  /** Logits [b, h, w, numClasses] for images [b, h, w, 3] in [0, 1]. Call inside tf.tidy. */
  forward(x: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

/**
 * Per-image input standardisation: subtract each image's mean brightness (one number, so colour
 * differences between channels survive) and divide by its standard deviation. With a random
 * background per image this makes "differs from the background" a local feature; without it the
 * small nets sit at the class prior for hundreds of steps.
 */
export function standardize(x: tf.Tensor4D): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [1, 2, 3], true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-3)));
}

/** A fresh network with He-normal weights from a seeded PRNG and zero biases. */
export function createSegNet(id: NetId, numClasses: number, seed = 1): SegNet {
  const arch = archFor(id, numClasses);
  const rand = mulberry32(seed);
  const { byName, variables, count } = createNamedVariables(arch.specs, (s, n) => heNormalValues(rand, n, s.fanIn));
  return {
    id,
    numClasses,
    names: arch.specs.map((s) => s.name),
    variables,
    paramCount: count,
    forward: (x) => arch.forward(byName, standardize(x)),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** Mean softmax cross-entropy over pixels; `labels` int32 [b, h, w]. */
export function segLoss(logits: tf.Tensor4D, labels: tf.Tensor3D, numClasses: number): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, numClasses);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  });
}

/** One optimiser step; returns the loss of the batch (the caller disposes it). */
export function trainStep(net: SegNet, optimizer: tf.Optimizer, images: tf.Tensor4D, labels: tf.Tensor3D): tf.Scalar {
  const loss = optimizer.minimize(() => segLoss(net.forward(images), labels, net.numClasses), true, [...net.variables]);
  if (!loss) throw new Error('optimizer returned no loss');
  return loss;
}

/**
 * One optimizer step of each net on the same packed batch (plain arrays in, losses out); the batch
 * tensors are made once and disposed here.
 */
export async function trainNetsOnBatch(
  steps: readonly { readonly net: SegNet; readonly optimizer: tf.Optimizer }[],
  batch: { readonly images: Float32Array; readonly labels: Int32Array; readonly count: number },
  size: number,
): Promise<number[]> {
  const x = tf.tensor4d(batch.images, [batch.count, size, size, 3]);
  const y = tf.tensor3d(batch.labels, [batch.count, size, size], 'int32');
  try {
    const out: number[] = [];
    for (const { net, optimizer } of steps) {
      const loss = trainStep(net, optimizer, x, y);
      out.push((await loss.data())[0]!);
      loss.dispose();
    }
    return out;
  } finally {
    x.dispose();
    y.dispose();
  }
}

/** Gradients of one step of each net, computed but not applied (`gradientsOnBatch`). Call one of the two, once. */
export interface PendingSegStep extends StepHalves {
  readonly losses: readonly number[];
  /** One optimizer step of each net (the same update `trainNetsOnBatch` makes); frees the gradients. */
  apply(): void;
  /** Frees the gradients: weights and optimizer states stay as they were. */
  discard(): void;
}

/**
 * `trainNetsOnBatch` in two halves: every net's loss and gradients on the same packed batch now, the
 * updates later (`apply`) or never (`discard`). The training worker reads its messages in between, so
 * a pause that came during the step drops it (`segTrainer.ts`).
 */
export async function gradientsOnBatch(
  steps: readonly { readonly net: SegNet; readonly optimizer: tf.Optimizer }[],
  batch: { readonly images: Float32Array; readonly labels: Int32Array; readonly count: number },
  size: number,
): Promise<PendingSegStep> {
  const x = tf.tensor4d(batch.images, [batch.count, size, size, 3]);
  const y = tf.tensor3d(batch.labels, [batch.count, size, size], 'int32');
  const pending: { optimizer: tf.Optimizer; grads: { name: string; tensor: tf.Tensor }[] }[] = [];
  const losses: number[] = [];
  try {
    for (const { net, optimizer } of steps) {
      const { value, grads } = optimizer.computeGradients(() => segLoss(net.forward(x), y, net.numClasses), [...net.variables]);
      // in the variables' order, as `optimizer.minimize(f, true, varList)` applies them
      pending.push({ optimizer, grads: net.variables.map((v) => ({ name: v.name, tensor: grads[v.name]! })) });
      losses.push((await value.data())[0]!);
      value.dispose();
    }
  } catch (e) {
    pending.forEach((p) => tf.dispose(p.grads.map((g) => g.tensor)));
    throw e;
  } finally {
    x.dispose();
    y.dispose();
  }
  const update = () => pending.forEach((p) => p.optimizer.applyGradients(p.grads));
  const free = () => pending.forEach((p) => tf.dispose(p.grads.map((g) => g.tensor)));
  return { losses, ...applyOrDiscardOnce('segNets', update, free) };
}

/** Let the browser paint between training steps. */
export const nextFrame = (): Promise<void> => tf.nextFrame();

/** Adam with a changeable learning rate (shared with TinyYOLO's trainer). */
export { AdjustableAdam as SegAdam } from './train/adam';

/** Predicted class per pixel, int32 [b, h, w]. */
export function predictLabels(net: SegNet, images: tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => tf.argMax(net.forward(images), -1) as tf.Tensor3D);
}

/** Predictions for packed images ([n, s, s, 3] in [0, 1]) as one Uint8Array [n·s·s], in chunks. */
export async function predictPacked(net: SegNet, images: Float32Array, count: number, size: number, chunk = 16): Promise<Uint8Array> {
  const out = new Uint8Array(count * size * size);
  const per = size * size * 3;
  for (let s = 0; s < count; s += chunk) {
    const m = Math.min(chunk, count - s);
    const x = tf.tensor4d(images.subarray(s * per, (s + m) * per), [m, size, size, 3]);
    const y = predictLabels(net, x);
    x.dispose();
    const v = await y.data();
    y.dispose();
    out.set(v, s * size * size);
  }
  return out;
}

// ---- checkpoints -------------------------------------------------------------------------------

export { CHECKPOINT_BIN, CHECKPOINT_JSON };

export interface CheckpointJson {
  readonly format: 'seg-checkpoint-v1';
  readonly net: NetId;
  readonly numClasses: number;
  readonly paramCount: number;
  readonly weightsManifest: tf.io.WeightsManifestConfig;
  /** Free-form provenance (steps, seed, metrics) written by the training script. */
  readonly info?: Record<string, unknown>;
}

/** Serialises the weights: the JSON (with the manifest) and the binary shard. */
export async function saveCheckpoint(net: SegNet, info?: Record<string, unknown>): Promise<{ json: CheckpointJson; data: ArrayBuffer }> {
  const { data, weightsManifest } = await encodeVariables(net);
  const json: CheckpointJson = {
    format: 'seg-checkpoint-v1',
    net: net.id,
    numClasses: net.numClasses,
    paramCount: net.paramCount,
    weightsManifest,
    ...(info ? { info } : {}),
  };
  return { json, data };
}

/** Copies checkpoint weights into `net` (shapes and names must match exactly). */
export function applyCheckpoint(net: SegNet, json: CheckpointJson, data: ArrayBuffer): void {
  if (json.format !== 'seg-checkpoint-v1') throw new Error(`unknown checkpoint format ${String(json.format)}`);
  if (json.net !== net.id) throw new Error(`checkpoint is for "${json.net}", not "${net.id}"`);
  if (json.numClasses !== net.numClasses) throw new Error(`checkpoint has ${json.numClasses} classes, the network ${net.numClasses}`);
  assignVariables(net, json.weightsManifest, data);
}

/** Browser (or any fetch): loads `<baseUrl>checkpoint.json` and its shard into `net`. */
export async function fetchCheckpoint(net: SegNet, baseUrl: string, fetchFn: typeof fetch = fetch): Promise<CheckpointJson> {
  const { json, data } = await fetchCheckpointFiles<CheckpointJson>(baseUrl, fetchFn);
  applyCheckpoint(net, json, data);
  return json;
}

// ---- the adapter ---------------------------------------------------------------------------------

export type SegNetModelId = `seg-${NetId}`;

export function segNetModelId(id: NetId): SegNetModelId {
  return `seg-${id}`;
}

const SEG_NET_TITLES: Readonly<Record<NetId, string>> = {
  fcn: 'FCN without skips (synthetic shapes)',
  unet: 'U-Net-small (synthetic shapes)',
  aspp: 'Dilated + ASPP (synthetic shapes)',
};

/**
 * A shipped "train your own" network behind the one adapter interface: the checkpoint loaded into a
 * fresh net, any image stretched to 64×64 and scaled to [0, 1], the argmax class per pixel read back.
 */
export class SegNetAdapter extends AdapterBase<SegNet, SegRaw, SegResult, SegOptions> implements SegAdapter {
  readonly info: ModelInfo;
  readonly dataset = 'shapes' as const;
  /** The checkpoint's JSON once loaded (provenance: steps, seed, metrics). */
  checkpoint: CheckpointJson | null = null;

  /** `baseUrl`: the checkpoint folder (ending with '/'). */
  constructor(
    readonly net: NetId,
    baseUrl: string,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {
    super(new URL(CHECKPOINT_JSON, baseUrl).href);
    this.info = { id: segNetModelId(net), task: 'semantic-segmentation', title: SEG_NET_TITLES[net] };
  }

  protected async open(): Promise<SegNet> {
    const net = createSegNet(this.net, SEG_NUM_CLASSES, 1);
    try {
      this.checkpoint = await fetchCheckpoint(net, new URL('.', this.url).href, this.fetchFn);
    } catch (e) {
      net.dispose();
      throw e;
    }
    return net;
  }

  protected async warmUp(): Promise<void> {
    await this.runRaw({ width: SEG_INPUT, height: SEG_INPUT, data: new Uint8Array(SEG_INPUT * SEG_INPUT * 4) });
  }

  async runRaw(input: PixelInput): Promise<SegRaw> {
    const net = this.handle;
    const inputSize = inputSizeOf(input);
    const labelsT = tf.tidy(() => {
      const img = tf.cast(pixelsToTensor(input), 'float32') as tf.Tensor3D;
      const x = tf.div(tf.image.resizeBilinear(img, [SEG_INPUT, SEG_INPUT], false, true), 255).expandDims(0) as tf.Tensor4D;
      return tf.cast(tf.reshape(predictLabels(net, x), [-1]), 'int32');
    });
    try {
      const labels = await labelsT.data<'int32'>();
      return { kind: 'labels', width: SEG_INPUT, height: SEG_INPUT, labels, inputSize };
    } finally {
      labelsT.dispose();
    }
  }

  decode(raw: SegRaw, options: SegOptions): SegResult {
    return decodeSeg(raw, options, this.dataset);
  }
}
