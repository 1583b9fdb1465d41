/**
 * TinyYOLO: a small YOLOv2-style fully-convolutional detector the student trains in a minute on the
 * synthetic shapes of src/core/yolo/synthData.ts.
 *
 * Net: six 3×3 convolutions (leaky ReLU 0.1), three of them with stride 2 (64 → 32 → 16 → 8), then a
 * 1×1 convolution to B·(5 + C) channels: the output [N, S, S, B·(5+C)] is read as [S, S, B, 5+C]
 * with, per prior, (t_x, t_y, t_w, t_h, t_o, class logits…) — decoded by src/core/yolo/encoding.ts
 * (σ / exp) and filtered by the project's NMS (src/core/nms.ts).
 *
 * Checkpoint: a tfjs LayersModel (model.json with topology + weight manifest, and one weights .bin);
 * the detector's config (input size, grid, priors, class names) travels in model.json's
 * `userDefinedMetadata`, so a checkpoint is self-describing.
 */
import * as tf from '@tensorflow/tfjs';
import { nonMaxSuppression, type DetectionArrays, type NmsOptions } from '../core/nms';
import { decodeGrid, type DecodedGrid, type YoloGridSpec } from '../core/yolo/encoding';
import { DEFAULT_LOSS_WEIGHTS, type LossWeights } from '../core/yolo/loss';
import type { YoloBatchArrays } from '../core/yolo/dataset';
import type { Box, Size } from '../core/geometry';
import { normalizedFromXyxyRow } from '../core/coords';
import { AdapterBase } from './adapterBase';
import { inputSizeOf, pixelsToTensor } from './adapterUtils';
import { applyOrDiscardOnce, type StepHalves } from './train/pendingStep';
import type { ModelInfo, PixelInput } from './types';

export { rgbaToInput } from '../core/yolo/dataset';

export interface TinyYoloConfig {
  /** Square input side in pixels (a multiple of 8). */
  readonly inputSize: number;
  /** Grid side S = inputSize / 8. */
  readonly grid: number;
  /** Priors (p_w, p_h) in grid units, flat pairs; B = priors.length / 2. */
  readonly priors: readonly number[];
  readonly classes: readonly string[];
  /** Filters of the six 3×3 convolutions. */
  readonly filters: readonly number[];
}

export const DEFAULT_FILTERS: readonly number[] = [16, 24, 32, 32, 48, 48];
const STRIDES = [2, 1, 2, 1, 2, 1] as const;

export function gridSpec(cfg: TinyYoloConfig): YoloGridSpec {
  return { grid: cfg.grid, priors: cfg.priors, numClasses: cfg.classes.length };
}

export function outputDepth(cfg: TinyYoloConfig): number {
  return (cfg.priors.length / 2) * (5 + cfg.classes.length);
}

/** Build the net with deterministic (seeded) initial weights. */
export function buildTinyYolo(cfg: TinyYoloConfig, seed: number): tf.LayersModel {
  if (cfg.inputSize !== cfg.grid * 8) throw new RangeError(`TinyYOLO: inputSize ${cfg.inputSize} must be 8 × grid ${cfg.grid}`);
  const model = tf.sequential({ name: 'tinyyolo' });
  cfg.filters.forEach((f, i) => {
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [cfg.inputSize, cfg.inputSize, 3] } : {}),
      filters: f, kernelSize: 3, strides: STRIDES[i] ?? 1, padding: 'same', useBias: true,
      kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
      name: `conv${i + 1}`,
    }));
    model.add(tf.layers.leakyReLU({ alpha: 0.1, name: `leaky${i + 1}` }));
  });
  model.add(tf.layers.conv2d({
    filters: outputDepth(cfg), kernelSize: 1, padding: 'same', useBias: true,
    kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: seed + 100 }),
    name: 'head',
  }));
  // Objectness bias −4 (σ ≈ 0.018): most priors see background, so training does not start by
  // spending its first hundred steps pushing 192 confidences down from 0.5 (the RetinaNet trick).
  const head = model.getLayer('head');
  const [kernel] = head.getWeights(); // the layer's own variables (not copies): not disposed
  const D = 5 + cfg.classes.length;
  const b = new Float32Array(outputDepth(cfg));
  for (let i = 4; i < b.length; i += D) b[i] = -4;
  const biasT = tf.tensor1d(b);
  head.setWeights([kernel!, biasT]);
  biasT.dispose();
  return model;
}

