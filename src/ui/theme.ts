/**
 * Theme values that canvases need (CSS custom properties of <html>, set per theme in src/styles.css):
 * `--box-label-min`, the smallest box label on a photo in CSS px (24 in the projector themes, so a
 * label reads from the back of a room; 0 elsewhere: the canvas's own size applies). Read once per
 * theme change, not per label.
 */
let cache: { key: string; value: number } | null = null;

export function boxLabelMinPx(): number {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return 0;
  const html = document.documentElement;
  const key = `${html.dataset.theme ?? ''}|${html.className}`;
  if (cache?.key !== key) {
    const v = parseFloat(getComputedStyle(html).getPropertyValue('--box-label-min'));
    cache = { key, value: Number.isFinite(v) && v > 0 ? v : 0 };
  }
  return cache.value;
}
