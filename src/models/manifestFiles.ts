/**
 * models/manifest.json as the runtime needs it (page, worker, Node): the files (size + sha256) of
 * every model id — the installed models (`models`) and the committed checkpoints (`checkpoints`) —
 * and each model's licence. scripts/lib/manifest.ts validates the same file for the scripts.
 */
import manifest from '../../models/manifest.json';
import type { ManifestFile } from './verify';

interface Listed {
  readonly id: string;
  readonly license: { readonly code: string; readonly weights: string };
  readonly files: readonly ManifestFile[];
}

const doc = manifest as { models: readonly Listed[]; checkpoints?: readonly (Listed & { dir: string })[] };

export const MANIFEST_FILES: Readonly<Record<string, readonly ManifestFile[]>> = Object.fromEntries(
  [...doc.models, ...(doc.checkpoints ?? [])].map((m) => [m.id, m.files]),
);

export const MANIFEST_LICENSES: Readonly<Record<string, Listed['license']>> = Object.fromEntries(
  [...doc.models, ...(doc.checkpoints ?? [])].map((m) => [m.id, m.license]),
);

/** Folder (relative to the site root, ending with '/') of each committed checkpoint. */
export const CHECKPOINT_DIRS: Readonly<Record<string, string>> = Object.fromEntries(
  (doc.checkpoints ?? []).map((c) => [c.id, `${c.dir}/`]),
);
