/**
 * Train the CNN + GRU captioner on the synthetic scenes, deterministically, in Node (tfjs WASM
 * backend with the project's gradient kernels, or CPU).
 *
 *   npm run train:caption -- [--steps 700] [--batch 48] [--lr 0.004] [--seed 7] [--backend wasm|cpu]
 *                            [--out public/checkpoints/captioner] [--eval-every 350] [--test-count 500]
 *
 * Deterministic: seeded init, training scene i = generateScene(trainSeed, i), its reference
 * (one of the scene's two sentences) chosen by a hash of (seed, i), a fixed number of steps and
 * a fixed learning-rate schedule → same seed, bit-identical weights.bin.
 *
 * Writes to --out: checkpoint.json + weights.bin (config, vocabulary and provenance with the test
 * scores inside) and test-results.json: the test split's references and greedy / beam captions in
 * COCO formats, so `npm run eval:captions -- --gt …/test-gt.json --res …/test-res-greedy.json`
 * reproduces the stated scores with the project's metrics.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { REPO_ROOT, useWasm as startWasm } from './lib/nodeTf';
import { parseTrainArgs, startCpu } from './lib/trainArgs';
import { evaluateRawCaptions, type CaptionScores } from '../src/core/captions';
import { DEFAULT_SCENE_SPLITS, encodeSentence, generateScene, type Scene } from '../src/core/captions/synthScenes';
import { imageSeed } from '../src/core/yolo/synthData';
import {
  createCaptioner, decodeCaption, decoderWeights, DEFAULT_CAPTIONER, encodePacked, packCaptionBatch,
  saveCaptioner, trainCaptionerStep, type CaptionerNet,
} from '../src/models/captioner';
import { CHECKPOINT_BIN, CHECKPOINT_JSON } from '../src/models/checkpointIo';
import { AdjustableAdam } from '../src/models/train/adam';
import { registerWasmTrainingKernels } from '../src/models/train/wasmKernels';

const { steps: STEPS, batch: BATCH, lr: LR, seed: SEED, evalEvery: EVAL_EVERY, testCount: TEST_COUNT, out: OUT, backend: BACKEND } = parseTrainArgs({
  steps: '700',
  batch: '48',
  lr: '0.004',
  seed: '7',
  backend: 'wasm',
  out: path.join(REPO_ROOT, 'public', 'checkpoints', 'captioner'),
  evalEvery: '350',
  testCount: String(DEFAULT_SCENE_SPLITS.testCount),
});
const BEAM = 3;

async function setBackend(): Promise<string> {
  if (BACKEND === 'cpu') return startCpu();
  await startWasm();
  registerWasmTrainingKernels();
  return 'wasm';
}

function lrAt(step: number): number {
  if (step < 30) return (LR * (step + 1)) / 30;
  const p = (step - 30) / Math.max(1, STEPS - 30);
  return LR * (0.03 + 0.97 * 0.5 * (1 + Math.cos(Math.PI * p)));
}

interface Evaluation {
  readonly greedy: CaptionScores;
  readonly beam: CaptionScores;
  /** Fraction of test scenes whose greedy caption equals one of its two references. */
  readonly exact: number;
  readonly results: { greedy: { image_id: number; caption: string }[]; beam: { image_id: number; caption: string }[] };
}

async function evaluate(net: CaptionerNet, test: readonly Scene[]): Promise<Evaluation> {
  const s = net.config.size;
  const packed = packCaptionBatch(test, test.map(() => []), s);
  const h = await encodePacked(net, packed.images, test.length);
  const wts = await decoderWeights(net);
  const H = net.config.hidden;
  const refs = new Map<string, string[]>();
  const greedy = new Map<string, string[]>();
  const beam = new Map<string, string[]>();
  let exact = 0;
  test.forEach((sc, i) => {
    const r = decodeCaption(wts, h.subarray(i * H, (i + 1) * H), { beam: BEAM, topK: 1 });
    const id = String(sc.id);
    refs.set(id, [...sc.captions]);
    greedy.set(id, [r.greedy.sentence]);
    beam.set(id, [r.beam.sentence]);
    if (sc.captions.includes(r.greedy.sentence)) exact++;
  });
  const ids = test.map((sc) => String(sc.id));
  const res = (m: Map<string, string[]>) => ids.map((id) => ({ image_id: Number(id), caption: m.get(id)![0]! }));
  return {
    greedy: evaluateRawCaptions(ids, refs, greedy).corpus,
    beam: evaluateRawCaptions(ids, refs, beam).corpus,
    exact: exact / test.length,
    results: { greedy: res(greedy), beam: res(beam) },
  };
}

