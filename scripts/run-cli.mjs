#!/usr/bin/env node
/**
 * Runs one of the project's TypeScript CLIs as plain Node (no tsx at run time):
 *
 *   node scripts/run-cli.mjs <name> [args…]      (npm run eval / npm run detect use it)
 *
 * `scripts/<name>.ts` is bundled with esbuild (dependencies stay external, resolved from node_modules)
 * into `.cache/cli/<name>.mjs` when the bundle is missing or older than any file under src/ or scripts/,
 * then imported. A bundle two folders below the repository root keeps `import.meta.url`-relative paths
 * (scripts/lib/nodeTf.ts resolves the repo as '../..') pointing where they do from scripts/lib.
 */
import process from 'node:process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(?:ts|tsx|mjs|js|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const sources = Math.max(newestMtime(path.join(REPO, 'src')), newestMtime(path.join(REPO, 'scripts')), statSync(path.join(REPO, 'package.json')).mtimeMs);
if (!existsSync(out) || statSync(out).mtimeMs < sources) {
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile: out,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // Written under a temporary name and renamed: two CLIs started at once never read a half-written bundle.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, out);
}
process.argv = [process.argv[0], out, ...rest];
await import(pathToFileURL(out).href);
