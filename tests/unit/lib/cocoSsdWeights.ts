/** The coco-ssd adapter on its real weights, on the WASM backend in Node (`scripts/lib/nodeTf.ts`). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CocoSsdAdapter, COCO_SSD_ID } from '../../../src/models/cocoSsd';
import { modelFileUrl, MODELS_PUBLIC_DIR, useWasm as startWasm } from '../../../scripts/lib/nodeTf';

/** Throws, naming the set-up command, when the coco-ssd weights are not installed in public/models. */
export function assertCocoSsdWeights(): void {
  if (!existsSync(path.join(MODELS_PUBLIC_DIR, COCO_SSD_ID, 'model.json'))) {
    throw new Error(`coco-ssd weights missing in ${MODELS_PUBLIC_DIR}: run \`MODELS_DIR=../shared/models npm run models\``);
  }
}

/** The WASM backend started and the coco-ssd adapter loaded on the real weights (the caller disposes it). */
export async function loadRealCocoSsd(): Promise<CocoSsdAdapter> {
  assertCocoSsdWeights();
  await startWasm();
  const adapter = new CocoSsdAdapter(modelFileUrl(COCO_SSD_ID));
  await adapter.load();
  return adapter;
}