export interface TfLossTerms {
  readonly confObj: tf.Scalar;
  readonly confNoobj: tf.Scalar;
  readonly conf: tf.Scalar;
  readonly loc: tf.Scalar;
  readonly cls: tf.Scalar;
  readonly total: tf.Scalar;
}

/**
 * The same loss as src/core/yolo/loss.ts (see there for the formulas), on tensors.
 * raw: [N, S, S, B·(5+C)] (or any shape with N·S·S·B·(5+C) values); obj [n], loc [n, 4], cls [n, C]
 * with n = N·S·S·B. Call inside tf.tidy (or a gradient function).
 */
export function yoloLossTf(
  raw: tf.Tensor, obj: tf.Tensor, loc: tf.Tensor, cls: tf.Tensor, numClasses: number, numImages: number,
  w: LossWeights = DEFAULT_LOSS_WEIGHTS,
): TfLossTerms {
  const D = 5 + numClasses;
  const r = tf.reshape(raw, [-1, D]);
  const n = r.shape[0]!;
  const m = tf.reshape(obj, [n]);
  const notM = tf.sub(1, m);
  const txy = tf.slice(r, [0, 0], [n, 2]);
  const twh = tf.slice(r, [0, 2], [n, 2]);
  const to = tf.reshape(tf.slice(r, [0, 4], [n, 1]), [n]);
  const logits = tf.slice(r, [0, 5], [n, numClasses]);
  const g = tf.reshape(loc, [n, 4]);
  const gxy = tf.slice(g, [0, 0], [n, 2]);
  const gwh = tf.slice(g, [0, 2], [n, 2]);
  const invN = 1 / Math.max(1, numImages);

  const confObj = tf.mul(tf.sum(tf.mul(m, tf.softplus(tf.neg(to)))), invN) as tf.Scalar;
  const confNoobj = tf.mul(tf.sum(tf.mul(notM, tf.softplus(to))), w.lambdaNoobj * invN) as tf.Scalar;
  const locSq = tf.add(
    tf.sum(tf.square(tf.sub(tf.sigmoid(txy), gxy)), 1),
    tf.sum(tf.square(tf.sub(twh, gwh)), 1),
  );
  const lossLoc = tf.mul(tf.sum(tf.mul(m, locSq)), invN) as tf.Scalar;
  const ce = tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(tf.reshape(cls, [n, numClasses]), logits), 1));
  const lossCls = tf.mul(tf.sum(tf.mul(m, ce)), invN) as tf.Scalar;
  const conf = tf.add(confObj, confNoobj) as tf.Scalar;
  const total = tf.addN([tf.mul(conf, w.alphaConf), tf.mul(lossLoc, w.alphaLoc), tf.mul(lossCls, w.alphaCls)]) as tf.Scalar;
  return { confObj, confNoobj, conf, loc: lossLoc, cls: lossCls, total };
}

/** A training batch as plain arrays (see src/core/yolo/dataset.ts). */
export type YoloBatch = YoloBatchArrays;

/** A step whose gradients are computed but not yet applied (`TinyYolo.computeStep`). */
export interface PendingStep extends StepHalves {
  readonly loss: LossRecord;
}

/** Loss terms of one step, in this order. */
export const LOSS_TERM_NAMES = ['total', 'conf', 'confObj', 'confNoobj', 'loc', 'cls'] as const;
export type LossTermName = (typeof LOSS_TERM_NAMES)[number];
export type LossRecord = Record<LossTermName, number>;

export class TinyYolo {
  readonly model: tf.LayersModel;
  readonly config: TinyYoloConfig;

  constructor(model: tf.LayersModel, config: TinyYoloConfig) {
    this.model = model;
    this.config = config;
    model.setUserDefinedMetadata({ tinyYolo: config });
  }

  static create(config: TinyYoloConfig, seed: number): TinyYolo {
    return new TinyYolo(buildTinyYolo(config, seed), config);
  }

  /** Load a checkpoint: a URL to model.json (browser) or any tf.io handler (Node: tf.io.fromMemory). */
  static async load(source: string | tf.io.IOHandler): Promise<TinyYolo> {
    const model = await tf.loadLayersModel(source);
    const meta = model.getUserDefinedMetadata() as { tinyYolo?: TinyYoloConfig } | undefined;
    const cfg = meta?.tinyYolo;
    if (!cfg || !Array.isArray(cfg.priors) || !Array.isArray(cfg.classes) || typeof cfg.grid !== 'number') {
      model.dispose();
      throw new Error('TinyYOLO checkpoint has no tinyYolo config in its userDefinedMetadata');
    }
    return new TinyYolo(model, cfg);
  }

