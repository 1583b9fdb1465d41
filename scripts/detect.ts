/**
 * Batch detection CLI: runs the app's own detector code (CocoSsdAdapter, WASM backend in Node) on every
 * image of a folder and writes COCO results JSON (`[{image_id, category_id, bbox: [x, y, w, h], score}]`,
 * official COCO category ids), ready for COCO evaluation.
 *
 *   npm run detect -- --images DIR --out FILE.json [--annotations annotations.json] [--model coco-ssd]
 *                     [--score 0.01] [--iou 0.6] [--max 100] [--agnostic] [--package]
 *
 * Files: every *.jpg, *.jpeg, *.png (any case) directly in DIR (not recursive), sorted by file name
 * (plain code-unit order, locale-independent).
 *
 * Image ids:
 * - with --annotations: the `id` of the `images[]` entry whose `file_name` (its last path component)
 *   is the file's name. Files not listed there are skipped with a warning (they have no ground truth,
 *   and any id we made up could clash with a real one);
 * - without: if every file has a COCO-style name (`000000397133.jpg`, 12 digits) and these ids are all
 *   different, the id in the name; otherwise the 1-based position of the file in the sorted list of all
 *   image files of DIR (bad files included, so ids don't move when a file fails to decode). One rule for
 *   the whole folder, so ids can never collide.
 *
 * Images are checked from their header before decoding and decoded in bounded memory
 * (`scripts/lib/boundedDecode.ts`): large ones straight into a working copy of at most 2048 px (PNG rows
 * streamed, baseline JPEG at 1/8 scale from the DC coefficients); boxes are reported in the image's own
 * pixels. A file that cannot be processed (not a JPEG/PNG, truncated, 0x0, over 400 MP, progressive
 * JPEG over 16 MP…) is named on stderr with the reason and skipped; one image failing never stops the run.
 * Exit codes: 0 = the run completed and at least one image was processed (even if others were skipped);
 * 1 = no image could be processed (nothing is written) or a fatal error (model, output file);
 * 2 = bad arguments (usage printed).
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RgbaPixels } from '../src/models/types';
import type { Detection } from '../src/models/cocoSsd';
import { imageIdFromFileName, toCocoResults, type CocoResult } from '../src/core/cocoResults';
import { DEFAULT_ACCURATE, type AccurateOptions } from '../src/core/tiling';
import { MASK_METHODS, type MaskMethod } from './lib/detectMasks';

const USAGE = `Usage: npm run detect -- --images DIR --out FILE.json [options]

Runs the app's detector (CocoSsdAdapter, tfjs WASM backend) on every .jpg/.jpeg/.png in DIR
(not recursive, sorted by name) and writes COCO results JSON:
  [{"image_id", "category_id", "bbox": [x, y, w, h], "score"}]

Options:
  --images DIR          folder of images (required)
  --out FILE.json       output file (required; its folder must exist)
  --annotations FILE    COCO annotations: image ids come from its images[].file_name;
                        files not listed there are skipped with a warning
  --model NAME          detector; only "coco-ssd" for now (default coco-ssd)
  --score S             minimum score, 0..1 (default 0.01)
  --iou T               NMS IoU threshold, 0..1 (default 0.6)
  --max N               maximum detections per image, integer >= 1 (default 100)
  --agnostic            class-agnostic NMS (default: per class)
  --mode fast|accurate  fast: one pass on the whole image (default); accurate: the whole image plus
                        a grid of overlapping crops (and, with --flip, mirrored copies), merged
  --grid N              accurate mode: N x N crops besides the whole image (default 2)
  --flip                accurate mode: also run every pass on the mirrored image
  --merge nms|wbf       accurate mode: class-wise NMS (default) or weighted box fusion
  --package             use the @tensorflow-models/coco-ssd package's own detect() instead
                        (class-agnostic, IoU threshold = --score, as the package does; --iou not allowed)
  --masks               also write a COCO RLE "segmentation" per detection (image pixels)
  --mask-method M       box (the filled box), ellipse (inscribed in the box), classic (GrabCut from
                        the box, the ellipse where the cut fails) or learned (the trained mask head,
                        public/checkpoints/mask-head); default learned (the best mask AP); implies --masks
  -h, --help            this text

Without --annotations, image ids are the COCO ids in the file names (000000397133.jpg -> 397133) when
every file has one, else the 1-based position in sorted file-name order.
Exit codes: 0 done (>= 1 image processed), 1 nothing processed or fatal error, 2 bad arguments.`;

const MODELS = ['coco-ssd'] as const;
const IMAGE_EXT = /\.(?:jpe?g|png)$/i;

class UsageError extends Error {}

interface Args {
  readonly images: string;
  readonly out: string;
  readonly annotations?: string;
  readonly model: (typeof MODELS)[number];
  readonly score: number;
  readonly iou: number;
  readonly max: number;
  readonly agnostic: boolean;
  readonly usePackage: boolean;
  readonly accurate: AccurateOptions | null;
  readonly maskMethod?: MaskMethod;
}

function parseNumber(name: string, raw: string, lo: number, hi: number, integer: boolean): number {
  const v = raw.trim() === '' ? NaN : Number(raw);
  const kind = integer ? 'an integer' : 'a number';
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < lo || v > hi) {
    throw new UsageError(`--${name} must be ${kind} in [${lo}, ${hi}], got "${raw}"`);
  }
  return v;
}

function parseCli(argv: string[]): Args | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        images: { type: 'string' },
        out: { type: 'string' },
        annotations: { type: 'string' },
        model: { type: 'string', default: 'coco-ssd' },
        score: { type: 'string' },
        iou: { type: 'string' },
        max: { type: 'string' },
        agnostic: { type: 'boolean', default: false },
        package: { type: 'boolean', default: false },
        mode: { type: 'string', default: 'fast' },
        grid: { type: 'string' },
        flip: { type: 'boolean', default: false },
        merge: { type: 'string' },
        masks: { type: 'boolean', default: false },
        'mask-method': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return 'help';

  const model = MODELS.find((m) => m === values.model);
  if (!model) throw new UsageError(`--model: unknown model "${values.model}"; available: ${MODELS.join(', ')}`);
  if (values.images === undefined) throw new UsageError('--images DIR is required');
  if (values.out === undefined) throw new UsageError('--out FILE.json is required');

  const images = path.resolve(values.images);
  if (!existsSync(images) || !statSync(images).isDirectory()) throw new UsageError(`--images: not a folder: ${values.images}`);
  const out = path.resolve(values.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out: is a folder, expected a file: ${values.out}`);
  const outDir = path.dirname(out);
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) throw new UsageError(`--out: folder does not exist: ${outDir}`);
  let annotations: string | undefined;
  if (values.annotations !== undefined) {
    annotations = path.resolve(values.annotations);
    if (!existsSync(annotations) || !statSync(annotations).isFile()) {
      throw new UsageError(`--annotations: no such file: ${values.annotations}`);
    }
  }

  const rawMethod = values['mask-method'];
  const maskMethod = MASK_METHODS.find((m) => m === rawMethod) ?? (rawMethod === undefined && values.masks ? 'learned' : undefined);
  if (rawMethod !== undefined && maskMethod === undefined) {
    throw new UsageError(`--mask-method: unknown method "${rawMethod}"; available: ${MASK_METHODS.join(', ')}`);
  }
  const usePackage = values.package;
  if (usePackage && values.iou !== undefined) {
    throw new UsageError('--iou does not apply to --package: the package uses IoU threshold = --score');
  }
  if (values.mode !== 'fast' && values.mode !== 'accurate') throw new UsageError(`--mode must be fast or accurate, got "${values.mode}"`);
  const accurateOnly = values.grid !== undefined || values.flip || values.merge !== undefined;
  if (values.mode === 'fast' && accurateOnly) throw new UsageError('--grid, --flip and --merge need --mode accurate');
  if (values.mode === 'accurate' && usePackage) throw new UsageError('--mode accurate uses the project pipeline; not with --package');
  if (values.merge !== undefined && values.merge !== 'nms' && values.merge !== 'wbf') throw new UsageError(`--merge must be nms or wbf, got "${values.merge}"`);
  const accurate: AccurateOptions | null =
    values.mode === 'accurate'
      ? {
          ...DEFAULT_ACCURATE,
          grid: parseNumber('grid', values.grid ?? String(DEFAULT_ACCURATE.grid), 0, 6, true),
          flip: values.flip,
          merge: values.merge === 'wbf' ? 'wbf' : 'nms',
        }
      : null;
  return {
    accurate,
    images,
    out,
    ...(annotations !== undefined ? { annotations } : {}),
    model,
    score: parseNumber('score', values.score ?? '0.01', 0, 1, false),
    iou: parseNumber('iou', values.iou ?? '0.6', 0, 1, false),
    max: parseNumber('max', values.max ?? '100', 1, 100_000, true),
    agnostic: values.agnostic || usePackage,
    usePackage,
    ...(maskMethod !== undefined ? { maskMethod } : {}),
  };
}

interface AnnotatedImage {
  readonly id: number;
  readonly width?: number;
  readonly height?: number;
}

/** file name (last path component) → image entry, from a COCO annotations file. */
function readAnnotationImages(file: string): Map<string, AnnotatedImage> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--annotations: cannot read ${file} as JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const images = typeof json === 'object' && json !== null && 'images' in json ? json.images : undefined;
  if (!Array.isArray(images)) throw new UsageError(`--annotations: ${file} has no images[] array (not a COCO annotations file)`);
  const byName = new Map<string, AnnotatedImage>();
  images.forEach((im: unknown, i) => {
    const rec = typeof im === 'object' && im !== null ? (im as Record<string, unknown>) : {};
    const { id, file_name: fileName, width, height } = rec;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof fileName !== 'string' || fileName === '') {
      throw new UsageError(`--annotations: images[${i}] needs an integer "id" and a "file_name"`);
    }
    const base = path.posix.basename(fileName.replace(/\\/g, '/'));
    if (byName.has(base)) throw new UsageError(`--annotations: two images[] entries are named ${base}`);
    byName.set(base, {
      id,
      ...(typeof width === 'number' ? { width } : {}),
      ...(typeof height === 'number' ? { height } : {}),
    });
  });
  return byName;
}

