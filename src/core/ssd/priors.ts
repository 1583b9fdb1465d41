/**
 * The 1917 SSD priors (anchors) of SSDLite MobileNetV2 COCO, generated as the TF Object Detection
 * API does it (`multiple_grid_anchor_generator.create_ssd_anchors` + `grid_anchor_generator.tile_anchors`):
 *
 * - scales s_i = min + (max − min)·i/(L − 1) for the L = 6 layers, plus a final 1.0;
 * - layer 0 (reduce_boxes_in_lowest_layer): (0.1, 1), (s_0, 2), (s_0, 0.5) — 3 boxes per cell;
 * - other layers: (s_i, a) for each aspect ratio a, then (√(s_i·s_{i+1}), 1) — 6 boxes per cell;
 * - box size h = s/√a, w = s·√a (base anchor size 1, square input so no aspect correction);
 * - stride 1/n, offset stride/2 on an n×n feature map: centre ((r + ½)/n, (c + ½)/n);
 * - order: feature map, then row, then column, then box k (innermost);
 * - stored as ymin, xmin, ymax, xmax (normalized, not clipped), float32 like the graph's constant.
 */

export interface AnchorSpec {
  readonly scale: number;
  readonly aspect: number;
}

export interface SsdAnchorConfig {
  readonly featureMaps: readonly number[];
  readonly minScale: number;
  readonly maxScale: number;
  readonly aspectRatios: readonly number[];
  readonly interpolatedScaleAspectRatio: number;
  readonly reduceBoxesInLowestLayer: boolean;
}

/**
 * The pipeline config of ssdlite_mobilenet_v2_coco. Note that the config file writes 1/3 as 0.3333,
 * and the graph's anchors were generated from that literal.
 */
export const SSDLITE_MOBILENET_V2_COCO: SsdAnchorConfig = {
  featureMaps: [19, 10, 5, 3, 2, 1],
  minScale: 0.2,
  maxScale: 0.95,
  aspectRatios: [1.0, 2.0, 0.5, 3.0, 0.3333],
  interpolatedScaleAspectRatio: 1.0,
  reduceBoxesInLowestLayer: true,
};

/** Box specs (scale, aspect) per layer, in the generator's order. */
export function boxSpecs(cfg: SsdAnchorConfig = SSDLITE_MOBILENET_V2_COCO): AnchorSpec[][] {
  const L = cfg.featureMaps.length;
  const scales = Array.from({ length: L }, (_, i) => cfg.minScale + ((cfg.maxScale - cfg.minScale) * i) / (L - 1));
  scales.push(1.0);
  const out: AnchorSpec[][] = [];
  for (let layer = 0; layer < L; layer++) {
    const s = scales[layer]!;
    const next = scales[layer + 1]!;
    if (layer === 0 && cfg.reduceBoxesInLowestLayer) {
      out.push([
        { scale: 0.1, aspect: 1.0 },
        { scale: s, aspect: 2.0 },
        { scale: s, aspect: 0.5 },
      ]);
      continue;
    }
    const specs: AnchorSpec[] = cfg.aspectRatios.map((aspect) => ({ scale: s, aspect }));
    if (cfg.interpolatedScaleAspectRatio > 0) specs.push({ scale: Math.sqrt(s * next), aspect: cfg.interpolatedScaleAspectRatio });
    out.push(specs);
  }
  return out;
}

export interface Priors {
  readonly count: number;
  /** count × 4: ymin, xmin, ymax, xmax (normalized). */
  readonly corners: Float32Array;
  /** count × 4: y centre, x centre, h, w (computed from the float32 corners, as the box coder does). */
  readonly centers: Float32Array;
  readonly specs: readonly (readonly AnchorSpec[])[];
  readonly featureMaps: readonly number[];
}

const f = Math.fround;

export function generatePriors(cfg: SsdAnchorConfig = SSDLITE_MOBILENET_V2_COCO): Priors {
  const specs = boxSpecs(cfg);
  let count = 0;
  cfg.featureMaps.forEach((n, l) => (count += n * n * specs[l]!.length));
  const corners = new Float32Array(count * 4);
  const centers = new Float32Array(count * 4);
  let i = 0;
  cfg.featureMaps.forEach((n, l) => {
    const layer = specs[l]!;
    // TF computes in float32: stride = 1/n, offset = stride/2, centre = r·stride + offset.
    const stride = f(1 / n);
    const offset = f(0.5 * stride);
    const hs = layer.map((s) => f(f(s.scale) / f(Math.sqrt(f(s.aspect)))));
    const ws = layer.map((s) => f(f(s.scale) * f(Math.sqrt(f(s.aspect)))));
    for (let r = 0; r < n; r++) {
      const yc = f(f(r * stride) + offset);
      for (let c = 0; c < n; c++) {
        const xc = f(f(c * stride) + offset);
        for (let k = 0; k < layer.length; k++) {
          const h = hs[k]!;
          const w = ws[k]!;
          corners[4 * i] = yc - 0.5 * h;
          corners[4 * i + 1] = xc - 0.5 * w;
          corners[4 * i + 2] = yc + 0.5 * h;
          corners[4 * i + 3] = xc + 0.5 * w;
          i++;
        }
      }
    }
  });
  for (let j = 0; j < count; j++) {
    const ymin = corners[4 * j]!;
    const xmin = corners[4 * j + 1]!;
    const ymax = corners[4 * j + 2]!;
    const xmax = corners[4 * j + 3]!;
    centers[4 * j] = (ymin + ymax) / 2;
    centers[4 * j + 1] = (xmin + xmax) / 2;
    centers[4 * j + 2] = ymax - ymin;
    centers[4 * j + 3] = xmax - xmin;
  }
  return { count, corners, centers, specs, featureMaps: cfg.featureMaps };
}

let cached: Priors | null = null;

/** The priors of the coco-ssd model (generated once). */
export function cocoSsdPriors(): Priors {
  cached ??= generatePriors();
  return cached;
}
