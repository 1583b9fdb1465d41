/**
 * The project's R-CNN and Fast R-CNN heads on the coco-ssd MobileNetV2 backbone, trained on
 * ../shared/datasets/coco-mini-train (266 COCO photos, official boxes; the photos are never shipped),
 * deterministically (WASM backend in Node), and evaluated on ../shared/images with the project's COCO engine.
 *
 *   npm run train:rcnn -- [--seed 1] [--epochs 12] [--limit N] [--out public/checkpoints/rcnn]
 *   npm run eval:rcnn  -- [--rcnn-cap 200] [--max 2000]     (writes .cache/rcnn/dt-*.json and report.json)
 *
 * Training RoIs per photo (src/core/roi/heads.ts `sampleTrainingRois`, seeded by seed and image id):
 * every ground-truth box, 3 jittered copies with IoU ≥ 0.5, 24 background boxes with IoU < 0.3.
 * Fast R-CNN: one backbone pass per photo, RoI Align and RoI Pool of all its RoIs (2×2 bins × 576).
 * R-CNN: up to 6 ground-truth boxes + 2 jitters + 4 backgrounds of each photo warped to 96×96, one
 * backbone pass each. Features are cached in .cache/rcnn/ (keyed by the sampling config), so a
 * rerun only trains. Heads: Fast R-CNN softmax over 81 columns; R-CNN one-vs-rest logistic per class;
 * class-specific ridge box regressors on the bin-averaged 576 channels of RoIs with IoU ≥ 0.6.
 * Checkpoint: heads.json (config, layout) + heads.bin (float16).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { COCO_CATEGORIES } from '../src/core/cocoClasses';
import { cocoGroundTruthFromJson, evaluateDetections, type Detection } from '../src/core/eval';
import { mulberry32 } from '../src/core/random';
import { binMean, classify, DEFAULT_SAMPLES, encodeDeltas, postprocess, sampleTrainingRois, type Box4, type LinearHead } from '../src/core/roi/heads';
import { DEFAULT_NEAR_DUPLICATE_IOU, rankProposals, selectiveSearch, type ProposalBox } from '../src/core/selectiveSearch';
import { CocoSsdAdapter, COCO_SSD_ID } from '../src/models/cocoSsd';
import { BACKBONE_NODE } from '../src/models/fastRcnn';
import { CHANNELS, FEATURE_DIM, featureMap, POOL_BINS, pooledFeatures, RCNN_CROP, toModelRois, warpedFeatures, type PoolKind } from '../src/models/rcnnFeatures';
import { decodeHeads, encodeHeads, HEAD_IDS, type HeadId, type HeadsCheckpoint } from '../src/models/rcnnHeads';
import { DEFAULT_CLASSIFIER, ridge, trainClassifier } from '../src/models/rcnnTrain';
import * as nodeTf from './lib/nodeTf';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    epochs: { type: 'string', default: String(DEFAULT_CLASSIFIER.epochs) },
    limit: { type: 'string' },
    out: { type: 'string', default: path.join(nodeTf.REPO_ROOT, 'public', 'checkpoints', 'rcnn') },
    data: { type: 'string', default: path.join(nodeTf.SHARED_DIR, 'datasets', 'coco-mini-train') },
    images: { type: 'string', default: path.join(nodeTf.SHARED_DIR, 'images') },
    cache: { type: 'string', default: path.join(nodeTf.REPO_ROOT, '.cache', 'rcnn') },
    eval: { type: 'boolean', default: false },
    'rcnn-cap': { type: 'string', default: '200' },
    max: { type: 'string', default: '2000' },
    'no-cache': { type: 'boolean', default: false },
  },
});

const SEED = Number(args.seed);
const OUT = path.resolve(args.out!);
const CACHE = path.resolve(args.cache!);
const RCNN_POS = 2;
const RCNN_NEG = 4;
const REG_IOU = 0.6;
const LAMBDA = 100;
const NUM_CLASSES = COCO_CATEGORIES.length + 1;
const columnOfCoco = new Map(COCO_CATEGORIES.map(([id], i) => [id, i + 1]));

interface CocoJson {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: { image_id: number; category_id: number; bbox: [number, number, number, number]; iscrowd?: number }[];
}

function gtOf(coco: CocoJson, id: number): { boxes: Box4[]; labels: number[] } {
  const boxes: Box4[] = [];
  const labels: number[] = [];
  for (const a of coco.annotations) {
    if (a.image_id !== id || a.iscrowd) continue;
    const [x, y, w, h] = a.bbox;
    boxes.push([x, y, x + w, y + h]);
    labels.push(columnOfCoco.get(a.category_id)!);
  }
  return { boxes, labels };
}

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

await nodeTf.useWasm();
const adapter = new CocoSsdAdapter(nodeTf.modelFileUrl(COCO_SSD_ID));
await adapter.load();
const graph = adapter.graphModel;

interface ImageFeatures {
  rois: { box: Box4; label: number; iou: number; target: [number, number, number, number] | null }[];
  align: Float32Array;
  pool: Float32Array;
  /** R-CNN rows: indices into `rois` and their warped features. */
  rcnnRows: number[];
  rcnn: Float32Array;
}

