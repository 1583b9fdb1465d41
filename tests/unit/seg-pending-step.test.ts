/**
 * The segmentation worker's two-half step (`gradientsOnBatch`, used by `segTrainer.ts`): discarded, the
 * nets and their Adam states are as before (a pause drops the step in flight); applied, it is the same
 * update as `trainNetsOnBatch`; no tensors are left either way.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNTH, packBatch, SEG_NUM_CLASSES, splitSamples } from '../../src/core/segSynth';
import { createSegNet, gradientsOnBatch, SegAdam, trainNetsOnBatch, type SegNet } from '../../src/models/segNets';
import { registerWasmTrainingKernels } from '../../src/models/train/wasmKernels';
import { useWasm as initWasm } from '../../scripts/lib/nodeTf';

const SIZE = 32;
const batch = () => packBatch(splitSamples('train', 0, 2, { ...DEFAULT_SYNTH, size: SIZE, minRadius: SIZE / 6, maxRadius: SIZE / 3 }));
const values = (n: SegNet) => n.variables.flatMap((v) => Array.from(v.dataSync()));

describe('gradientsOnBatch', () => {
  beforeAll(async () => {
    await initWasm();
    registerWasmTrainingKernels();
  });

  it('discard leaves the nets untouched; apply equals trainNetsOnBatch; no leaks', async () => {
    const before = tf.memory().numTensors;
    const a = createSegNet('fcn', SEG_NUM_CLASSES, 1);
    const b = createSegNet('fcn', SEG_NUM_CLASSES, 1);
    const oa = new SegAdam(0.01);
    const ob = new SegAdam(0.01);
    const w0 = values(a);
    const dropped = await gradientsOnBatch([{ net: a, optimizer: oa }], batch(), SIZE);
    dropped.discard();
    expect(values(a)).toEqual(w0);
    expect(() => dropped.apply()).toThrow(/once/);
    for (let i = 0; i < 2; i++) {
      const p = await gradientsOnBatch([{ net: a, optimizer: oa }], batch(), SIZE);
      p.apply();
      const l = await trainNetsOnBatch([{ net: b, optimizer: ob }], batch(), SIZE);
      expect(p.losses).toEqual(l);
    }
    expect(values(a)).not.toEqual(w0);
    expect(values(a)).toEqual(values(b));
    oa.dispose();
    ob.dispose();
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
