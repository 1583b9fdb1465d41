/**
 * Training samples of the mask head from a COCO instances file and its photos (Node): for every
 * non-crowd instance, its ground-truth box and `jitter` seeded jittered copies (as a detector's
 * boxes are: shifted, too large or too small) → the head's inputs (RoI Align of the two backbone
 * maps, the box's RGB) and the target (the instance's mask as the 28×28 grid of covered fractions
 * over that box, `maskToGrid`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { segmentationToRle } from '../../src/core/eval/mask';
import type { Segmentation } from '../../src/core/eval/types';
import { imageBox } from '../../src/core/coords';
import { maskToGrid } from '../../src/core/instance/paste';
import { rleToCropMask } from '../../src/core/instance/rle';
import { mulberry32 } from '../../src/core/random';
import type { RoiBox } from '../../src/core/roi';
import { backboneMaps, headInputs } from '../../src/models/maskHead';
import { FEAT_LEN, RGB_LEN, TARGET_LEN, type MaskSamples } from '../../src/models/maskHeadTrain';
import { pixelsToTensor } from '../../src/models/adapterUtils';
import type { RgbaPixels } from '../../src/models/types';
import { loadImagePixels } from './nodeTf';

interface CocoFile {
  readonly images: readonly { id: number; file_name: string; width: number; height: number }[];
  readonly annotations: readonly { image_id: number; bbox: [number, number, number, number]; iscrowd?: number; segmentation: Segmentation }[];
}

export interface ExtractOptions {
  readonly annotations: string;
  readonly imagesDir: string;
  /** Image ids to use, in this order. */
  readonly imageIds: readonly number[];
  /** Jittered copies per instance (besides the ground-truth box). */
  readonly jitter: number;
  readonly seed: number;
  /** Instances whose box is smaller than this on either side (px) are skipped. */
  readonly minSide: number;
  readonly onImage?: (done: number, total: number) => void;
  /**
   * Mask R-CNN's positive RoIs: the detector's own boxes on the photo (the pipeline `npm run detect`
   * runs), each matched to the ground-truth instance it overlaps most (box IoU >= `matchIou`,
   * class-agnostic); the target is that instance's mask over the detector's box. At most `perGt`
   * detections per instance, highest score first (near-duplicates add little). Absent: ground-truth
   * boxes and jitter only.
   */
  readonly detector?: { readonly detect: (pixels: RgbaPixels) => Promise<readonly { box: RoiBox; score: number }[]>; readonly perGt: number; readonly matchIou: number };
}

export function readCoco(file: string): CocoFile {
  return JSON.parse(readFileSync(file, 'utf8')) as CocoFile;
}

/** A box like a detector's: centre shifted by up to ±`s`·size, sides scaled by e^{±s}, clipped. */
function boxIou(a: RoiBox, b: RoiBox): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Detections matched to instances: index of the instance per kept detection, ≤ perGt per instance, by score. */
export function matchDetections(dets: readonly { box: RoiBox; score: number }[], gts: readonly RoiBox[], matchIou: number, perGt: number): { det: number; gt: number }[] {
  const order = dets.map((_, i) => i).sort((a, b) => dets[b]!.score - dets[a]!.score || a - b);
  const used = new Array<number>(gts.length).fill(0);
  const out: { det: number; gt: number }[] = [];
  for (const i of order) {
    let best = -1, bestIou = matchIou;
    gts.forEach((g, k) => {
      const v = boxIou(dets[i]!.box, g);
      if (v >= bestIou) {
        bestIou = v;
        best = k;
      }
    });
    if (best >= 0 && used[best]! < perGt) {
      used[best]!++;
      out.push({ det: i, gt: best });
    }
  }
  return out;
}

function jitterBox(b: RoiBox, rand: () => number, W: number, H: number, s = 0.12): RoiBox {
  const w = b.x2 - b.x1, h = b.y2 - b.y1;
  const cx = (b.x1 + b.x2) / 2 + (rand() * 2 - 1) * s * w;
  const cy = (b.y1 + b.y2) / 2 + (rand() * 2 - 1) * s * h;
  const nw = w * Math.exp((rand() * 2 - 1) * s * 1.5), nh = h * Math.exp((rand() * 2 - 1) * s * 1.5);
  return {
    x1: Math.max(0, cx - nw / 2), y1: Math.max(0, cy - nh / 2),
    x2: Math.min(W, cx + nw / 2), y2: Math.min(H, cy + nh / 2),
  };
}

