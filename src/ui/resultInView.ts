/**
 * Brings the result of an action (a sample picked, a photo opened, the camera started) into view, and
 * moves focus there for screen readers. Shared by every page through ImageSource: the result is the
 * element marked `data-result` after the source in document order, else the first canvas or video
 * after it (what every page draws its result on).
 */
const RESULT = '[data-result], canvas, video:not(.imgsrc-hidden)';

function visible(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

/** The first result element after `from` in document order, within the same page (`main`). */
export function findResult(from: Element): HTMLElement | null {
  const root = from.closest('main') ?? document.body;
  for (const el of root.querySelectorAll<HTMLElement>(RESULT)) {
    if (from.contains(el)) continue;
    if (from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && visible(el)) {
      return el.closest<HTMLElement>('[data-result]') ?? el;
    }
  }
  return null;
}

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Once the page has rendered the new source, scrolls its result into view when it is not already fully
 * visible, and focuses it (focus: false on restores, which must not steal focus). The page may need a few
 * frames (a model still loading, an image decoding) before the result has a size: it is looked for during
 * up to ~2 s, and scrolled again once if a late layout change pushed it out of view.
 */
export function bringResultIntoView(from: Element | null, opts: { focus: boolean }): void {
  if (!from) return;
  let frames = 0;
  let settled = 0;
  const place = (el: HTMLElement): boolean => {
    const r = el.getBoundingClientRect();
    const inView = r.top >= 0 && r.top < window.innerHeight * 0.5 && r.bottom > 0;
    if (!inView && !(r.top >= 0 && r.bottom <= window.innerHeight)) {
      el.scrollIntoView({ block: r.height < window.innerHeight ? 'center' : 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
      return false;
    }
    return true;
  };
  const tick = (): void => {
    const el = findResult(from);
    if (!el) {
      if (++frames < 120) requestAnimationFrame(tick);
      return;
    }
    const ok = place(el);
    if (opts.focus && settled === 0) {
      if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
      el.focus({ preventScroll: true });
    }
    // Check again a little later: images and charts above may still change the layout.
    if (settled++ < 3 && !ok) window.setTimeout(() => requestAnimationFrame(tick), 600);
    else if (settled < 3) window.setTimeout(() => requestAnimationFrame(tick), 600);
  };
  requestAnimationFrame(() => requestAnimationFrame(tick));
}
