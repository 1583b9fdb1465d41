/**
 * Issue 13, problem 10 (glitches students see), read as a screen reader reads the page: no text node in
 * the visible page consists of punctuation alone (an accessibility snapshot showed lines like ": : :",
 * a label's colon left behind while its value was rendered elsewhere or not at all). Every route, both
 * languages, with a photo picked so that results are on screen. Routes come from the app's own list.
 */
import { expect, test, type Page } from '@playwright/test';
import { appSectionPaths } from './helpers';

const ROUTES = ['/', ...appSectionPaths()];

const onScreen = (page: Page) => page.locator('main > .page:not([hidden]), main > article').first();

/**
 * Text nodes of the visible page made only of punctuation and spaces (":", ": :", ",", "·", "()"),
 * as the accessibility tree sees them: not inside aria-hidden parts (KaTeX's visual layer), MathML
 * (a formula's operators are read as maths), SVG, scripts or styles, nor inside something not rendered.
 */
async function strayPunctuation(page: Page): Promise<string[]> {
  return onScreen(page).evaluate((root) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      if (!/^[\p{P}\p{Z}\s]+$/u.test(text) || text.trim() === '') continue;
      // Part of a longer run of text ("2.9" + " %", "Зерно" + ": " + "1", "<span>66 mAP</span> / <span>0.05 FPS</span>")
      // is read together with it: a neighbour that is text, or a plain inline element (no role of its own, so
      // the accessibility tree flattens it into the same line — unlike a link or a button) holding words or numbers.
      const PLAIN = /^(SPAN|B|I|EM|STRONG|SMALL|SUP|SUB|ABBR|CODE|BDI|DATA|TIME|VAR)$/;
      const inRunWith = (x: ChildNode | null): boolean => {
        if (x === null) return false;
        if (x.nodeType === Node.TEXT_NODE) return (x.textContent ?? '').trim() !== '';
        if (!(x instanceof HTMLElement) || !PLAIN.test(x.tagName) || x.hasAttribute('role')) return false;
        const t = (x.textContent ?? '').trim();
        // words or numbers, or a "no value" dash followed by more text ("/ — FPS")
        return /[\p{L}\p{N}]/u.test(t) || (/^[—–-]$/.test(t) && x.nextSibling?.nodeType === Node.TEXT_NODE && /[\p{L}\p{N}]/u.test(x.nextSibling.textContent ?? ''));
      };
      const inRun = (x: Node): boolean => inRunWith(x.previousSibling) || inRunWith(x.nextSibling);
      if (inRun(n)) continue;
      // A lone dash in a plain inline element inside such a run says "no value" ("Первоисточник — mAP").
      const host = n.parentElement;
      if (host && /^[—–-]$/.test(text.trim()) && PLAIN.test(host.tagName) && host.childNodes.length === 1 && inRun(host)) continue;
      const parent = n.parentElement;
      if (!parent || parent.closest('[aria-hidden=true], math, svg, script, style, .katex, [hidden]')) continue;
      if (parent.getClientRects().length === 0) continue;
      // A cell starting with a dash says "no value" (read as "dash", maybe with its footnote), a column
      // headed "#" numbers the rows: content, not a stray mark.
      const cell = parent.closest('td, th, dd');
      const cellText = (cell?.textContent ?? '').trim();
      if (cell && /^[—–-]/.test(cellText) && /^[—–-]$/.test(text.trim()) && cellText.startsWith(text.trim())) continue;
      if (cell?.tagName === 'TH' && cellText === '#') continue;
      out.push(`${JSON.stringify(text)} in <${parent.tagName.toLowerCase()}${parent.className ? ` class="${parent.className}"` : ''}>: ${parent.textContent!.replace(/\s+/g, ' ').slice(0, 80)}`);
    }
    return out;
  });
}

test('no text node on any route is punctuation alone (": : :" in the accessibility tree)', async ({ page }) => {
  test.setTimeout(900_000);
  const found: string[] = [];
  for (const lang of ['ru', 'en']) {
    // Each route as it opens, then with a photo (results, credits, value read-outs).
    for (const [r, query] of ROUTES.flatMap((r) => (r === '/' ? [[r, '']] : [[r, ''], [r, '?sample=000000397133.jpg']]))) {
      await page.goto(`./?backend=wasm&lang=${lang}#${r}${query}`);
      await expect(onScreen(page)).toBeVisible();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
      for (const f of await strayPunctuation(page)) found.push(`${lang} ${r}${query}: ${f}`);
      // The same as the accessibility snapshot shows it: no line of text that is punctuation alone.
      const snap = await onScreen(page).ariaSnapshot();
      for (const line of snap.split('\n')) {
        const m = /^\s*- [\w-]+(?: "[^"]*")?(?: \[[^\]]*\])*: "?(.*?)"?$/.exec(line);
        if (m && /^[\p{P}\p{Z}\s]+$/u.test(m[1]!) && !/^[—–-]$/.test(m[1]!.trim())) found.push(`${lang} ${r}${query}: snapshot line ${line.trim()}`);
      }
    }
  }
  expect(found).toEqual([]);
});
