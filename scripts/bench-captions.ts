/**
 * The captioners of `#/captioning` on the 17 sample photos, with live detections (the app's CocoSsdAdapter
 * on the WASM backend in Node, score ≥ 0.5, IoU 0.5, per-class NMS, as the page's defaults), scored with the
 * project's COCO caption metrics against the 5 human captions; the human ceiling (each human caption vs the
 * other four); retrieval leave-one-out (a photo's own captions are never in the pool).
 *
 *   npm run bench:captions [-- --images ../shared/images --k 15 --json]
 *   (--save-detections F writes the detections; --detections F reuses them instead of running the detector)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildRetrievalIndex, captionPhoto, countByName, humanCeiling, parseCompactCaptions, RETRIEVAL_K, scoreCaptioner,
  type CaptionScores, type SceneObject,
} from '../src/core/captions';
import { imageBox } from '../src/core/coords';

const { values } = parseArgs({
  options: { images: { type: 'string', default: '' }, k: { type: 'string', default: String(RETRIEVAL_K) }, json: { type: 'boolean', default: false }, 'save-detections': { type: 'string' }, detections: { type: 'string' } },
});

async function main(): Promise<void> {
  const nodeTf = await import('./lib/nodeTf');
  const imagesDir = values.images || path.join(nodeTf.SHARED_DIR, 'images');
  const dataDir = path.join(nodeTf.REPO_ROOT, 'public', 'data', 'captions');
  const samples = parseCompactCaptions(readFileSync(path.join(dataDir, 'samples.json'), 'utf8'), 'samples.json');
  const pool = parseCompactCaptions(readFileSync(path.join(dataDir, 'coco-val2017-pool.json'), 'utf8'), 'coco-val2017-pool.json');
  const k = Number(values.k);

  // Live detections, or the ones saved by an earlier run (--detections), per sample id.
  type Dets = Record<string, { size: { width: number; height: number }; objects: { name: string; box: [number, number, number, number]; score: number }[] }>;
  let detections: Dets;
  if (values.detections) detections = JSON.parse(readFileSync(values.detections, 'utf8')) as Dets;
  else {
    const { CocoSsdAdapter, COCO_SSD_ID, DEFAULT_DETECT_OPTIONS } = await import('../src/models/cocoSsd');
    await nodeTf.useWasm();
    const adapter = new CocoSsdAdapter(nodeTf.modelFileUrl(COCO_SSD_ID));
    await adapter.load();
    detections = {};
    for (const s of samples) {
      const img = await nodeTf.loadImagePixels(path.join(imagesDir, `${s.id.padStart(12, '0')}.jpg`));
      const { width: w, height: h } = img;
      const dets = (await adapter.run(img, DEFAULT_DETECT_OPTIONS)).result;
      detections[s.id] = { size: { width: w, height: h }, objects: dets.map((d) => ({ name: d.label, box: [d.box.x1, d.box.y1, d.box.x2, d.box.y2], score: d.score })) };
    }
    adapter.dispose();
    if (values['save-detections']) writeFileSync(values['save-detections'], JSON.stringify(detections));
  }
  // The CNN + GRU trained on synthetic scenes (public/checkpoints/captioner), greedy, on each photo.
  const trained = new Map<string, string>();
  {
    const { captionerFromCheckpoint, CaptionerAdapter } = await import('../src/models/captioner');
    await nodeTf.useWasm();
    const dir = path.join(nodeTf.REPO_ROOT, 'public', 'checkpoints', 'captioner');
    const bin = readFileSync(path.join(dir, 'weights.bin'));
    const net = captionerFromCheckpoint(JSON.parse(readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')), bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    const cap = await CaptionerAdapter.fromNet(net);
    for (const s of samples) {
      const img = await nodeTf.loadImagePixels(path.join(imagesDir, `${s.id.padStart(12, '0')}.jpg`));
      trained.set(s.id, (await cap.run(img, { beam: 1, topK: 1 })).result.greedy.sentence);
    }
    cap.dispose();
  }
  const t0 = performance.now();
  const index = buildRetrievalIndex(pool);
  const indexMs = performance.now() - t0;

  const template = new Map<string, string>(), templateRu = new Map<string, string>(), retrieval = new Map<string, string>();
  const rows: string[] = [];
  for (const s of samples) {
    const d = detections[s.id]!;
    const objs: SceneObject[] = d.objects.map((o) => ({ name: o.name, box: imageBox(...o.box), score: o.score }));
    const c = captionPhoto(objs, d.size, index, { exclude: new Set([s.id]), k });
    const tpl = c.template, r = c.retrieval;
    template.set(s.id, c.scored.template);
    templateRu.set(s.id, tpl.ru);
    retrieval.set(s.id, c.scored.retrieval);
    rows.push(`${s.id}\t${countByName(objs.map((o) => o.name)).map((c) => `${c.name}×${c.count}`).join(', ') || '—'}\n\ttemplate:  ${tpl.en}\n\tшаблон:    ${tpl.ru}\n\ttrained:   ${trained.get(s.id)!}\n\tretrieval: ${r ? `${r.caption}  [image ${r.imageId}, cos ${r.similarity.toFixed(3)}]` : '(nothing detected: template used)'}`);
  }
  if (!values.json) process.stdout.write(`${rows.join('\n')}\n\n`);

  const set = { imageIds: samples.map((s) => s.id), references: new Map(samples.map((s) => [s.id, s.captions] as const)) };
  const tplEv = scoreCaptioner(set, template), retEv = scoreCaptioner(set, retrieval), human = humanCeiling(set), trnEv = scoreCaptioner(set, trained);
  const line = (name: string, s: CaptionScores) => `${name.padEnd(34)} ${[s.Bleu_4, s.ROUGE_L, s.CIDEr].map((x) => x.toFixed(3).padStart(8)).join('')}`;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ trained: trnEv.corpus, template: tplEv.corpus, retrieval: retEv.corpus, human: human.corpus, ratio: retEv.corpus.CIDEr / tplEv.corpus.CIDEr })}\n`);
    return;
  }
  process.stdout.write(`${''.padEnd(34)} ${'BLEU-4'.padStart(8)}${'ROUGE-L'.padStart(8)}${'CIDEr'.padStart(8)}\n`);
  process.stdout.write(`${line('CNN + GRU (synthetic scenes only)', trnEv.corpus)}\n`);
  process.stdout.write(`${line('template from detections', tplEv.corpus)}\n`);
  process.stdout.write(`${line(`retrieval (k=${k}, leave-one-out)`, retEv.corpus)}\n`);
  process.stdout.write(`${line(`human (1 vs ${human.rotations - 1}, mean of ${human.rotations})`, human.corpus)}\n`);
  process.stdout.write(`retrieval CIDEr / template CIDEr = ${(retEv.corpus.CIDEr / tplEv.corpus.CIDEr).toFixed(2)}; pool ${pool.length} images, index built in ${indexMs.toFixed(0)} ms\n`);
}

void main();
