import { useEffect, useRef } from 'react';
import { boundaryBand, SEG_CLASS_COLORS } from '../../core/segSynth';

export type CellView = 'classes' | 'errors';

export interface LabelCanvasProps {
  readonly size: number;
  /** The photo-like input (RGBA); drawn when `labels` is absent, dimmed under the error view. */
  readonly rgba?: Uint8ClampedArray;
  readonly labels?: ArrayLike<number>;
  /** Ground truth, for the error view. */
  readonly truth?: ArrayLike<number>;
  readonly view?: CellView;
  readonly label: string;
  readonly testId?: string;
}

const BAND: readonly number[] = [150, 150, 150];
const ERR_EDGE: readonly number[] = [230, 30, 30];
const ERR_FAR: readonly number[] = [255, 150, 0];

/** Paints one small image, label map or error map, shown enlarged with crisp pixels. */
export function LabelCanvas({ size, rgba, labels, truth, view = 'classes', label, testId }: LabelCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const n = size * size;
    const out = new Uint8ClampedArray(n * 4);
    const band = view === 'errors' && truth ? boundaryBand(truth, size, size, 2) : null;
    for (let p = 0; p < n; p++) {
      let c: readonly number[];
      if (band && truth && labels) {
        const wrong = labels[p] !== truth[p];
        if (wrong) c = band[p] ? ERR_EDGE : ERR_FAR;
        else if (band[p]) c = BAND;
        else {
          const g = rgba ? (rgba[4 * p]! + rgba[4 * p + 1]! + rgba[4 * p + 2]!) / 3 : 0;
          c = [g * 0.35 + 20, g * 0.35 + 20, g * 0.35 + 20];
        }
      } else if (band && truth) {
        c = band[p] ? BAND : SEG_CLASS_COLORS[truth[p]!] ?? BAND;
      } else if (labels) c = SEG_CLASS_COLORS[labels[p]!] ?? BAND;
      else if (rgba) c = [rgba[4 * p]!, rgba[4 * p + 1]!, rgba[4 * p + 2]!];
      else c = BAND;
      out[4 * p] = c[0]!;
      out[4 * p + 1] = c[1]!;
      out[4 * p + 2] = c[2]!;
      out[4 * p + 3] = 255;
    }
    ctx.putImageData(new ImageData(out, size, size), 0, 0);
  }, [size, rgba, labels, truth, view]);
  return <canvas ref={ref} width={size} height={size} className="seg-cell" role="img" aria-label={label} data-testid={testId} />;
}
