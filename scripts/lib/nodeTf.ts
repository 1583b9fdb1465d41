/**
 * tfjs in Node without tfjs-node: the WASM backend, a `file://` model loader, and JPEG/PNG decoding
 * into int32 [h, w, 3] tensors. Used by the batch CLI, the benchmarks and the tests.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaPixels } from '../../src/models/types';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
export const MODELS_PUBLIC_DIR = path.join(REPO_ROOT, 'public', 'models');

let routerRegistered = false;

/** Lets `tf.loadGraphModel('file:///…/model.json')` (and coco-ssd's load) read local files. */
export function registerFileLoader(): void {
  if (routerRegistered) return;
  routerRegistered = true;
  const router = (url: string | string[]): tf.io.IOHandler | null => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const file = fileURLToPath(url);
    return {
      load: async () => {
        const json = JSON.parse(await readFile(file, 'utf8')) as tf.io.ModelJSON;
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const dir = path.dirname(file);
          const specs: tf.io.WeightsManifestEntry[] = [];
          const buffers: Buffer[] = [];
          for (const group of manifest) {
            specs.push(...group.weights);
            for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
          }
          const all = Buffer.concat(buffers);
          return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)];
        });
      },
    };
  };
  // tfjs's own routers return null for URLs they don't handle; its IORouter type omits that.
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}

export function modelFileUrl(id: string, file = 'model.json'): string {
  return pathToFileURL(path.join(MODELS_PUBLIC_DIR, id, file)).href;
}

export async function useWasm(): Promise<void> {
  registerFileLoader();
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error('the tfjs WASM backend failed to initialise');
  await tf.ready();
}

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major. */
  readonly rgba: Uint8Array;
}

/** Decode a JPEG or PNG buffer; throws an Error naming the problem for anything else. */
export function decodeImage(buf: Uint8Array): DecodedImage {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, rgba: img.data };
  }
  if (buf.length >= 8 && buf[0] === 0x89 && buf[1] === 0x50 && buf[2] === 0x4e && buf[3] === 0x47) {
    const png = PNG.sync.read(Buffer.from(buf));
    return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  throw new Error('not a JPEG or PNG file');
}

/** RGBA image → int32 tensor [h, w, 3], as tf.browser.fromPixels gives in the browser. */
export function imageToTensor(img: DecodedImage): tf.Tensor3D {
  if (img.width === 0 || img.height === 0) throw new Error('image has no pixels (0x0)');
  const n = img.width * img.height;
  const rgb = new Int32Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[3 * i] = img.rgba[4 * i]!;
    rgb[3 * i + 1] = img.rgba[4 * i + 1]!;
    rgb[3 * i + 2] = img.rgba[4 * i + 2]!;
  }
  return tf.tensor3d(rgb, [img.height, img.width, 3], 'int32');
}

/** The decoded RGBA image as the adapters' `PixelInput` (the ImageData shape; no tensor). */
export function imageToPixels(img: DecodedImage): RgbaPixels {
  if (img.width === 0 || img.height === 0) throw new Error('image has no pixels (0x0)');
  return { width: img.width, height: img.height, data: img.rgba };
}

export async function loadImagePixels(file: string): Promise<RgbaPixels> {
  return imageToPixels(decodeImage(await readFile(file)));
}

export async function loadImageTensor(file: string): Promise<tf.Tensor3D> {
  return imageToTensor(decodeImage(await readFile(file)));
}

/** An int32 [h, w, 3] tensor's pixels as RGBA (tests that build images as tensors). */
export function pixelsOf(t: tf.Tensor3D): RgbaPixels {
  const [height, width] = t.shape;
  const rgb = t.dataSync();
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    data[j] = rgb[i]!;
    data[j + 1] = rgb[i + 1]!;
    data[j + 2] = rgb[i + 2]!;
    data[j + 3] = 255;
  }
  return { width, height, data };
}