const sampleKey = createHash('sha256').update(JSON.stringify({ DEFAULT_SAMPLES, RCNN_POS, RCNN_NEG, RCNN_CROP, POOL_BINS, BACKBONE_NODE, SEED, v: 1 })).digest('hex').slice(0, 12);

async function extract(dir: string, im: CocoJson['images'][number], coco: CocoJson): Promise<ImageFeatures> {
  const file = path.join(CACHE, `train-${sampleKey}`, `${im.id}.bin`);
  const meta = `${file}.json`;
  if (!args['no-cache'] && existsSync(file) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as Omit<ImageFeatures, 'align' | 'pool' | 'rcnn'>;
    const buf = readFileSync(file);
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const n = m.rois.length * FEATURE_DIM;
    return { ...m, align: all.slice(0, n), pool: all.slice(n, 2 * n), rcnn: all.slice(2 * n) };
  }
  const { boxes, labels } = gtOf(coco, im.id);
  const img = nodeTf.decodeImage(readFileSync(path.join(dir, im.file_name)));
  const sampled = sampleTrainingRois(boxes, labels, img.width, img.height, mulberry32((SEED * 0x9e3779b1) ^ im.id));
  const rois = sampled.map((r) => ({ box: r.box, label: r.label, iou: r.iou, target: r.label > 0 && r.iou >= REG_IOU ? encodeDeltas(r.box, boxes[r.gt]!) : null }));
  const tensor = nodeTf.imageToTensor(img);
  try {
    const ta = performance.now();
    const fmap = await featureMap(graph, tensor);
    await fmap.data();
    const tb = performance.now();
    const modelRois = toModelRois(rois.map((r) => r.box), img.width, img.height);
    const align = await pooledFeatures(fmap, modelRois, 'align');
    const tc = performance.now();
    const pool = await pooledFeatures(fmap, modelRois, 'pool');
    const td = performance.now();
    fmap.dispose();
    // R-CNN (a backbone pass per crop): up to 6 ground-truth boxes, RCNN_POS jitters, RCNN_NEG backgrounds per photo.
    const idx = rois.map((_, i) => i);
    const rcnnRows = [
      ...idx.filter((i) => rois[i]!.label > 0 && rois[i]!.iou === 1).slice(0, 6),
      ...idx.filter((i) => rois[i]!.label > 0 && rois[i]!.iou < 1).slice(0, RCNN_POS),
      ...idx.filter((i) => rois[i]!.label === 0).slice(0, RCNN_NEG),
    ];
    const rcnn = await warpedFeatures(graph, tensor, rcnnRows.map((i) => rois[i]!.box), 16);
    if (process.env.RCNN_PROFILE) log(`  ${im.id}: backbone ${(tb - ta).toFixed(0)} ms, align ${(tc - tb).toFixed(0)} ms, pool ${(td - tc).toFixed(0)} ms, ${rcnnRows.length} crops ${(performance.now() - td).toFixed(0)} ms`);
    mkdirSync(path.dirname(file), { recursive: true });
    const all = new Float32Array(align.length + pool.length + rcnn.length);
    all.set(align, 0);
    all.set(pool, align.length);
    all.set(rcnn, 2 * align.length);
    writeFileSync(file, Buffer.from(all.buffer));
    writeFileSync(meta, JSON.stringify({ rois, rcnnRows }));
    return { rois, align, pool, rcnn, rcnnRows };
  } finally {
    tensor.dispose();
  }
}

function meanNorm(X: Float32Array, n: number, D: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (let d = 0; d < D; d++) q += X[i * D + d]! ** 2;
    s += Math.sqrt(q);
  }
  return n ? s / n : 1;
}

