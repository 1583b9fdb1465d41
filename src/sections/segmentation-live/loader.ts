/**
 * Loads this page's segmentation models through `runtime.load()`: the app's backend, the files
 * verified against models/manifest.json (a missing or damaged file is named), then the adapter (with
 * its warm-up). The runtime keeps one adapter per model and disposes it when the backend changes.
 *
 * DeepLab v3 is not in the manifest (its weights cannot be obtained offline here): its folder is
 * probed, and the adapter loads whatever converted model is found there.
 */
import { runtime } from '../../app/runtime';
import type { BackendName } from '../../models/backend';
import { DeepLabAdapter, DEEPLAB_IDS, type DeepLabId } from '../../models/deeplab';
import { MEET_ID, PERSON_MODELS, PersonSegmenter, SELFIE_ID, type PersonModelId, type SegAdapter } from '../../models/segmentation';
import { ModelLoadError } from '../../models/types';

export const SEG_MODEL_IDS = [SELFIE_ID, MEET_ID, ...DEEPLAB_IDS] as const;
export type SegModelId = PersonModelId | DeepLabId;

export function isDeepLab(id: SegModelId): id is DeepLabId {
  return (DEEPLAB_IDS as readonly string[]).includes(id);
}

function modelsBase(): string {
  return new URL('models/', new URL('.', document.baseURI)).href;
}

/** Folder (relative to the site) where a DeepLab model is expected, for the help text. */
export function deeplabFolder(id: DeepLabId): string {
  return `public/models/${id}/`;
}

export type Presence = 'present' | 'absent' | 'invalid';

/** The model folders of a production build (`models/present.json`, written at build time); null in dev or when absent. */
let presentList: Promise<readonly string[] | null> | null = null;
function builtModels(): Promise<readonly string[] | null> {
  presentList ??= import.meta.env.PROD
    ? fetch(`${modelsBase()}present.json`, { headers: { Accept: 'application/json' } })
        .then(async (r) => (r.ok ? ((await r.json()) as { models?: string[] }).models ?? null : null))
        .catch(() => null)
    : Promise.resolve(null);
  return presentList;
}

/** Whether `models/<id>/model.json` is served and looks like a TF.js graph model. */
async function probeOne(id: DeepLabId): Promise<Presence> {
  const built = await builtModels();
  if (built && !built.includes(id)) return 'absent'; // known absent: no request, no 404 in the console
  let res: Response;
  try {
    // An explicit Accept: a dev server answers `*/*` requests for missing files with index.html.
    res = await fetch(`${modelsBase()}${id}/model.json`, { headers: { Accept: 'application/json' } });
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

let probed: Promise<Readonly<Record<DeepLabId, Presence>>> | null = null;

/** Probes the three DeepLab folders once per page load. */
export function probeDeepLab(): Promise<Readonly<Record<DeepLabId, Presence>>> {
  probed ??= Promise.all(DEEPLAB_IDS.map((id) => probeOne(id))).then((list) => {
    const out = {} as Record<DeepLabId, Presence>;
    DEEPLAB_IDS.forEach((id, i) => (out[id] = list[i]!));
    return out;
  });
  return probed;
}

/** The adapter for `id` on the active backend, loaded (and verified against the manifest) once. */
export function loadSegModel(id: SegModelId, preferred?: BackendName): Promise<SegAdapter> {
  return runtime.load<SegAdapter>(
    id,
    async (base) => {
      if (isDeepLab(id)) {
        const presence = (await probeDeepLab())[id];
        if (presence !== 'present') {
          throw new ModelLoadError(presence === 'absent' ? 'missing' : 'corrupt', `${base}model.json`, `${deeplabFolder(id)}model.json`);
        }
        const a = new DeepLabAdapter(id, `${base}model.json`);
        await a.load();
        return a;
      }
      const spec = PERSON_MODELS[id];
      const a = new PersonSegmenter(spec, base + spec.entry);
      await a.load();
      return a;
    },
    preferred,
  );
}
