import { describe, expect, it } from 'vitest';
import {
  COCO_IOU_THRS, COCO_PROFILE, COCO_REC_THRS, VOC07_PROFILE, VOC12_PROFILE, boxIouXywh, boxIouXyxy, cocoAccumulate,
  cocoEvaluate, cocoExplainImage, cocoProfileWith, cocoSummarize, evaluateDetections, formatFixed3, linspace,
  pairwiseSum, summarizeValue, vocAp11, vocApAllPoint, vocEvaluate,
  type Detection, type GroundTruth, type GtAnnotation, type Xywh,
} from '../../src/core/eval';

function gtOf(anns: { img: number; box: Xywh; cat?: number; crowd?: boolean; area?: number; difficult?: boolean }[], imgs?: number[]): GroundTruth {
  const ids = imgs ?? [...new Set(anns.map((a) => a.img))];
  return {
    images: ids.map((id) => ({ id, width: 640, height: 480 })),
    categories: [{ id: 1, name: 'thing' }, { id: 2, name: 'other' }],
    annotations: anns.map((a, i): GtAnnotation => ({
      id: i + 1, imageId: a.img, categoryId: a.cat ?? 1, bbox: a.box, area: a.area ?? a.box[2] * a.box[3],
      iscrowd: a.crowd ?? false, difficult: a.difficult ?? false,
    })),
  };
}
const det = (img: number, box: Xywh, score: number, cat = 1): Detection => ({ imageId: img, categoryId: cat, bbox: box, score });

describe('numpy-exact constants', () => {
  it('iouThrs are numpy linspace(.5, .95, 10)', () => {
    expect(Array.from(COCO_IOU_THRS)).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
    expect(0.5 + 7 * 0.05).not.toBe(COCO_IOU_THRS[7]);
  });
  it('recThrs are i * 0.01 (not i / 100), last exactly 1', () => {
    expect(COCO_REC_THRS).toHaveLength(101);
    for (let i = 0; i < 100; i++) expect(COCO_REC_THRS[i]).toBe(i * 0.01);
    expect(COCO_REC_THRS[100]).toBe(1);
    expect(COCO_REC_THRS[35]).toBe(0.35000000000000003);
    expect(COCO_REC_THRS[35]).not.toBe(35 / 100);
    expect(Array.from(linspace(0, 1, 3))).toEqual([0, 0.5, 1]);
  });
  it('formats like Python {:0.3f} (ties to even)', () => {
    expect(formatFixed3(0.5625)).toBe('0.562');
    expect(formatFixed3(0.0625)).toBe('0.062');
    expect(formatFixed3(0.1875)).toBe('0.188');
    expect(formatFixed3(0.9999999999999998)).toBe('1.000');
    expect(formatFixed3(-1)).toBe('-1.000');
    expect(formatFixed3(0.12345)).toBe('0.123');
  });
  it('pairwise sum matches the naive sum on small inputs and is order-stable on large ones', () => {
    expect(pairwiseSum([1, 2, 3])).toBe(6);
    const a = Float64Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    expect(Math.abs(pairwiseSum(a) - a.reduce((s, x) => s + x, 0))).toBeLessThan(1e-12);
  });
});