async function trainHead(id: HeadId, X: Float32Array, labels: Int32Array, targets: ([number, number, number, number] | null)[]): Promise<LinearHead> {
  const n = labels.length;
  const featureScale = 20 / meanNorm(X, n, FEATURE_DIM);
  const Xs = X.map((v) => v * featureScale);
  const t0 = performance.now();
  const loss = id === 'rcnn' ? 'ovr' : 'softmax';
  const cls = await trainClassifier(Xs, labels, FEATURE_DIM, NUM_CLASSES, { ...DEFAULT_CLASSIFIER, epochs: Number(args.epochs), loss, seed: SEED }, (e, l) => log(`  ${id} epoch ${e + 1}: loss ${l.toFixed(4)}`));
  // Ridge regressors per class on the bin-averaged channels (scaled like the classifier input).
  const reg = binMean(Xs, n, POOL_BINS * POOL_BINS, CHANNELS);
  const regW = new Float32Array((NUM_CLASSES - 1) * 4 * (CHANNELS + 1));
  let regRows = 0;
  for (let c = 1; c < NUM_CLASSES; c++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === c && targets[i]) rows.push(i);
    if (rows.length < 3) continue;
    regRows += rows.length;
    const Xc = new Float32Array(rows.length * CHANNELS);
    const Yc = new Float64Array(rows.length * 4);
    rows.forEach((i, r) => {
      Xc.set(reg.subarray(i * CHANNELS, (i + 1) * CHANNELS), r * CHANNELS);
      Yc.set(targets[i]!, r * 4);
    });
    const w = ridge(Xc, Yc, rows.length, CHANNELS, 4, LAMBDA);
    regW.set(w, (c - 1) * 4 * (CHANNELS + 1));
  }
  log(`  ${id}: ${n} RoIs, ${regRows} regression rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The regressor multiplies raw bin means by featureScale itself: `regress` applies it.
  return { loss, featureDim: FEATURE_DIM, numClasses: NUM_CLASSES, featureScale, clsW: cls.W, clsB: cls.b, regDim: CHANNELS, regW, losses: cls.losses } as LinearHead & { losses: number[] };
}

async function train(): Promise<void> {
  const t0 = performance.now();
  const coco = JSON.parse(readFileSync(path.join(args.data!, 'annotations.json'), 'utf8')) as CocoJson;
  const images = [...coco.images].sort((a, b) => a.id - b.id).slice(0, args.limit ? Number(args.limit) : undefined);
  const feats: ImageFeatures[] = [];
  for (const [k, im] of images.entries()) {
    feats.push(await extract(args.data!, im, coco));
    if (k % 10 === 0) log(`features ${k + 1}/${images.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const extractS = (performance.now() - t0) / 1000;
  const gather = (kind: PoolKind | 'rcnn') => {
    const rows = feats.flatMap((f) => (kind === 'rcnn' ? f.rcnnRows.map((i, r) => ({ f, i, r })) : f.rois.map((_, i) => ({ f, i, r: i }))));
    const X = new Float32Array(rows.length * FEATURE_DIM);
    rows.forEach(({ f, r }, j) => X.set((kind === 'rcnn' ? f.rcnn : kind === 'align' ? f.align : f.pool).subarray(r * FEATURE_DIM, (r + 1) * FEATURE_DIM), j * FEATURE_DIM));
    return { X, labels: Int32Array.from(rows, ({ f, i }) => f.rois[i]!.label), targets: rows.map(({ f, i }) => f.rois[i]!.target) };
  };
  const heads = {} as Record<HeadId, LinearHead>;
  for (const id of HEAD_IDS) {
    const d = gather(id === 'rcnn' ? 'rcnn' : id === 'fast-align' ? 'align' : 'pool');
    heads[id] = await trainHead(id, d.X, d.labels, d.targets);
  }
  const totalS = (performance.now() - t0) / 1000;
  const ckpt: HeadsCheckpoint = {
    backboneNode: BACKBONE_NODE, poolBins: POOL_BINS, channels: CHANNELS, rcnnCrop: RCNN_CROP,
    classes: COCO_CATEGORIES.map(([id]) => id),
    training: {
      command: 'npm run train:rcnn', seed: SEED, epochs: Number(args.epochs), data: 'coco-mini-train (266 COCO 2017 photos, official annotations; not shipped)',
      images: images.length, rois: Object.fromEntries(HEAD_IDS.map((id) => [id, gather(id === 'rcnn' ? 'rcnn' : 'align').labels.length])) as Record<HeadId, number>,
      samples: DEFAULT_SAMPLES, regIou: REG_IOU, lambda: LAMBDA, extractSeconds: Math.round(extractS), totalSeconds: Math.round(totalS),
      losses: Object.fromEntries(HEAD_IDS.map((id) => [id, (heads[id] as LinearHead & { losses: number[] }).losses.map((l) => Number(l.toFixed(5)))])) as Record<HeadId, number[]>,
    },
  };
  const { json, bin } = encodeHeads(ckpt, heads);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'heads.json'), `${JSON.stringify(json, null, 1)}\n`);
  writeFileSync(path.join(OUT, 'heads.bin'), bin);
  log(`wrote ${OUT}/heads.json + heads.bin (${bin.length} bytes), sha256 ${createHash('sha256').update(bin).digest('hex')}; ${totalS.toFixed(0)} s (features ${extractS.toFixed(0)} s)`);
}

