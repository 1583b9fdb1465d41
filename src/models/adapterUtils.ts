/** Pieces every adapter shares: input size, load-error classification, timed run and decode. */
import * as tf from '@tensorflow/tfjs';
import type { Size } from '../core/geometry';
import type { ModelLoadError, PixelInput, Timings } from './types';

export function inputSizeOf(input: PixelInput): Size {
  if (typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement) {
    return { width: input.videoWidth, height: input.videoHeight };
  }
  if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement) {
    return { width: input.naturalWidth, height: input.naturalHeight };
  }
  return { width: input.width, height: input.height };
}

export type DomPixels = ImageData | HTMLImageElement | HTMLCanvasElement | HTMLVideoElement;

/** A DOM image or an `ImageData` (what `tf.browser.fromPixels` reads directly). */
export function isDomPixels(input: PixelInput): input is DomPixels {
  return (
    (typeof HTMLElement !== 'undefined' && input instanceof HTMLElement) ||
    (typeof ImageData !== 'undefined' && input instanceof ImageData)
  );
}

/**
 * The pixels as an int32 tensor [h, w, 3] (0..255), as `tf.browser.fromPixels` gives: DOM images go
 * through it; plain RGBA arrays (Node, workers) are copied. The caller disposes the tensor.
 */
export function pixelsToTensor(input: PixelInput): tf.Tensor3D {
  if (isDomPixels(input)) return tf.browser.fromPixels(input);
  const { width, height, data } = input;
  if (data.length !== width * height * 4) throw new RangeError(`pixels: ${data.length} bytes, expected ${width}×${height}×4`);
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgb[i] = data[j]!;
    rgb[i + 1] = data[j + 1]!;
    rgb[i + 2] = data[j + 2]!;
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

/** Maps a loader's error text to the kind the UI explains. */
export function loadErrorKind(msg: string): ModelLoadError['kind'] {
  return /404|not found|ENOENT|Failed to fetch|fetch failed/i.test(msg)
    ? 'missing'
    : /shape|byte|weights|JSON|Unexpected|Based on the provided shape/i.test(msg)
      ? 'corrupt'
      : 'other';
}

interface RawAndDecode<Raw, Result, Options> {
  runRaw(input: PixelInput): Promise<Raw>;
  decode(raw: Raw, options: Options): Result;
}

/** `decode` with its duration, for latency read-outs. */
export function timedDecode<Raw, Result, Options>(
  a: RawAndDecode<Raw, Result, Options>,
  raw: Raw,
  options: Options,
): { result: Result; decodeMs: number } {
  const t0 = performance.now();
  const result = a.decode(raw, options);
  return { result, decodeMs: performance.now() - t0 };
}

/** `runRaw` then `decode`, timing each. */
export async function timedRun<Raw, Result, Options>(
  a: RawAndDecode<Raw, Result, Options>,
  input: PixelInput,
  options: Options,
): Promise<{ raw: Raw; result: Result; timings: Timings }> {
  const t0 = performance.now();
  const raw = await a.runRaw(input);
  const t1 = performance.now();
  const result = a.decode(raw, options);
  return { raw, result, timings: { inferMs: t1 - t0, decodeMs: performance.now() - t1 } };
}
