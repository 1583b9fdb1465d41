/**
 * R-CNN vs Fast R-CNN stage costs on one photo (Node, WASM, the coco-ssd MobileNetV2 backbone):
 * selective search proposals, then (a) R-CNN: each of the first --cap regions warped to 300×300 and
 * run through the backbone alone, extrapolated to all proposals; (b) Fast R-CNN: the backbone once +
 * RoI Pool and RoI Align (tf ops, src/models/roiOps.ts) of every proposal.
 *
 *   npx tsx scripts/bench-rcnn-stages.ts [--image ../shared/images/000000397133.jpg] [--cap 10] [--mode fast|single]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FAST_STRATEGIES, SINGLE_STRATEGY, selectiveSearch } from '../src/core/selectiveSearch';
import { CocoSsdAdapter, COCO_SSD_ID } from '../src/models/cocoSsd';
import { BACKBONE_INPUT, runFastRcnn, timeRcnnRegions } from '../src/models/fastRcnn';
import * as nodeTf from './lib/nodeTf';

const { values } = parseArgs({
  options: {
    image: { type: 'string', default: path.join(nodeTf.SHARED_DIR, 'images', '000000397133.jpg') },
    cap: { type: 'string', default: '10' },
    mode: { type: 'string', default: 'fast' },
  },
});
const buf = await readFile(values.image!);
const img = nodeTf.decodeImage(buf);
const t0 = performance.now();
const ss = selectiveSearch({ width: img.width, height: img.height, data: img.rgba }, { strategies: values.mode === 'single' ? SINGLE_STRATEGY : FAST_STRATEGIES, maxProposals: 2000 });
const ssMs = performance.now() - t0;
await nodeTf.useWasm();
const adapter = new CocoSsdAdapter(nodeTf.modelFileUrl(COCO_SSD_ID));
await adapter.load();
const tensor = nodeTf.imageToTensor(img);
const W = img.width;
const H = img.height;
const rois = ss.boxes.map((b) => ({ x1: (b.x1 * BACKBONE_INPUT) / W, y1: (b.y1 * BACKBONE_INPUT) / H, x2: (b.x2 * BACKBONE_INPUT) / W, y2: (b.y2 * BACKBONE_INPUT) / H }));
await runFastRcnn(adapter.graphModel, tensor, rois.slice(0, 10)); // warm-up of the RoI kernels
const fast = await runFastRcnn(adapter.graphModel, tensor, rois);
const r = await timeRcnnRegions(adapter.graphModel, tensor, ss.boxes.slice(0, Number(values.cap)), W, H);
const rcnnTotal = r.msPerRegion * ss.boxes.length;
const fastTotal = fast.backboneMs + fast.alignMs;
console.log({
  image: path.basename(values.image!), size: `${W}×${H}`, proposals: ss.boxes.length, selectiveSearchMs: Math.round(ssMs),
  rcnnMsPerRegion: Math.round(r.msPerRegion), rcnnRegionsTimed: r.regions, rcnnExtrapolatedMs: Math.round(rcnnTotal),
  fastBackboneMs: Math.round(fast.backboneMs), roiPoolMs: Math.round(fast.poolMs), roiAlignMs: Math.round(fast.alignMs),
  fastTotalMs: Math.round(fastTotal), speedup: Number((rcnnTotal / fastTotal).toFixed(1)),
});
tensor.dispose();
adapter.dispose();
