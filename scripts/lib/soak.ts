/**
 * Webcam soak of a live page (issue #15): the fake camera plays, the page's frame loop runs, and at
 * every `every`-th frame worked on — at the moment `video.dataset.frames` changes, i.e. between two
 * inferences — the page records tfjs' tensor count and bytes (`window.__cvlTf`) and the JS heap.
 * Heap figures after a forced GC come from the DevTools protocol. Shared by tests/e2e/soak.spec.ts
 * (≥ 100 frames) and scripts/bench-soak.ts (1000 frames, printed per 100).
 */
import type { Page } from '@playwright/test';

export interface SoakSample {
  readonly frames: number;
  readonly numTensors: number;
  readonly numBytes: number;
  readonly gpuBytes: number | null;
  /** Used JS heap (bytes) at the sample, without a GC (noisy). */
  readonly heap: number;
}

export interface SoakRun {
  readonly route: string;
  readonly samples: readonly SoakSample[];
  /** Used JS heap after a forced GC, after warm-up and at the end. */
  readonly heapAfterGc: { readonly start: number; readonly end: number };
}

export const LIVE_PAGES = [
  { name: 'detection', route: '#/detection/live' },
  { name: 'person segmentation', route: '#/segmentation/live' },
  { name: 'instance segmentation', route: '#/instance' },
] as const;

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize;
}

export async function framesDone(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector<HTMLVideoElement>('video[data-frames]')?.dataset.frames ?? 0));
}

/**
 * Opens `route` (WASM unless `backend` says otherwise), starts the camera and runs `frames` frames
 * after `warmup`; `onSample` sees each sample as it comes (the benchmark prints them).
 */
export async function soak(page: Page, route: string, opts: { frames: number; every: number; warmup: number; backend?: string; timeoutMs: number; onSample?: (s: SoakSample) => void }): Promise<SoakRun> {
  await page.goto(`./?backend=${opts.backend ?? 'wasm'}&lang=en${route}`);
  await page.getByTestId('model-status').first().waitFor();
  await page.locator('[data-testid="model-status"][data-state="ready"]').first().waitFor({ timeout: 180_000 });
  await page.getByTestId('camera-toggle').click();
  await page.evaluate(({ every, warmup }) => {
    type Diag = { memory: () => { numTensors: number; numBytes: number; numBytesInGPU?: number } };
    // A page whose model runs in a Web Worker publishes that engine's figures as __cvlWorkerTf.
    const w = window as unknown as { __soak: unknown[]; __cvlTf?: Diag; __cvlWorkerTf?: Diag };
    w.__soak = [];
    const perf = performance as Performance & { memory?: { usedJSHeapSize: number } };
    new MutationObserver((records) => {
      for (const r of records) {
        const v = r.target as HTMLElement;
        const n = Number(v.dataset.frames ?? 0);
        if (n < warmup || (n - warmup) % every !== 0) continue;
        const diag = w.__cvlWorkerTf ?? w.__cvlTf;
        if (!diag) throw new Error('no tfjs diagnostics on this page (__cvlTf / __cvlWorkerTf)');
        const m = diag.memory();
        w.__soak.push({ frames: n - warmup, numTensors: m.numTensors, numBytes: m.numBytes, gpuBytes: m.numBytesInGPU ?? null, heap: perf.memory?.usedJSHeapSize ?? 0 });
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-frames'] });
  }, { every: opts.every, warmup: opts.warmup });
  const deadline = Date.now() + opts.timeoutMs;
  while ((await framesDone(page)) < opts.warmup) {
    if (Date.now() > deadline) throw new Error(`${route}: the frame loop did not reach ${opts.warmup} frames`);
    await page.waitForTimeout(250);
  }
  const start = await heapAfterGc(page);
  let seen = 0;
  for (;;) {
    const samples = await page.evaluate(() => (window as unknown as { __soak: SoakSample[] }).__soak);
    for (; seen < samples.length; seen++) opts.onSample?.(samples[seen]!);
    if (samples.length > 0 && samples[samples.length - 1]!.frames >= opts.frames) {
      const end = await heapAfterGc(page);
      await page.getByTestId('camera-toggle').click();
      return { route, samples, heapAfterGc: { start, end } };
    }
    if (Date.now() > deadline) throw new Error(`${route}: only ${await framesDone(page)} frames before the time limit`);
    await page.waitForTimeout(500);
  }
}
