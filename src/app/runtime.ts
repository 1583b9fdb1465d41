/** The app's single model runtime, configured from models/manifest.json and served paths. */
import { MANIFEST_FILES } from '../models/manifestFiles';
import { Runtime } from '../models/runtime';

const base = new URL('.', document.baseURI);

/** Created once here and handed to components by <RuntimeProvider> (src/ui/RuntimeContext.tsx). */
export const runtime = new Runtime({
  siteBase: base.href,
  wasmBase: new URL('wasm/', base).href,
  files: MANIFEST_FILES,
});
