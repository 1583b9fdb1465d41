/**
 * Issue #15: a short webcam soak (the fake camera) on every live page, WASM: after warm-up the tfjs
 * tensor count is the same at every 25th frame, tfjs' bytes do not grow, and the JS heap after a GC
 * at the end stays within 1.5× of its value after warm-up. The 1000-frame version with per-100
 * figures is `npm run bench:soak` (scripts/bench-soak.ts); both use scripts/lib/soak.ts.
 */
import { expect, test } from '@playwright/test';
import { LIVE_PAGES, soak } from '../../scripts/lib/soak';

const FRAMES = 100;

for (const live of LIVE_PAGES) {
  test(`soak: ${FRAMES} webcam frames on ${live.name} keep tensors, bytes and heap bounded`, async ({ page }) => {
    test.setTimeout(420_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const run = await soak(page, live.route, { frames: FRAMES, every: 25, warmup: 10, timeoutMs: 360_000 });
    const first = run.samples[0]!;
    expect(run.samples.length).toBeGreaterThanOrEqual(FRAMES / 25 + 1);
    // a frame that leaks one tensor would add 25 per sample: the count must be exactly the first one
    expect(run.samples.map((s) => s.numTensors)).toEqual(run.samples.map(() => first.numTensors));
    expect(Math.max(...run.samples.map((s) => s.numBytes))).toBeLessThanOrEqual(first.numBytes);
    expect(run.heapAfterGc.end).toBeLessThanOrEqual(run.heapAfterGc.start * 1.5);
    expect(errors).toEqual([]);
  });
}
