/**
 * The pure half of segmentation that moved out of the tfjs adapters (#14): `decodeSeg` (the page decodes
 * a worker's raw output with it) on hand-made raw outputs, and the import graph of the live page: its
 * static imports never reach tfjs (the graph runs in `worker/segment.worker.ts`, loaded on demand).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/core/segmentationLabels';
import { deeplabInputSize, isDeepLabId } from '../../src/models/deeplabInfo';
import { decodeSeg, decodeSegTimed, isPersonModelId, type SegRaw } from '../../src/models/segDecode';
import { ownBuffer } from '../../src/models/worker/workerHost';

const size = { width: 4, height: 2 };

describe('decodeSeg (pure)', () => {
  it('soft masks: a pixel is person when its probability reaches the threshold; shares add up to 1', () => {
    const probs = new Float32Array([0, 0.2, 0.5, 0.49, 0.51, 0.9, 1, 0.1]);
    const raw: SegRaw = { kind: 'soft', width: 4, height: 2, probs, inputSize: size };
    const r = decodeSeg(raw, { threshold: 0.5 }, 'person');
    expect([...r.labels]).toEqual([0, 0, 1, 0, 1, 1, 1, 0]);
    expect(r.personShare).toBeCloseTo(4 / 8, 12);
    expect(r.shares[0]! + r.shares[1]!).toBeCloseTo(1, 12);
    expect(r.probs).toBe(probs); // the soft mask is kept for the soft view
    expect([r.width, r.height]).toEqual([4, 2]);
    // a higher threshold never adds person pixels
    const shares = [0.1, 0.3, 0.5, 0.7, 0.95].map((t) => decodeSeg(raw, { threshold: t }, 'person').personShare);
    for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeLessThanOrEqual(shares[i - 1]!);
  });

  it('class ids: ids outside the dataset become 255 (no class), shares per class, person share of the dataset', () => {
    const n = DATASETS.pascal.labels.length;
    const person = DATASETS.pascal.personClass;
    const labels = new Int32Array([0, person, person, 3, -1, n, n + 7, 0]);
    const r = decodeSeg({ kind: 'labels', width: 4, height: 2, labels, inputSize: size }, { threshold: 0.5 }, 'pascal');
    expect([...r.labels]).toEqual([0, person, person, 3, 255, 255, 255, 0]);
    expect(r.shares.length).toBe(n);
    expect(r.shares[0]).toBeCloseTo(2 / 8, 12);
    expect(r.shares[3]).toBeCloseTo(1 / 8, 12);
    expect(r.personShare).toBeCloseTo(2 / 8, 12);
    expect(r.probs).toBeNull();
    // the threshold does not matter for class ids
    expect([...decodeSeg({ kind: 'labels', width: 4, height: 2, labels, inputSize: size }, { threshold: 0.99 }, 'pascal').labels]).toEqual([...r.labels]);
  });

  it('decodeSegTimed gives the same result and a duration', () => {
    const raw: SegRaw = { kind: 'soft', width: 4, height: 2, probs: new Float32Array([1, 1, 0, 0, 1, 0, 1, 0]), inputSize: size };
    const { result, decodeMs } = decodeSegTimed(raw, { threshold: 0.5 }, 'person');
    expect([...result.labels]).toEqual([...decodeSeg(raw, { threshold: 0.5 }, 'person').labels]);
    expect(decodeMs).toBeGreaterThanOrEqual(0);
  });

  it('ids and DeepLab input size', () => {
    expect(isPersonModelId('mediapipe-selfie') && isPersonModelId('mediapipe-meet')).toBe(true);
    expect(isPersonModelId('deeplab-pascal')).toBe(false);
    expect(isDeepLabId('deeplab-ade20k')).toBe(true);
    expect(isDeepLabId('mediapipe-meet')).toBe(false);
    const s = deeplabInputSize(1026, 513);
    expect(Math.max(s.width, s.height)).toBe(513);
    expect(s.width / s.height).toBeCloseTo(2, 2);
  });

  it('ownBuffer: a typed array spanning its buffer is sent as is; a view into a larger buffer is copied', () => {
    const whole = new Float32Array([1, 2, 3]);
    expect(ownBuffer(whole)).toBe(whole);
    const big = new Int32Array([9, 1, 2, 3, 9]);
    const view = big.subarray(1, 4);
    const own = ownBuffer(view);
    expect(own).not.toBe(view);
    expect([...own]).toEqual([1, 2, 3]);
    expect(own.buffer.byteLength).toBe(own.byteLength);
  });
});

const ROOT = path.resolve(__dirname, '../..');
/** Static imports (`import … from`, `export … from`; not `import()`) of a source file, resolved to files. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out.map((spec) => {
    if (!spec.startsWith('.')) return spec;
    const base = path.resolve(path.dirname(file), spec);
    for (const ext of ['.ts', '.tsx', '/index.ts']) {
      try {
        readFileSync(base + ext);
        return base + ext;
      } catch {
        /* next */
      }
    }
    return base;
  });
}

/** Every package the file's static import graph reaches (relative files followed). */
function reachedPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const pkgs = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const dep of staticImports(f)) {
      if (path.isAbsolute(dep)) todo.push(dep);
      else pkgs.add(dep);
    }
  }
  return pkgs;
}

describe('the live segmentation page never imports tfjs itself', () => {
  it('no @tensorflow package in the static import graph of the page and of the worker client', () => {
    for (const entry of ['src/sections/segmentation-live/SegmentationLivePage.tsx', 'src/models/worker/segmentClient.ts']) {
      const pkgs = [...reachedPackages(path.join(ROOT, entry))];
      expect(pkgs.filter((p) => p.startsWith('@tensorflow')), entry).toEqual([]);
      expect(pkgs.length, entry).toBeGreaterThan(0); // the walk found the page's imports (react, comlink…)
    }
  });
});
