/**
 * The in-page half of scripts/bench-detect-browser.ts: loaded by the page from the Vite dev server,
 * it runs the project's pipeline and the package's detect() on the same canvases, interleaved.
 */
import { configureWasm, initBackend, type BackendName } from '../../src/models/backend';
import { CocoSsdAdapter, COCO_SSD_ID, DEFAULT_DETECT_OPTIONS } from '../../src/models/cocoSsd';

export interface BenchOptions {
  readonly backend: string;
  readonly rounds: number;
  readonly maxImages: number;
}

export interface BenchSample {
  readonly project: number;
  readonly package: number;
  readonly decode: number;
  readonly nProject: number;
  readonly nPackage: number;
}

async function loadCanvases(max: number): Promise<HTMLCanvasElement[]> {
  const index = (await (await fetch('samples/index.json')).json()) as { samples: { file: string }[] };
  const out: HTMLCanvasElement[] = [];
  for (const s of index.samples.slice(0, max)) {
    const bmp = await createImageBitmap(await (await fetch(`samples/${s.file}`)).blob());
    const c = document.createElement('canvas');
    c.width = bmp.width;
    c.height = bmp.height;
    c.getContext('2d')!.drawImage(bmp, 0, 0);
    bmp.close();
    out.push(c);
  }
  return out;
}

export async function runBench(opts: BenchOptions): Promise<{ backend: string; images: number; samples: BenchSample[] }> {
  configureWasm(new URL('wasm/', location.href).href);
  const state = await initBackend(opts.backend as BackendName);
  const adapter = new CocoSsdAdapter(new URL(`models/${COCO_SSD_ID}/model.json`, location.href).href);
  await adapter.load();
  const canvases = await loadCanvases(opts.maxImages);
  const nms = DEFAULT_DETECT_OPTIONS;
  async function project(c: HTMLCanvasElement) {
    const t0 = performance.now();
    const r = await adapter.run(c, nms);
    return { ms: performance.now() - t0, decode: r.timings.decodeMs, n: r.result.length };
  }
  async function pkg(c: HTMLCanvasElement) {
    const t0 = performance.now();
    const r = await adapter.detectWithPackage(c, nms.maxDetections, nms.scoreThreshold);
    return { ms: performance.now() - t0, n: r.result.length };
  }
  for (const c of canvases) {
    await project(c);
    await pkg(c);
  }
  const samples: BenchSample[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    for (let i = 0; i < canvases.length; i++) {
      const c = canvases[i]!;
      // Alternate which pipeline goes first.
      const first = (r + i) % 2 === 0;
      const a = first ? await project(c) : null;
      const b = await pkg(c);
      const a2 = a ?? (await project(c));
      samples.push({ project: a2.ms, package: b.ms, decode: a2.decode, nProject: a2.n, nPackage: b.n });
    }
  }
  adapter.dispose();
  return { backend: state.active, images: canvases.length, samples };
}
