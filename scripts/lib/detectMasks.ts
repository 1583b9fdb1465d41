/**
 * The mask step of `npm run detect -- --masks`: one COCO RLE `segmentation` per detection, by the
 * filled box, GrabCut initialised by the box (classic), or the learned mask head (learned).
 */
import { rleToString } from '../../src/core/eval/mask';
import type { Rle } from '../../src/core/eval/types';
import type { Size } from '../../src/core/geometry';
import { cropMaskToRle } from '../../src/core/instance/rle';
import { boxMaskRle, classicPipelineMask, ellipseMaskRle, MASK_METHODS, type MaskMethod } from '../../src/core/instance/pipelines';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pasteMask } from '../../src/core/instance/paste';
import type { CocoSsdAdapter, Detection } from '../../src/models/cocoSsd';
import type { RgbaPixels } from '../../src/models/types';
import { REPO_ROOT } from './nodeTf';
import type { DecodedImage } from './nodeTf';

export { MASK_METHODS, type MaskMethod };

export interface RleJson {
  readonly size: [number, number];
  readonly counts: string;
}

export function rleJson(r: Rle): RleJson {
  return { size: [r.h, r.w], counts: rleToString(r) };
}

/** Masks of `dets` (in the pixels of `img`) by a pure pipeline: 'box', 'ellipse' or 'classic'. */
export function pureMasks(method: 'box' | 'ellipse' | 'classic', dets: readonly Detection[], img: DecodedImage): RleJson[] {
  const size: Size = { width: img.width, height: img.height };
  const rgba = { width: img.width, height: img.height, data: img.rgba };
  return dets.map((d) => {
    if (method === 'box') return rleJson(boxMaskRle(d.box, size));
    if (method === 'ellipse') return rleJson(ellipseMaskRle(d.box, size));
    return rleJson(cropMaskToRle(classicPipelineMask(rgba, d.box, size).mask, size));
  });
}

export interface LearnedMasks {
  /** Masks of `dets` (boxes in the pixels of `img`): the head's 28×28 probabilities pasted into each box. */
  masks(dets: readonly Detection[], img: RgbaPixels): Promise<RleJson[]>;
  dispose(): void;
}

export const MASK_HEAD_DIR = path.join(REPO_ROOT, 'public', 'checkpoints', 'mask-head');

/** `fetch` for file:// URLs (Node): what the adapter's loader needs in the CLI and the tests. */
export const fileFetch: typeof fetch = async (input) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    const b = await readFile(fileURLToPath(url));
    return new Response(b);
  } catch {
    return new Response('not found', { status: 404 });
  }
};

/** The learned head (public/checkpoints/mask-head, `npm run train:mask`) on the detector's backbone. */
export async function loadLearned(detector: CocoSsdAdapter, dir = MASK_HEAD_DIR): Promise<LearnedMasks> {
  if (!existsSync(path.join(dir, 'checkpoint.json'))) {
    throw new Error(`--mask-method learned: no mask head checkpoint in ${path.relative(process.cwd(), dir) || dir} (run npm run train:mask)`);
  }
  const { MaskHeadAdapter, boxProbs, MASK_SIDE } = await import('../../src/models/maskHead');
  const head = new MaskHeadAdapter(`${pathToFileURL(dir).href}/`, fileFetch);
  await head.load();
  return {
    masks: async (dets, img) => {
      const size: Size = { width: img.width, height: img.height };
      const raw = await head.runBoxes(detector, img, dets.map((d) => d.box));
      return dets.map((d, i) => rleJson(cropMaskToRle(pasteMask(boxProbs(raw, i), MASK_SIDE, MASK_SIDE, d.box, size), size)));
    },
    dispose: () => head.dispose(),
  };
}
