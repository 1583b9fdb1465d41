/**
 * The two halves of a TinyYOLO step the training worker relies on (`yoloTrain.worker.ts`): a computed
 * step that is discarded leaves weights, Adam state and the batch cursor as they were (so Pause drops
 * the step in flight), an applied one equals a plain step; and the weights travel as arrays
 * (`weightArrays` / `setWeightArrays`: the page ↔ worker copy) without loss or leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm as startWasm } from '../../scripts/lib/nodeTf';
import { TINYYOLO_PRIORS } from '../../src/core/yolo/dataset';
import { SHAPE_CLASSES } from '../../src/core/yolo/synthData';
import { TinyYolo, type TinyYoloConfig } from '../../src/models/tinyYolo';
import { BrowserTrainer } from '../../src/models/train/tinyYoloTrainer';
import { registerWasmTrainingKernels } from '../../src/models/train/wasmKernels';

const CFG: TinyYoloConfig = { inputSize: 64, grid: 8, priors: TINYYOLO_PRIORS, classes: [...SHAPE_CLASSES], filters: [4, 4, 4, 4, 4, 4] };

const flat = (a: Float32Array[]) => a.flatMap((x) => Array.from(x));

describe('TinyYOLO pending steps and weight arrays', () => {
  beforeAll(async () => {
    await startWasm();
    registerWasmTrainingKernels();
  });

  it('discard = the step never ran; apply = trainStep; no tensors left', async () => {
    const before = tf.memory().numTensors;
    const a = TinyYolo.create(CFG, 3);
    const b = TinyYolo.create(CFG, 3);
    const ta = new BrowserTrainer(a, 0.01);
    const tb = new BrowserTrainer(b, 0.01);
    const w0 = flat(await a.weightArrays());
    // a: one step computed and dropped, then two applied; b: two plain steps.
    const dropped = await ta.computeStep();
    dropped.discard();
    expect(ta.step).toBe(0);
    expect(flat(await a.weightArrays())).toEqual(w0);
    expect(() => dropped.apply()).toThrow(/once/);
    for (let i = 0; i < 2; i++) {
      const p = await ta.computeStep();
      p.apply();
      await tb.trainStep();
    }
    expect(ta.step).toBe(2);
    const wa = flat(await a.weightArrays());
    expect(wa).not.toEqual(w0);
    expect(wa).toEqual(flat(await b.weightArrays()));
    ta.dispose();
    tb.dispose();
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('weights copied as arrays give the same outputs; a wrong size is refused', async () => {
    const src = TinyYolo.create(CFG, 5);
    const dst = TinyYolo.create(CFG, 6);
    const before = tf.memory().numTensors;
    const arrays = await src.weightArrays();
    dst.setWeightArrays(arrays);
    expect(tf.memory().numTensors).toBe(before);
    const x = new Float32Array(64 * 64 * 3).map((_, i) => ((i * 7) % 255) / 255 - 0.5);
    expect(Array.from(await dst.predictRaw(x, 1))).toEqual(Array.from(await src.predictRaw(x, 1)));
    expect(() => dst.setWeightArrays(arrays.slice(1))).toThrow(RangeError);
    expect(() => dst.setWeightArrays([arrays[0]!.subarray(1), ...arrays.slice(1)])).toThrow(RangeError);
    src.dispose();
    dst.dispose();
  });
});
