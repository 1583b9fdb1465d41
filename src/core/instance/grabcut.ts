/**
 * GrabCut (Rother, Kolmogorov & Blake, SIGGRAPH 2004) initialised by a rectangle: pixels outside the
 * rectangle are background for sure; inside, colour GMMs of foreground and background (K components
 * each) and a contrast-sensitive Potts smoothness term (8-neighbourhood, weight γ·exp(−β‖zi−zj‖²)/dist,
 * β = 1 / (2⟨‖zi−zj‖²⟩)) are minimised by a graph cut, alternating with refitting the GMMs.
 * Same inputs and seed → same mask.
 */
import { assignComponents, fitGmm, gmmNegLogLik, kmeansLabels } from './gmm';
import type { RgbaImage } from './image';
import { FlowGraph } from './maxflow';

/** Integer pixel rectangle [x0, x1) × [y0, y1). */
export interface PixelRect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface GrabCutOptions {
  /** Alternations of GMM refit and graph cut (default 4). */
  readonly iterations?: number;
  /** GMM components per model (default 5, as in the paper). */
  readonly components?: number;
  /** Smoothness weight γ (default 50, as in the paper). */
  readonly gamma?: number;
  readonly seed?: number;
}

const NEIGHBOURS: readonly (readonly [number, number, number])[] = [
  [1, 0, 1], [0, 1, 1], [1, 1, Math.SQRT1_2], [-1, 1, Math.SQRT1_2],
];

/** Row-major 0/1 mask of `img` (1 = foreground); everything outside `rect` is 0. */
export function grabCut(img: RgbaImage, rect: PixelRect, options: GrabCutOptions = {}): Uint8Array {
  const iterations = options.iterations ?? 4;
  const K = options.components ?? 5;
  const gamma = options.gamma ?? 50;
  const seed = options.seed ?? 1;
  const W = img.width, H = img.height, N = W * H;
  const rx0 = Math.max(0, rect.x0), ry0 = Math.max(0, rect.y0), rx1 = Math.min(W, rect.x1), ry1 = Math.min(H, rect.y1);
  const alpha = new Uint8Array(N);
  if (rx1 <= rx0 || ry1 <= ry0) return alpha;

  const rgb = new Float32Array(N * 3);
  for (let i = 0; i < N; i++) {
    rgb[i * 3] = img.data[i * 4]!; rgb[i * 3 + 1] = img.data[i * 4 + 1]!; rgb[i * 3 + 2] = img.data[i * 4 + 2]!;
  }
  // unknown = inside the rectangle; node index of each unknown pixel
  const node = new Int32Array(N).fill(-1);
  const unknown: number[] = [];
  for (let y = ry0; y < ry1; y++) for (let x = rx0; x < rx1; x++) {
    const i = y * W + x;
    node[i] = unknown.length;
    unknown.push(i);
    alpha[i] = 1;
  }
  const fixedBg: number[] = [];
  for (let i = 0; i < N; i++) if (node[i]! < 0) fixedBg.push(i);
  // Too little outside the rectangle to learn a background: its 1-pixel border starts as background.
  if (fixedBg.length < 2 * K) {
    for (let y = ry0; y < ry1; y++) for (let x = rx0; x < rx1; x++) {
      if (x === rx0 || y === ry0 || x === rx1 - 1 || y === ry1 - 1) alpha[y * W + x] = 0;
    }
  }

  // β from the mean squared colour difference of neighbouring pixels
  let sumD = 0, nD = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = y * W + x;
    for (const [dx, dy] of NEIGHBOURS) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || xx >= W || yy >= H) continue;
      const j = yy * W + xx;
      const a = rgb[i * 3]! - rgb[j * 3]!, b = rgb[i * 3 + 1]! - rgb[j * 3 + 1]!, c = rgb[i * 3 + 2]! - rgb[j * 3 + 2]!;
      sumD += a * a + b * b + c * c;
      nD++;
    }
  }
  const beta = sumD > 0 ? 1 / (2 * (sumD / nD)) : 0;

  const split = () => {
    const fg: number[] = [], bg: number[] = [];
    for (let i = 0; i < N; i++) (alpha[i] ? fg : bg).push(i);
    return { fg: Int32Array.from(fg), bg: Int32Array.from(bg) };
  };
  let { fg, bg } = split();
  if (fg.length === 0 || bg.length === 0) return alpha;
  let fgLabels = kmeansLabels(rgb, fg, K, seed);
  let bgLabels = kmeansLabels(rgb, bg, K, seed + 1);
  let fgG = fitGmm(rgb, fg, fgLabels, K);
  let bgG = fitGmm(rgb, bg, bgLabels, K);

  const nU = unknown.length;
  for (let it = 0; it < iterations; it++) {
    if (it > 0) {
      ({ fg, bg } = split());
      if (fg.length === 0 || bg.length === 0) break;
      fgLabels = new Int32Array(fg.length);
      bgLabels = new Int32Array(bg.length);
      assignComponents(fgG, rgb, fg, fgLabels);
      assignComponents(bgG, rgb, bg, bgLabels);
      fgG = fitGmm(rgb, fg, fgLabels, K);
      bgG = fitGmm(rgb, bg, bgLabels, K);
    }
    const g = new FlowGraph(nU, nU * 4);
    const toSink = new Float64Array(nU);
    for (let u = 0; u < nU; u++) {
      const i = unknown[u]!;
      const r = rgb[i * 3]!, gr = rgb[i * 3 + 1]!, b = rgb[i * 3 + 2]!;
      toSink[u] = gmmNegLogLik(fgG, r, gr, b); // cost of calling it foreground is paid on i → T
    }
    const toSource = new Float64Array(nU);
    for (let u = 0; u < nU; u++) {
      const i = unknown[u]!;
      toSource[u] = gmmNegLogLik(bgG, rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!);
    }
    for (let u = 0; u < nU; u++) {
      const i = unknown[u]!;
      const x = i % W, y = (i - x) / W;
      for (const [dx, dy, inv] of NEIGHBOURS) {
        for (const s of [1, -1]) {
          const xx = x + s * dx, yy = y + s * dy;
          if (xx < 0 || xx >= W || yy < 0 || yy >= H) continue;
          const j = yy * W + xx;
          const v = node[j]!;
          if (v >= 0 && s === -1) continue; // unknown–unknown pairs once
          const a = rgb[i * 3]! - rgb[j * 3]!, b = rgb[i * 3 + 1]! - rgb[j * 3 + 1]!, c = rgb[i * 3 + 2]! - rgb[j * 3 + 2]!;
          const wgt = gamma * inv * Math.exp(-beta * (a * a + b * b + c * c));
          if (v >= 0) g.addEdge(u, v, wgt);
          else toSink[u] = toSink[u]! + wgt; // a fixed-background neighbour: foreground here cuts this pair
        }
      }
    }
    for (let u = 0; u < nU; u++) g.addTerminal(u, toSource[u]!, toSink[u]!);
    g.maxflow();
    const side = g.sourceSide();
    for (let u = 0; u < nU; u++) alpha[unknown[u]!] = side[u]!;
  }
  return alpha;
}