  get numParams(): number {
    return this.model.countParams();
  }

  /** One optimizer step; returns the loss terms (one read-back per step). Leaves no tensors behind. */
  async trainStep(optimizer: tf.Optimizer, batch: YoloBatch, weights: LossWeights = DEFAULT_LOSS_WEIGHTS): Promise<LossRecord> {
    const pending = await this.computeStep(optimizer, batch, weights);
    pending.apply();
    return pending.loss;
  }

  /**
   * The expensive half of a step: forward, loss and gradients (and the loss terms read back), without
   * touching the weights or the optimizer's state. `apply()` then updates the weights (cheap: one Adam
   * update), `discard()` drops the gradients, as if the step never ran: a worker that reads a pause
   * between the two halves stops without the step in flight (`yoloTrain.worker.ts`). Call exactly one.
   */
  async computeStep(optimizer: tf.Optimizer, batch: YoloBatch, weights: LossWeights = DEFAULT_LOSS_WEIGHTS): Promise<PendingStep> {
    const { inputSize: s, classes } = this.config;
    const C = classes.length;
    let terms: tf.Tensor | null = null;
    const grads = tf.tidy(() => {
      const x = tf.tensor4d(batch.input, [batch.size, s, s, 3]);
      const obj = tf.tensor1d(batch.obj);
      const loc = tf.tensor2d(batch.loc, [batch.obj.length, 4]);
      const cls = tf.tensor2d(batch.cls, [batch.obj.length, C]);
      const g = optimizer.computeGradients(() => {
        const out = this.model.apply(x, { training: true }) as tf.Tensor;
        const l = yoloLossTf(out, obj, loc, cls, C, batch.size, weights);
        terms = tf.keep(tf.stack([l.total, l.conf, l.confObj, l.confNoobj, l.loc, l.cls]));
        return l.total;
      });
      g.value.dispose();
      return g.grads;
    });
    const t = terms as tf.Tensor | null;
    if (!t) {
      tf.dispose(grads);
      throw new Error('TinyYOLO: the optimizer did not run the loss');
    }
    const v = await t.data();
    t.dispose();
    const loss: LossRecord = { total: v[0]!, conf: v[1]!, confObj: v[2]!, confNoobj: v[3]!, loc: v[4]!, cls: v[5]! };
    return { loss, ...applyOrDiscardOnce('TinyYOLO', () => optimizer.applyGradients(grads), () => tf.dispose(grads)) };
  }

  /** Raw outputs for a batch of inputs (N·H·W·3 values from rgbaToInput), N·S·S·B·(5+C) values. */
  async predictRaw(input: Float32Array, n: number): Promise<Float32Array> {
    const s = this.config.inputSize;
    const out = tf.tidy(() => this.model.predict(tf.tensor4d(input, [n, s, s, 3])) as tf.Tensor);
    const v = await out.data();
    out.dispose();
    return v as Float32Array;
  }

  /** Raw output for any image tensor [h, w, 3] (int 0..255), resized (stretched) to the input size. */
  async predictRawImage(image: tf.Tensor3D): Promise<Float32Array> {
    const s = this.config.inputSize;
    const out = tf.tidy(() => {
      const x = tf.sub(tf.div(tf.image.resizeBilinear(tf.cast(image, 'float32') as tf.Tensor3D, [s, s], true), 255), 0.5);
      return this.model.predict(tf.expandDims(x, 0)) as tf.Tensor;
    });
    const v = await out.data();
    out.dispose();
    return v as Float32Array;
  }

  /** Raw output for any image (DOM or RGBA pixels), stretched to the input size. */
  async predictRawPixels(pixels: PixelInput): Promise<Float32Array> {
    const img = pixelsToTensor(pixels);
    try {
      return await this.predictRawImage(img);
    } finally {
      img.dispose();
    }
  }

  /** Decode one image's raw output (pure): grid boxes in [0, 1] coordinates with P(obj) and class probs. */
  decode(raw: Float32Array, imageIndex = 0): DecodedGrid {
    const spec = gridSpec(this.config);
    const per = this.config.grid * this.config.grid * outputDepth(this.config);
    return decodeGrid(raw.subarray(imageIndex * per, (imageIndex + 1) * per), spec);
  }

