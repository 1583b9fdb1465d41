#!/usr/bin/env node
/**
 * Runs one of the project's TypeScript CLIs as plain Node (no tsx at run time):
 *
 *   node scripts/run-cli.mjs <name> [args…]      (npm run eval / npm run detect use it)
 *
 * `scripts/<name>.ts` is bundled with esbuild (dependencies stay external, resolved from node_modules)
 * into `.cache/cli/<name>.mjs` when the bundle is missing or older than a source it was built from
 * (listed in `.cache/cli/<name>.inputs.json`), package.json or this file, then imported. A bundle two
 * folders below the repository root keeps `import.meta.url`-relative paths (scripts/lib/nodeTf.ts
 * resolves the repo as '../..') pointing where they do from scripts/lib.
 */
import process from 'node:process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...rest] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !existsSync(path.join(REPO, 'scripts', `${name}.ts`))) {
  process.stderr.write(`run-cli: no such CLI: scripts/${name ?? '?'}.ts\n`);
  process.exit(2);
}
const entry = path.join(REPO, 'scripts', `${name}.ts`);
const outDir = path.join(REPO, '.cache', 'cli');
const out = path.join(outDir, `${name}.mjs`);

const inputsFile = path.join(outDir, `${name}.inputs.json`);

/**
 * Whether the bundle is older than a file it was built from: the sources esbuild read (recorded next to
 * the bundle at build time), package.json and this runner. A file the entry would newly import is named
 * by an import in one of those files, which then has changed; a recorded source that is gone also
 * rebuilds. Stats a few dozen files instead of walking src/ and scripts/ on every run.
 */
function stale() {
  if (!existsSync(out) || !existsSync(inputsFile)) return true;
  const built = statSync(out).mtimeMs;
  let inputs;
  try { inputs = JSON.parse(readFileSync(inputsFile, 'utf8')); } catch { return true; }
  if (!Array.isArray(inputs) || inputs.length === 0) return true;
  for (const rel of [...inputs, 'package.json', 'scripts/run-cli.mjs']) {
    const st = statSync(path.join(REPO, rel), { throwIfNoEntry: false });
    if (!st || st.mtimeMs > built) return true;
  }
  return false;
}

if (stale()) {
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: REPO,
    outfile: out,
    write: false,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // Written under temporary names and renamed: two CLIs started at once never read a half-written file.
  // The list of sources goes first: a bundle is never newer than a list that does not describe it.
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  const tmpInputs = `${inputsFile}.${process.pid}.tmp`;
  writeFileSync(tmpInputs, JSON.stringify(inputs));
  renameSync(tmpInputs, inputsFile);
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, out);
}
process.argv = [process.argv[0], out, ...rest];
await import(pathToFileURL(out).href);
