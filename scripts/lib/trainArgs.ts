/**
 * The options of the synthetic-data training CLIs (`train-yolo.ts`, `train-caption.ts`):
 * `--steps --batch --lr --seed --backend --out --eval-every --test-count`, each `--name value`
 * (node:util parseArgs: an unknown option is an error), with each script's own defaults.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';

export interface TrainDefaults {
  readonly steps: string;
  readonly batch: string;
  readonly lr: string;
  readonly seed: string;
  readonly backend: string;
  /** Output folder (made absolute). */
  readonly out: string;
  readonly evalEvery: string;
  readonly testCount: string;
}

export interface TrainArgs {
  readonly steps: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
  readonly backend: string;
  readonly out: string;
  readonly evalEvery: number;
  readonly testCount: number;
}

export function parseTrainArgs(d: TrainDefaults, argv: string[] = process.argv.slice(2)): TrainArgs {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      steps: { type: 'string', default: d.steps },
      batch: { type: 'string', default: d.batch },
      lr: { type: 'string', default: d.lr },
      seed: { type: 'string', default: d.seed },
      backend: { type: 'string', default: d.backend },
      out: { type: 'string', default: d.out },
      'eval-every': { type: 'string', default: d.evalEvery },
      'test-count': { type: 'string', default: d.testCount },
    },
  });
  return {
    steps: Number(a.steps),
    batch: Number(a.batch),
    lr: Number(a.lr),
    seed: Number(a.seed),
    backend: a.backend,
    out: path.resolve(a.out),
    evalEvery: Number(a['eval-every']),
    testCount: Number(a['test-count']),
  };
}

/** Switches tfjs to the CPU backend and waits for it. */
export async function startCpu(): Promise<'cpu'> {
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
