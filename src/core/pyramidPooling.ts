/**
 * Pyramid pooling on a feature map (PSPNet) and the ASPP footprint (DeepLab), as plain numbers.
 * A feature map is HWC, row-major: value (y, x, c) at data[(y·w + x)·channels + c].
 */
export interface FeatureMap {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly data: Float32Array;
}

/** Bin edges of adaptive pooling (PyTorch AdaptiveAvgPool2d): [⌊i·n/b⌋, ⌈(i+1)·n/b⌉). Bins overlap when b ∤ n. */
export function adaptiveBins(n: number, bins: number): [number, number][] {
  return Array.from({ length: bins }, (_, i) => [Math.floor((i * n) / bins), Math.ceil(((i + 1) * n) / bins)] as [number, number]);
}

/** Average of one channel over bins × bins adaptive cells; row-major, length bins². */
export function adaptiveAvgPool(f: FeatureMap, channel: number, bins: number): Float32Array {
  const rows = adaptiveBins(f.height, bins);
  const cols = adaptiveBins(f.width, bins);
  const out = new Float32Array(bins * bins);
  rows.forEach(([y0, y1], by) => {
    cols.forEach(([x0, x1], bx) => {
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += f.data[(y * f.width + x) * f.channels + channel]!;
      out[by * bins + bx] = sum / ((y1 - y0) * (x1 - x0));
    });
  });
  return out;
}

/** One channel as an H×W plane. */
export function channelPlane(f: FeatureMap, channel: number): Float32Array {
  const out = new Float32Array(f.height * f.width);
  for (let j = 0; j < out.length; j++) out[j] = f.data[j * f.channels + channel]!;
  return out;
}

/** Channels sorted by spatial variance, highest first (the most "structured" maps to show). */
export function channelsByVariance(f: FeatureMap): number[] {
  const n = f.height * f.width;
  const mean = new Float64Array(f.channels);
  const sq = new Float64Array(f.channels);
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < f.channels; c++) {
      const v = f.data[j * f.channels + c]!;
      mean[c]! += v;
      sq[c]! += v * v;
    }
  }
  const variance = Array.from({ length: f.channels }, (_, c) => sq[c]! / n - (mean[c]! / n) ** 2);
  return variance.map((v, c) => [v, c] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, c]) => c);
}

/** The 9 taps of a 3×3 kernel at rate r centred on (y, x), with whether each lies inside the map. */
export function atrousTaps(f: { height: number; width: number }, y: number, x: number, rate: number): { y: number; x: number; inside: boolean }[] {
  const out: { y: number; x: number; inside: boolean }[] = [];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const ty = y + dy * rate;
      const tx = x + dx * rate;
      out.push({ y: ty, x: tx, inside: ty >= 0 && ty < f.height && tx >= 0 && tx < f.width });
    }
  }
  return out;
}
