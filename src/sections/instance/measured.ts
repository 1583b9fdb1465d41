/**
 * Mask AP (COCO segm, maxDets 100) of the mask pipelines on ../shared/images (17 COCO val2017 photos,
 * coco-ssd detections of `npm run detect`: score >= 0.01, IoU 0.6, max 100), measured with the commands in
 * docs/BENCHMARKS.md ("Instance segmentation: mask AP"); the page's default is the best of them.
 */
export const MEASURED = {
  images: 17,
  box: 0.103,
  ellipse: 0.129,
  /** GrabCut without the ellipse fallback. */
  grabcut: 0.074,
  /**
   * GrabCut with the ellipse where the cut fails (`classic`), its fallback thresholds (0.4 / 0.95)
   * chosen on coco-mini-train photos (`npx tsx scripts/tune-classic.ts`); 0.155 with the earlier
   * 0.3 / 0.95 chosen on these photos themselves.
   */
  classic: 0.154,
  /**
   * The learned mask head (`npm run train:mask`: trained on coco-mini-train, disjoint from these photos,
   * its paste threshold chosen on held-out coco-mini-train photos): `npm run detect -- --masks
   * --mask-method learned` + `npm run eval -- --iou-type segm`, 0.1659 (1.61× the filled box's 0.1031).
   */
  learned: 0.166,
  boxAp: 0.278,
  best: 'learned',
} as const;
