/**
 * The shipped TinyYOLO checkpoint (public/checkpoints/tinyyolo/, written by `npm run train:yolo`):
 * loaded in Node (WASM backend), run on the regenerated held-out synthetic test split and scored with
 * the project's metrics engine. Also: the model does not leak tensors, and a save/load round trip
 * gives the same outputs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, useWasm as startWasm } from '../../scripts/lib/nodeTf';
import { cocoGroundTruthFromJson, cocoResultsFromJson, evaluateDetections } from '../../src/core/eval';
import { DEFAULT_SPLITS, detectionsToCoco, EVAL_NMS, makeBatch, rgbaToInput, type CocoResultJson } from '../../src/core/yolo/dataset';
import { generateDataset, toCocoGroundTruth } from '../../src/core/yolo/synthData';
import { artifactsToFiles, filesToArtifacts, gridSpec, TinyYolo } from '../../src/models/tinyYolo';
import { registerWasmTrainingKernels } from '../../src/models/train/wasmKernels';

const DIR = path.join(REPO_ROOT, 'public', 'checkpoints', 'tinyyolo');

async function loadFrom(dir: string): Promise<TinyYolo> {
  const a = filesToArtifacts(readFileSync(path.join(dir, 'model.json'), 'utf8'), readFileSync(path.join(dir, 'weights.bin')));
  return TinyYolo.load(tf.io.fromMemory(a));
}

describe('TinyYOLO checkpoint', () => {
  let net: TinyYolo;

  beforeAll(async () => {
    if (!existsSync(path.join(DIR, 'model.json'))) throw new Error(`no checkpoint in ${DIR}: run \`npm run train:yolo\``);
    await startWasm();
    registerWasmTrainingKernels();
    net = await loadFrom(DIR);
  });
  afterAll(() => net?.dispose());

  it('carries its config and is small', () => {
    expect(net.config.grid).toBe(8);
    expect(net.config.classes).toEqual(['ellipse', 'rectangle', 'triangle']);
    expect(net.config.priors).toHaveLength(6);
    expect(net.numParams).toBeLessThan(70_000);
    expect(readFileSync(path.join(DIR, 'weights.bin')).length).toBeLessThan(400_000);
  });

  it('scores mAP@.5 ≥ 0.8 on the regenerated synthetic test split (src/core/eval)', async () => {
    const training = JSON.parse(readFileSync(path.join(DIR, 'training.json'), 'utf8')) as { splits: { testSeed: number; testCount: number }; test: { mAP50: number } };
    expect(training.splits.testSeed).toBe(DEFAULT_SPLITS.testSeed);
    const test = generateDataset(training.splits.testSeed, training.splits.testCount);
    const dt: CocoResultJson[] = [];
    for (let i = 0; i < test.length; i += 50) {
      const ims = test.slice(i, i + 50);
      const raw = await net.predictRaw(rgbaToInput(ims, 64), ims.length);
      ims.forEach((im, k) => dt.push(...detectionsToCoco(net.detect(raw, EVAL_NMS, k), im.id, im.width, im.height)));
    }
    const report = evaluateDetections(cocoGroundTruthFromJson(toCocoGroundTruth(test), 'gt'), cocoResultsFromJson(dt, 'dt'));
    const ap50 = report.stats[1]!;
    expect(ap50).toBeGreaterThanOrEqual(0.8);
    expect(Math.abs(ap50 - training.test.mAP50)).toBeLessThan(0.01);
    // The shipped GT file is the same split.
    const shippedGt = JSON.parse(readFileSync(path.join(DIR, 'test-gt.json'), 'utf8')) as { annotations: unknown[] };
    expect(shippedGt.annotations).toHaveLength(toCocoGroundTruth(test).annotations.length);
  });

  it('predict, decode, a training step and a save/load round trip leak no tensors', async () => {
    const ims = generateDataset(DEFAULT_SPLITS.trainSeed, 2);
    const before = tf.memory().numTensors;
    const copy = await loadFrom(DIR);
    const raw = await copy.predictRaw(rgbaToInput(ims, 64), 2);
    copy.detect(raw, EVAL_NMS, 1);
    const img = tf.tensor3d(new Int32Array(80 * 50 * 3).fill(128), [50, 80, 3], 'int32');
    await copy.predictRawImage(img);
    img.dispose();
    const opt = tf.train.adam(1e-4);
    const l = await copy.trainStep(opt, makeBatch(ims, gridSpec(copy.config), 64));
    expect(Number.isFinite(l.total)).toBe(true);
    expect(l.total).toBeCloseTo(l.conf + l.loc + l.cls, 4);
    const files = artifactsToFiles(await copy.toArtifacts());
    const again = await TinyYolo.load(tf.io.fromMemory(filesToArtifacts(files.modelJson, files.weights)));
    const r1 = await copy.predictRaw(rgbaToInput(ims, 64), 2);
    const r2 = await again.predictRaw(rgbaToInput(ims, 64), 2);
    expect(Array.from(r2.subarray(0, 50))).toEqual(Array.from(r1.subarray(0, 50)));
    again.dispose();
    opt.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
