/** The tfjs WASM backend binaries (node_modules → public/wasm/), and the sample gallery step. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { buildSamples, planSamples } from '../samples';
import { REPO_ROOT } from './cli';
import { err, isDir, out, rel, sameFile, syncFile } from './util';

// ---------------------------------------------------------------------------------------------------
// WASM binaries

export async function wasmDistDir(): Promise<string | null> {
  // Node-style lookup: node_modules of the repo, then of its parents (hoisted installs).
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
    if (await isDir(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

export async function wasmFiles(): Promise<{ dist: string; names: string[] }> {
  const dist = await wasmDistDir();
  const names = dist === null ? [] : (await readdir(dist)).filter((n) => n.endsWith('.wasm')).sort();
  if (dist === null || names.length === 0) {
    throw new Error('wasm: @tensorflow/tfjs-backend-wasm/dist/*.wasm not found in node_modules; run `npm install`');
  }
  return { dist, names };
}

export async function setupWasm(dest: string, quiet: boolean): Promise<void> {
  const { dist, names } = await wasmFiles();
  let copied = 0;
  for (const n of names) if (await syncFile(path.join(dist, n), path.join(dest, n))) copied++;
  if (!quiet || copied > 0) {
    const what = copied === 0 ? `ok (cached, ${names.length} files)` : `copied ${copied} of ${names.length} files`;
    out(`wasm: ${what} -> ${rel(dest)} (${names.join(', ')})`);
  }
}

export async function checkWasm(dest: string): Promise<string[]> {
  const { dist, names } = await wasmFiles();
  const problems: string[] = [];
  for (const n of names) {
    if (!(await sameFile(path.join(dist, n), path.join(dest, n)))) problems.push(`wasm: ${rel(path.join(dest, n))} missing or different from node_modules`);
  }
  return problems;
}
// ---------------------------------------------------------------------------------------------------
// Samples: the gallery is shipped in public/samples/ (scripts/lib/samples.ts); SAMPLES_DIR rebuilds it
// into --samples-dest (e.g. a test copy), or checks it with --check.

export async function setupSamples(samplesDir: string, dest: string, quiet: boolean): Promise<void> {
  const plan = await planSamples(samplesDir);
  for (const w of plan.warnings) err(w);
  const r = await buildSamples(plan, dest);
  for (const p of r.problems) err(p);
  if (r.problems.length > 0) throw new Error(`samples: ${r.problems.length} problem(s)`);
  if (!quiet || r.changed > 0) {
    const annotated = plan.entries.filter((e) => e.cocoId !== null).length;
    out(`samples: ${plan.entries.length} images (${annotated} annotated) -> ${rel(dest)}, ${r.changed === 0 ? 'ok (cached)' : `wrote ${r.changed} files`}`);
  }
}

export async function checkSamples(samplesDir: string, dest: string): Promise<string[]> {
  return (await buildSamples(await planSamples(samplesDir), dest, true)).problems;
}
