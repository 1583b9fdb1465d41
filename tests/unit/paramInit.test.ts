/**
 * The seeded He-normal init shared by the plain-tf nets (`src/models/paramInit.ts`): sample mean 0 and
 * variance 2 / fanIn (He et al. 2015), zeros for fanIn 0, the same values for the same seed, and
 * `createNamedVariables` filling each variable in spec order with what its `init` returned.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import { createNamedVariables, heNormalValues } from '../../src/models/paramInit';

describe('heNormalValues', () => {
  it('has mean 0 and variance 2 / fanIn; zeros when fanIn is 0; same seed, same values', () => {
    const n = 200_001; // odd: the last value comes from a half-used Box–Muller pair
    for (const fanIn of [9, 50, 288]) {
      const v = heNormalValues(mulberry32(fanIn), n, fanIn);
      let sum = 0;
      for (const x of v) sum += x;
      const mean = sum / n;
      let sq = 0;
      for (const x of v) sq += (x - mean) ** 2;
      const variance = sq / (n - 1);
      const want = 2 / fanIn;
      // standard error of the mean √(want / n), of the variance want·√(2 / n): 5 of each
      expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(want / n));
      expect(Math.abs(variance / want - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
      expect(v[n - 1]).not.toBe(0);
    }
    expect(Array.from(heNormalValues(mulberry32(1), 5, 0))).toEqual([0, 0, 0, 0, 0]);
    expect(heNormalValues(mulberry32(7), 64, 9)).toEqual(heNormalValues(mulberry32(7), 64, 9));
    expect(heNormalValues(mulberry32(3), 64, 9)[63]).not.toBe(0); // the last full pair is written
  });
});

describe('createNamedVariables', () => {
  it('one trainable variable per spec, in order, holding its init values; counts the parameters', () => {
    const before = tf.memory().numTensors;
    const specs = [
      { name: 'a', shape: [2, 3] },
      { name: 'b', shape: [4] },
    ];
    const { byName, variables, count } = createNamedVariables(specs, (s, size) => Float32Array.from({ length: size }, (_, i) => (s.name === 'a' ? i : -i)));
    expect(count).toBe(10);
    expect(variables.map((v) => v.shape)).toEqual([[2, 3], [4]]);
    expect(variables.every((v) => v.trainable)).toBe(true);
    expect(Array.from(byName.get('a')!.dataSync())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(byName.get('b')!.dataSync())).toEqual([-0, -1, -2, -3]);
    expect(byName.get('b')).toBe(variables[1]);
    variables.forEach((v) => v.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
