/** Pieces every adapter shares: input size, load-error classification, timed run and decode. */
import * as tf from '@tensorflow/tfjs';
import type { Size } from '../core/geometry';
import type { ModelLoadError, PixelInput, Timings } from './types';

export function inputSizeOf(input: PixelInput): Size {
  if (input instanceof tf.Tensor) return { width: input.shape[1], height: input.shape[0] };
  if (typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement) {
    return { width: input.videoWidth, height: input.videoHeight };
  }
  if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement) {
    return { width: input.naturalWidth, height: input.naturalHeight };
  }
  return { width: input.width, height: input.height };
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
