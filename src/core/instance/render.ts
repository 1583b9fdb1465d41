/**
 * The instance page's colours: a distinct colour per instance (and, by class id, per class). The masks
 * themselves are drawn by the shared painter (src/ui/painter.ts, core/maskLayer.ts).
 */
/** A distinct colour per instance index (golden-angle hues), RGB 0..255. */
export function instanceColor(i: number): [number, number, number] {
  const h = ((i * 137.508) % 360) / 60;
  const s = 0.75, v = 0.95;
  const c = v * s, x = c * (1 - Math.abs((h % 2) - 1)), m = v - c;
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}
