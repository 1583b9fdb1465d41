/**
 * Train TinyYOLO on the synthetic shapes, deterministically, in Node (tfjs WASM backend, or CPU).
 *
 *   npm run train:yolo -- [--steps 1200] [--batch 32] [--lr 0.002] [--seed 42] [--backend wasm|cpu]
 *                         [--out public/checkpoints/tinyyolo] [--eval-every 300]
 *
 * Deterministic: seeded weight init (tf.initializers with seeds), seeded data (image i of the training
 * split depends only on (trainSeed, i)), a fixed number of steps and a fixed learning-rate schedule.
 * Priors: k-means (1 − IoU) with k = 3 on the (w, h) of the first 2000 training boxes' images.
 *
 * Writes to --out: model.json + weights.bin (the checkpoint, config in userDefinedMetadata),
 * training.json (config, losses, mAP), test-gt.json and test-dt.json (COCO files of the held-out test
 * split, so `npm run eval -- --gt …/test-gt.json --dt …/test-dt.json` reproduces the mAP@.5).
 * The checkpoint is also written at every evaluation, so an interrupted run leaves a usable one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { REPO_ROOT, useWasm as startWasm } from './lib/nodeTf';
import { parseTrainArgs, startCpu } from './lib/trainArgs';
import { evaluateDetections, cocoGroundTruthFromJson, cocoResultsFromJson } from '../src/core/eval';
import { kmeansBoxes } from '../src/core/yolo/kmeans';
import { boxSizes, DEFAULT_SYNTH, generateDataset, generateImage, SHAPE_CLASSES, toCocoGroundTruth, type SynthImage } from '../src/core/yolo/synthData';
import { DEFAULT_SPLITS, detectionsToCoco, EVAL_NMS, makeBatch, rgbaToInput, type CocoResultJson } from '../src/core/yolo/dataset';
import { DEFAULT_LOSS_WEIGHTS } from '../src/core/yolo/loss';
import { registerWasmTrainingKernels } from '../src/models/train/wasmKernels';
import { artifactsToFiles, DEFAULT_FILTERS, gridSpec, TinyYolo, type LossRecord, type TinyYoloConfig } from '../src/models/tinyYolo';
import { AdjustableAdam } from '../src/models/train/adam';


const { steps: STEPS, batch: BATCH, lr: LR, seed: SEED, evalEvery: EVAL_EVERY, testCount: TEST_COUNT, out: OUT, backend: BACKEND } = parseTrainArgs({
  steps: '1200',
  batch: '32',
  lr: '0.002',
  seed: '42',
  backend: 'auto',
  out: path.join(REPO_ROOT, 'public', 'checkpoints', 'tinyyolo'),
  evalEvery: '300',
  testCount: String(DEFAULT_SPLITS.testCount),
});

async function setBackend(): Promise<string> {
  const want = BACKEND;
  if (want === 'cpu') return startCpu();
  await startWasm();
  // The WASM backend lacks Conv2DBackpropFilter (and has slow/wrong other gradients): add them.
  registerWasmTrainingKernels();
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return 'wasm';
  if (want === 'wasm') throw new Error('WASM backend has no Conv2DBackpropFilter kernel');
  console.warn('train-yolo: WASM has no Conv2DBackpropFilter kernel yet; training on the CPU backend');
  return startCpu();
}

function lrAt(step: number): number {
  // Linear warm-up over 50 steps, then cosine decay to 5 % of the peak.
  if (step < 50) return LR * (step + 1) / 50;
  const p = (step - 50) / Math.max(1, STEPS - 50);
  return LR * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * p)));
}

async function evaluate(net: TinyYolo, test: readonly SynthImage[]): Promise<{ ap50: number; ap: number; dt: CocoResultJson[]; gt: ReturnType<typeof toCocoGroundTruth> }> {
  const gt = toCocoGroundTruth(test);
  const dt: CocoResultJson[] = [];
  const chunk = 50;
  for (let i = 0; i < test.length; i += chunk) {
    const ims = test.slice(i, i + chunk);
    const raw = await net.predictRaw(rgbaToInput(ims, net.config.inputSize), ims.length);
    ims.forEach((im, k) => dt.push(...detectionsToCoco(net.detect(raw, EVAL_NMS, k), im.id, im.width, im.height)));
  }
  const report = evaluateDetections(cocoGroundTruthFromJson(gt, 'test-gt'), cocoResultsFromJson(dt, 'test-dt'));
  return { ap50: report.stats[1]!, ap: report.stats[0]!, dt, gt };
}

async function main(): Promise<void> {
  const backend = await setBackend();
  const splits = { ...DEFAULT_SPLITS, testCount: TEST_COUNT };
  const synth = DEFAULT_SYNTH;
  const grid = synth.size / 8;

  const priorSample = generateDataset(splits.trainSeed, 2000, synth);
  const km = kmeansBoxes(boxSizes(priorSample), { k: 3, distance: 'iou', seed: SEED });
  const priors = Array.from(km.centroids, (v) => Math.round(v * grid * 1e4) / 1e4);
  const config: TinyYoloConfig = { inputSize: synth.size, grid, priors, classes: [...SHAPE_CLASSES], filters: DEFAULT_FILTERS };
  const spec = gridSpec(config);
  console.log(`train-yolo: backend ${backend}; priors (grid units) ${priors.join(', ')} (mean IoU ${km.meanIou.toFixed(3)})`);

  const net = TinyYolo.create(config, SEED);
  console.log(`train-yolo: ${net.numParams} parameters; ${STEPS} steps × batch ${BATCH}; train split ${splits.trainCount} images`);
  const test = generateDataset(splits.testSeed, splits.testCount, synth);
  const optimizer = new AdjustableAdam(LR);
  const cache = new Map<number, SynthImage>();
  const image = (i: number): SynthImage => {
    let im = cache.get(i);
    if (!im) {
      im = generateImage(splits.trainSeed, i, synth);
      cache.set(i, im);
    }
    return im;
  };

  mkdirSync(OUT, { recursive: true });
  const history: ({ step: number } & LossRecord)[] = [];
  const evals: { step: number; ap50: number; ap: number }[] = [];
  const t0 = Date.now();
  let avg: LossRecord | null = null;
  let last: { ap50: number; ap: number } = { ap50: 0, ap: 0 };

  const save = async (step: number, final: boolean, dt: CocoResultJson[], gt: unknown): Promise<void> => {
    const files = artifactsToFiles(await net.toArtifacts());
    writeFileSync(path.join(OUT, 'model.json'), files.modelJson);
    writeFileSync(path.join(OUT, 'weights.bin'), files.weights);
    writeFileSync(path.join(OUT, 'test-gt.json'), JSON.stringify(gt));
    writeFileSync(path.join(OUT, 'test-dt.json'), JSON.stringify(dt));
    const training = {
      command: 'npm run train:yolo',
      finished: final,
      steps: step,
      plannedSteps: STEPS,
      batch: BATCH,
      learningRate: { peak: LR, schedule: 'linear warm-up 50 steps, cosine to 5 %' },
      optimizer: 'adam',
      seed: SEED,
      backend,
      seconds: Math.round((Date.now() - t0) / 1000),
      parameters: net.numParams,
      config,
      synth,
      splits,
      lossWeights: DEFAULT_LOSS_WEIGHTS,
      priorsKMeans: { k: 3, distance: '1 - IoU', sampleImages: priorSample.length, meanIou: km.meanIou },
      evalNms: EVAL_NMS,
      test: { images: splits.testCount, mAP50: last.ap50, mAP: last.ap },
      finalLoss: avg,
      evaluations: evals,
      lossHistory: history,
    };
    writeFileSync(path.join(OUT, 'training.json'), `${JSON.stringify(training, null, 1)}\n`);
  };

  for (let step = 0; step < STEPS; step++) {
    const ims: SynthImage[] = [];
    for (let k = 0; k < BATCH; k++) ims.push(image((step * BATCH + k) % splits.trainCount));
    optimizer.setLearningRate(lrAt(step));
    const l = await net.trainStep(optimizer, makeBatch(ims, spec, config.inputSize));
    const a: LossRecord | null = avg;
    avg = a ? (Object.fromEntries(Object.entries(l).map(([k, v]) => [k, 0.95 * a[k as keyof LossRecord] + 0.05 * v])) as LossRecord) : l;
    if (step % 25 === 24 || step === STEPS - 1) {
      const round = (v: number) => Math.round(v * 1e4) / 1e4;
      history.push({ step: step + 1, ...(Object.fromEntries(Object.entries(avg).map(([k, v]) => [k, round(v)])) as LossRecord) });
      const s = (Date.now() - t0) / 1000;
      console.log(`step ${step + 1}/${STEPS}  loss ${avg.total.toFixed(3)} (conf ${avg.conf.toFixed(3)}, loc ${avg.loc.toFixed(3)}, cls ${avg.cls.toFixed(3)})  lr ${lrAt(step).toExponential(2)}  ${s.toFixed(0)} s  tensors ${tf.memory().numTensors}`);
    }
    if ((step + 1) % EVAL_EVERY === 0 || step === STEPS - 1) {
      const r = await evaluate(net, test);
      last = { ap50: r.ap50, ap: r.ap };
      evals.push({ step: step + 1, ap50: r.ap50, ap: r.ap });
      console.log(`eval at step ${step + 1}: mAP@.5 = ${r.ap50.toFixed(3)}, mAP@[.5:.95] = ${r.ap.toFixed(3)}`);
      await save(step + 1, step === STEPS - 1, r.dt, r.gt);
    }
  }
  console.log(`train-yolo: done in ${((Date.now() - t0) / 1000).toFixed(0)} s; mAP@.5 ${last.ap50.toFixed(3)}; wrote ${OUT}`);
  net.dispose();
  optimizer.dispose();
}

main().catch((e: unknown) => {
  console.error(`train-yolo: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
