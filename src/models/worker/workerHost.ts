/**
 * Worker-side plumbing shared by model workers (the segmentation and coco-ssd workers): a
 * transferred frame read into pixels on an OffscreenCanvas, the WebGL context-loss report to the page,
 * and typed arrays made transferable without copying when they own their buffer.
 */
import { watchWebglContext } from '../backend';
import type { RgbaPixels } from '../types';
import { CONTEXT_LOST_MESSAGE, type ContextLostMessage } from './messages';

/**
 * A camera frame handed over as it is (a `VideoFrame`, transferred: no pixel is copied or converted on
 * the page), with the size the worker scales it to as it reads it.
 */
export interface SizedVideoFrame {
  readonly videoFrame: VideoFrame;
  readonly width: number;
  readonly height: number;
}

/** A frame as sent to a worker: a transferred bitmap or video frame, or plain RGBA pixels. */
export type WorkerFrame = ImageBitmap | SizedVideoFrame | RgbaPixels;

const isBitmap = (f: WorkerFrame): f is ImageBitmap => typeof ImageBitmap !== 'undefined' && f instanceof ImageBitmap;
export const isSizedVideoFrame = (f: WorkerFrame): f is SizedVideoFrame => 'videoFrame' in f;

/** Reads frames into `ImageData` on one reused OffscreenCanvas; a bitmap is closed once read. */
export class FrameReader {
  private canvas: OffscreenCanvas | null = null;

  read(frame: WorkerFrame): ImageData | RgbaPixels {
    const video = isSizedVideoFrame(frame);
    if (!video && !isBitmap(frame)) return frame;
    const source = video ? frame.videoFrame : frame;
    const { width, height } = frame;
    if (!this.canvas || this.canvas.width !== width || this.canvas.height !== height) this.canvas = new OffscreenCanvas(width, height);
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) {
      source.close();
      throw new Error('OffscreenCanvas 2d context unavailable in the worker');
    }
    try {
      // A video frame is scaled to the requested size here (the camera's YUV converted on this thread).
      ctx.drawImage(source, 0, 0, width, height);
    } finally {
      source.close();
    }
    return ctx.getImageData(0, 0, width, height);
  }
}

/**
 * Watches the worker's WebGL backend (if that is what runs) and posts `cvl:webgl-context-lost` to the
 * page when its context is lost; the previous watch is dropped. Returns the unwatch.
 */
export function reportContextLoss(post: (m: ContextLostMessage) => void = (m) => self.postMessage(m)): () => void {
  return watchWebglContext(() => post({ type: CONTEXT_LOST_MESSAGE }));
}

/** `a` itself when it spans its whole buffer (transfer it as is), else a copy that does. */
export function ownBuffer<T extends Float32Array | Int32Array | Uint8Array>(a: T): T {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as T);
}
