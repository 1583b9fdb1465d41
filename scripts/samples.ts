/**
 * Regenerates the shipped sample gallery `public/samples/` (photos, thumbnails, index.json, CREDITS.md,
 * annotations.json, captions.json) from SAMPLES_DIR (default ../shared/images). The output is committed.
 *
 * Usage: npm run samples [-- --check] [-- --dest DIR]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSamples, planSamples } from './lib/samples';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, dest: { type: 'string' } } });
  const src = path.resolve(process.env['SAMPLES_DIR'] || path.join(REPO_ROOT, '..', 'shared', 'images'));
  const dest = values.dest ? path.resolve(values.dest) : path.join(REPO_ROOT, 'public', 'samples');
  const plan = await planSamples(src);
  for (const w of plan.warnings) process.stderr.write(`${w}\n`);
  const r = await buildSamples(plan, dest, values.check);
  for (const p of r.problems) process.stderr.write(`${p}\n`);
  process.stdout.write(
    `samples: ${plan.entries.length} photos (${plan.entries.filter((e) => e.cocoId !== null).length} with COCO ground truth), thumbnails ${(r.thumbBytes / 1000).toFixed(0)} kB, ${values.check ? (r.problems.length ? 'out of date' : 'up to date') : `${r.changed} file(s) written`} -> ${path.relative(process.cwd(), dest) || '.'}\n`,
  );
  return r.problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`samples: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
