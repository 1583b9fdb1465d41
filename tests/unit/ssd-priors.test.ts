/**
 * The SSD priors generated in TypeScript (src/core/ssd/priors.ts) against the TF Object Detection
 * API's algorithm, and against the anchors constant inside the real coco-ssd graph.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorToCell, cellAnchors, cellHeat, cellToAnchor, COCO_SSD_LAYOUT, gridLayout, topClasses } from '../../src/core/ssd/cells';
import { boxSpecs, cocoSsdPriors, generatePriors, SSDLITE_MOBILENET_V2_COCO } from '../../src/core/ssd/priors';
import type { CocoSsdAdapter } from '../../src/models/cocoSsd';
import { readSsdInternals, type SsdInternals } from '../../src/models/ssdInternals';
import { loadImageTensor, SHARED_DIR, pixelsOf } from '../../scripts/lib/nodeTf';
import { loadRealCocoSsd } from './lib/cocoSsdWeights';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('SSD priors (pure)', () => {
  const p = cocoSsdPriors();

  it('1917 priors: 19²·3 + (10² + 5² + 3² + 2² + 1²)·6', () => {
    expect(p.count).toBe(1917);
    expect(19 * 19 * 3 + (100 + 25 + 9 + 4 + 1) * 6).toBe(1917);
    expect(p.corners.length).toBe(1917 * 4);
    expect(COCO_SSD_LAYOUT.count).toBe(1917);
    expect(p.specs.map((s) => s.length)).toEqual([3, 6, 6, 6, 6, 6]);
  });

  it('box specs follow create_ssd_anchors: reduced lowest layer, linear scales, interpolated extra box', () => {
    const specs = boxSpecs();
    expect(specs[0]).toEqual([
      { scale: 0.1, aspect: 1 },
      { scale: 0.2, aspect: 2 },
      { scale: 0.2, aspect: 0.5 },
    ]);
    const scales = [0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1.0];
    for (let l = 1; l < 6; l++) {
      const layer = specs[l]!;
      expect(layer.slice(0, 5).map((s) => s.aspect)).toEqual([1, 2, 0.5, 3, 0.3333]);
      for (const s of layer.slice(0, 5)) expect(s.scale).toBeCloseTo(scales[l]!, 12);
      expect(layer[5]!.aspect).toBe(1);
      expect(layer[5]!.scale).toBeCloseTo(Math.sqrt(scales[l]! * scales[l + 1]!), 12);
    }
  });

  it('first cell of the 19×19 map: centre (0.5/19, 0.5/19), sizes s/√a × s·√a', () => {
    const c = 0.5 / 19;
    const [y0, x0, y1, x1] = p.corners.subarray(0, 4);
    expect(y0).toBeCloseTo(c - 0.05, 6);
    expect(x1).toBeCloseTo(c + 0.05, 6);
    expect(y1! - y0!).toBeCloseTo(0.1, 6);
    expect(x1! - x0!).toBeCloseTo(0.1, 6);
    // k = 1: scale 0.2, aspect 2 → h = 0.2/√2, w = 0.2·√2 (wide box).
    expect(p.centers[4 + 2]).toBeCloseTo(0.2 / Math.SQRT2, 6);
    expect(p.centers[4 + 3]).toBeCloseTo(0.2 * Math.SQRT2, 6);
    // The last prior: the 1×1 map, interpolated box √(0.95·1) centred at (0.5, 0.5).
    const last = 1916 * 4;
    expect(p.centers[last]).toBeCloseTo(0.5, 6);
    expect(p.centers[last + 2]).toBeCloseTo(Math.sqrt(0.95), 6);
  });

  it('a different config changes the count as expected', () => {
    const q = generatePriors({ ...SSDLITE_MOBILENET_V2_COCO, reduceBoxesInLowestLayer: false });
    expect(q.count).toBe(1917 + 19 * 19 * 3);
  });
});

describe('anchor ↔ cell mapping', () => {
  it('round-trips every index', () => {
    for (let i = 0; i < COCO_SSD_LAYOUT.count; i++) expect(cellToAnchor(COCO_SSD_LAYOUT, anchorToCell(COCO_SSD_LAYOUT, i))).toBe(i);
  });

  it('knows the map boundaries', () => {
    expect(COCO_SSD_LAYOUT.offsets).toEqual([0, 1083, 1683, 1833, 1887, 1911, 1917]);
    expect(anchorToCell(COCO_SSD_LAYOUT, 0)).toEqual({ map: 0, row: 0, col: 0, k: 0 });
    expect(anchorToCell(COCO_SSD_LAYOUT, 1082)).toEqual({ map: 0, row: 18, col: 18, k: 2 });
    expect(anchorToCell(COCO_SSD_LAYOUT, 1083)).toEqual({ map: 1, row: 0, col: 0, k: 0 });
    expect(anchorToCell(COCO_SSD_LAYOUT, 1916)).toEqual({ map: 5, row: 0, col: 0, k: 5 });
    expect(cellAnchors(COCO_SSD_LAYOUT, 1, 0, 1)).toEqual([1089, 1090, 1091, 1092, 1093, 1094]);
    expect(() => anchorToCell(COCO_SSD_LAYOUT, 1917)).toThrow(RangeError);
    expect(() => cellToAnchor(COCO_SSD_LAYOUT, { map: 0, row: 0, col: 0, k: 3 })).toThrow(RangeError);
  });

  it('the prior of a cell is centred in that cell', () => {
    const p = cocoSsdPriors();
    for (const i of [0, 500, 1082, 1083, 1700, 1850, 1900, 1916]) {
      const { map, row, col } = anchorToCell(COCO_SSD_LAYOUT, i);
      const n = COCO_SSD_LAYOUT.featureMaps[map]!;
      expect(p.centers[4 * i]).toBeCloseTo((row + 0.5) / n, 6);
      expect(p.centers[4 * i + 1]).toBeCloseTo((col + 0.5) / n, 6);
    }
  });

  it('cell heat = max over the cell boxes (and classes); a class filter restricts it', () => {
    const layout = gridLayout([2, 1], [2, 1]);
    expect(layout.count).toBe(9);
    const scores = new Float32Array(9 * 3);
    scores[3 * 3 + 2] = 0.9; // anchor 3 = map 0, cell (0,1), k=1, class 2
    scores[3 * 3 + 0] = 0.4; // same anchor, class 0
    scores[6 * 3 + 0] = 0.7; // anchor 6 = map 0, cell (1,1), k=0
    const h = cellHeat(layout, 0, scores, 3);
    expect(Array.from(h.values)).toEqual([0, Math.fround(0.9), 0, Math.fround(0.7)]);
    expect(Array.from(h.anchors.slice(1, 2))).toEqual([3]);
    expect(h.classes[1]).toBe(2);
    const only0 = cellHeat(layout, 0, scores, 3, 0);
    expect(only0.values[1]).toBeCloseTo(0.4, 6);
    expect(topClasses(scores, 3, 3, 2)).toEqual([
      { column: 2, score: Math.fround(0.9) },
      { column: 0, score: Math.fround(0.4) },
    ]);
  });
});

describe('priors vs the real graph (coco-ssd weights, WASM)', () => {
  let adapter: CocoSsdAdapter;
  let internals: SsdInternals;

  beforeAll(async () => {
    adapter = await loadRealCocoSsd();
    const img = await loadImageTensor(path.join(SHARED_DIR, 'images', 'unannotated', 'skimage_chelsea.png'));
    try {
      internals = await readSsdInternals(adapter.graphModel, pixelsOf(img));
    } finally {
      img.dispose();
    }
  });
  afterAll(() => adapter?.dispose());

  it('our 1917 priors equal Postprocessor/ExpandDims to float32 rounding', () => {
    expect(internals.numBoxes).toBe(1917);
    const d = maxAbsDiff(cocoSsdPriors().corners, internals.anchors);
    expect(d).toBeLessThan(1e-6);
  });

  it('the config literal 0.3333 matters: exact 1/3 is off by ~4e-5', () => {
    const exact = generatePriors({ ...SSDLITE_MOBILENET_V2_COCO, aspectRatios: [1, 2, 0.5, 3, 1 / 3] });
    expect(maxAbsDiff(exact.corners, internals.anchors)).toBeGreaterThan(1e-5);
  });
});
