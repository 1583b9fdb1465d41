/**
 * A Mask R-CNN-style mask head on coco-ssd's MobileNetV2 backbone (the project's own, trained by
 * `npm run train:mask` on ../shared/datasets/coco-mini-train; not a trained Mask R-CNN):
 *
 *   image → backbone (the coco-ssd graph, resized by the graph to 300×300) → two internal feature maps
 *     `expanded_conv_5` 38×38×32 (stride 8) and `expanded_conv_12` 19×19×96 (stride 16)
 *   every box → RoI Align 14×14 (sampling ratio 2, aligned) on both → concat 14×14×128
 *     → conv3×3 48 → conv3×3 48 → transposed conv 2×2/2 → 28×28×32
 *     → concat the box's RGB resampled to 28×28 (standardised per box) → conv3×3 24 → conv1×1 → 28×28 logit
 *   σ(logit) ≥ 0.5 pasted back into the box (`core/instance/paste.ts`).
 *
 * Class-agnostic (one mask per box whatever its class): 266 training photos are too few for 80
 * per-class masks. Plain tf ops over named variables (seeded, like segNets.ts), so the same code trains
 * in Node on WASM and runs in the page.
 */
import * as tf from '@tensorflow/tfjs';
import type { Box, Size } from '../core/geometry';
import type { RoiBox } from '../core/roi';
import { mulberry32 } from '../core/random';
import { pixelsToTensor } from './adapterUtils';
import { assignVariables, encodeVariables, fetchCheckpointFiles } from './checkpointIo';
import { createNamedVariables, heNormalValues } from './paramInit';
import { roiAlignTf } from './roiOps';
import type { PixelInput } from './types';

export const MASK_HEAD_ID = 'mask-head';
/** Backbone nodes the head reads (checked: 38×38×32 and 19×19×96 for any input; the graph resizes to 300). */
export const MASK_FEATURE_NODES = [
  'FeatureExtractor/MobilenetV2/expanded_conv_5/ArithmeticOptimizer/AddOpsRewrite_add',
  'FeatureExtractor/MobilenetV2/expanded_conv_12/ArithmeticOptimizer/AddOpsRewrite_add',
] as const;
export const MASK_FEATURE_CHANNELS = [32, 96] as const;
export const MASK_IN_CHANNELS = 128;
export const BACKBONE_SIDE = 300;
/** RoI Align output per side. */
export const ROI_SIDE = 14;
/** Mask output per side. */
export const MASK_SIDE = 28;

interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly fanIn: number;
}

const conv = (name: string, k: number, cin: number, cout: number): ParamSpec[] => [
  { name: `${name}/kernel`, shape: [k, k, cin, cout], fanIn: k * k * cin },
  { name: `${name}/bias`, shape: [cout], fanIn: 0 },
];

export const MASK_HEAD_SPECS: readonly ParamSpec[] = [
  ...conv('c1', 3, MASK_IN_CHANNELS, 48),
  ...conv('c2', 3, 48, 48),
  { name: 'up/kernel', shape: [2, 2, 32, 48], fanIn: 48 },
  { name: 'up/bias', shape: [32], fanIn: 0 },
  ...conv('c3', 3, 35, 24),
  ...conv('logit', 1, 24, 1),
];

