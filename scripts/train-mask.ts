/**
 * `npm run train:mask` — trains the class-agnostic mask head (src/models/maskHead.ts) on
 * ../shared/datasets/coco-mini-train (266 COCO photos with official polygons; never shipped) in Node
 * on the tfjs WASM backend, and writes
 *
 *   public/checkpoints/mask-head/checkpoint.json + weights.bin   (the head; provenance in `info`)
 *   public/checkpoints/mask-head/training.json                   (config, loss curve, held-out IoU)
 *
 * Samples: every non-crowd instance with both box sides ≥ 4 px, its ground-truth box plus --jitter
 * seeded jittered boxes; the features come from coco-ssd's backbone (the detector the page runs) and
 * are cached in .cache/mask/ (raw float32), so a rerun only trains. The images are split by a seeded
 * shuffle: --val images held out for the reported IoU, the rest train.
 *
 * Deterministic: seeded initialisation, shuffles and jitter, single-threaded WASM — the same command
 * writes the same bytes (compare the sha256 in models/manifest.json).
 *
 * Options: --steps N (300) --batch N (32) --lr X (0.002) --jitter N (1) --val N (26) --seed N (1)
 *          --data DIR (../shared/datasets/coco-mini-train) --out DIR (public/checkpoints/mask-head)
 *          --images N (train on the first N images of the shuffle; default all) --no-cache
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { REPO_ROOT, SHARED_DIR, modelFileUrl, useWasm as initWasm } from './lib/nodeTf';
import { extractSamples, loadCached, readCoco, saveCached } from './lib/maskData';
import { registerWasmTrainingKernels } from '../src/models/train/wasmKernels';
import { MASK_CHECKPOINT_BIN, MASK_CHECKPOINT_JSON, MASK_FEATURE_NODES, saveMaskHead } from '../src/models/maskHead';
import { gridIou, permutation, predictSamples, trainMaskHead } from '../src/models/maskHeadTrain';
import { mulberry32 } from '../src/core/random';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const STEPS = Number(arg('steps', '300'));
const BATCH = Number(arg('batch', '32'));
const LR = Number(arg('lr', '0.002'));
const JITTER = Number(arg('jitter', '1'));
const VAL = Number(arg('val', '26'));
/** Limit the training images (short runs, the determinism test); default all. */
const IMAGES = Number(arg('images', '0'));
const SEED = Number(arg('seed', '1'));
const DATA = path.resolve(REPO_ROOT, arg('data', path.join(SHARED_DIR, 'datasets', 'coco-mini-train')));
const OUT = path.resolve(REPO_ROOT, arg('out', 'public/checkpoints/mask-head'));
const CACHE = !process.argv.includes('--no-cache');
const MIN_SIDE = 4;

async function main(): Promise<void> {
  const t0 = Date.now();
  await initWasm();
  registerWasmTrainingKernels();
  const annotations = path.join(DATA, 'annotations.json');
  const coco = readCoco(annotations);
  const ids = coco.images.map((i) => i.id).sort((a, b) => a - b);
  const perm = permutation(ids.length, mulberry32(SEED));
  const shuffled = Array.from(perm, (k) => ids[k]!);
  const valIds = shuffled.slice(0, VAL), trainIds = IMAGES > 0 ? shuffled.slice(VAL, VAL + IMAGES) : shuffled.slice(VAL);
  console.log(`backend ${tf.getBackend()}; ${trainIds.length} train / ${valIds.length} val images; ${STEPS} steps × ${BATCH}, lr ${LR}, seed ${SEED}`);

  const { CocoSsdAdapter, COCO_SSD_ID } = await import('../src/models/cocoSsd');
  const detector = new CocoSsdAdapter(modelFileUrl(COCO_SSD_ID));
  await detector.load();
  const cacheDir = path.join(REPO_ROOT, '.cache', 'mask');
  const keyOf = (split: string, list: readonly number[], jitter: number) =>
    `${split}-${createHash('sha256').update(JSON.stringify({ v: 1, nodes: MASK_FEATURE_NODES, list, jitter, seed: SEED, minSide: MIN_SIDE, data: DATA })).digest('hex').slice(0, 16)}`;
  const get = async (split: string, list: readonly number[], jitter: number) => {
    const key = keyOf(split, list, jitter);
    const hit = CACHE ? loadCached(cacheDir, key) : null;
    if (hit) {
      console.log(`${split}: ${hit.count} samples from .cache/mask/${key}`);
      return hit;
    }
    const s = await extractSamples(detector.graphModel, {
      annotations, imagesDir: DATA, imageIds: list, jitter, seed: SEED + (split === 'val' ? 7 : 0), minSide: MIN_SIDE,
      onImage: (d, n) => { if (d % 25 === 0 || d === n) console.log(`  ${split}: features of ${d}/${n} images (${((Date.now() - t0) / 1000).toFixed(0)} s)`); },
    });
    if (CACHE) saveCached(cacheDir, key, s);
    console.log(`${split}: ${s.count} samples extracted`);
    return s;
  };
  const train = await get('train', trainIds, JITTER);
  const val = await get('val', valIds, 1);
  detector.dispose();
  const tExtract = (Date.now() - t0) / 1000;

  const t1 = Date.now();
  const { net, losses } = await trainMaskHead(train, {
    steps: STEPS, batch: BATCH, lr: LR, seed: SEED, logEvery: 20,
    onLog: (step, loss) => {
      const el = (Date.now() - t1) / 1000;
      console.log(`step ${step}/${STEPS} loss ${loss.toFixed(4)} (${el.toFixed(0)} s, ~${((el / step) * (STEPS - step)).toFixed(0)} s left)`);
    },
  });
  const tTrain = (Date.now() - t1) / 1000;
  const probs = await predictSamples(net, val);
  const iou = gridIou(probs, val.targets, val.count);
  console.log(`held-out (${val.count} boxes of ${valIds.length} images): 28×28 mask IoU head ${iou.head.toFixed(4)} vs filled box ${iou.box.toFixed(4)}`);

  const info = { command: 'npm run train:mask', steps: STEPS, batch: BATCH, lr: LR, seed: SEED, jitter: JITTER, trainImages: trainIds.length, trainSamples: train.count, finalLoss: losses.at(-1) ?? null, valGridIoU: iou.head, valGridIoUFilledBox: iou.box };
  const { json, data } = await saveMaskHead(net, info);
  net.dispose();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, MASK_CHECKPOINT_JSON), JSON.stringify(json));
  writeFileSync(path.join(OUT, MASK_CHECKPOINT_BIN), Buffer.from(data));
  const report = {
    format: 'mask-head-training-v1',
    dataset: '../shared/datasets/coco-mini-train (COCO 2017 photos, official polygons; disjoint from ../shared/images)',
    config: { ...info, schedule: 'adam; linear warm-up, cosine decay to 5 %', loss: 'binary cross-entropy on soft 28×28 targets', minSide: MIN_SIDE, featureNodes: MASK_FEATURE_NODES, valImageIds: valIds },
    lossEvery: 20,
    loss: losses,
    heldOut: { images: valIds.length, boxes: val.count, gridIoU: iou.head, gridIoUFilledBox: iou.box },
  };
  writeFileSync(path.join(OUT, 'training.json'), `${JSON.stringify(report, null, 1)}\n`);
  console.log(`done: features ${tExtract.toFixed(0)} s, training ${tTrain.toFixed(0)} s; wrote ${path.relative(REPO_ROOT, OUT)}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
