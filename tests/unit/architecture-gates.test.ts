/**
 * Architecture gates the types cannot enforce (issue #8):
 * - components get the model runtime from React context (`useRuntimeInstance()`, src/ui/RuntimeContext.tsx),
 *   never by importing the module singleton `src/app/runtime` from ui/ or sections/;
 * - every model loads through the registry and runtime: no `loadGraphModel` / `loadLayersModel` (nor the
 *   tfjs-models packages' own loaders) outside src/models;
 * - pages decode through the adapters: no section or shared component runs NMS or a detector's grid
 *   decoding itself (`nonMaxSuppression`, `decodeGrid`, `TinyYolo.detect/decode`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.(tsx?|mjs)$/.test(e.name) ? [p] : [];
  });
}

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

/** An import (static, dynamic or re-export) of src/app/runtime from any relative path. */
const SINGLETON_IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"](?:\.{1,2}\/)+(?:app\/)?runtime['"]/;

/** Files allowed to import the singleton: none (the trainers run in workers, yoloStore gets the runtime from its page). Do not add to this list. */
const SINGLETON_ALLOWED = new Set<string>();

export function importsRuntimeSingleton(file: string, text: string): boolean {
  const m = SINGLETON_IMPORT.exec(text);
  if (!m) return false;
  // `./runtime` inside src/app is the singleton; elsewhere only a path ending in app/runtime is.
  return m[0].includes('app/runtime') || file.startsWith('src/app/');
}

/** Model loaders that bypass the registry/runtime (and its manifest sha256 check). */
const LOADERS: readonly { readonly re: RegExp; readonly why: string }[] = [
  { re: /\bloadGraphModel\s*\(/, why: 'tf.loadGraphModel outside src/models: load through the registry (runtime.load / useModel)' },
  { re: /\bloadLayersModel\s*\(/, why: 'tf.loadLayersModel outside src/models: load through the registry (runtime.load / useModel)' },
  { re: /from\s+['"]@tensorflow-models\/[\w-]+['"]/, why: 'a tfjs-models package imported outside src/models: wrap it in an adapter' },
  { re: /\bnew\s+Runtime\s*\(/, why: 'a second Runtime: the app has one (src/app/runtime.ts), the CLIs use the registry' },
];

export function loaderViolations(file: string, text: string): string[] {
  // Comments may name the functions (documentation); strip them before scanning.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return LOADERS.flatMap(({ re, why }) => {
    const m = re.exec(code);
    return m ? [`${file}: ${why}: ${m[0]}`] : [];
  });
}

describe('runtime reaches components through React context', () => {
  it('no file under src/ui or src/sections imports the app/runtime singleton (but the two listed for the worker move)', () => {
    const found = [...sources(path.join(SRC, 'ui')), ...sources(path.join(SRC, 'sections'))]
      .map(rel)
      .filter((f) => !SINGLETON_ALLOWED.has(f) && importsRuntimeSingleton(f, readFileSync(path.join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the allowance list names only files that exist and still import the singleton (stale entries fail)', () => {
    for (const f of SINGLETON_ALLOWED) expect(importsRuntimeSingleton(f, readFileSync(path.join(ROOT, f), 'utf8')), f).toBe(true);
  });

  it('the scan catches each form of the import (hand-made examples)', () => {
    const bad = [
      "import { runtime } from '../../app/runtime';",
      "import { runtime } from '../app/runtime';",
      "const { runtime } = await import('../../app/runtime');",
      "export { runtime } from '../app/runtime';",
    ];
    for (const line of bad) expect(importsRuntimeSingleton('src/ui/x.ts', line), line).toBe(true);
    expect(importsRuntimeSingleton('src/ui/x.ts', "import type { Runtime } from '../models/runtime';")).toBe(false);
    expect(importsRuntimeSingleton('src/ui/x.ts', "import { useRuntimeInstance } from './RuntimeContext';")).toBe(false);
  });
});

describe('every model loads through the registry and runtime', () => {
  it('no loadGraphModel / loadLayersModel / tfjs-models import outside src/models (src, scripts)', () => {
    const files = [...sources(SRC), ...sources(path.join(ROOT, 'scripts'))]
      .map(rel)
      .filter((f) => !f.startsWith('src/models/') && f !== 'src/app/runtime.ts');
    const found = files.flatMap((f) => loaderViolations(f, readFileSync(path.join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan catches each loader (hand-made examples) and ignores comments', () => {
    const bad = [
      "const m = await tf.loadGraphModel('/models/x/model.json');",
      'const m = await loadLayersModel(handler);',
      "import * as cocoSsd from '@tensorflow-models/coco-ssd';",
      'const r = new Runtime({ siteBase, wasmBase, files });',
    ];
    for (const line of bad) expect(loaderViolations('x.ts', line), line).toHaveLength(1);
    expect(loaderViolations('x.ts', "/** Lets `tf.loadGraphModel('file:///…')` read local files. */\n// loadLayersModel(x)")).toEqual([]);
    expect(loaderViolations('x.ts', "const a = await runtime.load('coco-ssd');")).toEqual([]);
  });
});

/** Post-processing that belongs to an adapter's `decode` (src/models) or to core, not to a page. */
const PAGE_DECODE = /\bnonMaxSuppression\s*\(|\bdecodeGrid\s*\(|\bnet\.(?:detect|decode)\s*\(/;

describe('pages decode through the adapters', () => {
  it('no file under src/sections or src/ui calls nonMaxSuppression / decodeGrid / net.detect / net.decode', () => {
    const found = [...sources(path.join(SRC, 'ui')), ...sources(path.join(SRC, 'sections'))]
      .map(rel)
      .filter((f) => PAGE_DECODE.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });
  it('the scan catches each (hand-made examples)', () => {
    for (const line of ['const d = nonMaxSuppression(b, s, n, C, o);', 'const g = decodeGrid(raw, spec);', 'net.detect(raw, DETECT, k)', 'const d = net.decode(raw);'])
      expect(PAGE_DECODE.test(line), line).toBe(true);
    expect(PAGE_DECODE.test('decodeTinyYolo(yoloRawOf(net, raw), opts)')).toBe(false);
  });
});

describe('real-weight tests are never silently skipped where CI expects the weights', () => {
  it('weightsExpected: CI or MODELS_DIR set → expected; neither → optional', async () => {
    const { weightsExpected } = await import('./weights');
    expect(weightsExpected({ CI: 'true' })).toBe(true);
    expect(weightsExpected({ MODELS_DIR: '../shared/models' })).toBe(true);
    expect(weightsExpected({})).toBe(false);
  });
  it('no unit test skips on a missing model file by itself (they go through requireWeights)', () => {
    const tests = sources(path.join(ROOT, 'tests', 'unit')).map(rel);
    const bad = tests.filter((f) => /skipIf\s*\(\s*!\s*existsSync\([^)]*(?:MODELS|models|weights)/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});
