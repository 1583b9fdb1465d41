/**
 * Training speed: one Adam step of a small (~60k-parameter) segmentation-style conv net on a batch of
 * 16 images of 96×96, on the pure-JS CPU backend and on the WASM backend with the gradient kernels of
 * src/models/train/wasmKernels.ts, measured in the same run.
 *
 *   npx tsx scripts/bench-train.ts [--batch 16] [--size 96] [--cpu-steps 3] [--wasm-steps 5]
 *
 * Net: conv3×3/2 (3→16) → conv3×3/2 (16→32) → conv3×3 (32→48) + maxPool 2 → conv3×3 (48→64) →
 * bilinear ×2, concat with the 32-channel map → conv3×3 (96→16) → conv1×1 (16→2) → bilinear to full
 * size → softmax cross-entropy against a fixed random mask. ReLU and biases everywhere.
 * Each backend gets the same initial weights and data; on WASM one warm-up step (not timed: XNNPACK
 * operator set-up), then the median of the timed steps (a step = optimizer.minimize + reading the
 * loss back). The phases run one after the other; the load average is printed with every step. The "WASM, own
 * Conv2DBackpropInput" row swaps back WASM's original (slow) input-gradient kernel to show what the
 * replacement buys.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../src/models/train/wasmKernels';
import { symmetricValues } from '../src/core/random';

const { values: args } = parseArgs({
  options: {
    batch: { type: 'string', default: '16' },
    size: { type: 'string', default: '96' },
    'cpu-steps': { type: 'string', default: '3' },
    'wasm-steps': { type: 'string', default: '5' },
  },
});
const BATCH = Number(args.batch);
const SIZE = Number(args.size);
const CPU_STEPS = Number(args['cpu-steps']);
const WASM_STEPS = Number(args['wasm-steps']);
if (!(SIZE % 8 === 0 && SIZE >= 16 && BATCH >= 1 && CPU_STEPS >= 1 && WASM_STEPS >= 1)) {
  throw new Error('--size must be a multiple of 8 (≥ 16); --batch and the step counts ≥ 1');
}

const values = symmetricValues;

const LAYERS: ReadonlyArray<[string, number, number, number]> = [
  ['c1', 3, 3, 16],
  ['c2', 3, 16, 32],
  ['c3', 3, 32, 48],
  ['c4', 3, 48, 64],
  ['c5', 3, 96, 16],
  ['head', 1, 16, 2],
];

function makeNet(): { loss: () => tf.Scalar; params: number; dispose: () => void } {
  const w: Record<string, tf.Variable> = {};
  const b: Record<string, tf.Variable> = {};
  let params = 0;
  LAYERS.forEach(([name, k, cin, cout], i) => {
    const scale = Math.sqrt(6 / (k * k * cin)); // He-uniform
    w[name] = tf.tidy(() => tf.variable(tf.mul(tf.tensor4d(values(k * k * cin * cout, 10 + i), [k, k, cin, cout]), scale)));
    b[name] = tf.variable(tf.zeros([cout]));
    params += k * k * cin * cout + cout;
  });
  const x = tf.tensor4d(values(BATCH * SIZE * SIZE * 3, 1), [BATCH, SIZE, SIZE, 3]);
  const labels = tf.tidy(() => {
    const m = tf.greater(tf.tensor(values(BATCH * SIZE * SIZE, 2), [BATCH, SIZE, SIZE]), 0);
    return tf.oneHot(tf.cast(m, 'int32'), 2).toFloat();
  });
  const conv = (t: tf.Tensor4D, name: string, stride: number): tf.Tensor4D =>
    tf.relu(tf.add(tf.conv2d(t, w[name]! as tf.Tensor4D, stride, 'same'), b[name]!)) as tf.Tensor4D;
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const f1 = conv(x, 'c1', 2); // /2
      const f2 = conv(f1, 'c2', 2); // /4
      const f3 = tf.maxPool(conv(f2, 'c3', 1), 2, 2, 'same'); // /8
      const f4 = conv(f3, 'c4', 1);
      const up = tf.image.resizeBilinear(f4, [f2.shape[1], f2.shape[2]]);
      const f5 = conv(tf.concat([up, f2], 3), 'c5', 1);
      const logits = tf.add(tf.conv2d(f5, w.head! as tf.Tensor4D, 1, 'same'), b.head!) as tf.Tensor4D;
      return tf.losses.softmaxCrossEntropy(labels, tf.image.resizeBilinear(logits, [SIZE, SIZE]));
    });
  const dispose = (): void => tf.dispose([...Object.values(w), ...Object.values(b), x, labels]);
  return { loss, params, dispose };
}

interface Result {
  readonly label: string;
  readonly stepsMs: number[];
  readonly losses: number[];
  readonly params: number;
}

async function measure(label: string, backend: string, steps: number, warmUp: boolean): Promise<Result> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();
  const net = makeNet();
  const opt = tf.train.adam(1e-3);
  const losses: number[] = [];
  const stepsMs: number[] = [];
  const first = warmUp ? 1 : 0;
  for (let s = 0; s < steps + first; s++) {
    const t0 = performance.now();
    const l = opt.minimize(net.loss, true)!;
    losses.push((await l.data())[0]!);
    l.dispose();
    const ms = performance.now() - t0;
    if (s >= first) stepsMs.push(ms);
    process.stderr.write(`  ${label}: step ${s}${s < first ? ' (warm-up)' : ''} ${ms.toFixed(0)} ms, loss ${losses[s]!.toFixed(5)}, load ${os.loadavg()[0]!.toFixed(1)}\n`);
  }
  opt.dispose();
  net.dispose();
  return { label, stepsMs, losses, params: net.params };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// WASM's own Conv2DBackpropInput, kept for the comparison row.
await tf.setBackend('wasm');
await tf.ready();
const wasmOwnInputGrad = tf.getKernel('Conv2DBackpropInput', 'wasm');
registerWasmTrainingKernels();
const ourInputGrad = tf.getKernel('Conv2DBackpropInput', 'wasm');
const swapInputGrad = (config: tf.KernelConfig): void => {
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel(config);
};

process.stderr.write(`batch ${BATCH}×${SIZE}×${SIZE}×3, load average ${os.loadavg()[0]!.toFixed(1)}\n`);
const wasm = await measure('WASM + wasmKernels', 'wasm', WASM_STEPS, true);
swapInputGrad(wasmOwnInputGrad);
const wasmOwn = await measure("WASM, own Conv2DBackpropInput", 'wasm', Math.min(WASM_STEPS, 3), true);
swapInputGrad(ourInputGrad);
// The CPU backend has nothing to warm up (no operator set-up); its steps take minutes.
const cpu = await measure('CPU (pure JS)', 'cpu', CPU_STEPS, false);

const rows = [cpu, wasmOwn, wasm];
const cpuMs = median(cpu.stepsMs);
console.log(`\nTraining step (Adam), ${wasm.params} parameters, batch ${BATCH}×${SIZE}×${SIZE}×3; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}\n`);
console.log('| backend | timed steps | median ms/step | min ms/step | speed-up vs CPU | first loss |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const med = median(r.stepsMs);
  console.log(`| ${r.label} | ${r.stepsMs.length} | ${med.toFixed(0)} | ${Math.min(...r.stepsMs).toFixed(0)} | ${(cpuMs / med).toFixed(1)}× | ${r.losses[0]!.toFixed(5)} |`);
}
const n = Math.min(cpu.losses.length, wasm.losses.length);
const lossGap = Math.max(...wasm.losses.slice(0, n).map((l, i) => Math.abs(l - cpu.losses[i]!)));
console.log(`\nSpeed-up WASM + wasmKernels vs CPU: ${(cpuMs / median(wasm.stepsMs)).toFixed(1)}×; largest loss gap (WASM vs CPU) over the first ${n} steps: ${lossGap.toExponential(1)}`);
