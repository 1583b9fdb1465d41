/**
 * COCO-SSD (SSDLite MobileNetV2, the weights of @tensorflow-models/coco-ssd) with the project's own
 * post-processing: per-class or class-agnostic NMS from src/core on the graph's raw outputs, and the
 * package's own `detect()` available as the reference.
 */
import * as tf from '@tensorflow/tfjs';
import * as cocoSsd from '@tensorflow-models/coco-ssd';
import type { Box, Size } from '../core/geometry';
import { modelFromXYWH, normalizedFromXyxyRow, normalizedToImageClipped, pixelsToNormalized, yxyxToXyxy } from '../core/coords';
import { nonMaxSuppression, type NmsOptions } from '../core/nms';
import { cocoName, COCO_CATEGORIES, ssdColumnToCocoId } from '../core/cocoClasses';
import { inputSizeOf, loadErrorKind, timedDecode, timedRun } from './adapterUtils';
import { ModelLoadError, type ModelAdapter, type PixelInput, type Timings } from './types';

export const COCO_SSD_ID = 'coco-ssd-lite_mobilenet_v2';

export interface SsdRaw {
  readonly numBoxes: number;
  readonly numClasses: number;
  /** [numBoxes, numClasses] sigmoid scores; column k is COCO id k + 1. */
  readonly scores: Float32Array;
  /** [numBoxes, 4] decoded boxes as the graph gives them: ymin, xmin, ymax, xmax, normalized. */
  readonly boxes: Float32Array;
  /** Size of the pixels that were fed (the working copy, maybe downscaled). */
  readonly inputSize: Size;
}

export interface Detection {
  readonly box: Box<'image'>;
  readonly score: number;
  /** Official COCO category id. */
  readonly categoryId: number;
  /** English COCO name (translated for display by the UI). */
  readonly label: string;
  /** Prior (anchor) index the detection came from; -1 for the package's reference output. */
  readonly anchor: number;
}

export type PostProcessing = 'project' | 'package';

export interface DetectOptions extends NmsOptions {
  /** Original image size: results are expressed in its pixels. Defaults to the input size. */
  readonly imageSize?: Size;
}

export const DEFAULT_DETECT_OPTIONS: NmsOptions = {
  scoreThreshold: 0.5,
  iouThreshold: 0.5,
  maxDetections: 20,
  classAgnostic: false,
};

/** The graph as the package loads it: `model` is private in its typings but is a plain GraphModel. */
interface PackageInternals {
  readonly model: tf.GraphModel;
}


export class CocoSsdAdapter implements ModelAdapter<SsdRaw, Detection[], DetectOptions> {
  readonly info = { id: COCO_SSD_ID, task: 'detection', title: 'COCO-SSD (SSDLite MobileNetV2)' } as const;
  private detector: cocoSsd.ObjectDetection | null = null;

  constructor(private readonly modelUrl: string) {}

  get loaded(): boolean {
    return this.detector !== null;
  }

  async load(): Promise<void> {
    if (this.detector) return;
    try {
      // The package loads the graph from modelUrl and warms it up (one run on zeros).
      this.detector = await cocoSsd.load({ base: 'lite_mobilenet_v2', modelUrl: this.modelUrl });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new ModelLoadError(loadErrorKind(msg), this.modelUrl, msg);
    }
  }

  /** The underlying graph, for views that read internal nodes (e.g. the SSD X-ray). */
  get graphModel(): tf.GraphModel {
    if (!this.detector) throw new Error('CocoSsdAdapter: call load() first');
    return (this.detector as unknown as PackageInternals).model;
  }

  async runRaw(input: PixelInput): Promise<SsdRaw> {
    const graph = this.graphModel;
    const inputSize = inputSizeOf(input);
    const batch = tf.tidy(() => {
      const t = input instanceof tf.Tensor ? input : tf.browser.fromPixels(input);
      return (t.dtype === 'int32' ? t : tf.cast(t, 'int32')).expandDims(0);
    });
    let outputs: tf.Tensor[] = [];
    try {
      outputs = (await graph.executeAsync(batch)) as tf.Tensor[];
      const [scoresT, boxesT] = outputs;
      if (!scoresT || !boxesT) throw new Error('coco-ssd graph returned fewer than 2 outputs');
      const [scores, boxes] = await Promise.all([scoresT.data<'float32'>(), boxesT.data<'float32'>()]);
      return { numBoxes: scoresT.shape[1]!, numClasses: scoresT.shape[2]!, scores, boxes, inputSize };
    } finally {
      batch.dispose();
      tf.dispose(outputs);
    }
  }

  decode(raw: SsdRaw, options: DetectOptions): Detection[] {
    const imageSize = options.imageSize ?? raw.inputSize;
    const res = nonMaxSuppression(yxyxToXyxy(raw.boxes), raw.scores, raw.numBoxes, raw.numClasses, options);
    const out: Detection[] = [];
    for (let j = 0; j < res.count; j++) {
      const categoryId = ssdColumnToCocoId(res.classes[j]!);
      const label = cocoName(categoryId);
      if (label === undefined) continue; // unused id of the 90-id map
      const n = normalizedFromXyxyRow(res.boxes, j);
      out.push({ box: normalizedToImageClipped(n, imageSize), score: res.scores[j]!, categoryId, label, anchor: res.sources[j]! });
    }
    return out;
  }

  /** `decode` with its duration, for the UI's latency read-out. */
  decodeTimed(raw: SsdRaw, options: DetectOptions): { result: Detection[]; decodeMs: number } {
    return timedDecode(this, raw, options);
  }

  run(input: PixelInput, options: DetectOptions): Promise<{ raw: SsdRaw; result: Detection[]; timings: Timings }> {
    return timedRun(this, input, options);
  }

  /** The package's own detect() (class-agnostic NMS with IoU threshold = minScore), for comparison. */
  async detectWithPackage(
    input: PixelInput,
    maxDetections: number,
    minScore: number,
    imageSize?: Size,
  ): Promise<{ result: Detection[]; timings: Timings }> {
    if (!this.detector) throw new Error('CocoSsdAdapter: call load() first');
    const t0 = performance.now();
    const objs = await this.detector.detect(input, maxDetections, minScore);
    const inSize = inputSizeOf(input);
    const size = imageSize ?? inSize;
    const result = objs.map((o): Detection => {
      const categoryId = COCO_CATEGORIES.find(([, name]) => name === o.class)?.[0] ?? 0;
      const n = pixelsToNormalized(modelFromXYWH(o.bbox), inSize);
      return { box: normalizedToImageClipped(n, size), score: o.score, categoryId, label: o.class, anchor: -1 };
    });
    return { result, timings: { inferMs: performance.now() - t0, decodeMs: 0 } };
  }

  dispose(): void {
    this.detector?.dispose();
    this.detector = null;
  }
}

