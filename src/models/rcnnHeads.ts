/**
 * The project's trained R-CNN / Fast R-CNN heads (`npm run train:rcnn`, committed in
 * public/checkpoints/rcnn/): checkpoint format (heads.json + heads.bin, float16), loading from a URL,
 * and the two pipelines on one photo with every stage timed:
 * - R-CNN: each proposal warped and run through the backbone alone → features → per-class logistic;
 * - Fast R-CNN: the backbone once → RoI Align (or RoI Pool) of all proposals → softmax head;
 * then class-specific box regression and per-class NMS (`core/roi/heads`).
 */
import * as tf from '@tensorflow/tfjs';
import { binMean, classify, fromFloat16, postprocess, toFloat16, type Box4, type HeadDetection, type HeadLoss, type LinearHead, type SampleOptions } from '../core/roi/heads';
import { pixelsToTensor } from './adapterUtils';
import type { PixelInput } from './types';
import { CHANNELS, featureMap, FEATURE_DIM, POOL_BINS, pooledFeatures, toModelRois, warpedFeatures, type PoolKind } from './rcnnFeatures';

export const HEAD_IDS = ['rcnn', 'fast-align', 'fast-pool'] as const;
export type HeadId = (typeof HEAD_IDS)[number];
export const RCNN_CHECKPOINT_ID = 'rcnn-heads';

export interface HeadsCheckpoint {
  readonly backboneNode: string;
  readonly poolBins: number;
  readonly channels: number;
  readonly rcnnCrop: number;
  /** COCO category id of foreground column c (index c − 1). */
  readonly classes: readonly number[];
  readonly training: {
    readonly command: string;
    readonly seed: number;
    readonly epochs: number;
    readonly data: string;
    readonly images: number;
    readonly rois: Record<HeadId, number>;
    readonly samples: SampleOptions;
    readonly regIou: number;
    readonly lambda: number;
    readonly extractSeconds: number;
    readonly totalSeconds: number;
    readonly losses: Record<HeadId, number[]>;
  };
}

interface Slice {
  readonly offset: number;
  readonly length: number;
}

interface HeadJson {
  readonly loss: HeadLoss;
  readonly featureDim: number;
  readonly numClasses: number;
  readonly featureScale: number;
  readonly regDim: number;
  readonly clsW: Slice;
  readonly clsB: Slice;
  readonly regW: Slice;
}

export interface HeadsJson extends HeadsCheckpoint {
  readonly format: 'cv-lecture-companion/rcnn-heads@1';
  readonly dtype: 'float16';
  readonly heads: Record<HeadId, HeadJson>;
}

export function encodeHeads(ckpt: HeadsCheckpoint, heads: Record<HeadId, LinearHead>): { json: HeadsJson; bin: Uint8Array } {
  const parts: Uint16Array[] = [];
  let offset = 0;
  const put = (a: Float32Array): Slice => {
    const h = toFloat16(a);
    parts.push(h);
    const s = { offset, length: a.length };
    offset += a.length;
    return s;
  };
  const out = {} as Record<HeadId, HeadJson>;
  for (const id of HEAD_IDS) {
    const h = heads[id];
    out[id] = { loss: h.loss, featureDim: h.featureDim, numClasses: h.numClasses, featureScale: h.featureScale, regDim: h.regDim, clsW: put(h.clsW), clsB: put(h.clsB), regW: put(h.regW) };
  }
  const all = new Uint16Array(offset);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return { json: { format: 'cv-lecture-companion/rcnn-heads@1', dtype: 'float16', ...ckpt, heads: out }, bin: new Uint8Array(all.buffer) };
}

export function decodeHeads(json: unknown, bin: Uint8Array): { heads: Record<HeadId, LinearHead>; checkpoint: HeadsJson } {
  const j = json as HeadsJson;
  if (!j || j.format !== 'cv-lecture-companion/rcnn-heads@1') throw new Error('heads.json: not an R-CNN heads checkpoint');
  if (bin.byteLength % 2) throw new Error('heads.bin: odd byte length');
  const all = new Uint16Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const take = (s: Slice, name: string): Float32Array => {
    if (s.offset + s.length > all.length) throw new Error(`heads.bin: ${name} beyond the end of the file (${all.length} values)`);
    return fromFloat16(all.subarray(s.offset, s.offset + s.length));
  };
  const heads = {} as Record<HeadId, LinearHead>;
  for (const id of HEAD_IDS) {
    const h = j.heads[id];
    if (!h) throw new Error(`heads.json: head ${id} missing`);
    heads[id] = { loss: h.loss, featureDim: h.featureDim, numClasses: h.numClasses, featureScale: h.featureScale, regDim: h.regDim, clsW: take(h.clsW, `${id}.clsW`), clsB: take(h.clsB, `${id}.clsB`), regW: take(h.regW, `${id}.regW`) };
    if (heads[id].clsW.length !== h.featureDim * h.numClasses) throw new Error(`heads.json: ${id}.clsW has ${h.clsW.length} values`);
  }
  return { heads, checkpoint: j };
}

