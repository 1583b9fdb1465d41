/**
 * Brings the result of an action (a sample picked, a photo opened, the camera started) into view, and
 * moves focus there for screen readers. Shared by every page through ImageSource: the result is the
 * element marked `data-result` after the source in document order, else the first canvas or video
 * after it (what every page draws its result on).
 *
 * The result is often not laid out yet when the action completes: the page re-renders with the new
 * source, the overlay canvas mounts at 0×0 and takes its size a frame later, a model or a caption
 * finishes later and grows the blocks around it. So the result is (1) the first *rendered* candidate
 * after the source even while it still has no size (taking the next canvas down the page instead would
 * scroll to and focus something else), and (2) kept in view while the page's layout settles: every
 * resize of the page or of the result re-checks its place, until a time limit, another action, or the
 * user scrolls, touches, clicks or types (their scrolling always wins).
 */
const RESULT = '[data-result], canvas, video:not(.imgsrc-hidden)';
/** How long a rendered but still 0×0 candidate is waited for before the next candidate is taken. */
const WAIT_FOR_SIZE_MS = 3000;
/** The layout is watched this long at most (a model may take half a minute to load on a CPU). */
const MAX_WATCH_MS = 30_000;

function hasSize(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

/** In the layout at all (not display:none itself or inside a hidden page / closed details). */
function rendered(el: Element): boolean {
  return el.getClientRects().length > 0;
}

/** The page `from` belongs to: its section (kept-mounted pages are siblings inside `main`), else `main`. */
function pageOf(from: Element): Element {
  return from.closest('.page') ?? from.closest('main') ?? document.body;
}

function candidates(from: Element): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const el of pageOf(from).querySelectorAll<HTMLElement>(RESULT)) {
    if (from.contains(el)) continue;
    if (from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) out.push(el);
  }
  return out;
}

/**
 * The first result element after `from` in document order, within the same page. With
 * `waitForSize`, a candidate that is rendered but has no size yet (a canvas about to be sized) counts:
 * it is the result, only not laid out yet.
 */
export function findResult(from: Element, opts: { waitForSize?: boolean } = {}): HTMLElement | null {
  for (const el of candidates(from)) {
    const ok = hasSize(el) || (opts.waitForSize === true && rendered(el));
    if (ok) return el.closest<HTMLElement>('[data-result]') ?? el;
  }
  return null;
}

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Top within the upper half of the window, or the whole element visible. */
export function resultInPlace(r: { top: number; bottom: number }, innerHeight: number): boolean {
  if (r.top >= 0 && r.bottom <= innerHeight) return true;
  return r.top >= 0 && r.top < innerHeight * 0.5 && r.bottom > 0;
}

let cancelCurrent: (() => void) | null = null;

/**
 * Once the page has rendered the new source, scrolls its result into view when it is not already in
 * place, focuses it (focus: false on restores, which must not steal focus), and keeps it in place while
 * the layout settles (see the file comment).
 */
export function bringResultIntoView(from: Element | null, opts: { focus: boolean }): void {
  cancelCurrent?.();
  if (!from) return;
  const start = performance.now();
  let target: HTMLElement | null = null;
  let smoothUntil = 0;
  /** Until when a scroll this watch started may still be moving the view (a smooth scroll can outlast
   * smoothUntil on a loaded machine): the view being away from the result then is not the user's doing. */
  let ownScrollUntil = 0;
  /** Where the result was in the document (px from its top) when last in place or placed. */
  let placedAt: number | null = null;
  let raf = 0;
  let stopped = false;
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => schedule()) : null;
  const timer = window.setInterval(() => schedule(), 400);
  const USER_EVENTS = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    cancelAnimationFrame(raf);
    window.clearInterval(timer);
    ro?.disconnect();
    for (const e of USER_EVENTS) window.removeEventListener(e, onUser, true);
    if (cancelCurrent === stop) cancelCurrent = null;
  };
  function onUser(): void {
    stop();
  }
  function schedule(): void {
    if (!stopped && !raf) raf = requestAnimationFrame(check);
  }

  const check = (): void => {
    raf = 0;
    if (stopped) return;
    const now = performance.now();
    if (now - start > MAX_WATCH_MS || !from.isConnected || !rendered(from)) return stop();
    // Prefer the first rendered candidate even before it has a size; take the next sized one only if
    // it never gets a size.
    const el = findResult(from, { waitForSize: now - start < WAIT_FOR_SIZE_MS });
    if (!el) return;
    if (el !== target) {
      const previous = target;
      if (previous) ro?.unobserve(previous);
      target = el;
      placedAt = null;
      ro?.observe(el);
      // Focus follows the result (not while the user has put it elsewhere since).
      const active = document.activeElement;
      if (opts.focus && (active === null || active === document.body || active === previous || from.contains(active))) {
        if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
        el.focus({ preventScroll: true });
      }
    }
    if (!hasSize(el)) return;
    const r = el.getBoundingClientRect();
    const docTop = r.top + window.scrollY;
    if (resultInPlace(r, window.innerHeight)) {
      placedAt = docTop;
      return;
    }
    // A smooth scroll already under way is left to finish.
    if (now < smoothUntil) return;
    // Out of place although it has not moved in the page: the view was scrolled away from it (by the
    // user or the page), which is not to be undone; unless a scroll of this watch (one towards a previous
    // target, say) may still be moving the view: then it is put back once more.
    const unmoved = placedAt !== null && Math.abs(docTop - placedAt) < 2;
    if (unmoved && now >= ownScrollUntil) return stop();
    // First placement, or the layout moved it: scroll (a correction jumps, the first one may glide).
    const smooth = smoothUntil === 0 && !prefersReducedMotion();
    el.scrollIntoView({ block: r.height < window.innerHeight ? 'center' : 'start', behavior: smooth ? 'smooth' : 'auto' });
    smoothUntil = smooth ? now + 1500 : now;
    if (!unmoved) ownScrollUntil = now + 3000;
    placedAt = docTop;
  };

  for (const e of USER_EVENTS) window.addEventListener(e, onUser, { capture: true, passive: true });
  ro?.observe(pageOf(from));
  cancelCurrent = stop;
  // Let React render the new source first.
  raf = requestAnimationFrame(() => {
    raf = requestAnimationFrame(check);
  });
}
