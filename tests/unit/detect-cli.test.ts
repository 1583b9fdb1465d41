/**
 * The batch detection CLI (scripts/detect.ts) end to end: spawned as `npm run detect` runs it (plain node on
 * the esbuild bundle, scripts/run-cli.mjs) on a temp folder holding two
 * real COCO photos from ../shared/images plus bad files. Needs the coco-ssd weights in public/models
 * (`npm run models`).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COCO_SSD_ID } from '../../src/models/cocoSsd';
import { MODELS_PUBLIC_DIR, REPO_ROOT, SHARED_DIR } from '../../scripts/lib/nodeTf';

const IMAGES = path.join(SHARED_DIR, 'images');

interface CocoFile {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: { image_id: number }[];
  categories: { id: number; name: string }[];
}
const RUNNER = path.join(REPO_ROOT, 'scripts', 'run-cli.mjs');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, 'detect', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Result {
  image_id: number;
  category_id: number;
  bbox: number[];
  score: number;
}

/** Asserts the COCO results shape and returns the parsed array. */
function readResults(file: string): Result[] {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  expect(Array.isArray(json)).toBe(true);
  const arr = json as unknown[];
  for (const r of arr) {
    expect(Object.keys(r as object).sort()).toEqual(['bbox', 'category_id', 'image_id', 'score']);
    const { image_id, category_id, bbox, score } = r as Result;
    expect(Number.isInteger(image_id)).toBe(true);
    expect(Number.isInteger(category_id)).toBe(true);
    expect(bbox).toHaveLength(4);
    for (const v of bbox) expect(Number.isFinite(v)).toBe(true);
    expect(bbox[2]).toBeGreaterThanOrEqual(0);
    expect(bbox[3]).toBeGreaterThanOrEqual(0);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(1);
  }
  return arr as Result[];
}

