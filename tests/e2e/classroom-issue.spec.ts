/**
 * Issue 13, problem by problem (the ones tests/e2e/classroom.spec.ts does not cover by itself):
 * set-up messages, projector labels, load progress, one-minute presets, jargon and console noise,
 * the webcam freeze frame and table ↔ photo highlighting. Routes come from the app's own list.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { appSectionPaths } from './helpers';

const SECTIONS = appSectionPaths();

const onScreen = (page: Page) => page.locator('main > .page:not([hidden]), main > article').first();

async function settle(page: Page): Promise<void> {
  await expect(onScreen(page)).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
}

async function modelReady(page: Page): Promise<void> {
  await expect(page.getByTestId('model-status').first()).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
}

test.describe('problem 1: the result of an action is in view', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('on every section with a sample gallery, picking a photo scrolls its result into view on a phone and focuses it', async ({ page }) => {
    test.setTimeout(900_000);
    const off: string[] = [];
    let checked = 0;
    for (const r of SECTIONS) {
      await page.goto(`./?backend=wasm#${r}`);
      await settle(page);
      const sample = onScreen(page).locator('[data-testid=sample][data-file="000000119828.jpg"]').first();
      if ((await sample.count()) === 0) continue;
      checked++;
      await sample.click();
      // What has focus after the pick is the result (a canvas, a video, or a block marked data-result)
      // and it is on screen, its top in the upper three quarters.
      const ok = await expect
        .poll(() => page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body || el.closest('.imgsrc')) return false;
          const isResult = el.matches('canvas, video, [data-result]') || el.querySelector('canvas, video') !== null;
          const b = el.getBoundingClientRect();
          return isResult && b.top >= 0 && b.top < window.innerHeight * 0.75;
        }), { timeout: 20_000 })
        .toBe(true)
        .then(() => true, () => false);
      if (!ok) off.push(r);
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(off).toEqual([]);
  });

  // The result is often laid out after the pick: the overlay mounts at 0×0 and takes its size later, a
  // model or a caption finishing grows the blocks above it. (The CI flake of the test above: the first
  // look found no sized result, took the next canvas down the page, focused it and scrolled there.)
  const resultFocusedInView = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el.dataset.testid !== 'overlay') return `focus on ${el?.tagName ?? 'nothing'} ${el?.dataset.testid ?? ''}`;
      const b = el.getBoundingClientRect();
      return b.top >= 0 && b.top < window.innerHeight * 0.75 ? 'ok' : `overlay at y=${Math.round(b.top)}`;
    });

  test('a result that takes its size late is still the one focused and scrolled to, not the next canvas down the page', async ({ page }) => {
    await page.goto('./?backend=wasm#/detection/live');
    await settle(page);
    const main = onScreen(page);
    // Another canvas far below, and the photo's canvas held at 0×0 for a second after the pick.
    await main.evaluate((el) => {
      const spacer = document.createElement('div');
      spacer.style.height = '2500px';
      const other = document.createElement('canvas');
      other.width = 300;
      other.height = 150;
      el.append(spacer, other);
    });
    const hold = await page.addStyleTag({ content: '.overlay-wrap canvas { width: 0 !important; height: 0 !important; }' });
    await main.locator('[data-testid=sample][data-file="000000119828.jpg"]').click();
    await page.waitForTimeout(1000);
    await hold.evaluate((s) => (s as Element).remove());
    await expect.poll(() => resultFocusedInView(page), { timeout: 20_000 }).toBe('ok');
  });

  test('a result pushed down by content that appears later (a model, a caption) is brought back into view', async ({ page }) => {
    await page.goto('./?backend=wasm#/detection/live');
    await settle(page);
    const main = onScreen(page);
    await main.locator('[data-testid=sample][data-file="000000119828.jpg"]').click();
    await expect.poll(() => resultFocusedInView(page), { timeout: 20_000 }).toBe('ok');
    // Well after the scroll, a tall block appears above the photo (as a late caption or status would).
    await page.waitForTimeout(2500);
    // (Without the browser's scroll anchoring, which many layout changes suppress.)
    await main.getByTestId('overlay').evaluate((c) => {
      document.documentElement.style.overflowAnchor = 'none';
      const late = document.createElement('div');
      late.style.height = '900px';
      c.parentElement!.before(late);
    });
    await expect.poll(() => resultFocusedInView(page), { timeout: 20_000 }).toBe('ok');
  });
});

test.describe('problem 4: set-up messages give the command that works', () => {
  test('person segmentation without its weights names `npm run models -- --all`, not the plain command that skips them', async ({ page }) => {
    await page.route('**/models/**', async (r) => {
      const u = r.request().url();
      // The person models (Selfie / Meet) are the optional ones: pretend they were never installed.
      if (/models\/mediapipe-/.test(u)) await r.fulfill({ status: 404, body: 'not found' });
      else await r.continue();
    });
    await page.goto('./?backend=wasm#/segmentation/live?sample=skimage_astronaut.png');
    const status = page.getByTestId('model-status').first();
    await expect(status).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
    await expect(status).toContainText('npm run models -- --all');
  });
});

test.describe('problem 6: projector', () => {
  // Every label drawn on an overlay canvas: its font size in CSS px (canvas px / device pixel ratio).
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __labelPx: number[] };
      w.__labelPx = [];
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof fillText>) {
        const c = this.canvas;
        if (c instanceof HTMLCanvasElement && c.dataset.testid === 'overlay' && c.clientWidth > 0) {
          const px = parseFloat(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? 'NaN');
          w.__labelPx.push(px / (c.width / c.clientWidth));
        }
        return fillText.apply(this, args);
      };
    });
  });

  for (const [theme, atLeast] of [['projector', true], ['light', false]] as const) {
    test(`box labels on photos are ${atLeast ? 'at least' : 'below'} 24 px in the ${theme} theme`, async ({ page }) => {
      await page.goto(`./?backend=wasm&theme=${theme}#/detection/live?sample=000000119828.jpg`);
      await modelReady(page);
      await expect(page.getByTestId('detection-row').first()).toBeVisible({ timeout: 60_000 });
      await expect.poll(() => page.evaluate(() => (window as unknown as { __labelPx: number[] }).__labelPx.length)).toBeGreaterThan(0);
      const sizes = await page.evaluate(() => (window as unknown as { __labelPx: number[] }).__labelPx);
      if (atLeast) expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24 - 0.5);
      else expect(Math.max(...sizes)).toBeLessThan(24);
    });
  }
});

test.describe('problem 7: loading says how far it is', () => {
  test('a slow model download shows megabytes loaded of the total, then the warm-up, then ready', async ({ page }) => {
    const manifest = JSON.parse(readFileSync('models/manifest.json', 'utf8')) as { models: { id: string; files: { bytes: number }[] }[] };
    const ssd = manifest.models.find((m) => m.id.startsWith('coco-ssd'))!;
    const totalMb = ssd.files.reduce((s, f) => s + f.bytes, 0) / 1e6;
    await page.route('**/models/coco-ssd*/**', async (r) => {
      await new Promise((res) => setTimeout(res, 1500));
      await r.continue();
    });
    await page.goto('./?backend=wasm#/detection/live');
    const status = page.getByTestId('model-status').first();
    // "загружено X из Y МБ": Y is the manifest's total size of the model's files.
    await expect(status).toContainText(new RegExp(`из ${totalMb.toFixed(1).replace('.', '[.,]')} МБ`), { timeout: 60_000 });
    await modelReady(page);
  });
});

test.describe('problem 8: one-minute presets show what the page teaches', () => {
  const presets = readFileSync('src/app/presets.ts', 'utf8');
  const links = [...presets.matchAll(/path: '([^']+)', query: '([^']*)'/g)].map(([, path, query]) => ({ path: path!, query: query! }));

  test('the segmentation-training presets open with U-Net best at boundaries (numbers read from the table)', async ({ page }) => {
    const seg = links.filter((l) => l.path === '/segmentation/train');
    expect(seg.length).toBeGreaterThan(0);
    for (const l of seg) {
      await page.goto(`./?backend=wasm&lang=en#${l.path}${l.query ? `?${l.query}` : ''}`);
      await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
      await expect(page.getByTestId('bmiou-unet')).toHaveText(/\d\.\d{3}/, { timeout: 120_000 });
      const band = Object.fromEntries(await Promise.all(['fcn', 'unet', 'aspp'].map(async (id) => [id, Number(await page.getByTestId(`bmiou-${id}`).textContent())] as const)));
      expect(band.unet, JSON.stringify(band)).toBeGreaterThan(Math.max(band.fcn!, band.aspp!));
    }
  });

  test('the YOLO presets open a usable TinyYOLO (mAP@.5 ≥ 0.5 on the held-out split, evaluated here)', async ({ page }) => {
    const yolo = links.filter((l) => l.path === '/detection/yolo');
    expect(yolo.length).toBeGreaterThan(0);
    for (const l of yolo) {
      await page.goto(`./?backend=wasm&lang=en#${l.path}${l.query ? `?${l.query}` : ''}`);
      await expect(page.getByTestId('train-eval')).toBeEnabled({ timeout: 120_000 });
      await page.getByTestId('train-eval').click();
      await expect(page.getByTestId('train-map')).toContainText(/mAP@\.5 = \d/, { timeout: 180_000 });
      const map = Number(/mAP@\.5 = (\d+(?:\.\d+)?)/.exec((await page.getByTestId('train-map').textContent())!)![1]);
      expect(map).toBeGreaterThanOrEqual(0.5);
    }
  });

  test('no page promises training “in a minute” from scratch (120 steps give mAP@.5 0.35: issue 13)', async ({ page }) => {
    for (const lang of ['ru', 'en']) {
      await page.goto(`./?lang=${lang}#/`);
      await expect(page.getByTestId('toc-link').first()).toBeVisible();
      const text = (await onScreen(page).textContent()) ?? '';
      expect(text).not.toMatch(/обучаете за минуту|train in a minute/i);
    }
  });

  // Measurement, not a check: what one minute from scratch achieves here. Registered only with MEASURE=1,
  // so the test command's count holds checks alone (no standing "1 skipped").
  if (process.env.MEASURE) test('measure: one minute of training from scratch in Chromium (WASM)', async ({ page }) => {
    test.setTimeout(600_000);
    await page.goto('./?backend=wasm&lang=en#/segmentation/train?init=scratch');
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
    await page.getByTestId('start').click();
    await page.waitForTimeout(60_000);
    await page.getByTestId('pause').click();
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
    await page.waitForTimeout(3000);
    const seg: Record<string, string | null> = { step: await page.getByTestId('train-status').getAttribute('data-step') };
    for (const id of ['fcn', 'unet', 'aspp']) {
      seg[`miou-${id}`] = await page.getByTestId(`miou-${id}`).textContent();
      seg[`bmiou-${id}`] = await page.getByTestId(`bmiou-${id}`).textContent();
    }
    console.log(`MEASURE seg-train scratch 60 s: ${JSON.stringify(seg)}`);
    await page.goto('./?backend=wasm&lang=en#/detection/yolo');
    // The training page stays mounted (hidden) after the visit: read the visible page only.
    const yolo = onScreen(page);
    await expect(yolo.getByTestId('train-reset-scratch')).toBeEnabled({ timeout: 120_000 });
    await yolo.getByTestId('train-reset-scratch').click();
    await yolo.getByTestId('train-start').click();
    await page.waitForTimeout(60_000);
    await yolo.getByTestId('train-pause').click();
    await expect(yolo.getByTestId('train-eval')).toBeEnabled({ timeout: 120_000 });
    const status = await yolo.getByTestId('train-status').textContent();
    await yolo.getByTestId('train-eval').click();
    await expect(yolo.getByTestId('train-map')).toContainText(/mAP@\.5 = \d/, { timeout: 180_000 });
    console.log(`MEASURE yolo scratch 60 s: ${status} | ${await yolo.getByTestId('train-map').textContent()}`);
  });
});

test.describe('problem 10: no developer jargon or console noise for students', () => {
  test('with a photo on every section: no console warning or error, no raw file input, no paths or commands in the text', async ({ page }) => {
    test.setTimeout(900_000);
    const problems: string[] = [];
    let route = '';
    page.on('console', (m) => {
      if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('blocked by Playwright')) problems.push(`${route}: console.${m.type()}: ${m.text().slice(0, 200)}`);
    });
    page.on('pageerror', (e) => problems.push(`${route}: pageerror: ${e.message}`));
    for (const r of SECTIONS) {
      route = r;
      await page.goto(`./?backend=wasm#${r}?sample=000000397133.jpg`);
      await settle(page);
      await page.waitForTimeout(2000);
      const main = onScreen(page);
      // Set-up messages (a model or a file not installed) are for whoever runs the app and may name the
      // command that fixes it (problem 4); everything else is for students. (Segmentation-live's "how to add
      // DeepLab weights" paragraph, data-testid=deeplab-absent, is such a set-up note, still on the page.)
      const text = (await main.evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[role=alert], [data-testid=model-status], [data-testid$=missing], [data-testid$=absent], [data-testid$=no-samples]').forEach((m) => m.remove());
        document.body.append(copy);
        const t = copy.innerText;
        copy.remove();
        return t;
      })).replace(/\s+/g, ' ');
      for (const [what, re] of [
        ['a source path', /\bsrc\/|public\/models|\.\.\/shared/],
        ['a command', /\bnpm run\b|\bnpx\b/],
        ['a raw backtick', /`/],
        ['a shouting backend name', /\bWEBGL\b/],
        ['the browser’s English file button', /Choose File|No file chosen/],
      ] as const) {
        const m = re.exec(text);
        if (m) problems.push(`${r}: ${what}: …${text.slice(Math.max(0, m.index - 60), m.index + 40)}…`);
      }
      // Every file input is visually replaced by a labelled button in the UI language (FileButton / DropZone).
      const raw = await main.locator('input[type=file]').evaluateAll((els) =>
        els.filter((e) => {
          const b = e.getBoundingClientRect();
          return b.width > 2 && b.height > 2 && getComputedStyle(e).opacity !== '0';
        }).length,
      );
      if (raw > 0) problems.push(`${r}: ${raw} visible browser file input(s)`);
    }
    expect(problems).toEqual([]);
  });
});

test.describe('lecturer mode: webcam freeze frame', () => {
  test('«Стоп-кадр» holds the frame (the detections stop changing) and «Снова видео» resumes', async ({ page }) => {
    await page.goto('./?present=1&backend=wasm#/detection/live');
    await modelReady(page);
    await page.getByTestId('camera-toggle').click();
    // The fake camera pans over a photo: live detections keep changing (boxes and scores).
    const rows = () => page.getByTestId('detection-row').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-class')}:${e.getAttribute('data-score')}:${e.lastElementChild?.textContent}`).join('|'));
    await expect.poll(rows, { timeout: 60_000 }).not.toBe('');
    const live = await rows();
    await expect.poll(rows, { timeout: 30_000 }).not.toBe(live);
    await page.getByTestId('camera-freeze').click();
    await expect(page.getByTestId('source-status')).toContainText('стоп-кадр, 640×480');
    await expect(page.getByTestId('fps')).toHaveCount(0);
    await page.waitForTimeout(1000);
    const frozen = await rows();
    expect(frozen).not.toBe('');
    await page.waitForTimeout(2000);
    expect(await rows()).toBe(frozen);
    await page.getByTestId('camera-freeze').click();
    await expect(page.getByTestId('source-status')).not.toContainText('стоп-кадр');
    await expect.poll(rows, { timeout: 30_000 }).not.toBe(frozen);
  });
});

test.describe('design: side-by-side comparison', () => {
  test('hovering or focusing a table row outlines its box on the photo', async ({ page }) => {
    await page.goto('./?backend=wasm#/detection/live?sample=000000119828.jpg');
    await modelReady(page);
    const row = page.getByTestId('detection-row').first();
    await expect(row).toBeVisible({ timeout: 60_000 });
    const idx = JSON.parse(readFileSync('public/samples/index.json', 'utf8')) as { samples: { file: string; width: number }[] };
    const imageWidth = idx.samples.find((s) => s.file === '000000119828.jpg')!.width;
    // The row's box [x, y, w, h] in image pixels, mapped to canvas pixels (the canvas keeps the photo's aspect).
    const [x, y, w, h] = ((await row.locator('td').last().textContent()) ?? '').split(',').map(Number) as [number, number, number, number];
    const edge = async () => page.getByTestId('overlay').evaluate((el, b) => {
      const c = el as HTMLCanvasElement;
      const s = c.width / b.imageWidth;
      const dpr = c.width / c.clientWidth;
      const ctx = c.getContext('2d')!;
      // Just outside the box's left and right edges and above/below its middle, where the halo goes.
      const pts = [
        [b.x * s - 4 * dpr, (b.y + b.h / 2) * s],
        [(b.x + b.w) * s + 4 * dpr, (b.y + b.h / 2) * s],
        [(b.x + b.w / 2) * s, (b.y + b.h) * s + 4 * dpr],
        [(b.x + b.w / 2) * s, b.y * s - 4 * dpr],
      ].map(([px, py]) => [Math.round(px!), Math.round(py!)] as const).filter(([px, py]) => px >= 0 && py >= 0 && px < c.width && py < c.height);
      return pts.map(([px, py]) => Array.from(ctx.getImageData(px, py, 1, 1).data));
    }, { x, y, w, h, imageWidth });
    const white = (p: number[]) => p[0]! > 235 && p[1]! > 235 && p[2]! > 235;
    const before = await edge();
    expect(before.length).toBeGreaterThanOrEqual(2); // points just outside the box that lie on the photo
    await row.hover();
    await expect(row).toHaveClass(/is-highlighted/);
    // Every such point turns white (the halo); before, not all of them were.
    await expect.poll(async () => (await edge()).filter(white).length).toBe(before.length);
    expect(before.filter(white).length).toBeLessThan(before.length);
    await page.mouse.move(0, 0);
    await expect(row).not.toHaveClass(/is-highlighted/);
    await row.focus();
    await expect(row).toHaveClass(/is-highlighted/);
  });
});
