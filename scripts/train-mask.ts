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
 * Training RoIs also include the detector's own boxes (Mask R-CNN's positive RoIs): coco-ssd run as
 * `npm run detect` runs it, each detection matched to the instance it overlaps most (box IoU ≥ 0.5),
 * ≤ --det-per-gt per instance. The paste threshold is chosen by mask AP on the held-out photos with
 * the detector's boxes (scripts/lib/maskVal.ts) and folded into the logit's bias.
 *
 * Options: --steps N (600) --batch N (32) --lr X (0.002) --jitter N (1) --val N (26) --seed N (1)
 *          --det-per-gt N (2) --match-iou X (0.5) --thresholds LIST (0.3,…,0.6; '' keeps 0.5)
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
import { CHECKPOINT_BIN, CHECKPOINT_JSON } from '../src/models/checkpointIo';
import { MASK_FEATURE_NODES, saveMaskHead } from '../src/models/maskHead';
import { foldThreshold, gridIou, permutation, predictSamples, trainMaskHead } from '../src/models/maskHeadTrain';
import { mulberry32 } from '../src/core/random';
import type { RgbaPixels } from '../src/models/types';
import { DETECT_DEFAULTS, heldOutMaskAp, type HeldOutAp } from './lib/maskVal';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const STEPS = Number(arg('steps', '600'));
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
/** Detector boxes per ground-truth instance (Mask R-CNN's positive RoIs: box IoU >= MATCH_IOU); 0 = none. */
const DET_PER_GT = Number(arg('det-per-gt', '2'));
const MATCH_IOU = Number(arg('match-iou', '0.5'));
/** Paste thresholds tried on the held-out photos (mask AP with the detector's boxes); '' = keep 0.5. */
const THRESHOLDS = arg('thresholds', '0.3,0.35,0.4,0.45,0.5,0.55,0.6').split(',').filter((x) => x !== '').map(Number);
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
    `${split}-${createHash('sha256').update(JSON.stringify({ v: 2, nodes: MASK_FEATURE_NODES, list, jitter, seed: SEED, minSide: MIN_SIDE, data: DATA, detPerGt: split === 'val' ? 0 : DET_PER_GT, matchIou: MATCH_IOU })).digest('hex').slice(0, 16)}`;
  const get = async (split: string, list: readonly number[], jitter: number) => {
    const key = keyOf(split, list, jitter);
    const hit = CACHE ? loadCached(cacheDir, key) : null;
    if (hit) {
      console.log(`${split}: ${hit.count} samples from .cache/mask/${key}`);
      return hit;
    }
    const s = await extractSamples(detector.graphModel, {
      annotations, imagesDir: DATA, imageIds: list, jitter, seed: SEED + (split === 'val' ? 7 : 0), minSide: MIN_SIDE,
      ...(split === 'train' && DET_PER_GT > 0
        ? { detector: { perGt: DET_PER_GT, matchIou: MATCH_IOU, detect: async (px: RgbaPixels) => (await detector.run(px, { ...DETECT_DEFAULTS, imageSize: { width: px.width, height: px.height } })).result } }
        : {}),
      onImage: (d, n) => { if (d % 25 === 0 || d === n) console.log(`  ${split}: features of ${d}/${n} images (${((Date.now() - t0) / 1000).toFixed(0)} s)`); },
    });
    if (CACHE) saveCached(cacheDir, key, s);
    console.log(`${split}: ${s.count} samples extracted`);
    return s;
  };
  const train = await get('train', trainIds, JITTER);
  const val = await get('val', valIds, 1);
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

  // The paste threshold by mask AP on the held-out photos with the detector's own boxes (as the
  // test measures it, but on training-set photos), folded into the logit's bias: σ(z − logit(t)) ≥ 0.5
  // ⟺ σ(z) ≥ t, so the page and the CLI keep pasting at 0.5.
  let threshold = 0.5;
  let heldOutAp: HeldOutAp[] = [];
  if (THRESHOLDS.length > 0) {
    heldOutAp = await heldOutMaskAp(detector, net, annotations, DATA, valIds, THRESHOLDS);
    const best = heldOutAp.reduce((a, b) => (b.maskAp > a.maskAp ? b : a));
    threshold = best.threshold;
    for (const r of heldOutAp) console.log(`held-out mask AP at threshold ${r.threshold}: ${r.maskAp.toFixed(4)} (AP50 ${r.maskAp50.toFixed(4)}; filled box ${r.filledBoxAp.toFixed(4)})`);
    console.log(`paste threshold ${threshold} (folded into logit/bias)`);
    foldThreshold(net, threshold);
  }
  detector.dispose();
  const info = { command: 'npm run train:mask', steps: STEPS, batch: BATCH, lr: LR, seed: SEED, jitter: JITTER, detPerGt: DET_PER_GT, matchIou: MATCH_IOU, trainImages: trainIds.length, trainSamples: train.count, finalLoss: losses.at(-1) ?? null, valGridIoU: iou.head, valGridIoUFilledBox: iou.box, pasteThreshold: threshold, thresholdFoldedIntoBias: true, heldOutMaskAp: heldOutAp.find((r) => r.threshold === threshold)?.maskAp ?? null, heldOutFilledBoxAp: heldOutAp[0]?.filledBoxAp ?? null };
  const { json, data } = await saveMaskHead(net, info);
  net.dispose();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, CHECKPOINT_JSON), JSON.stringify(json));
  writeFileSync(path.join(OUT, CHECKPOINT_BIN), Buffer.from(data));
  const report = {
    format: 'mask-head-training-v1',
    dataset: '../shared/datasets/coco-mini-train (COCO 2017 photos, official polygons; disjoint from ../shared/images)',
    config: { ...info, schedule: 'adam; linear warm-up, cosine decay to 5 %', loss: 'binary cross-entropy on soft 28×28 targets', minSide: MIN_SIDE, featureNodes: MASK_FEATURE_NODES, valImageIds: valIds },
    lossEvery: 20,
    loss: losses,
    heldOut: { images: valIds.length, boxes: val.count, gridIoU: iou.head, gridIoUFilledBox: iou.box, maskApByThreshold: heldOutAp },
  };
  writeFileSync(path.join(OUT, 'training.json'), `${JSON.stringify(report, null, 1)}\n`);
  console.log(`done: features ${tExtract.toFixed(0)} s, training ${tTrain.toFixed(0)} s; wrote ${path.relative(REPO_ROOT, OUT)}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