export interface MaskHeadNet {
  readonly names: readonly string[];
  readonly variables: readonly tf.Variable[];
  readonly paramCount: number;
  /** Logits [n, 28, 28, 1] for RoI features [n, 14, 14, 128] and box RGB [n, 28, 28, 3]. Call inside tf.tidy. */
  forward(features: tf.Tensor4D, rgb: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

/** A fresh head: He-normal weights from a seeded generator, zero biases. */
export function createMaskHead(seed = 1): MaskHeadNet {
  const rand = mulberry32(seed);
  const { byName, variables, count } = createNamedVariables(MASK_HEAD_SPECS, (s, n) => heNormalValues(rand, n, s.fanIn));
  const p = (name: string): tf.Tensor => {
    const v = byName.get(name);
    if (!v) throw new Error(`mask head: missing parameter ${name}`);
    return v;
  };
  const convApply = (name: string, x: tf.Tensor4D, relu: boolean): tf.Tensor4D => {
    const y = tf.add(tf.conv2d(x, p(`${name}/kernel`) as tf.Tensor4D, 1, 'same'), p(`${name}/bias`)) as tf.Tensor4D;
    return relu ? tf.relu(y) : y;
  };
  return {
    names: MASK_HEAD_SPECS.map((s) => s.name),
    variables,
    paramCount: count,
    forward: (features, rgb) => {
      let h = convApply('c1', features, true);
      h = convApply('c2', h, true);
      const [n, fh, fw] = h.shape;
      const up = tf.relu(
        tf.add(tf.conv2dTranspose(h, p('up/kernel') as tf.Tensor4D, [n, fh * 2, fw * 2, 32], 2, 'same'), p('up/bias')),
      ) as tf.Tensor4D;
      const joined = tf.concat([up, rgb], 3);
      return convApply('logit', convApply('c3', joined, true), false);
    },
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** Mean binary cross-entropy with logits against soft targets [n, 28, 28, 1] in [0, 1]. */
export function maskLoss(logits: tf.Tensor4D, targets: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => tf.losses.sigmoidCrossEntropy(targets, logits) as tf.Scalar);
}

// ---- inputs: RoI features and box RGB ------------------------------------------------------------

/** A box in image pixels as a RoI in the backbone's 300×300 input pixels (the graph stretches the image). */
export function toBackboneRoi(b: Box<'image'> | RoiBox, size: Size): RoiBox {
  const sx = BACKBONE_SIDE / size.width, sy = BACKBONE_SIDE / size.height;
  return { x1: b.x1 * sx, y1: b.y1 * sy, x2: b.x2 * sx, y2: b.y2 * sy };
}

/**
 * `cropAndResize` boxes that sample the centres of a 28×28 grid over each box (cell c's centre at
 * x1 + (c + ½)·w/28 in pixel-edge coordinates = that − ½ in pixel-index coordinates).
 */
function rgbCropBoxes(boxes: readonly RoiBox[], size: Size): number[] {
  const out: number[] = [];
  const W = Math.max(1, size.width - 1), H = Math.max(1, size.height - 1);
  for (const b of boxes) {
    const w = b.x2 - b.x1, h = b.y2 - b.y1;
    const x1 = b.x1 + w / (2 * MASK_SIDE) - 0.5, x2 = b.x2 - w / (2 * MASK_SIDE) - 0.5;
    const y1 = b.y1 + h / (2 * MASK_SIDE) - 0.5, y2 = b.y2 - h / (2 * MASK_SIDE) - 0.5;
    out.push(y1 / H, x1 / W, y2 / H, x2 / W);
  }
  return out;
}

export interface HeadInputs {
  /** [n, 14, 14, 128]: RoI Align of both feature maps, concatenated (stride 8 first). */
  readonly features: tf.Tensor4D;
  /** [n, 28, 28, 3]: the box's pixels, standardised per box. */
  readonly rgb: tf.Tensor4D;
}

/** Box RGB [n, 28, 28, 3] from an int32/float [h, w, 3] image, standardised per box. */
export function boxRgb(image: tf.Tensor3D, boxes: readonly RoiBox[], size: Size): tf.Tensor4D {
  return tf.tidy(() => {
    const img = tf.cast(image, 'float32').div(255).expandDims(0) as tf.Tensor4D;
    const crops = tf.image.cropAndResize(img, tf.tensor2d(rgbCropBoxes(boxes, size), [boxes.length, 4]), tf.zeros([boxes.length], 'int32'), [MASK_SIDE, MASK_SIDE], 'bilinear');
    const { mean, variance } = tf.moments(crops, [1, 2, 3], true);
    return tf.div(tf.sub(crops, mean), tf.sqrt(tf.add(variance, 1e-3))) as tf.Tensor4D;
  });
}

/** The head's inputs from the two backbone feature maps ([1, 38, 38, 32], [1, 19, 19, 96]). */
export function headInputs(maps: readonly [tf.Tensor4D, tf.Tensor4D], image: tf.Tensor3D, boxes: readonly RoiBox[], size: Size): HeadInputs {
  const rois = boxes.map((b) => toBackboneRoi(b, size));
  const features = tf.tidy(() =>
    tf.concat(
      maps.map((m) => roiAlignTf(m, rois, { outputSize: ROI_SIDE, spatialScale: m.shape[1] / BACKBONE_SIDE, samplingRatio: 2, aligned: true })),
      3,
    ),
  ) as tf.Tensor4D;
  return { features, rgb: boxRgb(image, boxes, size) };
}

/** Runs the detector graph up to the two feature nodes (caller disposes both). */
export async function backboneMaps(graph: tf.GraphModel, image: tf.Tensor3D): Promise<[tf.Tensor4D, tf.Tensor4D]> {
  const batch = tf.tidy(() => (image.dtype === 'int32' ? image : tf.cast(image, 'int32')).expandDims(0));
  try {
    const out = (await graph.executeAsync(batch, [...MASK_FEATURE_NODES])) as tf.Tensor[];
    if (!Array.isArray(out) || out.length !== 2) throw new Error('mask head: the detector graph did not return its two feature maps');
    const [a, b] = out as [tf.Tensor4D, tf.Tensor4D];
    for (const [t, c] of [[a, MASK_FEATURE_CHANNELS[0]], [b, MASK_FEATURE_CHANNELS[1]]] as const) {
      if (t.rank !== 4 || t.shape[3] !== c) {
        tf.dispose(out);
        throw new Error(`mask head: feature map has shape [${t.shape.join(', ')}], expected ${c} channels`);
      }
    }
    return [a, b];
  } finally {
    batch.dispose();
  }
}

// ---- checkpoints -----------------------------------------------------------------------------------

export interface MaskCheckpointJson {
  readonly format: 'mask-head-v1';
  readonly paramCount: number;
  readonly weightsManifest: tf.io.WeightsManifestConfig;
  readonly info?: Record<string, unknown>;
}

export async function saveMaskHead(net: MaskHeadNet, info?: Record<string, unknown>): Promise<{ json: MaskCheckpointJson; data: ArrayBuffer }> {
  const { data, weightsManifest } = await encodeVariables(net);
  return { json: { format: 'mask-head-v1', paramCount: net.paramCount, weightsManifest, ...(info ? { info } : {}) }, data };
}

export function applyMaskHead(net: MaskHeadNet, json: MaskCheckpointJson, data: ArrayBuffer): void {
  if (json.format !== 'mask-head-v1') throw new Error(`unknown mask head checkpoint format ${String(json.format)}`);
  assignVariables(net, json.weightsManifest, data, 'head');
}

// ---- the adapter -------------------------------------------------------------------------------------

/** What the head computed for one image, as plain arrays. */
export interface MaskHeadRaw {
  /** σ(logit) per box, row-major 28×28 each: [n · 28 · 28]. */
  readonly probs: Float32Array;
  /** Number of boxes. */
  readonly count: number;
  /** For the diagram: the RoI Align output of box `explain` (14×14×128, HWC), when asked. */
  readonly aligned?: Float32Array;
  /** Backbone map sizes (rows) as run: [38, 19]. */
  readonly mapSides: readonly [number, number];
}

export interface MaskHeadRunOptions {
  /** Index of a box whose RoI features are read back too (the diagram); default none. */
  readonly explain?: number;
  /**
   * The image size the boxes are in when `input` is a downscaled working copy of it (the page's
   * canvases); default the input's own size.
   */
  readonly imageSize?: Size;
}

/** The detector whose backbone the head reads: anything with the coco-ssd graph. */
export interface BackboneSource {
  readonly graphModel: tf.GraphModel;
}

/**
 * The head behind a load / run / dispose interface. `load()` fetches the checkpoint and runs one
 * warm-up on zeros; `runBoxes()` runs the detector's backbone once and the head on every box; every
 * tensor is disposed before it resolves.
 */
export class MaskHeadAdapter {
  readonly info = { id: MASK_HEAD_ID, task: 'instance-segmentation', title: 'Mask head on coco-ssd features (project-trained)' } as const;
  private net: MaskHeadNet | null = null;
  checkpoint: MaskCheckpointJson | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {}

  get loaded(): boolean {
    return this.net !== null;
  }

  async load(): Promise<void> {
    if (this.net) return;
    const { json, data } = await fetchCheckpointFiles<MaskCheckpointJson>(this.baseUrl, this.fetchFn);
    const net = createMaskHead(1);
    try {
      applyMaskHead(net, json, data);
      const warm = tf.tidy(() => net.forward(tf.zeros([1, ROI_SIDE, ROI_SIDE, MASK_IN_CHANNELS]), tf.zeros([1, MASK_SIDE, MASK_SIDE, 3])));
      await warm.data();
      warm.dispose();
    } catch (e) {
      net.dispose();
      throw e;
    }
    this.net = net;
    this.checkpoint = json;
  }

  /** Take an already-built head (tests, a freshly trained one); the adapter then owns it. */
  adopt(net: MaskHeadNet): void {
    this.net?.dispose();
    this.net = net;
  }

  /** The head on precomputed inputs → σ probabilities [n·28·28]. */
  async predict(inputs: HeadInputs): Promise<Float32Array> {
    const net = this.requireNet();
    const p = tf.tidy(() => tf.sigmoid(net.forward(inputs.features, inputs.rgb)));
    try {
      return await p.data<'float32'>();
    } finally {
      p.dispose();
    }
  }

  async runBoxes(detector: BackboneSource, input: PixelInput, boxes: readonly (Box<'image'> | RoiBox)[], options: MaskHeadRunOptions = {}): Promise<MaskHeadRaw> {
    const net = this.requireNet();
    const image = pixelsToTensor(input);
    const size: Size = { width: image.shape[1], height: image.shape[0] };
    let maps: [tf.Tensor4D, tf.Tensor4D] | null = null;
    let inputs: HeadInputs | null = null;
    try {
      maps = await backboneMaps(detector.graphModel, image);
      const mapSides = [maps[0].shape[1], maps[1].shape[1]] as const;
      if (boxes.length === 0) return { probs: new Float32Array(0), count: 0, mapSides };
      const k = options.imageSize ? { x: size.width / options.imageSize.width, y: size.height / options.imageSize.height } : null;
      const rois: readonly RoiBox[] = k ? boxes.map((b) => ({ x1: b.x1 * k.x, y1: b.y1 * k.y, x2: b.x2 * k.x, y2: b.y2 * k.y })) : boxes;
      inputs = headInputs(maps, image, rois, size);
      const probsT = tf.tidy(() => tf.sigmoid(net.forward(inputs!.features, inputs!.rgb)));
      const explain = options.explain;
      const alignedT = explain !== undefined && explain >= 0 && explain < boxes.length ? tf.tidy(() => inputs!.features.slice([explain, 0, 0, 0], [1, -1, -1, -1])) : null;
      try {
        const [probs, aligned] = await Promise.all([probsT.data<'float32'>(), alignedT ? alignedT.data<'float32'>() : Promise.resolve(undefined)]);
        return { probs, count: boxes.length, mapSides, ...(aligned ? { aligned } : {}) };
      } finally {
        probsT.dispose();
        alignedT?.dispose();
      }
    } finally {
      image.dispose();
      if (maps) tf.dispose(maps);
      if (inputs) tf.dispose([inputs.features, inputs.rgb]);
    }
  }

  private requireNet(): MaskHeadNet {
    if (!this.net) throw new Error(`${MASK_HEAD_ID}: call load() first`);
    return this.net;
  }

  dispose(): void {
    this.net?.dispose();
    this.net = null;
  }
}

/** One box's 28×28 probabilities out of a run. */
export function boxProbs(raw: MaskHeadRaw, i: number): Float32Array {
  const n = MASK_SIDE * MASK_SIDE;
  return raw.probs.subarray(i * n, (i + 1) * n);
}
