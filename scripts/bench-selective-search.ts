/**
 * Selective search ("fast" mode) on ../shared/images: recall of the COCO ground-truth boxes at
 * IoU ≥ 0.5 with ≤ N proposals, MABO, and the time per photo (Node, one thread).
 *
 *   npm run bench:ss -- [--images DIR] [--max 2000] [--mode fast|single] [--near-dup 0.7] [--seed 1] [--json] [--dump]
 *
 * --dump writes every photo's hierarchies to .cache/ss/<file>.json (what `npm run eval:rcnn` ranks).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { bestOverlaps, FAST_STRATEGIES, proposalQuality, selectiveSearch, SINGLE_STRATEGY, type ProposalBox } from '../src/core/selectiveSearch';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: path.resolve(import.meta.dirname, '..', '..', 'shared', 'images') },
    max: { type: 'string', default: '2000' },
    mode: { type: 'string', default: 'fast' },
    json: { type: 'boolean', default: false },
    'min-size': { type: 'string' },
    'near-dup': { type: 'string', default: '0.7' },
    seed: { type: 'string', default: '1' },
    dump: { type: 'boolean', default: false },
  },
});
const dir = values.images!;
const max = Number(values.max);
const strategies = values.mode === 'single' ? SINGLE_STRATEGY : FAST_STRATEGIES;

interface Ann { image_id: number; bbox: [number, number, number, number]; category_id: number; iscrowd?: number }
const coco = JSON.parse(await readFile(path.join(dir, 'annotations.json'), 'utf8')) as { images: { id: number; file_name: string }[]; annotations: Ann[] };
const overlaps: number[] = [];
const classes: number[] = [];
const perImage: { file: string; width: number; height: number; ms: number; cpuMs: number; proposals: number; recall: number }[] = [];
let totalMs = 0;
let totalCpuMs = 0;
let totalPx = 0;
for (const im of coco.images) {
  const buf = await readFile(path.join(dir, im.file_name));
  const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const res = selectiveSearch({ width: img.width, height: img.height, data: img.data }, { strategies, maxProposals: max, seed: Number(values.seed), nearDuplicateIou: Number(values['near-dup']), minSize: values['min-size'] ? Number(values['min-size']) : undefined });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (values.dump) {
    await mkdir(path.resolve(import.meta.dirname, '..', '.cache', 'ss'), { recursive: true });
    await writeFile(path.resolve(import.meta.dirname, '..', '.cache', 'ss', `${im.file_name}.json`), JSON.stringify(res.runs.map((r) => ({ initial: r.hierarchy.initialCount, boxes: r.hierarchy.regions.map((b) => [b.x1, b.y1, b.x2, b.y2]) }))));
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  totalMs += ms;
  totalCpuMs += cpuMs;
  totalPx += img.width * img.height;
  const gts: ProposalBox[] = [];
  const cls: number[] = [];
  for (const a of coco.annotations) {
    if (a.image_id !== im.id || a.iscrowd) continue;
    const [x, y, w, h] = a.bbox;
    gts.push({ x1: x, y1: y, x2: x + w, y2: y + h });
    cls.push(a.category_id);
  }
  const o = bestOverlaps(gts, res.boxes);
  overlaps.push(...o);
  classes.push(...cls);
  const q = proposalQuality(o, cls);
  perImage.push({ file: im.file_name, width: img.width, height: img.height, ms: Math.round(ms), cpuMs: Math.round(cpuMs), proposals: res.boxes.length, recall: Number(q.recall.toFixed(3)) });
  if (!values.json) process.stderr.write(`${im.file_name} ${img.width}×${img.height}: ${res.boxes.length} proposals, ${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU, recall ${q.recall.toFixed(3)}\n`);
}
const q = proposalQuality(overlaps, classes);
const msPer640x480 = (totalMs / totalPx) * 640 * 480;
const summary = {
  mode: values.mode, maxProposals: max, nearDuplicateIou: Number(values['near-dup']), seed: Number(values.seed), images: coco.images.length, gtBoxes: q.numGt,
  recallAt05: Number(q.recall.toFixed(4)), mabo: Number(q.mabo.toFixed(4)), abo: Number(q.abo.toFixed(4)),
  meanProposals: Math.round(perImage.reduce((s, p) => s + p.proposals, 0) / perImage.length),
  msPerImage: Math.round(totalMs / perImage.length), msPer640x480: Math.round(msPer640x480),
  cpuMsPerImage: Math.round(totalCpuMs / perImage.length), cpuMsPer640x480: Math.round((totalCpuMs / totalPx) * 640 * 480),
};
if (values.json) console.log(JSON.stringify({ summary, perImage }, null, 2));
else console.log(summary);
