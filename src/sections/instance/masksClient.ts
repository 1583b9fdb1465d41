/**
 * The mask worker, started on first use and kept for the page's lifetime; if it cannot start, the same
 * code runs on the main thread. One request at a time is the caller's job (the page keeps one in flight).
 */
import { wrap, type Remote } from 'comlink';
import type { Size } from '../../core/geometry';
import type { RgbaImage } from '../../core/instance/image';
import type { CheckedMask } from '../../core/instance/pipelines';
import type { MasksWorkerApi } from './masks.worker';

let worker: Worker | undefined;
let remote: Remote<MasksWorkerApi> | undefined;
let broken = false;

type Boxes = readonly (readonly [number, number, number, number])[];

function viaWorker(image: RgbaImage, boxes: Boxes, size: Size): Promise<CheckedMask[]> {
  if (!worker || !remote) {
    worker = new Worker(new URL('./masks.worker.ts', import.meta.url), { type: 'module' });
    remote = wrap<MasksWorkerApi>(worker);
  }
  const w = worker;
  const r = remote;
  return new Promise<CheckedMask[]>((resolve, reject) => {
    const onError = (e: ErrorEvent) => {
      w.terminate();
      if (worker === w) {
        worker = undefined;
        remote = undefined;
      }
      reject(new WorkerStartError(e.message || 'the mask worker failed to start'));
    };
    w.addEventListener('error', onError, { once: true });
    // copied, not transferred: if the worker fails to start, the main thread still has the pixels
    (r.classic(image, boxes, size) as Promise<CheckedMask[]>).then(resolve, reject).finally(() => w.removeEventListener('error', onError));
  });
}

class WorkerStartError extends Error {}

/** GrabCut masks of `boxes` (pixels of `size`); `image` may be a downscaled copy of the original. */
export async function classicMasks(image: RgbaImage, boxes: Boxes, size: Size): Promise<CheckedMask[]> {
  if (!broken && typeof Worker !== 'undefined') {
    try {
      return await viaWorker(image, boxes, size);
    } catch (e) {
      if (!(e instanceof WorkerStartError)) throw e;
      broken = true;
    }
  }
  const { classicPipelineMask } = await import('../../core/instance/pipelines');
  const { imageBox } = await import('../../core/coords');
  return boxes.map(([x1, y1, x2, y2]) => classicPipelineMask(image, imageBox(x1, y1, x2, y2), size));
}
