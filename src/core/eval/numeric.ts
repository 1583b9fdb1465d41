/**
 * Numeric helpers that reproduce numpy's floating-point behaviour bit for bit where it matters:
 * `np.linspace`, the pairwise summation behind `np.sum`/`np.mean`, and Python's `{:0.3f}`.
 */

/** `np.linspace(start, stop, num)` (endpoint=True) with numpy's exact doubles: `i * step + start`, last = stop. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num <= 0) return out;
  const div = num - 1;
  const delta = stop - start;
  if (div === 0) {
    out[0] = start;
    return out;
  }
  const step = delta / div;
  for (let i = 0; i < num; i++) {
    out[i] = step === 0 ? ((i / div) * delta) + start : i * step + start;
  }
  out[num - 1] = stop;
  return out;
}

const PW_BLOCKSIZE = 128;

/** numpy's `pairwise_sum_DOUBLE` over `a[from, from+n)` (the summation order of `np.add.reduce` on a contiguous array). */
export function pairwiseSum(a: ArrayLike<number>, from = 0, n = a.length - from): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[from + i]!;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[from]!, r1 = a[from + 1]!, r2 = a[from + 2]!, r3 = a[from + 3]!;
    let r4 = a[from + 4]!, r5 = a[from + 5]!, r6 = a[from + 6]!, r7 = a[from + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const b = from + i;
      r0 += a[b]!; r1 += a[b + 1]!; r2 += a[b + 2]!; r3 += a[b + 3]!;
      r4 += a[b + 4]!; r5 += a[b + 5]!; r6 += a[b + 6]!; r7 += a[b + 7]!;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[from + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
}

/** `np.mean` of the first `n` values of `a` (NaN when n = 0, like numpy). */
export function npMean(a: ArrayLike<number>, n = a.length): number {
  return (0 + pairwiseSum(a, 0, n)) / n;
}

/**
 * Python's `'{:0.3f}'.format(x)`: exact decimal value of the double, ties (only possible when
 * x·16 is an odd integer) rounded half to even. JS `toFixed` rounds those ties away from zero.
 */
export function formatFixed3(x: number): string {
  const s16 = Math.abs(x) * 16;
  if (Number.isInteger(s16) && s16 % 2 === 1) {
    const four = Math.abs(x).toFixed(4); // exact, ends with '5'
    const third = Number(four.charAt(four.length - 2));
    const sign = x < 0 ? '-' : '';
    if (third % 2 === 0) return sign + four.slice(0, -1);
    return sign + Math.abs(x).toFixed(3);
  }
  return x.toFixed(3);
}
