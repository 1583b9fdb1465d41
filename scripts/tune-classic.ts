/**
 * `npx tsx scripts/tune-classic.ts` — chooses the classical pipeline's fallback thresholds
 * (CLASSIC_KEEP in src/core/instance/pipelines.ts: GrabCut's cut is kept when it covers between
 * min and max of its box, else the inscribed ellipse) on photos of ../shared/datasets/coco-mini-train,
 * never on ../shared/images: coco-ssd's detections as `npm run detect` makes them, one GrabCut per
 * detection, then the COCO segm AP of every (min, max) pair on those photos.
 *
 * Photos: the first --images N (12) of the same seeded shuffle `npm run train:mask` holds out (seed 1).
 */
import path from 'node:path';
import { cocoAccumulate, cocoEvaluate, cocoSummarize, cocoGroundTruthFromJson, cocoResultsFromJson } from '../src/core/eval';
import { rleArea, rleToString } from '../src/core/eval/mask';
import type { Rle } from '../src/core/eval/types';
import { boxMaskRle, classicMask, ellipseMaskRle } from '../src/core/instance/pipelines';
import { cropMaskArea, cropMaskToRle } from '../src/core/instance/rle';
import { mulberry32 } from '../src/core/random';
import { permutation } from '../src/models/maskHeadTrain';
import { REPO_ROOT, SHARED_DIR, loadImagePixels, modelFileUrl, useWasm as initWasm } from './lib/nodeTf';
import { readCoco } from './lib/maskData';
import { DETECT_DEFAULTS } from './lib/maskVal';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}
const N = Number(arg('images', '12'));
const DATA = path.resolve(REPO_ROOT, arg('data', path.join(SHARED_DIR, 'datasets', 'coco-mini-train')));
const MINS = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
const MAXS = [0.85, 0.9, 0.95, 1.01];

async function main(): Promise<void> {
  await initWasm();
  const annotations = path.join(DATA, 'annotations.json');
  const coco = readCoco(annotations);
  const ids = coco.images.map((i) => i.id).sort((a, b) => a - b);
  const shuffled = Array.from(permutation(ids.length, mulberry32(1)), (k) => ids[k]!);
  const chosen = shuffled.slice(0, N);
  const { CocoSsdAdapter, COCO_SSD_ID } = await import('../src/models/cocoSsd');
  const detector = new CocoSsdAdapter(modelFileUrl(COCO_SSD_ID));
  await detector.load();
  const imgs = new Map(coco.images.map((i) => [i.id, i]));
  const rows: { base: object; cut: Rle; ellipse: Rle; box: Rle; f: number }[] = [];
  const t0 = Date.now();
  for (const [n, id] of chosen.entries()) {
    const info = imgs.get(id)!;
    const img = await loadImagePixels(path.join(DATA, info.file_name));
    const size = { width: img.width, height: img.height };
    const dets = (await detector.run(img, { ...DETECT_DEFAULTS, imageSize: size })).result.filter((d) => d.categoryId > 0);
    for (const d of dets) {
      const cutMask = classicMask(img, d.box, size);
      const box = boxMaskRle(d.box, size);
      rows.push({
        base: { image_id: id, category_id: d.categoryId, score: d.score, bbox: [d.box.x1, d.box.y1, d.box.x2 - d.box.x1, d.box.y2 - d.box.y1] },
        cut: cropMaskToRle(cutMask, size), ellipse: ellipseMaskRle(d.box, size), box,
        f: cropMaskArea(cutMask) / Math.max(1, rleArea(box)),
      });
    }
    console.log(`[${n + 1}/${chosen.length}] ${info.file_name}: ${dets.length} detections (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  detector.dispose();
  const keep = new Set(chosen);
  const gt = cocoGroundTruthFromJson({ ...coco, images: coco.images.filter((i) => keep.has(i.id)), annotations: coco.annotations.filter((a) => keep.has(a.image_id)) }, 'coco-mini-train', { iouType: 'segm' });
  const ap = (pick: (r: (typeof rows)[number]) => Rle): number => {
    const dets = cocoResultsFromJson(rows.map((r) => { const m = pick(r); return { ...r.base, segmentation: { size: [m.h, m.w], counts: rleToString(m) } }; }), 'dt', { iouType: 'segm' });
    return cocoSummarize(cocoAccumulate(cocoEvaluate(gt, dets, { iouType: 'segm' }))).stats[0]!;
  };
  console.log(`${chosen.length} coco-mini-train photos, ${rows.length} detections`);
  console.log(`filled box ${ap((r) => r.box).toFixed(4)}, ellipse ${ap((r) => r.ellipse).toFixed(4)}, GrabCut alone ${ap((r) => r.cut).toFixed(4)}`);
  let best = { min: 0, max: 0, ap: -1 };
  for (const min of MINS) for (const max of MAXS) {
    const v = ap((r) => (r.f >= min && r.f <= max ? r.cut : r.ellipse));
    console.log(`keep GrabCut when ${min} <= f <= ${max}: mask AP ${v.toFixed(4)}`);
    if (v > best.ap) best = { min, max, ap: v };
  }
  console.log(`best on these training photos: min ${best.min}, max ${best.max}, mask AP ${best.ap.toFixed(4)}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
