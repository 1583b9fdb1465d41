/**
 * Tests on real weights run wherever the weights are installed. Where CI expects them
 * (`process.env.CI` set) a missing file is a failure saying how to set them up, never a silent skip.
 */
import { existsSync } from 'node:fs';

export const SETUP_HINT = 'run `MODELS_DIR=../shared/models npm run models` (or `npm run models -- --all` for the optional models)';

/** True when every file exists; false (skip) outside CI; throws in CI. */
export function requireWeights(...files: string[]): boolean {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length === 0) return true;
  if (process.env['CI']) throw new Error(`model weights missing in CI: ${missing.join(', ')} — ${SETUP_HINT}`);
  return false;
}
