/**
 * Training off the main thread (issue #14): on both training pages (segmentation, TinyYOLO) the
 * training runs in a Web Worker, a real click's handler runs promptly while it trains, the page keeps
 * painting, and Pause acts.
 *
 * Bounds, relative to the measured step time S (wall time per step on this machine, now): a WASM step
 * on the main thread blocks it for the whole step (0.3–3 s here, more under load), so a click that
 * arrives during training waits for the rest of the step: over six clicks at spread-out moments the
 * largest delay is close to S (all six under S/4 by chance: (1/4)^6 ≈ 0.02 %), and the page paints
 * about once per step (rAF gaps ≈ S). In a worker the main thread only renders the reports, so delays
 * are frames, not steps. A bound of S/4 separates the two on a quiet machine and under load alike
 * (the load stretches S as much as it stretches the page's delays); an absolute bound would not
 * (a loaded 2-core CI box stretches everything several times). Checked against the main-thread
 * YOLO training of the previous build: the click, rAF and Pause checks fail there.
 */
import { expect, test, type Page } from '@playwright/test';

interface TrainPage {
  readonly name: string;
  readonly url: string;
  readonly worker: RegExp;
  readonly startId: string;
  readonly pauseId: string;
  /** Waits until the page can start training. */
  ready(page: Page): Promise<void>;
}

const PAGES: readonly TrainPage[] = [
  {
    name: 'segmentation training',
    url: './?backend=wasm&lang=en#/segmentation/train',
    worker: /segTrain\.worker/,
    startId: 'start',
    pauseId: 'pause',
    ready: async (page) => {
      await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ready', { timeout: 180_000 });
    },
  },
  {
    name: 'TinyYOLO training',
    url: './?backend=wasm&lang=en#/detection/yolo',
    worker: /yoloTrain\.worker/,
    startId: 'train-start',
    pauseId: 'train-pause',
    ready: async (page) => {
      await expect(page.getByTestId('yolo-model-status')).toHaveAttribute('data-origin', 'checkpoint', { timeout: 180_000 });
    },
  },
];

type ProbeWindow = { __clickDelays: number[]; __raf: number[]; __stepNow: () => number };
const stepNow = (page: Page) => page.evaluate(() => (window as unknown as ProbeWindow).__stepNow());

