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
 * After the page has rendered the new source (two frames), scrolls its result into view when it is not
 * already fully visible, and focuses it (focus: false on restores, which must not steal focus).
 */
export function bringResultIntoView(from: Element | null, opts: { focus: boolean }): void {
  if (!from) return;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const el = findResult(from);
      if (!el) return;
      const r = el.getBoundingClientRect();
      const fits = r.top >= 0 && r.bottom <= window.innerHeight;
      if (!fits) {
        // Top of the result at the top of the screen, unless it is short enough to show whole above the fold.
        el.scrollIntoView({ block: r.height < window.innerHeight ? 'center' : 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
      }
      if (opts.focus) {
        if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
        el.focus({ preventScroll: true });
      }
    }),
  );
}
