/**
 * `npm run train:seg` — trains the three small segmentation networks of the "Train your own" page
 * (FCN without skips, U-Net-small, ASPP-small) side by side in Node on the tfjs WASM backend, on the
 * same synthetic batches (src/core/segSynth.ts) for the same number of steps, and writes
 *
 *   public/checkpoints/seg-{fcn,unet,aspp}/checkpoint.json + weights.bin
 *   public/checkpoints/seg-report.json   (config, curves, and per net: final loss, pixel accuracy,
 *                                         per-class IoU, mIoU and boundary-band IoU on the test split)
 *
 * Deterministic: seeded weights, seeded data, single-threaded WASM — the same command gives the
 * same files. Checkpoints and the report are rewritten at every evaluation, so an interrupted run
 * still leaves a usable (earlier) state.
 *
 * Options: --steps N (default 1000) --batch N (8) --lr X (0.003) --eval-every N (200) --test N (200)
 *          --backend wasm|cpu (wasm) --out DIR (public/checkpoints) --seed N (1)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { REPO_ROOT, useWasm as initWasm } from './lib/nodeTf';
import { registerWasmTrainingKernels } from '../src/models/train/wasmKernels';
import { createSegNet, NET_IDS, predictPacked, saveCheckpoint, SegAdam, trainStep, type NetId, type SegNet } from '../src/models/segNets';
import { DEFAULT_SYNTH, evaluateSegmentation, packBatch, SEG_CLASS_NAMES, SEG_NUM_CLASSES, splitSamples, type SegEvaluation } from '../src/core/segSynth';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const STEPS = Number(arg('steps', '1000'));
const BATCH = Number(arg('batch', '8'));
const LR = Number(arg('lr', '0.003'));
const EVAL_EVERY = Number(arg('eval-every', '200'));
const TEST_N = Number(arg('test', '200'));
const BACKEND = arg('backend', 'wasm');
const OUT = path.resolve(REPO_ROOT, arg('out', 'public/checkpoints'));
const SEED = Number(arg('seed', '1'));
const SIZE = DEFAULT_SYNTH.size;

/** Warm-up for 20 steps, then cosine decay to 5 % of the peak. */
function learningRate(step: number, total: number, peak: number): number {
  if (step < 20) return (peak * (step + 1)) / 20;
  const t = Math.min(1, (step - 20) / Math.max(1, total - 20));
  return peak * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t)));
}

interface NetRun {
  readonly net: SegNet;
  readonly opt: SegAdam;
  readonly loss: number[];
  readonly evalSteps: number[];
  readonly evalMiou: number[];
  lastLoss: number;
  final?: SegEvaluation;
}