  /** Decode + threshold + per-class NMS; boxes normalized [0, 1] (x1, y1, x2, y2). */
  detect(raw: Float32Array, opts: NmsOptions, imageIndex = 0): DetectionArrays {
    const d = this.decode(raw, imageIndex);
    return nonMaxSuppression(d.boxes, d.scores, d.count, this.config.classes.length, opts);
  }

  /** Serialise to tf.io model artifacts (model.json content + one weights buffer). */
  async toArtifacts(): Promise<tf.io.ModelArtifacts> {
    let saved: tf.io.ModelArtifacts | null = null;
    await this.model.save(tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    if (!saved) throw new Error('TinyYOLO: save produced no artifacts');
    return saved;
  }

  /** Deep copy of the current weights (for "reset to checkpoint"); caller disposes. */
  getWeights(): tf.Tensor[] {
    return this.model.getWeights().map((w) => w.clone());
  }

  setWeights(weights: tf.Tensor[]): void {
    this.model.setWeights(weights);
  }

  /** The weights as plain arrays, in `model.getWeights()` order (to send to or from a worker). */
  async weightArrays(): Promise<Float32Array[]> {
    const ws = this.model.getWeights(); // the variables themselves: not disposed
    return Promise.all(ws.map(async (w) => new Float32Array(await w.data())));
  }

  /** Sets every weight from plain arrays in `weightArrays()` order; their sizes must match the net's. */
  setWeightArrays(arrays: readonly Float32Array[]): void {
    const ws = this.model.getWeights();
    if (arrays.length !== ws.length) throw new RangeError(`TinyYOLO: ${arrays.length} weight arrays for ${ws.length} weights`);
    ws.forEach((w, i) => {
      if (arrays[i]!.length !== w.size) throw new RangeError(`TinyYOLO: weight ${i} has ${arrays[i]!.length} values, the net ${w.size}`);
    });
    // The temporaries go with the tidy; the variables keep the data (assign shares it).
    tf.tidy(() => this.model.setWeights(ws.map((w, i) => tf.tensor(arrays[i]!, w.shape, 'float32'))));
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** model.json text + weights file for a checkpoint folder (`weightsFile` is the manifest's path). */
export function artifactsToFiles(a: tf.io.ModelArtifacts, weightsFile = 'weights.bin'): { modelJson: string; weights: Uint8Array } {
  if (!a.weightData || !a.weightSpecs) throw new Error('TinyYOLO: artifacts have no weights');
  const data = a.weightData;
  const buf = data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers(data);
  const json = {
    modelTopology: a.modelTopology,
    format: 'layers-model',
    generatedBy: 'cv-lecture-companion scripts/train-yolo.ts',
    convertedBy: null,
    weightsManifest: [{ paths: [weightsFile], weights: a.weightSpecs }],
    userDefinedMetadata: a.userDefinedMetadata,
  };
  return { modelJson: JSON.stringify(json), weights: new Uint8Array(buf) };
}

/** Artifacts from a model.json text and its weights file bytes (Node tests / scripts). */
export function filesToArtifacts(modelJson: string, weights: Uint8Array): tf.io.ModelArtifacts {
  const j = JSON.parse(modelJson) as tf.io.ModelJSON;
  const specs = j.weightsManifest.flatMap((g) => g.weights);
  const buf = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return {
    modelTopology: j.modelTopology,
    weightSpecs: specs,
    weightData: buf,
    userDefinedMetadata: j.userDefinedMetadata,
    format: j.format,
  };
}

// ---- the adapter ---------------------------------------------------------------------------------

export const TINYYOLO_ID = 'tinyyolo';

/** One image's raw output, N = 1: S·S·B·(5+C) values, and the config that reads them. */
export interface YoloRaw {
  readonly output: Float32Array;
  readonly config: TinyYoloConfig;
  readonly inputSize: Size;
}

export interface YoloDetection {
  /** Normalized [0, 1] (x1, y1, x2, y2) of the input (the image is stretched to the square input). */
  readonly box: Box<'normalized'>;
  readonly score: number;
  /** Index into config.classes. */
  readonly classId: number;
  readonly label: string;
}

export interface YoloResult {
  /** Every prior of every cell, decoded (σ / exp), before thresholds. */
  readonly grid: DecodedGrid;
  /** After the score threshold and per-class (or agnostic) NMS, as arrays. */
  readonly arrays: DetectionArrays;
  readonly detections: readonly YoloDetection[];
}

/** The shipped checkpoint's own record of its training (training.json, written by `npm run train:yolo`). */
export interface ShippedTraining {
  /** mAP@.5 on the synthetic test split. */
  readonly mAP50: number;
  readonly steps: number;
}

/** training.json's bytes → its test mAP@.5 and step count; undefined when absent or not of that shape. */
export function shippedTrainingOf(bytes: ArrayBuffer | undefined): ShippedTraining | undefined {
  if (!bytes) return undefined;
  try {
    const j = JSON.parse(new TextDecoder().decode(bytes)) as { test?: { mAP50?: unknown }; steps?: unknown };
    const mAP50 = j.test?.mAP50;
    if (typeof mAP50 !== 'number') return undefined;
    return { mAP50, steps: typeof j.steps === 'number' ? j.steps : 0 };
  } catch {
    return undefined;
  }
}

/**
 * TinyYOLO behind the one adapter interface. Loads the shipped checkpoint (a LayersModel) or adopts
 * a network built/trained on the page (`TinyYoloAdapter.fromNet`); either way it owns the net and
 * `dispose()` frees it.
 */
export class TinyYoloAdapter extends AdapterBase<TinyYolo, YoloRaw, YoloResult, NmsOptions> {
  readonly info: ModelInfo = { id: TINYYOLO_ID, task: 'detection', title: 'TinyYOLO (synthetic shapes)' };

  /**
   * `training`: what the checkpoint's training.json says of it (test mAP@.5, steps), when it came with
   * the checkpoint (the runtime's checked bytes: `shippedTrainingOf(files.take('training.json'))`).
   */
  constructor(modelUrl: string | tf.io.IOHandler, readonly training?: ShippedTraining) {
    super(typeof modelUrl === 'string' ? modelUrl : 'memory');
    this.source = modelUrl;
  }

  private readonly source: string | tf.io.IOHandler;

  static fromNet(net: TinyYolo): TinyYoloAdapter {
    const a = new TinyYoloAdapter('memory');
    a.adopt(net);
    return a;
  }

  /** The network itself (for training and the page's inside views). */
  get net(): TinyYolo {
    return this.handle;
  }

  protected open(): Promise<TinyYolo> {
    return TinyYolo.load(this.source);
  }

  protected async warmUp(): Promise<void> {
    const s = this.handle.config.inputSize;
    await this.runRaw({ width: s, height: s, data: new Uint8Array(s * s * 4) });
  }

  async runRaw(input: PixelInput): Promise<YoloRaw> {
    const net = this.handle;
    return { output: await net.predictRawPixels(input), config: net.config, inputSize: inputSizeOf(input) };
  }

  /** Raw outputs of `n` images already packed by `rgbaToInput` (the synthetic test images), one per image. */
  async runRawBatch(input: Float32Array, n: number): Promise<YoloRaw[]> {
    const net = this.handle;
    const all = await net.predictRaw(input, n);
    const per = all.length / n;
    const s = net.config.inputSize;
    return Array.from({ length: n }, (_, k) => ({ output: all.subarray(k * per, (k + 1) * per), config: net.config, inputSize: { width: s, height: s } }));
  }

  decode(raw: YoloRaw, options: NmsOptions): YoloResult {
    return decodeTinyYolo(raw, options);
  }
}

/**
 * The adapter's decode as a function (it needs no weights): grid decoding (σ / exp, core/yolo) then
 * the score threshold and NMS (core/nms). Pages holding a page-trained `TinyYolo` decode through this,
 * never by calling decode/NMS themselves.
 */
export function decodeTinyYolo(raw: YoloRaw, options: NmsOptions): YoloResult {
  const cfg = raw.config;
  const grid = decodeGrid(raw.output, gridSpec(cfg));
  const arrays = nonMaxSuppression(grid.boxes, grid.scores, grid.count, cfg.classes.length, options);
  const detections: YoloDetection[] = [];
  for (let j = 0; j < arrays.count; j++) {
    const b = arrays.boxes;
    const c = arrays.classes[j]!;
    detections.push({ box: normalizedFromXyxyRow(b, j), score: arrays.scores[j]!, classId: c, label: cfg.classes[c] ?? String(c) });
  }
  return { grid, arrays, detections };
}

/** One image's raw output of a page-held net as the adapter's `YoloRaw` (image `k` of a batch). */
export function yoloRawOf(net: TinyYolo, output: Float32Array, k = 0, n = 1): YoloRaw {
  const per = output.length / n;
  const s = net.config.inputSize;
  return { output: output.subarray(k * per, (k + 1) * per), config: net.config, inputSize: { width: s, height: s } };
}
