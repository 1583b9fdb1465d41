/**
 * This page's model list: the person models and the three DeepLab v3 checkpoints (all in the
 * registry, loaded with `useModel`). DeepLab is not in the manifest (its weights cannot be obtained
 * offline here): its folders are probed once, so absent ones are explained instead of offered.
 */
import { DEEPLAB_IDS, graphModelPresence, type DeepLabId, type Presence } from '../../models/deeplabInfo';
import type { Runtime } from '../../models/runtime';
import { MEET_ID, SELFIE_ID, type PersonModelId } from '../../models/segDecode';

export type { Presence } from '../../models/deeplabInfo';

export const SEG_MODEL_IDS = [SELFIE_ID, MEET_ID, ...DEEPLAB_IDS] as const;
export type SegModelId = PersonModelId | DeepLabId;

export function isDeepLab(id: SegModelId): id is DeepLabId {
  return (DEEPLAB_IDS as readonly string[]).includes(id);
}

/** Folder (relative to the repo) where a DeepLab model is expected, for the help text. */
export function deeplabFolder(id: DeepLabId): string {
  return `public/models/${id}/`;
}

const probed = new WeakMap<Runtime, Promise<Readonly<Record<DeepLabId, Presence>>>>();

/** The model folders of a production build (`models/present.json`, written at build time); null in dev or when absent. */
let presentList: Promise<readonly string[] | null> | null = null;
function builtModels(runtime: Runtime): Promise<readonly string[] | null> {
  presentList ??= import.meta.env.PROD
    ? fetch(new URL('../present.json', runtime.modelBase('present')).href, { headers: { Accept: 'application/json' } })
        .then(async (r) => (r.ok ? ((await r.json()) as { models?: string[] }).models ?? null : null))
        .catch(() => null)
    : Promise.resolve(null);
  return presentList;
}

/** Probes the three DeepLab folders once per runtime (page load). */
export function probeDeepLab(runtime: Runtime): Promise<Readonly<Record<DeepLabId, Presence>>> {
  let p = probed.get(runtime);
  if (!p) {
    p = Promise.all(DEEPLAB_IDS.map(async (id) => {
      const built = await builtModels(runtime);
      if (built && !built.includes(id)) return 'absent' as const; // known absent: no request, no 404 in the console
      return graphModelPresence(`${runtime.modelBase(id)}model.json`);
    })).then((list) => {
      const out = {} as Record<DeepLabId, Presence>;
      DEEPLAB_IDS.forEach((id, i) => (out[id] = list[i]!));
      return out;
    });
    probed.set(runtime, p);
  }
  return p;
}