async function main(): Promise<void> {
  if (BACKEND === 'wasm') {
    await initWasm();
    registerWasmTrainingKernels();
  } else {
    await tf.setBackend('cpu');
    await tf.ready();
  }
  console.log(`backend ${tf.getBackend()}, ${STEPS} steps × batch ${BATCH}, lr ${LR}, test ${TEST_N} images`);

  const testSamples = splitSamples('test', 0, TEST_N, DEFAULT_SYNTH, SEED);
  const test = packBatch(testSamples);
  const testLabels = testSamples.map((s) => s.labels);

  const runs = new Map<NetId, NetRun>();
  for (const id of NET_IDS) {
    const net = createSegNet(id, SEG_NUM_CLASSES, SEED);
    runs.set(id, { net, opt: new SegAdam(LR), loss: [], evalSteps: [], evalMiou: [], lastLoss: NaN });
    console.log(`${id}: ${net.paramCount} parameters`);
  }

  const t0 = Date.now();
  const seconds: Record<string, number> = { fcn: 0, unet: 0, aspp: 0 };

  const evaluate = async (step: number, final: boolean) => {
    console.log(`evaluating at step ${step}${final ? ' (final)' : ''}`);
    for (const [id, r] of runs) {
      const pred = await predictPacked(r.net, test.images, test.count, SIZE);
      const ev = evaluateSegmentation(testLabels, pred, SIZE, SEG_NUM_CLASSES, 2);
      r.evalSteps.push(step);
      r.evalMiou.push(ev.meanIoU);
      r.final = ev;
      console.log(
        `  step ${step} ${id}: loss ${r.lastLoss.toFixed(4)} mIoU ${ev.meanIoU.toFixed(4)} pixAcc ${ev.pixelAccuracy.toFixed(4)} boundary mIoU ${ev.boundaryMeanIoU.toFixed(4)}`,
      );
    }
    await writeOutputs(step, final);
  };

  const writeOutputs = async (step: number, final: boolean) => {
    const nets: Record<string, unknown> = {};
    for (const [id, r] of runs) {
      const ev = r.final;
      const info = { steps: step, batch: BATCH, lr: LR, seed: SEED, finalLoss: r.lastLoss, testMeanIoU: ev?.meanIoU ?? null };
      const { json, data } = await saveCheckpoint(r.net, info);
      const dir = path.join(OUT, `seg-${id}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'checkpoint.json'), JSON.stringify(json));
      writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(data));
      nets[id] = {
        params: r.net.paramCount,
        trainSeconds: Math.round(seconds[id]!),
        finalLoss: r.lastLoss,
        test: ev
          ? {
              pixelAccuracy: ev.pixelAccuracy,
              classIoU: Array.from(ev.classIoU),
              meanIoU: ev.meanIoU,
              boundaryPixelAccuracy: ev.boundaryPixelAccuracy,
              boundaryClassIoU: Array.from(ev.boundaryClassIoU),
              boundaryMeanIoU: ev.boundaryMeanIoU,
            }
          : null,
        curve: { lossEvery: 10, loss: r.loss, evalSteps: r.evalSteps, evalMeanIoU: r.evalMiou },
      };
    }
    const report = {
      format: 'seg-report-v1',
      complete: final,
      config: {
        steps: step,
        plannedSteps: STEPS,
        batch: BATCH,
        peakLr: LR,
        schedule: 'adam; linear warm-up 20 steps, cosine decay to 5 %',
        seed: SEED,
        backend: tf.getBackend(),
        synth: DEFAULT_SYNTH,
        classes: SEG_CLASS_NAMES,
        trainImages: `train split, images 0…${step * BATCH - 1} (batch b of step s = images s·${BATCH}…s·${BATCH}+${BATCH - 1})`,
        testImages: `test split, images 0…${TEST_N - 1}`,
        testCount: TEST_N,
        boundaryRadius: 2,
      },
      wallSeconds: Math.round((Date.now() - t0) / 1000),
      nets,
    };
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'seg-report.json'), `${JSON.stringify(report, null, 1)}\n`);
  };

  let acc: Record<string, number> = { fcn: 0, unet: 0, aspp: 0 };
  for (let step = 0; step < STEPS; step++) {
    const batch = packBatch(splitSamples('train', step * BATCH, BATCH, DEFAULT_SYNTH, SEED));
    const x = tf.tensor4d(batch.images, [BATCH, SIZE, SIZE, 3]);
    const y = tf.tensor3d(batch.labels, [BATCH, SIZE, SIZE], 'int32');
    const lr = learningRate(step, STEPS, LR);
    for (const [id, r] of runs) {
      r.opt.setLearningRate(lr);
      const ts = Date.now();
      const loss = trainStep(r.net, r.opt, x, y);
      const v = (await loss.data())[0]!;
      loss.dispose();
      seconds[id]! += (Date.now() - ts) / 1000;
      r.lastLoss = v;
      acc[id]! += v;
    }
    x.dispose();
    y.dispose();
    if ((step + 1) % 10 === 0) {
      for (const [id, r] of runs) r.loss.push(acc[id]! / 10);
      acc = { fcn: 0, unet: 0, aspp: 0 };
      const el = (Date.now() - t0) / 1000;
      console.log(
        `step ${step + 1}/${STEPS} (${el.toFixed(0)} s, ~${((el / (step + 1)) * (STEPS - step - 1)).toFixed(0)} s left) loss ${NET_IDS.map((id) => `${id} ${runs.get(id)!.loss.at(-1)!.toFixed(3)}`).join(' ')}`,
      );
    }
    if ((step + 1) % EVAL_EVERY === 0 && step + 1 < STEPS) await evaluate(step + 1, false);
  }
  await evaluate(STEPS, true);
  for (const r of runs.values()) {
    r.net.dispose();
    r.opt.dispose();
  }
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s; wrote ${OUT}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