function cocoGt(test: readonly Scene[]) {
  return {
    info: { description: 'synthetic captioning scenes, test split (src/core/captions/synthScenes.ts)' },
    images: test.map((s) => ({ id: s.id, width: s.width, height: s.height, file_name: `scene-${s.id}.png` })),
    annotations: test.flatMap((s, i) => s.captions.map((c, j) => ({ id: i * 2 + j + 1, image_id: s.id, caption: c }))),
  };
}

async function main(): Promise<void> {
  const backend = await setBackend();
  const splits = { ...DEFAULT_SCENE_SPLITS, testCount: TEST_COUNT };
  const net = createCaptioner(DEFAULT_CAPTIONER, SEED);
  const optimizer = new AdjustableAdam(LR);
  const test = Array.from({ length: splits.testCount }, (_, i) => generateScene(splits.testSeed, i));
  console.log(`train-caption: backend ${backend}; ${net.paramCount} parameters; ${STEPS} steps × batch ${BATCH}; test ${test.length} scenes`);
  mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  let avg = NaN;
  const history: { step: number; loss: number }[] = [];
  const evals: { step: number; bleu4: number; cider: number; exact: number }[] = [];
  let last: Evaluation | null = null;

  const save = async (step: number): Promise<void> => {
    const info = {
      command: 'npm run train:caption',
      finished: step === STEPS,
      steps: step,
      plannedSteps: STEPS,
      batch: BATCH,
      learningRate: { peak: LR, schedule: 'linear warm-up 30 steps, cosine to 3 %' },
      optimizer: 'adam',
      seed: SEED,
      backend,
      // wall-clock seconds are printed, not stored: the checkpoint must reproduce byte for byte
      splits,
      beam: BEAM,
      test: last ? { scenes: test.length, greedy: last.greedy, beam: last.beam, exactGreedy: last.exact } : null,
      evaluations: evals,
      lossHistory: history,
    };
    const { json, data } = await saveCaptioner(net, info);
    writeFileSync(path.join(OUT, CHECKPOINT_JSON), `${JSON.stringify(json)}\n`);
    writeFileSync(path.join(OUT, CHECKPOINT_BIN), Buffer.from(data));
    if (last) {
      writeFileSync(path.join(OUT, 'test-gt.json'), JSON.stringify(cocoGt(test)));
      writeFileSync(path.join(OUT, 'test-res-greedy.json'), JSON.stringify(last.results.greedy));
      writeFileSync(path.join(OUT, 'test-res-beam.json'), JSON.stringify(last.results.beam));
    }
  };

  for (let step = 0; step < STEPS; step++) {
    const scenes: Scene[] = [];
    const tokens: number[][] = [];
    for (let k = 0; k < BATCH; k++) {
      const i = step * BATCH + k;
      const sc = generateScene(splits.trainSeed, i);
      scenes.push(sc);
      tokens.push(encodeSentence(sc.captions[imageSeed(SEED, i) & 1]!));
    }
    optimizer.setLearningRate(lrAt(step));
    const l = await trainCaptionerStep(net, optimizer, packCaptionBatch(scenes, tokens, net.config.size));
    avg = Number.isNaN(avg) ? l : 0.95 * avg + 0.05 * l;
    if (step % 25 === 24 || step === STEPS - 1) {
      history.push({ step: step + 1, loss: Math.round(avg * 1e4) / 1e4 });
      console.log(`step ${step + 1}/${STEPS}  loss ${avg.toFixed(4)}  lr ${lrAt(step).toExponential(2)}  ${((Date.now() - t0) / 1000).toFixed(0)} s  tensors ${tf.memory().numTensors}`);
    }
    if ((step + 1) % EVAL_EVERY === 0 || step === STEPS - 1) {
      last = await evaluate(net, test);
      evals.push({ step: step + 1, bleu4: last.greedy.Bleu_4, cider: last.greedy.CIDEr, exact: last.exact });
      console.log(
        `eval at step ${step + 1}: greedy BLEU-4 ${last.greedy.Bleu_4.toFixed(4)} CIDEr-D ${last.greedy.CIDEr.toFixed(3)} exact ${(100 * last.exact).toFixed(1)} %; beam ${BEAM} BLEU-4 ${last.beam.Bleu_4.toFixed(4)} CIDEr-D ${last.beam.CIDEr.toFixed(3)}`,
      );
      await save(step + 1);
    }
  }
  console.log(`train-caption: done in ${((Date.now() - t0) / 1000).toFixed(0)} s; wrote ${OUT}`);
  net.dispose();
  optimizer.dispose();
}

main().catch((e: unknown) => {
  console.error(`train-caption: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
