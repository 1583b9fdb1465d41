/**
 * Two interleaved spirals (the classic hard 2-D toy task): class 0 and class 1 wind around the origin
 * half a turn apart. Seeded (core/random), so every run and every link gets the same points.
 */
import { mulberry32 } from '../random';

export interface SpiralData {
  /** [n, 2] row-major, coordinates in about [−1, 1]. */
  readonly x: Float32Array;
  /** [n] labels 0 / 1. */
  readonly y: Float32Array;
  readonly n: number;
}

export function twoSpirals(n: number, seed = 1, turns = 1.5, noise = 0.04): SpiralData {
  const r = mulberry32(seed);
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i % 2;
    const t = 0.1 + 0.9 * r();
    const angle = t * turns * 2 * Math.PI + cls * Math.PI;
    // Box–Muller for the noise.
    const g1 = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    const g2 = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    x[2 * i] = t * Math.cos(angle) + noise * g1;
    x[2 * i + 1] = t * Math.sin(angle) + noise * g2;
    y[i] = cls;
  }
  return { x, y, n };
}

/** Share of predictions (probabilities of class 1) on the right side of 0.5. */
export function accuracy(prob: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if ((prob[i]! > 0.5 ? 1 : 0) === labels[i]) ok++;
  return ok / labels.length;
}