describe('box IoU', () => {
  it('xywh and xyxy agree, touching boxes give 0, crowd uses the detection area', () => {
    expect(boxIouXywh([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150, 15);
    expect(boxIouXyxy([0, 0, 10, 10], [5, 0, 15, 10])).toBe(boxIouXywh([0, 0, 10, 10], [5, 0, 10, 10]));
    expect(boxIouXywh([0, 0, 10, 10], [10, 0, 10, 10])).toBe(0);
    expect(boxIouXywh([0, 0, 10, 10], [10, 10, 5, 5])).toBe(0);
    expect(boxIouXywh([0, 0, 10, 10], [5, 0, 100, 100], true)).toBe(0.5);
  });
});

// rafaelpadilla/Object-Detection-Metrics README toy example: 7 images, 15 GT, 24 detections.
// Sorted TP/FP sequence (R Y J A U C M F D B H P E X N T K Q V I L S G O); the README reports
// 11-point AP 26.84% and all-point AP 24.56% (it truncates intermediate values; exact 0.24568...).
describe('VOC toy example (11-point vs all-point)', () => {
  const dets: [string, number, number, boolean][] = [
    ['A', 1, 0.88, false], ['B', 1, 0.70, true], ['C', 1, 0.80, false],
    ['D', 2, 0.71, false], ['E', 2, 0.54, true], ['F', 2, 0.74, false],
    ['G', 3, 0.18, true], ['H', 3, 0.67, false], ['I', 3, 0.38, false], ['J', 3, 0.91, true], ['K', 3, 0.44, false],
    ['L', 4, 0.35, false], ['M', 4, 0.78, false], ['N', 4, 0.45, false], ['O', 4, 0.14, false],
    ['P', 5, 0.62, true], ['Q', 5, 0.44, false], ['R', 5, 0.95, true], ['S', 5, 0.23, false],
    ['T', 6, 0.45, false], ['U', 6, 0.84, false], ['V', 6, 0.43, false],
    ['X', 7, 0.48, true], ['Y', 7, 0.95, false],
  ];
  const gtPerImage = [3, 2, 3, 2, 2, 2, 1]; // 15
  const anns: { img: number; box: Xywh }[] = [];
  gtPerImage.forEach((n, i) => { for (let g = 0; g < n; g++) anns.push({ img: i + 1, box: [g * 100, 0, 50, 50] }); });
  const used = new Map<number, number>();
  const dt = dets.map(([, img, score, tp]) => {
    if (!tp) return det(img, [500, 400, 20, 20], score);
    const g = used.get(img) ?? 0;
    used.set(img, g + 1);
    return det(img, [g * 100 + 2, 0, 50, 50], score);
  });
  const gt = gtOf(anns, [1, 2, 3, 4, 5, 6, 7]);
  const exact11 = (1 + 2 / 3 + 3 * (6 / 14)) / 11;
  const exactAll = (1 / 15) * 1 + (1 / 15) * (2 / 3) + (4 / 15) * (6 / 14) + (1 / 15) * (7 / 23);

  it('AP differs between VOC2007 11-point and VOC2010+ all-point', () => {
    const v07 = vocEvaluate(gt, dt, { profile: VOC07_PROFILE });
    const v12 = vocEvaluate(gt, dt, { profile: VOC12_PROFILE });
    expect(v07.perClass[0]!.numTp).toBe(7);
    expect(v07.perClass[0]!.numFp).toBe(17);
    expect(v07.mAP).toBeCloseTo(exact11, 12);
    expect(v12.mAP).toBeCloseTo(exactAll, 12);
    expect((v07.mAP * 100).toFixed(2)).toBe('26.84');
    expect(Math.floor(v12.mAP * 10000) / 100).toBe(24.56);
  });

  it('the AP helpers on a plain PR curve', () => {
    expect(vocAp11([0.5, 1], [1, 0.5], VOC07_PROFILE.elevenPointThrs)).toBeCloseTo((6 * 1 + 5 * 0.5) / 11, 15);
    expect(vocApAllPoint([0.5, 1], [1, 0.5])).toBe(0.75);
    expect(vocAp11([], [], VOC07_PROFILE.elevenPointThrs)).toBe(0);
  });
});

describe('IoU exactly at a threshold', () => {
  // GT 100x100; det shifted so that IoU = 1/2 exactly; another with IoU = 3/4 exactly.
  const gt = gtOf([{ img: 1, box: [0, 0, 100, 100] }, { img: 2, box: [0, 0, 100, 100] }]);
  // IoU 0.5: det [0,0,100,50]: inter 5000 / union 10000. IoU 0.75: det [0,0,100,75].
  const dt = [det(1, [0, 0, 100, 50], 0.9), det(2, [0, 0, 100, 75], 0.8)];
  it('COCO matches at IoU >= t (0.5 matches at .50 only; 0.75 matches up to .75)', () => {
    const ev = cocoEvaluate(gt, dt);
    const s1 = COCO_IOU_THRS.map((_, t) => (cocoExplainImage(ev, 1, t)[0]!.status === 'tp' ? 1 : 0));
    const s2 = COCO_IOU_THRS.map((_, t) => (cocoExplainImage(ev, 2, t)[0]!.status === 'tp' ? 1 : 0));
    expect(Array.from(s1)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(s2)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
    const ex = cocoExplainImage(ev, 2, 5)[0]!;
    expect(ex).toMatchObject({ status: 'tp', gtId: 2, iou: 0.75, rank: 0, detIndex: 1 });
    const { stats } = cocoSummarize(cocoAccumulate(ev));
    expect(stats[1]).toBeCloseTo(1, 12); // AP50: both TP
  });
  it('VOC counts IoU = 0.5 as a hit (devkit ovmax >= 0.5)', () => {
    expect(vocEvaluate(gt, dt).perClass[0]!.numTp).toBe(2);
    expect(vocEvaluate(gt, [det(1, [0, 0, 100, 49.9], 0.9)]).perClass[0]!.numTp).toBe(0);
  });
});

describe('maxDets other than [1, 10, 100]', () => {
  // 1 image, 1 GT; 5 FPs scored above the TP (rank 6).
  const gt = gtOf([{ img: 1, box: [0, 0, 50, 50] }]);
  const dt = [...Array.from({ length: 5 }, (_, i) => det(1, [300 + i, 300, 20, 20], 0.9 - i * 0.01)), det(1, [0, 0, 50, 50], 0.5)];
  it('caps per image and category at the largest maxDets and labels the summary with it', () => {
    const small = cocoProfileWith({ maxDets: [5, 1] });
    expect(small.maxDets).toEqual([1, 5]);
    const acc = cocoAccumulate(cocoEvaluate(gt, dt, { profile: small }));
    const { stats, lines } = cocoSummarize(acc);
    expect(stats[0]).toBe(0); // TP at rank 6 is cut
    expect(stats[8]).toBe(0);
    expect(lines[0]).toBe(' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=  5 ] = 0.000');
    expect(lines[6]).toContain('maxDets=  1');
    expect(lines[7]).toContain('maxDets=  5');
    // pycocotools' summarize() would look for maxDets=100 for stats[0] and print -1:
    expect(summarizeValue(acc, { ap: true, iouThr: null, area: 'all', maxDets: 100 })).toBe(-1);

    const six = cocoSummarize(cocoAccumulate(cocoEvaluate(gt, dt, { profile: cocoProfileWith({ maxDets: [1, 6] }) })));
    expect(six.stats[8]).toBe(1); // AR@6 finds it
    expect(six.stats[6]).toBe(0); // AR@1 doesn't
    expect(six.stats[0]).toBeCloseTo(1 / 6, 12); // precision 1/6 at every recall threshold
  });
  it('the default profile is pycocotools\'', () => {
    expect(COCO_PROFILE.maxDets).toEqual([1, 10, 100]);
  });
});

describe('crowd, difficult and explanations', () => {
  const gt = gtOf([
    { img: 1, box: [0, 0, 300, 300], crowd: true },
    { img: 1, box: [50, 50, 40, 40] },
    { img: 1, box: [400, 100, 60, 60], difficult: true },
  ]);
  const dt = [
    det(1, [52, 50, 40, 40], 0.9), // TP on the regular GT
    det(1, [150, 150, 50, 50], 0.8), // inside the crowd: ignored
    det(1, [160, 160, 50, 50], 0.7), // inside the crowd: ignored (crowd absorbs many)
    det(1, [400, 100, 60, 60], 0.6), // TP in COCO (difficult is VOC-only), ignored in VOC
  ];
  it('COCO: crowd absorbs several detections; difficult is not read', () => {
    const ev = cocoEvaluate(gt, dt);
    const ex = cocoExplainImage(ev, 1, 0);
    expect(ex.map((e) => e.status)).toEqual(['tp', 'ignored', 'ignored', 'tp']);
    expect(ex.map((e) => e.gtId)).toEqual([2, 1, 1, 3]);
    expect(ex[1]!.iou).toBe(1); // intersection / detection area
  });
  it('VOC: crowd and difficult GT are ignored, not counted in npos', () => {
    const r = vocEvaluate(gt, dt).perClass[0]!;
    expect(r.npos).toBe(1);
    expect(r.numTp).toBe(1);
    // VOC has no crowd IoU: the detections inside the big crowd box have IoU 0.03 with it → FP
    expect(r.numIgnored).toBe(1); // the one on the difficult GT
    expect(r.numFp).toBe(2);
    expect(r.AP).toBeCloseTo(1, 12);
  });
  it('report: categories without GT are -1 and left out of the means', () => {
    const rep = evaluateDetections(gt, [...dt, det(1, [0, 0, 5, 5], 0.99, 2)]);
    expect(rep.perCategory[1]!.AP).toBe(-1);
    expect(rep.voc07.perClass[1]!.AP).toBe(-1);
    expect(rep.voc12.mAP).toBeCloseTo(rep.voc12.perClass[0]!.AP, 15);
  });
  it('detections on images or categories outside the GT are skipped and counted', () => {
    const rep = evaluateDetections(gt, [...dt, det(99, [0, 0, 5, 5], 0.99), det(1, [0, 0, 5, 5], 0.99, 42)]);
    expect(rep.skipped).toEqual({ unknownImage: 1, unknownCategory: 1 });
    expect(rep.stats).toEqual(evaluateDetections(gt, dt).stats);
  });
});

describe('accumulate: scores (pycocotools eval["scores"]), computed on first read', () => {
  // 1 image, 2 GT; detections 0.9 (TP on the first GT), 0.8 (FP far away), 0.7 (TP on the second GT).
  // By hand: recall 0.5 after 0.9, 1 after 0.7. searchsorted(rc, r, 'left') → the 0.9 detection for
  // r <= 0.5, the 0.7 one for r > 0.5; with maxDets 1 only the 0.9 one counts: 0 beyond r = 0.5.
  const gt = gtOf([{ img: 1, box: [0, 0, 50, 50] }, { img: 1, box: [200, 200, 40, 40] }]);
  const dt = [det(1, [0, 0, 50, 50], 0.9), det(1, [500, 400, 30, 30], 0.8), det(1, [200, 200, 40, 40], 0.7)];
  it('matches the hand-worked values at every IoU and recall threshold', () => {
    const acc = cocoAccumulate(cocoEvaluate(gt, dt));
    const [T, R, K, A, M] = acc.shape;
    expect(acc.scores).toHaveLength(T * R * K * A * M);
    const at = (t: number, r: number, k: number, a: number, m: number) => acc.scores[(((t * R + r) * K + k) * A + a) * M + m];
    for (let t = 0; t < T; t++) {
      for (let r = 0; r < R; r++) {
        const thr = COCO_REC_THRS[r]!;
        expect(at(t, r, 0, 0, 2)).toBe(thr <= 0.5 ? 0.9 : 0.7); // area all, maxDets 100
        expect(at(t, r, 0, 0, 0)).toBe(thr <= 0.5 ? 0.9 : 0); // maxDets 1
        expect(at(t, r, 1, 0, 2)).toBe(-1); // category 2: no GT
        expect(at(t, r, 0, 1, 2)).toBe(-1); // small: no GT of that size (both are medium)
      }
    }
  });
  it('is read once, stays the same array, and is carried by copies (enumerable)', () => {
    const acc = cocoAccumulate(cocoEvaluate(gt, dt));
    const s = acc.scores;
    expect(acc.scores).toBe(s);
    expect({ ...acc }.scores).toBe(s);
    expect(Object.keys(acc)).toContain('scores');
  });
  it('precision: the hand-worked values at every maxDets; the first pass holds those at the largest', () => {
    // precision after 0.9: 1/1; after 0.8: 1/2; after 0.7: 2/3; envelope: 1 for r <= 0.5, 2/3 beyond.
    // maxDets 1: only the 0.9 detection, so 1 up to r = 0.5 and 0 beyond.
    const acc = cocoAccumulate(cocoEvaluate(gt, dt));
    const [T, R, K, A, M] = acc.shape;
    expect(acc.precisionAtMaxDets).toHaveLength(T * R * K * A);
    const eps = 2.220446049250313e-16; // np.spacing(1), in pycocotools' tp / (fp + tp + eps)
    for (let t = 0; t < T; t++) {
      for (let r = 0; r < R; r++) {
        const thr = COCO_REC_THRS[r]!;
        const at = (k: number, a: number, m: number) => acc.precision[(((t * R + r) * K + k) * A + a) * M + m];
        const last = (k: number, a: number) => acc.precisionAtMaxDets[((t * R + r) * K + k) * A + a];
        expect(at(0, 0, 2)).toBe(thr <= 0.5 ? 1 / (1 + eps) : 2 / (3 + eps));
        expect(last(0, 0)).toBe(at(0, 0, 2));
        expect(at(0, 0, 0)).toBe(thr <= 0.5 ? 1 / (1 + eps) : 0);
        expect(last(1, 0)).toBe(-1); // category 2: no GT
        expect(last(0, 1)).toBe(-1); // small: none
      }
    }
    // an AP at maxDets 1 reads the full array (computed then): mean over r of the values above
    const ap1 = summarizeValue(cocoAccumulate(cocoEvaluate(gt, dt)), { ap: true, iouThr: 0.5, area: 'all', maxDets: 1 });
    expect(ap1).toBeCloseTo(51 / 101, 12); // r = 0.00 … 0.50: 51 thresholds at 1, the other 50 at 0
  });
});