/** Fetch heads.json + heads.bin from a folder URL (ending in '/'). */
export async function loadHeads(folderUrl: string, fetchFn: typeof fetch = fetch): Promise<{ heads: Record<HeadId, LinearHead>; checkpoint: HeadsJson }> {
  const [j, b] = await Promise.all([fetchFn(`${folderUrl}heads.json`), fetchFn(`${folderUrl}heads.bin`)]);
  if (!j.ok || !b.ok) throw new Error(`R-CNN heads not found at ${folderUrl} (${j.status}/${b.status})`);
  return decodeHeads(await j.json(), new Uint8Array(await b.arrayBuffer()));
}

export interface StageTimes {
  readonly backboneMs: number;
  readonly poolMs: number;
  readonly headMs: number;
  readonly nmsMs: number;
  /** R-CNN: regions warped and run. */
  readonly crops: number;
}

export interface PipelineResult {
  readonly probs: Float32Array;
  /** Detections before NMS would be every proposal's best class; after NMS: */
  readonly detections: HeadDetection[];
  readonly times: StageTimes;
}

export interface PipelineOptions {
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  readonly maxDetections: number;
  readonly regress: boolean;
}

function finish(head: LinearHead, feats: Float32Array, boxes: readonly Box4[], w: number, h: number, o: PipelineOptions, times: { backboneMs: number; poolMs: number; crops: number }): PipelineResult {
  const t0 = performance.now();
  const probs = classify(head, feats, boxes.length);
  const t1 = performance.now();
  const reg = binMean(feats, boxes.length, POOL_BINS * POOL_BINS, CHANNELS);
  const detections = postprocess(head, boxes, probs, reg, { ...o, imageWidth: w, imageHeight: h });
  const t2 = performance.now();
  return { probs, detections, times: { ...times, headMs: t1 - t0, nmsMs: t2 - t1 } };
}

/** Fast R-CNN on one photo (`image` int32 [h, w, 3]); boxes in image pixels. */
export async function runFastRcnnHeads(graph: tf.GraphModel, head: LinearHead, image: tf.Tensor3D, boxes: readonly Box4[], kind: PoolKind, o: PipelineOptions): Promise<PipelineResult> {
  const [h, w] = image.shape;
  const t0 = performance.now();
  const fmap = await featureMap(graph, image);
  let feats: Float32Array;
  let t1: number;
  try {
    await fmap.data();
    t1 = performance.now();
    feats = boxes.length ? await pooledFeatures(fmap, toModelRois(boxes, w, h), kind) : new Float32Array(0);
  } finally {
    fmap.dispose();
  }
  const t2 = performance.now();
  return finish(head, feats, boxes, w, h, o, { backboneMs: t1 - t0, poolMs: t2 - t1, crops: 0 });
}

/** R-CNN on one photo: every box warped and run through the backbone (`onBatch` reports progress). */
export async function runRcnnHeads(graph: tf.GraphModel, head: LinearHead, image: tf.Tensor3D, boxes: readonly Box4[], o: PipelineOptions, onBatch?: (done: number) => Promise<void> | void): Promise<PipelineResult> {
  const [h, w] = image.shape;
  const t0 = performance.now();
  const feats = boxes.length ? await warpedFeatures(graph, image, boxes, 16, onBatch) : new Float32Array(0);
  const t1 = performance.now();
  return finish(head, feats, boxes, w, h, o, { backboneMs: t1 - t0, poolMs: 0, crops: boxes.length });
}

/** The checkpoint as a registry model (`runtime.load('rcnn')` verifies its files first). */
export class RcnnHeadsModel {
  private loadedHeads: { heads: Record<HeadId, LinearHead>; checkpoint: HeadsJson } | null = null;
  constructor(private readonly folderUrl: string) {}
  async load(): Promise<void> {
    this.loadedHeads = await loadHeads(this.folderUrl);
  }
  get heads(): Record<HeadId, LinearHead> {
    if (!this.loadedHeads) throw new Error('R-CNN heads not loaded');
    return this.loadedHeads.heads;
  }
  get checkpoint(): HeadsJson {
    if (!this.loadedHeads) throw new Error('R-CNN heads not loaded');
    return this.loadedHeads.checkpoint;
  }
  dispose(): void {
    this.loadedHeads = null;
  }
}

export type Pipeline = 'rcnn' | 'fast-align' | 'fast-pool';

/** One pipeline on a photo given as pixels (the page's entry point); the tensor is disposed here. */
export async function detectWithHeads(
  graph: tf.GraphModel,
  heads: Record<HeadId, LinearHead>,
  pixels: PixelInput,
  boxes: readonly Box4[],
  pipeline: Pipeline,
  o: PipelineOptions,
  onBatch?: (done: number) => Promise<void> | void,
): Promise<PipelineResult> {
  const image = pixelsToTensor(pixels);
  try {
    if (pipeline === 'rcnn') return await runRcnnHeads(graph, heads.rcnn, image, boxes, o, onBatch);
    return await runFastRcnnHeads(graph, heads[pipeline], image, boxes, pipeline === 'fast-align' ? 'align' : 'pool', o);
  } finally {
    image.dispose();
  }
}

export { FEATURE_DIM };
