/**
 * mulberry32: a tiny seeded random generator (state: one uint32), so every demo, synthetic dataset
 * and randomized test is reproducible from its seed (a link reproduces the same random grid).
 */
export type Rng = () => number;

/** Uniform numbers in [0, 1) from `seed`. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` deterministic values in [-1, 1) from `seed` (test and benchmark tensors). */
export function symmetricValues(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 2 * r() - 1;
  return out;
}
