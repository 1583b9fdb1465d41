/**
 * The pure half of DeepLab v3 (no tfjs): ids, titles, the input size the package resizes to, and the
 * probe of a folder whose weights are not in the manifest. `deeplab.ts` (the tfjs adapter) re-exports
 * it; the live segmentation page, whose graph runs in a worker, imports this file only.
 */
import { ModelLoadError } from './types';

export const DEEPLAB_DATASETS = ['pascal', 'cityscapes', 'ade20k'] as const;
export type DeepLabDataset = (typeof DEEPLAB_DATASETS)[number];
export type DeepLabId = `deeplab-${DeepLabDataset}`;

export const DEEPLAB_IDS: readonly DeepLabId[] = DEEPLAB_DATASETS.map((d) => `deeplab-${d}` as const);

/** The longer side after resizing, as in the package (its CROP_SIZE). */
export const DEEPLAB_CROP_SIZE = 513;

export function isDeepLabId(id: string): id is DeepLabId {
  return (DEEPLAB_IDS as readonly string[]).includes(id);
}

export function deeplabDataset(id: DeepLabId): DeepLabDataset {
  return id.slice('deeplab-'.length) as DeepLabDataset;
}

/** Size the package resizes to: the longer side becomes 513, the aspect ratio is kept. */
export function deeplabInputSize(width: number, height: number): { width: number; height: number } {
  const ratio = DEEPLAB_CROP_SIZE / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * ratio)), height: Math.max(1, Math.round(height * ratio)) };
}

export const DEEPLAB_TITLES: Readonly<Record<DeepLabDataset, string>> = {
  pascal: 'DeepLab v3 (PASCAL VOC, 21 classes)',
  cityscapes: 'DeepLab v3 (Cityscapes, 19 classes)',
  ade20k: 'DeepLab v3 (ADE20K, 150 classes)',
};

/**
 * DeepLab's weights are not in the manifest (they cannot be fetched offline here): before loading,
 * check that `url` is served and looks like a TF.js graph, else a `ModelLoadError` naming `shown`.
 */
export async function probeGraphModel(url: string, shown: string): Promise<void> {
  const presence = await graphModelPresence(url);
  if (presence !== 'present') throw new ModelLoadError(presence === 'absent' ? 'missing' : 'corrupt', url, shown);
}

export type Presence = 'present' | 'absent' | 'invalid';

/** Whether `url` is served and is a TF.js graph model's JSON. */
export async function graphModelPresence(url: string): Promise<Presence> {
  let res: Response;
  try {
    // An explicit Accept: a dev server answers `*/*` requests for missing files with index.html.
    res = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch {
    return 'absent';
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || type.includes('text/html')) return 'absent';
  try {
    const json = (await res.json()) as { modelTopology?: unknown; weightsManifest?: unknown };
    return json.modelTopology && Array.isArray(json.weightsManifest) ? 'present' : 'invalid';
  } catch {
    return 'invalid';
  }
}
