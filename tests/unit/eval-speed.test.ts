/**
 * accumulate()'s score order without a comparator sort must equal numpy's stable mergesort on −score
 * (here: the obvious comparator sort, ties by position) on data with many ties, −0/+0 and singletons.
 */
import { describe, expect, it } from 'vitest';
import { stableOrderByScoreDesc } from '../../src/core/eval/coco';
import { mulberry32 } from '../../src/core/random';
import type { Detection, GroundTruth } from '../../src/core/eval/types';

function reference(score: Float64Array, cs: number, n: number): number[] {
  const ord = Array.from({ length: n }, (_, j) => cs + j);
  return ord.sort((x, y) => score[y]! - score[x]! || x - y);
}

describe('stableOrderByScoreDesc', () => {
  it('equals a stable comparator sort (descending score, ties by position)', () => {
    const rnd = mulberry32(7);
    for (const [n, levels] of [[0, 1], [1, 1], [2, 1], [50, 3], [1000, 20], [5000, 1000], [3000, 0]] as const) {
      const s = new Float64Array(n + 10);
      for (let i = 0; i < s.length; i++) s[i] = levels === 0 ? rnd() : Math.floor(rnd() * levels) / levels;
      if (n > 4) { s[12] = -0; s[13] = 0; }
      expect(Array.from(stableOrderByScoreDesc(s, 10, n))).toEqual(reference(s, 10, n));
    }
  });
  it('hand-worked: scores [0.5, 0.9, 0.5, 0.1, 0.9] → positions 1, 4, 0, 2, 3', () => {
    expect(Array.from(stableOrderByScoreDesc(Float64Array.of(0.5, 0.9, 0.5, 0.1, 0.9), 0, 5))).toEqual([1, 4, 0, 2, 3]);
  });
});

describe('VOC APs are computed on first read', () => {
  it('same values as the VOC engine, and a copy of the report (spread) carries them', async () => {
    const { evaluateDetections, vocEvaluateIndexed, indexData, VOC07_PROFILE } = await import('../../src/core/eval');
    const gt: GroundTruth = {
      images: [{ id: 1, width: 100, height: 100 }],
      categories: [{ id: 3, name: 'car' }],
      annotations: [{ id: 1, imageId: 1, categoryId: 3, bbox: [10, 10, 40, 40], area: 1600, iscrowd: false, difficult: false }],
    };
    const dets: Detection[] = [{ imageId: 1, categoryId: 3, bbox: [12, 10, 40, 40], score: 0.9 }, { imageId: 1, categoryId: 3, bbox: [60, 60, 20, 20], score: 0.95 }];
    const r = evaluateDetections(gt, dets);
    const direct = vocEvaluateIndexed(indexData(gt, dets, 'bbox'), VOC07_PROFILE);
    // VOC07 11-point AP of [FP, TP] with one GT: precision 0.5 at recall 1 → 0.5 (hand-worked)
    expect(direct.mAP).toBeCloseTo(0.5, 12);
    expect(r.voc07.mAP).toBe(direct.mAP);
    expect({ ...r }.voc07.mAP).toBe(direct.mAP);
  });
});
