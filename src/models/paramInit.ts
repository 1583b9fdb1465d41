/**
 * Named trainable parameters of the project's small plain-tf nets (`segNets.ts`, `maskHead.ts`,
 * `captioner.ts`): seeded initial values and the variables, created in the nets' fixed parameter order
 * (the checkpoint order, see `checkpointIo.ts`). `normalValues` also seeds the recap's deep MLP.
 */
import * as tf from '@tensorflow/tfjs';

/** He-normal values (std √(2 / fanIn), Box–Muller pairs from `rand`); zeros when `fanIn` is 0 (biases). */
export function heNormalValues(rand: () => number, n: number, fanIn: number): Float32Array {
  return fanIn === 0 ? new Float32Array(n) : normalValues(rand, n, Math.sqrt(2 / fanIn));
}

/** Normal values with mean 0 and standard deviation `std`: Box–Muller pairs from `rand` (uniform in [0, 1)). */
export function normalValues(rand: () => number, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = std * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = std * r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

export interface NamedVariableSet {
  readonly byName: ReadonlyMap<string, tf.Variable>;
  /** In the order of the specs. */
  readonly variables: tf.Variable[];
  /** Number of scalar parameters. */
  readonly count: number;
}

/** One trainable float32 variable per spec, in order, with the values `init(spec, size)` gives. */
export function createNamedVariables<S extends { readonly name: string; readonly shape: readonly number[] }>(
  specs: readonly S[],
  init: (spec: S, size: number) => Float32Array,
): NamedVariableSet {
  const byName = new Map<string, tf.Variable>();
  const variables: tf.Variable[] = [];
  let count = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    count += n;
    const t = tf.tensor(init(s, n), [...s.shape], 'float32');
    const v = tf.variable(t, true);
    t.dispose();
    byName.set(s.name, v);
    variables.push(v);
  }
  return { byName, variables, count };
}