export async function extractSamples(graph: tf.GraphModel, o: ExtractOptions): Promise<MaskSamples> {
  const coco = readCoco(o.annotations);
  const byImage = new Map<number, CocoFile['annotations'][number][]>();
  for (const a of coco.annotations) {
    if (a.iscrowd) continue;
    if (a.bbox[2] < o.minSide || a.bbox[3] < o.minSide) continue;
    const list = byImage.get(a.image_id) ?? [];
    list.push(a);
    byImage.set(a.image_id, list);
  }
  const imgs = new Map(coco.images.map((i) => [i.id, i]));
  const rand = mulberry32(o.seed);
  const feats: Float32Array[] = [], rgbs: Float32Array[] = [], tgts: Float32Array[] = [];
  let count = 0;
  let done = 0;
  for (const id of o.imageIds) {
    const info = imgs.get(id);
    const anns = byImage.get(id) ?? [];
    done++;
    if (!info || anns.length === 0) continue;
    const pixels = await loadImagePixels(path.join(o.imagesDir, info.file_name));
    const W = pixels.width, H = pixels.height;
    const boxes: RoiBox[] = [];
    const targets: Float32Array[] = [];
    const gtBoxes: RoiBox[] = [];
    const masks = anns.map((a) => rleToCropMask(segmentationToRle(a.segmentation, H, W)));
    anns.forEach((a, k) => {
      const gt = { x1: a.bbox[0], y1: a.bbox[1], x2: a.bbox[0] + a.bbox[2], y2: a.bbox[1] + a.bbox[3] };
      gtBoxes.push(gt);
      const all = [gt];
      for (let j = 0; j < o.jitter; j++) all.push(jitterBox(gt, rand, W, H));
      for (const b of all) {
        if (b.x2 - b.x1 < 1 || b.y2 - b.y1 < 1) continue;
        boxes.push(b);
        targets.push(maskToGrid(masks[k]!, imageBox(b.x1, b.y1, b.x2, b.y2), 28));
      }
    });
    if (o.detector) {
      const dets = await o.detector.detect(pixels);
      for (const { det, gt } of matchDetections(dets, gtBoxes, o.detector.matchIou, o.detector.perGt)) {
        const b = dets[det]!.box;
        if (b.x2 - b.x1 < 1 || b.y2 - b.y1 < 1) continue;
        boxes.push(b);
        targets.push(maskToGrid(masks[gt]!, imageBox(b.x1, b.y1, b.x2, b.y2), 28));
      }
    }
    const image = pixelsToTensor(pixels);
    const maps = await backboneMaps(graph, image);
    const inputs = headInputs(maps, image, boxes, { width: W, height: H });
    const [f, r] = await Promise.all([inputs.features.data<'float32'>(), inputs.rgb.data<'float32'>()]);
    tf.dispose([image, ...maps, inputs.features, inputs.rgb]);
    feats.push(f);
    rgbs.push(r);
    for (const t of targets) tgts.push(t);
    count += boxes.length;
    o.onImage?.(done, o.imageIds.length);
  }
  const features = new Float32Array(count * FEAT_LEN);
  const rgb = new Float32Array(count * RGB_LEN);
  const targets = new Float32Array(count * TARGET_LEN);
  let p = 0;
  for (const f of feats) {
    features.set(f, p);
    p += f.length;
  }
  p = 0;
  for (const r of rgbs) {
    rgb.set(r, p);
    p += r.length;
  }
  tgts.forEach((t, i) => targets.set(t, i * TARGET_LEN));
  return { count, features, rgb, targets };
}

/** Samples cached under `dir/key.*` (raw little-endian float32), so a rerun skips the backbone. */
export function loadCached(dir: string, key: string): MaskSamples | null {
  const meta = path.join(dir, `${key}.json`);
  if (!existsSync(meta)) return null;
  const { count } = JSON.parse(readFileSync(meta, 'utf8')) as { count: number };
  const read = (name: string, len: number): Float32Array | null => {
    const f = path.join(dir, `${key}.${name}.f32`);
    if (!existsSync(f)) return null;
    const b = readFileSync(f);
    if (b.byteLength !== count * len * 4) return null;
    const out = new Float32Array(count * len);
    new Uint8Array(out.buffer).set(b);
    return out;
  };
  const features = read('features', FEAT_LEN), rgb = read('rgb', RGB_LEN), targets = read('targets', TARGET_LEN);
  return features && rgb && targets ? { count, features, rgb, targets } : null;
}

export function saveCached(dir: string, key: string, s: MaskSamples): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, a: Float32Array) => writeFileSync(path.join(dir, `${key}.${name}.f32`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  write('features', s.features);
  write('rgb', s.rgb);
  write('targets', s.targets);
  writeFileSync(path.join(dir, `${key}.json`), JSON.stringify({ count: s.count }));
}