/**
 * Selective search ("fast" mode) on a test photo. The hierarchies are cached in .cache/ss/<file>.json
 * (the format `npm run bench:ss -- --dump` writes) and ranked here with the library's `rankProposals`
 * (seed 1, near-duplicate IoU 0.7, ≤ --max): the same boxes `selectiveSearch()` returns.
 */
async function proposalsOf(file: string, img: nodeTf.DecodedImage): Promise<{ boxes: ProposalBox[]; ms: number }> {
  const f = path.join(nodeTf.REPO_ROOT, '.cache', 'ss', `${path.basename(file)}.json`);
  let hs: { initial: number; boxes: number[][] }[];
  let ms = Number.NaN;
  if (existsSync(f)) hs = JSON.parse(readFileSync(f, 'utf8')) as typeof hs;
  else {
    const t0 = performance.now();
    const res = selectiveSearch({ width: img.width, height: img.height, data: img.rgba }, { maxProposals: Number(args.max) });
    ms = performance.now() - t0;
    hs = res.runs.map((r) => ({ initial: r.hierarchy.initialCount, boxes: r.hierarchy.regions.map((b) => [b.x1, b.y1, b.x2, b.y2]) }));
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, JSON.stringify(hs));
  }
  const hierarchies = hs.map((h) => ({ initialCount: h.initial, merges: [], regions: h.boxes.map(([x1, y1, x2, y2]) => ({ x1: x1!, y1: y1!, x2: x2!, y2: y2!, size: 0 })) }));
  return { boxes: rankProposals(hierarchies, 1, Number(args.max), DEFAULT_NEAR_DUPLICATE_IOU), ms };
}

