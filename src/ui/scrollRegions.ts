/**
 * Wide tables scroll inside their own box on narrow screens (styles.css); a box that scrolls must be
 * reachable by the keyboard, so every such table in `root` gets tabindex="0" while it overflows.
 */
export function watchScrollRegions(root: HTMLElement): () => void {
  let pending = 0;
  const mark = (): void => {
    pending = 0;
    for (const t of root.querySelectorAll<HTMLElement>('table')) {
      const scrolls = t.scrollWidth > t.clientWidth + 1;
      if (scrolls && !t.hasAttribute('tabindex')) t.setAttribute('tabindex', '0');
      else if (!scrolls && t.getAttribute('tabindex') === '0' && t.dataset.ownTabindex === undefined) t.removeAttribute('tabindex');
    }
  };
  const schedule = (): void => {
    if (!pending) pending = window.setTimeout(mark, 150);
  };
  const mo = new MutationObserver(schedule);
  mo.observe(root, { childList: true, subtree: true });
  window.addEventListener('resize', schedule);
  schedule();
  return () => {
    mo.disconnect();
    window.removeEventListener('resize', schedule);
    window.clearTimeout(pending);
  };
}
