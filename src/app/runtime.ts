/** The app's single model runtime, configured from models/manifest.json and served paths. */
import manifest from '../../models/manifest.json';
import { Runtime } from '../models/runtime';
import type { ManifestFile } from '../models/verify';

interface ManifestModel {
  readonly id: string;
  readonly dest: string;
  readonly files: readonly ManifestFile[];
}

const files: Record<string, readonly ManifestFile[]> = {};
for (const m of (manifest as { models: readonly ManifestModel[] }).models) files[m.id] = m.files;

const base = new URL('.', document.baseURI);

export const runtime = new Runtime({
  modelsBase: new URL('models/', base).href,
  wasmBase: new URL('wasm/', base).href,
  files,
});
