/**
 * Tests on real weights run wherever the weights are installed. Where CI expects them
 * (`process.env.CI` or `MODELS_DIR` set, as `.ci/run` does) a missing file is a failure saying how to
 * set them up, never a silent skip.
 */
import { existsSync } from 'node:fs';

export const SETUP_HINT = 'run `MODELS_DIR=../shared/models npm run models` (or `npm run models -- --all` for the optional models)';

/** Whether this run is one where the weights must be present (CI, or MODELS_DIR given). */
export function weightsExpected(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return !!env['CI'] || !!env['MODELS_DIR'];
}

/** True when every file exists; false (skip) on a developer's machine without them; throws where expected. */
export function requireWeights(...files: string[]): boolean {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length === 0) return true;
  if (weightsExpected()) throw new Error(`model weights missing where this run expects them (CI / MODELS_DIR set): ${missing.join(', ')} — ${SETUP_HINT}`);
  return false;
}
