/**
 * COCO-SSD (SSDLite MobileNetV2, the weights of @tensorflow-models/coco-ssd) with the project's own
 * post-processing: per-class or class-agnostic NMS from src/core on the graph's raw outputs, and the
 * package's own `detect()` available as the reference.
 */
import * as tf from '@tensorflow/tfjs';
import * as cocoSsd from '@tensorflow-models/coco-ssd';
import type { Box, Size } from '../core/geometry';
import { modelFromXYWH, normalizedToImageClipped, pixelsToNormalized } from '../core/coords';
import type { NmsOptions } from '../core/nms';
import { COCO_CATEGORIES } from '../core/cocoClasses';
import { AdapterBase } from './adapterBase';
import { inputSizeOf, isDomPixels, pixelsToTensor } from './adapterUtils';
import type { InstanceMask, PixelInput, Timings } from './types';
import { decodeSsd } from './ssdDecode';
import { fusingHandler, type FusionReport } from './graphFusion';
import { COCO_SSD_INPUT } from './cocoSsdInfo';
import { SSD_NODES } from './ssdInternals';

/** The preprocessor's output before normalisation: the batch resized to 300×300 (float32, 0–255). */
export const RESIZED_BATCH_NODE = 'Preprocessor/map/TensorArrayStack/TensorArrayGatherV3';

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
  /** Instance mask in image pixels (instance-segmentation models; COCO-SSD gives none). */
  readonly mask?: InstanceMask;
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


export class CocoSsdAdapter extends AdapterBase<cocoSsd.ObjectDetection, SsdRaw, Detection[], DetectOptions> {
  readonly info = { id: COCO_SSD_ID, task: 'detection', title: 'COCO-SSD (SSDLite MobileNetV2)' } as const;
  /** What `graphFusion` did to the graph on load (none for `graph: 'as-converted'`). */
  fusionReport: FusionReport | null = null;
  /** Whether a 300×300 input may skip the preprocessor (unknown until the first such frame). */
  private directInput: boolean | undefined;

  /**
   * `graph`: 'fused' (default) runs each convolution with its batch norm, bias and Relu6 as one kernel
   * (`graphFusion.ts`: same outputs up to float rounding, about 170 fewer kernels per frame);
   * 'as-converted' runs the graph exactly as the TF.js converter wrote it (the reference).
   */
  constructor(url: string, loadSource: string | tf.io.IOHandler = url, readonly graph: 'fused' | 'as-converted' = 'fused') {
    super(url, loadSource);
  }

  /**
   * The package loads the graph and warms it up itself (one run on zeros). Its `modelUrl` goes straight
   * to `tf.loadGraphModel`, which also takes an IOHandler: the verified bytes when the runtime has them.
   */
  protected open(): Promise<cocoSsd.ObjectDetection> {
    const src = this.loadSource;
    const handler = this.graph === 'as-converted' ? src : fusingHandler(typeof src === 'string' ? (tf.io.getLoadHandlers(src)[0] ?? tf.io.http(src)) : src, (r) => {
      this.fusionReport = r;
    });
    return cocoSsd.load({ base: 'lite_mobilenet_v2', modelUrl: handler as string });
  }

  protected warmUp(): Promise<void> {
    return Promise.resolve();
  }

  /** The underlying graph, for views that read internal nodes (e.g. the SSD X-ray). */
  get graphModel(): tf.GraphModel {
    return (this.handle as unknown as PackageInternals).model;
  }

  async runRaw(input: PixelInput): Promise<SsdRaw> {
    const graph = this.graphModel;
    const inputSize = inputSizeOf(input);
    const batch = tf.tidy(() => {
      const t = pixelsToTensor(input);
      return (t.dtype === 'int32' ? t : tf.cast(t, 'int32')).expandDims(0);
    });
    let outputs: tf.Tensor[] = [];
    try {
      // At the graph's own input size its resize is the identity: feed the resized batch node directly and run
      // the rest synchronously, without the preprocessor's while loop (same outputs, bit for bit; ~7 % less CPU).
      const direct = this.directInput !== false && inputSize.width === COCO_SSD_INPUT.width && inputSize.height === COCO_SSD_INPUT.height;
      if (direct) {
        const floats = tf.cast(batch, 'float32');
        try {
          outputs = graph.execute({ [RESIZED_BATCH_NODE]: floats }, [SSD_NODES.scores, SSD_NODES.boxes]) as tf.Tensor[];
          this.directInput = true;
        } catch (e) {
          if (this.directInput) throw e;
          this.directInput = false; // a graph without that node: the whole graph from now on
        } finally {
          floats.dispose();
        }
      }
      if (outputs.length === 0) outputs = (await graph.executeAsync(batch)) as tf.Tensor[];
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
    return decodeSsd(raw, options);
  }

  /** The package's own detect() (class-agnostic NMS with IoU threshold = minScore), for comparison. */
  async detectWithPackage(
    input: PixelInput,
    maxDetections: number,
    minScore: number,
    imageSize?: Size,
  ): Promise<{ result: Detection[]; timings: Timings }> {
    const detector = this.handle;
    const t0 = performance.now();
    const img = isDomPixels(input) ? input : pixelsToTensor(input);
    let objs: cocoSsd.DetectedObject[];
    try {
      objs = await detector.detect(img, maxDetections, minScore);
    } finally {
      if (!isDomPixels(input)) (img as tf.Tensor).dispose();
    }
    const inSize = inputSizeOf(input);
    const size = imageSize ?? inSize;
    const result = objs.map((o): Detection => {
      const categoryId = COCO_CATEGORIES.find(([, name]) => name === o.class)?.[0] ?? 0;
      const n = pixelsToNormalized(modelFromXYWH(o.bbox), inSize);
      return { box: normalizedToImageClipped(n, size), score: o.score, categoryId, label: o.class, anchor: -1 };
    });
    return { result, timings: { inferMs: performance.now() - t0, decodeMs: 0 } };
  }
}

