/** Small helpers shared by the bench scripts. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A Python that imports pycocotools and numpy: `python3` from PATH first, then `/usr/bin/python3`, then
 * `python`. A python that lacks a module (or is missing) is skipped, never fatal.
 */
export function findPycocotools(): string | null {
  for (const py of ['python3', '/usr/bin/python3', 'python']) {
    const r = spawnSync(py, ['-c', 'import pycocotools.coco, pycocotools.cocoeval, numpy'], { stdio: 'ignore' });
    if (!r.error && r.status === 0) return py;
  }
  return null;
}