function listImages(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => IMAGE_EXT.test(name) && statSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile() === true)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Image id per file (undefined = skip), and a line saying which rule was used. */
function assignIds(
  files: readonly string[],
  annotated: Map<string, AnnotatedImage> | undefined,
): { ids: (number | undefined)[]; rule: string } {
  if (annotated) {
    return { ids: files.map((f) => annotated.get(f)?.id), rule: 'image ids from the annotations file' };
  }
  const fromNames = files.map((f) => imageIdFromFileName(f));
  const missing = fromNames.filter((id) => id === undefined).length;
  const unique = new Set(fromNames).size === files.length;
  if (missing === 0 && unique) return { ids: fromNames, rule: 'image ids = COCO ids in the file names' };
  const why = missing > 0 ? `${missing} file(s) have no COCO-style name` : 'two files have the same COCO id in their names';
  return { ids: files.map((_, i) => i + 1), rule: `image ids = 1-based position in sorted file-name order (${why})` };
}

async function main(): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseCli(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let annotated: Map<string, AnnotatedImage> | undefined;
  try {
    annotated = args.annotations !== undefined ? readAnnotationImages(args.annotations) : undefined;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    return 2;
  }

  const files = listImages(args.images);
  if (files.length === 0) {
    process.stderr.write(`error: no .jpg/.jpeg/.png files in ${args.images}; nothing written\n`);
    return 1;
  }
  const { ids, rule } = assignIds(files, annotated);
  if (annotated) {
    const present = new Set(files);
    const absent = [...annotated.keys()].filter((n) => !present.has(n)).length;
    if (absent > 0) process.stderr.write(`note: ${absent} image(s) of the annotations file are not in ${args.images}\n`);
  }

  // tfjs and the adapter are imported only now, so that --help and bad arguments answer at once.
  const tfjs = await import('@tensorflow/tfjs');
  const { CocoSsdAdapter, COCO_SSD_ID } = await import('../src/models/cocoSsd');
  const { detectAccurate } = await import('../src/models/accurateDetect');
  const nodeTf = await import('./lib/nodeTf');
  const { decodeBounded } = await import('./lib/boundedDecode');
  const modelJson = path.join(nodeTf.MODELS_PUBLIC_DIR, COCO_SSD_ID, 'model.json');
  if (!existsSync(modelJson)) {
    process.stderr.write(`error: coco-ssd weights missing (${modelJson}): run \`npm run models\` first\n`);
    return 1;
  }
  await nodeTf.useWasm();
  const adapter = new CocoSsdAdapter(nodeTf.modelFileUrl(COCO_SSD_ID));
  const tLoad = performance.now();
  await adapter.load();
  const settings = args.usePackage
    ? `package detect(): max ${args.max}, score ${args.score}, class-agnostic NMS at IoU ${args.score}`
    : `${args.accurate ? `accurate mode (whole image + ${args.accurate.grid}x${args.accurate.grid} crops${args.accurate.flip ? ', mirrored too' : ''}, ${args.accurate.merge} merge); ` : ''}project pipeline: score >= ${args.score}, IoU ${args.iou}, max ${args.max}, ${args.agnostic ? 'class-agnostic' : 'per-class'} NMS`;
  process.stderr.write(
    `coco-ssd loaded on ${tfjs.getBackend()} in ${Math.round(performance.now() - tLoad)} ms; ${settings}; ${rule}\n`,
  );

  const masks = args.maskMethod !== undefined ? await import('./lib/detectMasks') : undefined;
  const learned = args.maskMethod === 'learned' ? await masks?.loadLearned(adapter) : undefined;
  const results: (CocoResult & { segmentation?: unknown })[] = [];
  let processed = 0;
  let skipped = 0;
  const skippedNames: string[] = [];
  let inferMs = 0;
  const tRun = performance.now();
  try {
    for (let i = 0; i < files.length; i++) {
      const name = files[i]!;
      const tag = `[${i + 1}/${files.length}] ${name}`;
      const id = ids[i];
      if (id === undefined) {
        process.stderr.write(`${tag}: skipped, not listed in the annotations file\n`);
        skipped++;
        continue;
      }
      let img: RgbaPixels;
      let imageSize: { width: number; height: number };
      let method = '';
      try {
        const decoded = await decodeBounded(readFileSync(path.join(args.images, name)));
        const rgba = new Uint8ClampedArray(decoded.width * decoded.height * 4);
        for (let i = 0, j = 0; j < rgba.length; i += 3, j += 4) {
          rgba[j] = decoded.rgb[i]!;
          rgba[j + 1] = decoded.rgb[i + 1]!;
          rgba[j + 2] = decoded.rgb[i + 2]!;
          rgba[j + 3] = 255;
        }
        img = { width: decoded.width, height: decoded.height, data: rgba };
        imageSize = decoded.original;
        if (decoded.method !== 'full' || decoded.width !== decoded.original.width) method = `, decoded at ${decoded.width}x${decoded.height} (${decoded.method})`;
      } catch (e) {
        process.stderr.write(`${tag}: skipped, bad image: ${e instanceof Error ? e.message : String(e)}\n`);
        skipped++;
        skippedNames.push(name);
        continue;
      }
      try {
        const { width: w, height: h } = imageSize;
        const ann = annotated?.get(name);
        if (ann && ((ann.width !== undefined && ann.width !== w) || (ann.height !== undefined && ann.height !== h))) {
          process.stderr.write(`${tag}: warning: decoded ${w}x${h}, the annotations say ${ann.width}x${ann.height}\n`);
        }
        const t0 = performance.now();
        const nms = { scoreThreshold: args.score, iouThreshold: args.iou, maxDetections: args.max, classAgnostic: args.agnostic };
        const dets: Detection[] = args.usePackage
          ? (await adapter.detectWithPackage(img, args.max, args.score, imageSize)).result
          : args.accurate
          ? (await detectAccurate(adapter, img, { ...nms, imageSize }, args.accurate)).result
          : (
              await adapter.run(img, {
                scoreThreshold: args.score,
                iouThreshold: args.iou,
                maxDetections: args.max,
                classAgnostic: args.agnostic,
                imageSize,
              })
            ).result;
        const ms = performance.now() - t0;
        inferMs += ms;
        // The package can report a class name outside the 80 (id 0): drop it rather than write an invalid id.
        const kept = dets.filter((d) => d.categoryId > 0);
        const rows = toCocoResults(kept, id);
        if (masks && args.maskMethod) {
          // Masks are computed on the decoded pixels; an image decoded downscaled gets filled boxes at full size.
          const full = img.width === imageSize.width && img.height === imageSize.height;
          if (!full && args.maskMethod !== 'box') process.stderr.write(`${tag}: masks as filled boxes (image decoded downscaled)\n`);
          const pixels = { width: img.width, height: img.height, rgba: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
          const segs = learned && full
            ? await learned.masks(kept, img)
            : masks.pureMasks(!full ? 'box' : args.maskMethod === 'learned' ? 'classic' : args.maskMethod, kept, full ? pixels : { width: imageSize.width, height: imageSize.height, rgba: new Uint8Array(0) });
          results.push(...rows.map((r, k) => ({ ...r, segmentation: segs[k] })));
        } else results.push(...rows);
        processed++;
        process.stderr.write(`${tag}: ${dets.length} detections, ${Math.round(ms)} ms${method}\n`);
      } catch (e) {
        // one image failing (e.g. out of WASM memory) never costs the results of the others
        process.stderr.write(`${tag}: skipped, detection failed: ${e instanceof Error ? e.message : String(e)}\n`);
        skipped++;
        skippedNames.push(name);
      }
    }
  } finally {
    learned?.dispose();
    adapter.dispose();
  }

  const totalS = ((performance.now() - tRun) / 1000).toFixed(1);
  if (processed === 0) {
    process.stderr.write(`error: no image could be processed (${skipped} skipped); nothing written\n`);
    return 1;
  }
  const tmp = `${args.out}.tmp-${process.pid}`;
  writeFileSync(tmp, `[\n${results.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
  renameSync(tmp, args.out);
  process.stderr.write(
    `done: ${processed} image(s) processed, ${skipped} skipped, ${results.length} detections ` +
      `(mean ${(results.length / processed).toFixed(1)} per image), ${(inferMs / processed).toFixed(0)} ms per image ` +
      `(model + post-processing), ${totalS} s in all, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB -> ${args.out}\n`,
  );
  if (skippedNames.length > 0) process.stderr.write(`not processed (see above why): ${skippedNames.join(', ')}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