async function evaluate(): Promise<void> {
  const { heads, checkpoint } = decodeHeads(JSON.parse(readFileSync(path.join(OUT, 'heads.json'), 'utf8')), new Uint8Array(readFileSync(path.join(OUT, 'heads.bin'))));
  const gtJson = JSON.parse(readFileSync(path.join(args.images!, 'annotations.json'), 'utf8')) as CocoJson;
  const gt = cocoGroundTruthFromJson(gtJson, 'annotations.json');
  const cap = Number(args['rcnn-cap']);
  type Variant = 'rcnn' | 'fast-align' | 'fast-pool' | 'fast-align-cap' | 'fast-align-noreg';
  const dets: Record<Variant, Detection[]> = { rcnn: [], 'fast-align': [], 'fast-pool': [], 'fast-align-cap': [], 'fast-align-noreg': [] };
  const time = { ss: 0, backbone: 0, align: 0, pool: 0, head: 0, rcnnWarp: 0, rcnnCrops: 0, images: 0, proposals: 0 };
  const toDet = (imageId: number) => (d: { box: readonly number[]; score: number; cls: number }): Detection => ({
    imageId, categoryId: checkpoint.classes[d.cls - 1]!, score: d.score, bbox: [d.box[0]!, d.box[1]!, d.box[2]! - d.box[0]!, d.box[3]! - d.box[1]!],
  });
  for (const im of gtJson.images) {
    const file = path.join(args.images!, im.file_name);
    const img = nodeTf.decodeImage(readFileSync(file));
    const ss = await proposalsOf(file, img);
    const boxes: Box4[] = ss.boxes.map((b) => [b.x1, b.y1, b.x2, b.y2]);
    const tensor = nodeTf.imageToTensor(img);
    const post = { scoreThreshold: 0.05, iouThreshold: 0.3, maxDetections: 100, imageWidth: img.width, imageHeight: img.height };
    const run = (id: HeadId, f: Float32Array, bxs: Box4[], regress = true) => {
      const t = performance.now();
      const probs = classify(heads[id], f, bxs.length);
      const reg = binMean(f, bxs.length, POOL_BINS * POOL_BINS, CHANNELS);
      const out = postprocess(heads[id], bxs, probs, reg, { ...post, regress });
      time.head += performance.now() - t;
      return out;
    };
    try {
      const t0 = performance.now();
      const fmap = await featureMap(graph, tensor);
      await fmap.data();
      const t1 = performance.now();
      const rois = toModelRois(boxes, img.width, img.height);
      const align = await pooledFeatures(fmap, rois, 'align');
      const t2 = performance.now();
      const pool = await pooledFeatures(fmap, rois, 'pool');
      const t3 = performance.now();
      fmap.dispose();
      time.backbone += t1 - t0;
      time.align += t2 - t1;
      time.pool += t3 - t2;
      if (Number.isFinite(ss.ms)) time.ss += ss.ms;
      time.images++;
      time.proposals += boxes.length;
      dets['fast-align'].push(...run('fast-align', align, boxes).map(toDet(im.id)));
      dets['fast-align-noreg'].push(...run('fast-align', align, boxes, false).map(toDet(im.id)));
      dets['fast-pool'].push(...run('fast-pool', pool, boxes).map(toDet(im.id)));
      const top = boxes.slice(0, cap);
      dets['fast-align-cap'].push(...run('fast-align', align.subarray(0, top.length * FEATURE_DIM), top).map(toDet(im.id)));
      const t4 = performance.now();
      const warped = await warpedFeatures(graph, tensor, top, 16);
      time.rcnnWarp += performance.now() - t4;
      time.rcnnCrops += top.length;
      dets.rcnn.push(...run('rcnn', warped, top).map(toDet(im.id)));
      log(`${im.file_name}: ${boxes.length} proposals; backbone ${(t1 - t0).toFixed(0)} ms, align ${(t2 - t1).toFixed(0)} ms, pool ${(t3 - t2).toFixed(0)} ms, R-CNN ${top.length} crops ${(performance.now() - t4).toFixed(0)} ms`);
    } finally {
      tensor.dispose();
    }
  }
  mkdirSync(CACHE, { recursive: true });
  const table: Record<string, { AP: number; AP50: number; AP75: number; APs: number; APm: number; APl: number; AR100: number; proposals: string; dtFile: string }> = {};
  for (const v of Object.keys(dets) as Variant[]) {
    const dtFile = path.join(CACHE, `dt-${v}.json`);
    writeFileSync(dtFile, JSON.stringify(dets[v].map((d) => ({ image_id: d.imageId, category_id: d.categoryId, bbox: d.bbox!.map((x) => Number(x.toFixed(2))), score: Number(d.score.toFixed(5)) }))));
    const rep = evaluateDetections(gt, dets[v]);
    const s = rep.stats;
    table[v] = { AP: r4(s[0]!), AP50: r4(s[1]!), AP75: r4(s[2]!), APs: r4(s[3]!), APm: r4(s[4]!), APl: r4(s[5]!), AR100: r4(s[8]!), proposals: v === 'rcnn' || v === 'fast-align-cap' ? `first ${cap} ranked` : `≤ ${args.max}`, dtFile: path.relative(nodeTf.REPO_ROOT, dtFile) };
    log(`${v}: AP ${s[0]!.toFixed(3)} AP50 ${s[1]!.toFixed(3)}`);
  }
  const per = (ms: number) => Math.round(ms / time.images);
  const report = {
    source: 'npm run eval:rcnn (Node, tfjs WASM backend, one thread, on a shared 2-core machine); AP by the project COCO engine on ../shared/images (17 COCO val2017 photos, 199 boxes)',
    date: new Date().toISOString().slice(0, 6),
    images: time.images, meanProposals: Math.round(time.proposals / time.images), rcnnCap: cap,
    table,
    msPerImage: {
      selectiveSearch: time.ss > 0 ? per(time.ss) : 'cached (see npm run bench:ss)', fastBackbone: per(time.backbone), roiAlign: per(time.align), roiPool: per(time.pool),
      rcnnCrops: Math.round(time.rcnnCrops / time.images), rcnnWarpAndBackbone: per(time.rcnnWarp), rcnnMsPerCrop: Number((time.rcnnWarp / time.rcnnCrops).toFixed(1)),
      headsAndNms: per(time.head),
    },
  };
  writeFileSync(path.join(OUT, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  console.log(JSON.stringify(report, null, 1));
}

function r4(x: number): number {
  return Number(x.toFixed(4));
}


if (args.eval) await evaluate();
else await train();
adapter.dispose();
tf.disposeVariables();