/** A probe button (fixed, on top) whose click handler records event.timeStamp → handler delays. */
async function addProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.textContent = 'probe';
    b.dataset.testid = 'click-probe';
    Object.assign(b.style, { position: 'fixed', left: '4px', bottom: '4px', zIndex: '99999', width: '60px', height: '30px' });
    const w = window as unknown as ProbeWindow;
    // The step counter shown by the page: `data-step`, or the "Step N" text (YOLO before session 5).
    w.__stepNow = () => {
      const el = document.querySelector('.page:not([hidden]) [data-testid="train-status"]') ?? document.querySelector('[data-testid="train-status"]');
      if (!el) return 0;
      const a = el.getAttribute('data-step');
      if (a !== null) return Number(a);
      const m = /Step (\d+)/.exec(el.textContent ?? '');
      return m ? Number(m[1]) : 0;
    };
    w.__clickDelays = [];
    b.addEventListener('click', (e) => w.__clickDelays.push(performance.now() - e.timeStamp));
    document.body.append(b);
    w.__raf = [];
    const tick = (t: number) => {
      w.__raf.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

for (const p of PAGES) {
  test(`${p.name}: runs in a worker; clicks and frames are not held by steps; Pause acts`, async ({ page }) => {
    test.setTimeout(420_000);
    await page.goto(p.url);
    const scope = page.locator('.page:not([hidden])');
    await p.ready(page);
    await addProbe(page);
    await scope.getByTestId(p.startId).click();
    await expect.poll(() => stepNow(page), { timeout: 180_000 }).toBeGreaterThanOrEqual(2);
    // Soft: a main-thread build fails here and still shows the timing failures below.
    expect.soft(page.workers().map((w) => w.url()).some((u) => p.worker.test(u)), page.workers().map((w) => w.url()).join(', ')).toBe(true);

    // Six real clicks (page.mouse: queued input events) at spread-out moments over ≥ 3 steps.
    const probe = await page.getByTestId('click-probe').boundingBox();
    if (!probe) throw new Error('no probe button');
    const t0 = await page.evaluate(() => performance.now());
    const s0 = await stepNow(page);
    for (let k = 0; k < 6; k++) {
      await page.waitForTimeout(150 + 97 * k);
      await page.mouse.click(probe.x + 30, probe.y + 15);
    }
    await expect.poll(() => stepNow(page), { timeout: 180_000 }).toBeGreaterThanOrEqual(s0 + 3);
    const m = await page.evaluate(
      (t0) => {
        const w = window as unknown as ProbeWindow;
        const t1 = performance.now();
        const ts = w.__raf.filter((t) => t >= t0 && t <= t1);
        const gaps = ts.slice(1).map((t, i) => t - ts[i]!).sort((a, b) => a - b);
        return { t1, step: w.__stepNow(), clicks: [...w.__clickDelays], gaps, frames: ts.length };
      },
      t0,
    );
    const stepMs = (m.t1 - t0) / (m.step - s0);
    const p90 = m.gaps[Math.floor(0.9 * (m.gaps.length - 1))] ?? Infinity;
    const info = JSON.stringify({ stepMs: Math.round(stepMs), clicks: m.clicks.map(Math.round), rafP90: Math.round(p90), frames: m.frames, steps: m.step - s0 });
    console.log(`${p.name}: ${info}`);
    expect(m.clicks, info).toHaveLength(6);
    expect(Math.max(...m.clicks), info).toBeLessThan(stepMs / 4);
    expect(p90, info).toBeLessThan(stepMs / 4);

    // Pause: a real click; the page leaves training within the page's bound of the click's timestamp,
    // and at most one step (in flight, or its report in transit) lands after it.
    await scope.getByTestId(p.pauseId).scrollIntoViewIfNeeded();
    const btn = await scope.getByTestId(p.pauseId).boundingBox();
    if (!btn) throw new Error('no pause button');
    await page.evaluate((startId) => {
      const w = window as unknown as ProbeWindow & { __pause: { clickTs?: number; stepAtClick?: number; leftAt?: number } };
      w.__pause = {};
      const visible = () => document.querySelector(`.page:not([hidden]) [data-testid="${startId}"]`) ?? (document.querySelector('.page') ? null : document.querySelector(`[data-testid="${startId}"]`));
      document.addEventListener('click', (e) => {
        w.__pause.clickTs ??= e.timeStamp;
        w.__pause.stepAtClick ??= w.__stepNow();
      }, { capture: true, once: true });
      const check = () => {
        if (w.__pause.clickTs !== undefined && w.__pause.leftAt === undefined) {
          // segmentation: the Pause button stays, its phase leaves `training`; YOLO: Start replaces Pause
          const seg = document.querySelector('[data-testid="train-status"][data-phase]');
          const left = seg ? seg.getAttribute('data-phase') !== 'training' : visible() !== null;
          if (left) w.__pause.leftAt = performance.now();
        }
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, p.startId);
    // Click right after a step was shown: on the main thread the next step has just begun and the
    // click waits for (almost) all of it; in a worker the page leaves training at once.
    const shown = await stepNow(page);
    await page.waitForFunction((s) => (window as unknown as ProbeWindow).__stepNow() > s, shown, { polling: 'raf', timeout: 120_000 });
    await page.mouse.click(btn.x + btn.width / 2, btn.y + btn.height / 2);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __pause: { leftAt?: number } }).__pause.leftAt !== undefined), { timeout: 120_000 }).toBe(true);
    const pause = await page.evaluate(() => (window as unknown as { __pause: { clickTs: number; leftAt: number; stepAtClick: number } }).__pause);
    const pauseMs = pause.leftAt - pause.clickTs;
    const stepAtClick = pause.stepAtClick;
    // Then wait longer than a step: nothing more arrives.
    await page.waitForTimeout(Math.min(20_000, 1.5 * stepMs));
    const after = await stepNow(page);
    const pinfo = JSON.stringify({ pauseMs: Math.round(pauseMs), stepMs: Math.round(stepMs), stepAtClick, after });
    console.log(`${p.name} pause: ${pinfo}`);
    expect(after - stepAtClick, pinfo).toBeLessThanOrEqual(1);
    // The page leaves training at once (both workers drop the step in flight when they read the pause);
    // on the main thread the click waits for the step in progress.
    expect(pauseMs, pinfo).toBeLessThan(stepMs / 4);
  });
}
