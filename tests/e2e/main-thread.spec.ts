import path from 'node:path';
import { expect, test } from '@playwright/test';
import { detectedClasses, upload, waitForModel } from './helpers';
import { SHARED } from './playwright.config';

const IMAGES = path.join(SHARED, 'images');

test.describe('models and training off the main thread', () => {
  test('live detection runs coco-ssd in a worker: no tfjs backend on the page, results still come back', async ({ page }) => {
    await page.goto('./?lang=en#/detection/live');
    await waitForModel(page);
    const where = page.getByTestId('inference-where');
    await expect(where).toHaveAttribute('data-worker', '1');
    // The page's own tfjs backend was never started: the graph lives in the worker.
    await expect(where).toHaveAttribute('data-main-backend', '');
    await expect(where).toHaveAttribute('data-backend', /^(webgl|wasm|cpu)$/);
    expect(page.workers().map((w) => w.url()).some((u) => /cocoSsd\.worker/.test(u))).toBe(true);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    await expect.poll(() => detectedClasses(page)).toContain('cat');
    await page.getByTestId('camera-toggle').click();
    await expect.poll(() => detectedClasses(page), { timeout: 90_000 }).toContain('person');
    await page.getByTestId('camera-toggle').click();
  });

  test('live detection on WASM uses both cores: one worker per core (2 here), two webcam frames infer at the same time', async ({ page }) => {
    // Every coco-ssd worker's runRaw calls, as comlink messages: sent (with the call id) and answered.
    await page.addInitScript(() => {
      const log: { w: number; id: string; kind: 'send' | 'reply' }[] = [];
      (window as unknown as { __runRawLog: typeof log }).__runRawLog = log;
      const Orig = window.Worker;
      let n = 0;
      window.Worker = class extends Orig {
        constructor(url: string | URL, opts?: WorkerOptions) {
          super(url, opts);
          const w = n++;
          const pending = new Set<string>();
          const send = this.postMessage.bind(this) as (m: unknown, t?: unknown) => void;
          this.postMessage = ((m: { type?: string; path?: string[]; id?: string }, t?: unknown) => {
            if (m && m.type === 'APPLY' && m.path?.[0] === 'runRaw' && m.id) {
              pending.add(m.id);
              log.push({ w, id: m.id, kind: 'send' });
            }
            send(m, t);
          }) as Worker['postMessage'];
          this.addEventListener('message', (ev: MessageEvent<{ id?: string }>) => {
            const id = ev.data?.id;
            if (id && pending.delete(id)) log.push({ w, id, kind: 'reply' });
          });
        }
      };
    });
    await page.goto('./?lang=en&backend=wasm#/detection/live');
    await waitForModel(page);
    const where = page.getByTestId('inference-where');
    await expect(where).toHaveAttribute('data-backend', 'wasm');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const lanes = Math.min(2, cores);
    await expect(where).toHaveAttribute('data-lanes', String(lanes));
    expect(page.workers().filter((w) => /cocoSsd\.worker/.test(w.url()))).toHaveLength(lanes);
    test.skip(lanes < 2, 'one core: one worker');
    await page.getByTestId('camera-toggle').click();
    await expect.poll(() => page.evaluate(() => Number(document.querySelector('video')?.dataset.frames ?? 0)), { timeout: 180_000 }).toBeGreaterThanOrEqual(6);
    await page.getByTestId('camera-toggle').click();
    const log = await page.evaluate(() => (window as unknown as { __runRawLog: { w: number; id: string; kind: string }[] }).__runRawLog);
    // Replaying the log: at some moment two different workers each had a frame they had not answered yet.
    const open = new Map<number, number>();
    let overlapped = 0;
    for (const e of log) {
      open.set(e.w, (open.get(e.w) ?? 0) + (e.kind === 'send' ? 1 : -1));
      if ([...open.values()].filter((v) => v > 0).length >= 2) overlapped++;
      // never two frames queued on one worker
      expect(open.get(e.w)).toBeLessThanOrEqual(1);
    }
    expect(new Set(log.map((e) => e.w)).size).toBe(2);
    expect(overlapped).toBeGreaterThan(0);
  });

  test('live video is shown by a <video> of its own (the compositor draws it): the overlay canvas copies no camera frame and is redrawn only for a new result; frames go to the workers as VideoFrames', async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __videoDraws: number; __clears: number };
      w.__videoDraws = 0;
      w.__clears = 0;
      const proto = CanvasRenderingContext2D.prototype;
      const draw = proto.drawImage;
      proto.drawImage = function (this: CanvasRenderingContext2D, ...a: unknown[]) {
        if (a[0] instanceof HTMLVideoElement && this.canvas.dataset.testid === 'overlay') w.__videoDraws++;
        return (draw as (...x: unknown[]) => void).apply(this, a);
      } as typeof draw;
      // camera frames sent to the workers: how (a bitmap made on the page, or the camera's VideoFrame handed
      // over as it is) and the size the worker is asked to read them at (the graph's 300×300 input)
      const w2 = window as unknown as { __sent: string[] };
      w2.__sent = [];
      const cib = window.createImageBitmap.bind(window);
      window.createImageBitmap = ((src: ImageBitmapSource, ...rest: unknown[]) => {
        const o = rest[0] as ImageBitmapOptions | undefined;
        if (src instanceof HTMLVideoElement) w2.__sent.push(`bitmap ${o?.resizeWidth ?? src.videoWidth}x${o?.resizeHeight ?? src.videoHeight}`);
        return (cib as (...x: unknown[]) => Promise<ImageBitmap>)(src, ...rest);
      }) as typeof window.createImageBitmap;
      const find = (v: unknown, depth: number): { videoFrame: unknown; width: number; height: number } | null => {
        if (!v || typeof v !== 'object' || depth > 6) return null;
        if ('videoFrame' in v && (v as { videoFrame: unknown }).videoFrame instanceof VideoFrame) return v as { videoFrame: unknown; width: number; height: number };
        for (const x of Object.values(v)) {
          const f = find(x, depth + 1);
          if (f) return f;
        }
        return null;
      };
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, ...a: unknown[]) {
        const f = find(a[0], 0);
        if (f) w2.__sent.push(`video frame ${f.width}x${f.height}`);
        return (post as (...x: unknown[]) => void).apply(this, a);
      } as typeof post;
      const clear = proto.clearRect;
      proto.clearRect = function (this: CanvasRenderingContext2D, ...a: Parameters<typeof clear>) {
        if (this.canvas.dataset.testid === 'overlay') w.__clears++;
        return clear.apply(this, a);
      };
    });
    await page.goto('./?lang=en&backend=wasm#/detection/live');
    await waitForModel(page);
    await page.getByTestId('camera-toggle').click();
    await expect.poll(() => page.evaluate(() => Number(document.querySelector('video')?.dataset.frames ?? 0)), { timeout: 180_000 }).toBeGreaterThanOrEqual(2);
    const read = () =>
      page.evaluate(() => {
        const w = window as unknown as { __videoDraws: number; __clears: number };
        const source = document.querySelector('video')!;
        const preview = document.querySelector<HTMLVideoElement>('[data-testid="overlay-video"]')!;
        return {
          videoDraws: w.__videoDraws,
          clears: w.__clears,
          shown: Number(source.dataset.frames ?? 0),
          previewFrames: preview.getVideoPlaybackQuality().totalVideoFrames,
          sameStream: preview.srcObject !== null && preview.srcObject === source.srcObject,
        };
      });
    const a = await read();
    await page.waitForTimeout(4000);
    const b = await read();
    // The preview sits exactly under the canvas (the boxes' coordinates are the canvas's).
    const rects = await page.evaluate(() => [document.querySelector('[data-testid="overlay-video"]')!, document.querySelector('[data-testid="overlay"]')!].map((e) => {
      const r = e.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map(Math.round);
    }));
    await page.getByTestId('camera-toggle').click();
    const results = b.shown - a.shown;
    console.log(`4 s of webcam: ${b.previewFrames - a.previewFrames} preview frames, ${results} results shown, ${b.clears - a.clears} overlay redraws, ${b.videoDraws} video copies`);
    expect(b.sameStream).toBe(true);
    expect(b.previewFrames - a.previewFrames).toBeGreaterThan(0); // the preview plays
    expect(b.videoDraws).toBe(0); // no camera frame copied into the canvas on the main thread
    expect(results).toBeGreaterThan(0);
    // one redraw per result shown (+2: a resize or settings change in the window)
    expect(b.clears - a.clears).toBeLessThanOrEqual(results + 2);
    expect(rects[0]).toEqual(rects[1]);
    // every camera frame went to the workers as the camera's own VideoFrame (no bitmap made, no pixel touched
    // on the page), to be read at the graph's input size, not at the camera's 640×480
    const sent = await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent);
    expect(sent.length).toBeGreaterThanOrEqual(results);
    expect(new Set(sent)).toEqual(new Set(['video frame 300x300']));
  });

  test('segmentation training: its own backend in a worker; the app backend and loaded models survive; the page keeps painting', async ({ page }) => {
    // A page that loads coco-ssd on the main thread first.
    await page.goto('./?lang=en#/detection/xray');
    await waitForModel(page);
    const mainBackend = await page.getByTestId('backend').first().getAttribute('data-backend');
    expect(mainBackend).toMatch(/^(webgl|wasm|cpu)$/);
    // The X-ray page stays mounted (hidden) when we leave it: record every change of its model status.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="model-status"]')!;
      const w = window as unknown as { __xrayStates: string[] };
      w.__xrayStates = [];
      new MutationObserver(() => w.__xrayStates.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
      // a replaced element (reload after a dispose) counts as a change too
      new MutationObserver(() => {
        if (!el.isConnected) w.__xrayStates.push('removed');
      }).observe(document.body, { childList: true, subtree: true });
    });

    await page.goto('./?lang=en#/segmentation/train');
    const status = page.getByTestId('train-status');
    await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 180_000 });
    await expect(page.getByTestId('train-backend')).toHaveAttribute('data-backend', /^wasm/);
    expect(page.workers().map((w) => w.url()).some((u) => /segTrain\.worker/.test(u))).toBe(true);

    // Responsiveness relative to a step: count animation frames the page paints per training step.
    await page.getByTestId('start').click();
    await expect.poll(async () => Number(await status.getAttribute('data-step')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    const perStep = await page.evaluate(
      () =>
        new Promise<{ frames: number; steps: number }>((resolve) => {
          const el = document.querySelector('[data-testid="train-status"]')!;
          const s0 = Number(el.getAttribute('data-step'));
          let frames = 0;
          const tick = () => {
            frames++;
            const s = Number(el.getAttribute('data-step'));
            if (s - s0 >= 3) resolve({ frames, steps: s - s0 });
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
    );
    // On the main thread a step blocks painting: about one frame per step. In a worker the page paints on.
    expect(perStep.frames / perStep.steps).toBeGreaterThanOrEqual(4);

    // Pause acts before the next step: at most the step in progress finishes after the click.
    const atClick = Number(await status.getAttribute('data-step'));
    await page.getByTestId('pause').click();
    await expect(status).not.toHaveAttribute('data-phase', 'training');
    const after = Number(await status.getAttribute('data-step'));
    expect(after - atClick).toBeLessThanOrEqual(1);
    await expect(status).toHaveAttribute('data-phase', 'ready');
    await page.waitForTimeout(500);
    expect(Number(await status.getAttribute('data-step'))).toBe(after);

    // The app's backend is what it was, and the X-ray's model is still loaded (not disposed by a switch).
    expect(await page.getByTestId('backend').first().getAttribute('data-backend')).toBe(mainBackend);
    expect(await page.evaluate(() => (window as unknown as { __xrayStates: string[] }).__xrayStates)).toEqual([]);
  });
});