describe('npm run detect (scripts/detect.ts)', () => {
  let dir: string;
  let imgs: string;
  let annotations: string;
  let categoryIds: Set<number>;

  beforeAll(() => {
    if (!existsSync(path.join(MODELS_PUBLIC_DIR, COCO_SSD_ID, 'model.json'))) {
      throw new Error(`coco-ssd weights missing in ${MODELS_PUBLIC_DIR}: run \`MODELS_DIR=../shared/models npm run models\``);
    }
    dir = mkdtempSync(path.join(tmpdir(), 'detect-cli-'));
    imgs = path.join(dir, 'images');
    mkdirSync(path.join(imgs, 'sub'), { recursive: true });
    copyFileSync(path.join(IMAGES, '000000377575.jpg'), path.join(imgs, '000000377575.jpg'));
    copyFileSync(path.join(IMAGES, '000000568290.jpg'), path.join(imgs, '000000568290.jpg'));
    // Not in annotations.json: skipped with a warning.
    copyFileSync(path.join(IMAGES, 'unannotated', 'skimage_coffee.png'), path.join(imgs, 'skimage_coffee.png'));
    // Truncated JPEG (first half of a real one) under a COCO-style name that is in annotations.json.
    const jpg = readFileSync(path.join(IMAGES, '000000397133.jpg'));
    writeFileSync(path.join(imgs, '000000397133.jpg'), jpg.subarray(0, jpg.length >> 1));
    // Text pretending to be a PNG; an ignored extension; a subfolder (not recursive).
    writeFileSync(path.join(imgs, 'fake.png'), 'this is not a PNG\n');
    writeFileSync(path.join(imgs, 'notes.txt'), 'ignored\n');
    copyFileSync(path.join(IMAGES, '000000349860.jpg'), path.join(imgs, 'sub', '000000349860.jpg'));
    // A COCO annotations file for these: three official images, plus the fake PNG under id 1000001.
    const coco = JSON.parse(readFileSync(path.join(IMAGES, 'annotations.json'), 'utf8')) as CocoFile;
    const keep = new Set([377575, 568290, 397133]);
    const subset: CocoFile = {
      images: [...coco.images.filter((im) => keep.has(im.id)), { id: 1000001, file_name: 'fake.png', width: 10, height: 10 }],
      annotations: coco.annotations.filter((a) => keep.has(a.image_id)),
      categories: coco.categories,
    };
    annotations = path.join(dir, 'annotations.json');
    writeFileSync(annotations, JSON.stringify(subset));
    categoryIds = new Set(coco.categories.map((c) => c.id));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes COCO results with annotation ids, names and skips the bad files', async () => {
    const out = path.join(dir, 'dets.json');
    const r = await runCli(['--images', imgs, '--annotations', annotations, '--out', out]);
    expect(r.stderr).toMatch(/000000397133\.jpg: skipped, bad image/);
    expect(r.stderr).toMatch(/fake\.png: skipped, bad image/);
    expect(r.stderr).toMatch(/skimage_coffee\.png: skipped, not listed/);
    expect(r.stderr).toMatch(/\[\d\/5\] 000000377575\.jpg: \d+ detections, \d+ ms/);
    expect(r.stderr).not.toMatch(/349860|not in/);
    expect(r.code).toBe(0);

    const res = readResults(out);
    expect(new Set(res.map((d) => d.image_id))).toEqual(new Set([377575, 568290]));
    for (const d of res) {
      expect(categoryIds.has(d.category_id)).toBe(true);
      expect(d.score).toBeGreaterThanOrEqual(0.01); // default --score
    }
    for (const id of [377575, 568290]) expect(res.filter((d) => d.image_id === id).length).toBeLessThanOrEqual(100);
    // The dog (COCO id 18) of 000000377575 and the bus (6) of 000000568290, found confidently.
    expect(res.some((d) => d.image_id === 377575 && d.category_id === 18 && d.score > 0.5)).toBe(true);
    expect(res.some((d) => d.image_id === 568290 && d.category_id === 6 && d.score > 0.5)).toBe(true);
  });

  it('without annotations numbers files by sorted position when a name is not COCO-style; --package works', async () => {
    const out = path.join(dir, 'pkg.json');
    const r = await runCli(['--images', imgs, '--out', out, '--package', '--max', '5', '--score', '0.3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1-based position/);
    // Sorted: 000000377575.jpg (1), 000000397133.jpg (2, bad), 000000568290.jpg (3), fake.png (4, bad), skimage_coffee.png (5).
    const res = readResults(out);
    expect(new Set(res.map((d) => d.image_id))).toEqual(new Set([1, 3, 5]));
    for (const id of [1, 3, 5]) expect(res.filter((d) => d.image_id === id).length).toBeLessThanOrEqual(5);
    for (const d of res) expect(d.score).toBeGreaterThanOrEqual(0.3);
  });

  it('--mode accurate keeps what the whole-image pass finds and adds crop detections', async () => {
    const fast = path.join(dir, 'fast.json');
    const acc = path.join(dir, 'accurate.json');
    const common = ['--images', imgs, '--annotations', annotations, '--score', '0.3'];
    const [rf, ra] = [await runCli([...common, '--out', fast]), await runCli([...common, '--out', acc, '--mode', 'accurate'])];
    expect(rf.code, rf.stderr).toBe(0);
    expect(ra.code, ra.stderr).toBe(0);
    expect(ra.stderr).toMatch(/accurate mode \(whole image \+ 2x2 crops, nms merge\)/);
    const f = readResults(fast);
    const a = readResults(acc);
    const iouXywh = (p: number[], q: number[]) => {
      const iw = Math.min(p[0]! + p[2]!, q[0]! + q[2]!) - Math.max(p[0]!, q[0]!);
      const ih = Math.min(p[1]! + p[3]!, q[1]! + q[3]!) - Math.max(p[1]!, q[1]!);
      const inter = iw > 0 && ih > 0 ? iw * ih : 0;
      return inter / (p[2]! * p[3]! + q[2]! * q[3]! - inter);
    };
    // the whole image is one of the passes: each confident fast detection has a same-class accurate one
    for (const d of f.filter((x) => x.score >= 0.5)) {
      expect(a.some((x) => x.image_id === d.image_id && x.category_id === d.category_id && iouXywh(x.bbox, d.bbox) > 0.5), JSON.stringify(d)).toBe(true);
    }
    // and the crops see objects the single pass does not
    const unmatched = a.filter((x) => !f.some((d) => d.image_id === x.image_id && d.category_id === x.category_id && iouXywh(x.bbox, d.bbox) > 0.5));
    expect(unmatched.length).toBeGreaterThanOrEqual(1);
  });

  it('exits 1 and writes nothing when no image can be processed', async () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'a.png'), 'text');
    writeFileSync(path.join(bad, 'b.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    const out = path.join(dir, 'none.json');
    const r = await runCli(['--images', bad, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/a\.png: skipped/);
    expect(r.stderr).toMatch(/b\.jpg: skipped/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 with a message and the usage on bad arguments', async () => {
    const out = path.join(dir, 'x.json');
    const cases: [string[], RegExp][] = [
      [['--out', out], /--images DIR is required/],
      [['--images', imgs], /--out FILE\.json is required/],
      [['--images', path.join(dir, 'nope'), '--out', out], /--images: not a folder/],
      [['--images', imgs, '--out', path.join(dir, 'nope', 'x.json')], /--out: folder does not exist/],
      [['--images', imgs, '--out', out, '--score', '2'], /--score must be a number in \[0, 1\]/],
      [['--images', imgs, '--out', out, '--iou', 'abc'], /--iou must be a number/],
      [['--images', imgs, '--out', out, '--max', '0'], /--max must be an integer/],
      [['--images', imgs, '--out', out, '--model', 'yolo'], /unknown model "yolo"; available: coco-ssd/],
      [['--images', imgs, '--out', out, '--package', '--iou', '0.5'], /--iou does not apply to --package/],
      [['--images', imgs, '--out', out, '--annotations', path.join(dir, 'missing-annotations.json')], /--annotations: no such file/],
      [['--images', imgs, '--out', out, '--frobnicate'], /Unknown option '--frobnicate'/],
      [['--images', imgs, '--out', out, '--mode', 'slow'], /--mode must be fast or accurate/],
      [['--images', imgs, '--out', out, '--grid', '3'], /--grid, --flip and --merge need --mode accurate/],
      [['--images', imgs, '--out', out, '--mode', 'accurate', '--package'], /not with --package/],
      [['--images', imgs, '--out', out, '--mode', 'accurate', '--merge', 'avg'], /--merge must be nms or wbf/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    runs.forEach((r, i) => {
      expect(r.code, `${cases[i]![0].join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(cases[i]![1]);
      expect(r.stderr).toMatch(/Usage: npm run detect/);
    });
    expect(existsSync(out)).toBe(false);
  });
});
