/**
 * Teaching in class (issue 13): a gallery on every install, keys that never destroy work, results in
 * view, links that keep the photo, page titles, phones, lecturer mode, accessibility.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appSectionPaths } from './helpers';

const SECTIONS = appSectionPaths();
const ROUTES = ['/', '/presets', ...SECTIONS];

/** Failed requests (4xx/5xx, network) and console errors/warnings of a page. */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('console', (m) => {
    // Playwright's own note when a test blocks service workers is not the app's.
    if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('blocked by Playwright')) problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

async function settle(page: Page): Promise<void> {
  await expect(page.locator('main > .page:not([hidden]), main > article').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

test.describe('gallery on a fresh install', () => {
  test('every route loads without a failed request or console error, and the gallery is there', async ({ page }) => {
    const problems = collectProblems(page);
    for (const r of ROUTES) {
      await page.goto(`./?backend=wasm#${r}`);
      await settle(page);
    }
    expect(problems).toEqual([]);
    await page.goto('./?backend=wasm#/detection/live');
    // 17 COCO photos + 6 unannotated ones, as listed in ../shared/images/README.md.
    await expect(page.locator('main > .page:not([hidden])').getByTestId('sample')).toHaveCount(23);
  });

  test('credits are in the UI language with licence and photo page', async ({ page }) => {
    await page.goto('./?backend=wasm#/detection/live');
    await page.locator('[data-testid=sample][data-file="000000397133.jpg"]').click();
    const credit = page.getByTestId('sample-credit');
    await expect(credit).toContainText('Фото: фотограф с Flickr, лицензия CC BY 2.0');
    await expect(credit).toContainText('COCO Consortium');
    await expect(credit.getByRole('link', { name: 'страница фото' })).toHaveAttribute('href', 'https://www.flickr.com/photo.gne?id=6255196340');
    await page.getByRole('button', { name: 'EN' }).click();
    await expect(credit).toContainText('Photo: Flickr photographer, licence CC BY 2.0');
    await page.locator('[data-testid=sample][data-file="skimage_astronaut.png"]').click();
    await expect(credit).toContainText('Photo: NASA, licence public domain');
  });
});

test.describe('keys never destroy work', () => {
  test('→ on a focused control stays; leaving a section and coming back keeps its photo; PageDown/PageUp move', async ({ page }) => {
    await page.goto('./?backend=wasm#/segmentation/basics');
    await settle(page);
    const basics = page.locator('[data-page="/segmentation/basics"]');
    const gallery = basics.getByTestId('sample');
    await gallery.first().click();
    await expect(basics.getByTestId('source-status')).toContainText(/×/);
    const shown = await basics.getByTestId('source-status').textContent();
    // Focus is on a control: → must not leave.
    await basics.getByTestId('sample').nth(1).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/#\/segmentation\/basics/);
    // With focus on the page itself → leaves; Back shows the section as it was.
    await page.locator('main').focus();
    await page.keyboard.press('PageDown');
    await expect(page).toHaveURL(/#\/segmentation\/live/);
    await page.goBack();
    await expect(page).toHaveURL(/#\/segmentation\/basics/);
    await expect(basics.getByTestId('source-status')).toHaveText(shown!);
    // A plain link to the section (no page state) brings the state back too.
    await page.locator('main').focus();
    // the section before segmentation basics in the lecture is the recap's architectures page
    await page.keyboard.press('PageUp');
    await expect(page).toHaveURL(/#\/recap\/architectures/);
    await page.keyboard.press('PageDown');
    await expect(page).toHaveURL(/#\/segmentation\/basics\?.*sample=/);
    await expect(basics.getByTestId('source-status')).toHaveText(shown!);
  });
});

for (const viewport of [{ width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
  test(`picking a sample brings the result into view and focuses it (${viewport.width}×${viewport.height})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('./?backend=wasm#/detection/live');
    await settle(page);
    await page.locator('[data-testid=sample][data-file="000000119828.jpg"]').click();
    const overlay = page.getByTestId('overlay');
    await expect(overlay).toBeVisible();
    await expect
      .poll(async () => overlay.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight * 0.75;
      }))
      .toBe(true);
    await expect.poll(() => overlay.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))).toBe(true);
  });
}

test('links keep the sample photo and a photo stored in this browser; each page has its own title', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('./?backend=wasm#/detection/live');
  // The tab title starts with the page's own heading.
  const h1 = (await page.getByRole('heading', { level: 1 }).first().textContent())!;
  await expect(page).toHaveTitle(`${h1} — Компаньон лекции по компьютерному зрению`);
  await page.locator('[data-testid=sample][data-file="000000377575.jpg"]').click();
  await expect(page).toHaveURL(/sample=000000377575\.jpg/);
  await page.reload();
  // Its size as COCO's annotations give it.
  const ann = JSON.parse(readFileSync('public/samples/annotations.json', 'utf8')) as { images: { id: number; width: number; height: number }[] };
  const dog = ann.images.find((im) => im.id === 377575)!;
  await expect(page.getByTestId('source-status')).toContainText(`Собака и пожарный гидрант, ${dog.width}×${dog.height}`);
  // A file opened by the lecturer: kept in IndexedDB, its id in the URL.
  await page.getByTestId('image-input').setInputFiles('public/samples/skimage_coffee.png');
  await expect(page).toHaveURL(/photo=[0-9a-f]{16}/);
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  // Its size as the gallery's generator decoded it in Node (pngjs), not as the page did.
  const idx = JSON.parse(readFileSync('public/samples/index.json', 'utf8')) as { samples: { file: string; width: number; height: number }[] };
  const coffee = idx.samples.find((x) => x.file === 'skimage_coffee.png')!;
  await expect(page.getByTestId('source-status')).toContainText(`skimage_coffee.png, ${coffee.width}×${coffee.height}`);
  const titles = new Set<string>();
  for (const lang of ['ru', 'en']) {
    for (const r of ROUTES) {
      await page.goto(`./?lang=${lang}#${r}`);
      await expect(page).toHaveTitle(/ — /);
      titles.add(await page.title());
    }
  }
  expect(titles.size).toBe(ROUTES.length * 2);
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('every route fits 390 px without sideways scrolling; hints speak of taps', async ({ page }) => {
    const wide: string[] = [];
    for (const r of ROUTES) {
      await page.goto(`./?backend=wasm#${r}`);
      await settle(page);
      const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (sw > iw) wide.push(`${r}: ${sw} > ${iw}`);
    }
    expect(wide).toEqual([]);
    await page.goto('./#/detection/live');
    await expect(page.getByTestId('nav-hint')).not.toContainText('←');
  });

  test('every slider’s value stays on one line (captioning’s score threshold wrapped to “0.5 / 0”)', async ({ page }) => {
    test.setTimeout(600_000);
    const wrapped: string[] = [];
    let sliders = 0;
    for (const lang of ['ru', 'en']) {
      for (const r of SECTIONS) {
        await page.goto(`./?backend=wasm&lang=${lang}#${r}?sample=000000397133.jpg`);
        await settle(page);
        // The lines the value's text occupies: distinct tops of its text's line boxes (the output box itself
        // stretches to the label's height when the label wraps).
        const found = await page.locator('main > .page:not([hidden]), main > article').first().evaluate((root) =>
          Array.from(root.querySelectorAll('.slider output')).filter((o) => o.getClientRects().length > 0).map((o) => {
            const range = document.createRange();
            range.selectNodeContents(o);
            const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
            return { lines, text: `${o.closest('label')?.textContent ?? ''}` };
          }),
        );
        sliders += found.length;
        for (const f of found) if (f.lines > 1) wrapped.push(`${lang} ${r}: “${f.text}” on ${f.lines} lines`);
      }
    }
    expect(sliders).toBeGreaterThanOrEqual(10);
    expect(wrapped).toEqual([]);
  });
});

test.describe('lecturer mode', () => {
  test('?present=1: projector theme, PageDown/PageUp, → steps a demo, B blanks, QR of the current view, presets', async ({ page }) => {
    await page.goto('./?present=1&backend=wasm#/');
    await expect(page.locator('html')).toHaveClass(/present/);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'projector');
    const body = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.lead')!).fontSize));
    expect(body).toBeGreaterThanOrEqual(24);
    // the lecture opens with the recap
    await page.keyboard.press('PageDown');
    await expect(page).toHaveURL(/#\/recap(\?|$)/);
    await page.keyboard.press('PageUp');
    await expect(page).toHaveURL(/#\/$/);
    await page.keyboard.press('b');
    await expect(page.getByTestId('blank-screen')).toBeVisible();
    await page.keyboard.press('b');
    await expect(page.getByTestId('blank-screen')).toHaveCount(0);
    await page.getByTestId('qr-button').click();
    const qr = page.getByTestId('qr-dialog').locator('.qr-code');
    await expect(qr.locator('svg')).toBeVisible();
    expect(await qr.getAttribute('data-url')).not.toContain('present=');
    await page.getByRole('button', { name: 'Закрыть' }).click();
    await page.getByTestId('theme').selectOption('contrast');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');

    await page.goto('./?present=1#/presets');
    const links = page.getByTestId('preset-link');
    // as many as src/app/presets.ts ships
    await expect(links).toHaveCount([...readFileSync('src/app/presets.ts', 'utf8').matchAll(/\{ id: '/g)].length);
    for (const href of await links.evaluateAll((els) => els.map((e) => e.getAttribute('href')!))) {
      const path = href.replace(/^#/, '').split('?')[0]!;
      expect(SECTIONS).toContain(path);
    }
  });

  test('→ advances the NMS stepper of the X-ray instead of leaving the section', async ({ page }) => {
    await page.goto('./?present=1&backend=wasm#/detection/xray?sample=000000119828.jpg');
    const step = page.getByTestId('nms-step');
    await expect(step).toHaveAttribute('data-step', '1', { timeout: 120_000 });
    await page.locator('main').focus();
    await page.keyboard.press('ArrowRight');
    await expect(step).toHaveAttribute('data-step', '2');
    await page.keyboard.press(' ');
    await expect(step).toHaveAttribute('data-step', '3');
    await page.keyboard.press('ArrowLeft');
    await expect(step).toHaveAttribute('data-step', '2');
    await expect(page).toHaveURL(/#\/detection\/xray/);
  });
});

test.describe('accessibility', () => {
  for (const lang of ['ru', 'en']) {
    test(`axe finds no violation on any route (${lang})`, async ({ page }) => {
      test.setTimeout(600_000);
      const found: string[] = [];
      for (const r of ROUTES) {
        await page.goto(`./?lang=${lang}&backend=wasm#${r}`);
        await settle(page);
        const result = await new AxeBuilder({ page }).include('body').analyze();
        for (const v of result.violations) found.push(`${r}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
      }
      expect(found).toEqual([]);
    });
  }

  test('every canvas has a text alternative', async ({ page }) => {
    const missing: string[] = [];
    for (const r of SECTIONS) {
      await page.goto(`./?backend=wasm#${r}?sample=000000397133.jpg`);
      await settle(page);
      const bare = await page.locator('main canvas').evaluateAll((els) =>
        els.filter((c) => !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby') && c.getAttribute('aria-hidden') !== 'true' && !c.closest('[aria-hidden=true]') && c.getAttribute('role') !== 'presentation').length,
      );
      if (bare > 0) missing.push(`${r}: ${bare}`);
    }
    expect(missing).toEqual([]);
  });
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });
  test('after one visit the app reloads and detects on a photo without a network', async ({ page, context }) => {
    await page.goto('./?backend=wasm#/detection/live');
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await page.locator('[data-testid=sample][data-file="000000119828.jpg"]').click();
    await expect(page.getByTestId('detection-row').first()).toBeVisible({ timeout: 60_000 });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(page.getByTestId('source-status')).toContainText('Кошка у ноутбука');
    await expect.poll(() => page.getByTestId('detection-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-class'))), { timeout: 60_000 }).toContain('cat');
  });
});
