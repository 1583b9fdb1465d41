/**
 * `npm run detect` on a hostile folder (issue #15, item 3): two normal photos, a valid 14000×14000 PNG,
 * a 74-byte PNG claiming 30000×30000 and a valid 12000×8000 baseline JPEG, all generated here. Every
 * readable image gets results (in its own pixels), the rest is named, and the child's peak RSS stays
 * under 1 GB. The big images carry a real photo scaled up, so their detections can be compared with the
 * photo's own, scaled by the known factor.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED_DIR } from '../../scripts/lib/nodeTf';
import { rgbToYcc, writeFlatBlockJpeg, writeHeaderOnlyPng, writePng } from './lib/bigImages';
import { assertCocoSsdWeights } from './lib/cocoSsdWeights';

const IMAGES = path.join(SHARED_DIR, 'images');
const CLI = path.join(REPO_ROOT, 'scripts', 'detect.ts');

interface Result {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

function runCli(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function iou(a: readonly number[], b: readonly number[]): number {
  const x1 = Math.max(a[0]!, b[0]!), y1 = Math.max(a[1]!, b[1]!);
  const x2 = Math.min(a[0]! + a[2]!, b[0]! + b[2]!), y2 = Math.min(a[1]! + a[3]!, b[1]! + b[3]!);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a[2]! * a[3]! + b[2]! * b[3]! - inter);
}

const photo = (name: string) => {
  const img = jpeg.decode(readFileSync(path.join(IMAGES, name)), { useTArray: true, formatAsRGBA: true });
  return { w: img.width, h: img.height, px: (x: number, y: number, k: number) => img.data[4 * (y * img.width + x) + k]! };
};

describe('npm run detect on huge and lying images', () => {
  let dir: string;
  const PNG_SIDE = 14000, JW = 12000, JH = 8000;
  let pngScale = 0, jpgScale = 0;

  beforeAll(async () => {
    assertCocoSsdWeights();
    dir = mkdtempSync(path.join(tmpdir(), 'detect-large-'));
    copyFileSync(path.join(IMAGES, '000000377575.jpg'), path.join(dir, '000000377575.jpg'));
    copyFileSync(path.join(IMAGES, '000000397133.jpg'), path.join(dir, '000000397133.jpg'));
    // 14000×14000 PNG: 000000397133.jpg scaled up uniformly (nearest neighbour) at the top, grey below
    const a = photo('000000397133.jpg');
    pngScale = PNG_SIDE / a.w;
    await writePng(path.join(dir, '000000900001.png'), PNG_SIDE, PNG_SIDE, (y, out) => {
      const sy = Math.floor(y / pngScale);
      if (sy >= a.h) return void out.fill(128);
      for (let x = 0; x < PNG_SIDE; x++) {
        const sx = Math.min(a.w - 1, Math.floor(x / pngScale));
        out[3 * x] = a.px(sx, sy, 0);
        out[3 * x + 1] = a.px(sx, sy, 1);
        out[3 * x + 2] = a.px(sx, sy, 2);
      }
    });
    writeHeaderOnlyPng(path.join(dir, '000000900002.png'), 30000, 30000);
    // 12000×8000 baseline JPEG: 000000568290.jpg (the bus) scaled up, one flat 8×8 block per sample
    const b = photo('000000568290.jpg');
    jpgScale = Math.min(JW / b.w, JH / b.h);
    writeFlatBlockJpeg(path.join(dir, '000000900003.jpg'), JW, JH, (bx, by) => {
      const sx = Math.floor((bx * 8 + 4) / jpgScale), sy = Math.floor((by * 8 + 4) / jpgScale);
      if (sx >= b.w || sy >= b.h) return [128, 128, 128];
      return rgbToYcc(b.px(sx, sy, 0), b.px(sx, sy, 1), b.px(sx, sy, 2));
    });
  }, 240_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes results for every readable image, names the rest, peaks under 1 GB', async () => {
    const out = path.join(dir, 'dets.json');
    const r = await runCli(['--images', dir, '--out', out, '--score', '0.3']);
    expect(r.stderr).toMatch(/000000900002\.png: skipped, bad image: too large: the header says 30000x30000/);
    expect(r.stderr).toMatch(/not processed \(see above why\): 000000900002\.png\n/);
    expect(r.stderr).toMatch(/done: 4 image\(s\) processed, 1 skipped/);
    expect(r.code).toBe(0);
    const rss = Number(/peak RSS (\d+) MB/.exec(r.stderr)?.[1]);
    expect(rss).toBeGreaterThan(50); // parsed: the model alone needs more
    expect(rss).toBeLessThan(1024);

    const res = JSON.parse(readFileSync(out, 'utf8')) as Result[];
    expect(new Set(res.map((d) => d.image_id))).toEqual(new Set([377575, 397133, 900001, 900003]));
    // Boxes in the big images' own pixels: the photo's best detection, scaled by the known factor, is found there.
    for (const [src, big, scale, side] of [[397133, 900001, pngScale, [PNG_SIDE, PNG_SIDE]], [568290, 900003, jpgScale, [JW, JH]]] as const) {
      let ref: Result[];
      if (src === 397133) ref = res.filter((d) => d.image_id === 397133);
      else {
        const refDir = mkdtempSync(path.join(dir, 'ref-'));
        copyFileSync(path.join(IMAGES, '000000568290.jpg'), path.join(refDir, '000000568290.jpg'));
        const r2 = await runCli(['--images', refDir, '--out', path.join(dir, 'ref.json'), '--score', '0.3']);
        expect(r2.code).toBe(0);
        ref = (JSON.parse(readFileSync(path.join(dir, 'ref.json'), 'utf8')) as Result[]).filter((d) => d.image_id === 568290);
      }
      const best = ref.reduce((p, c) => (c.score > p.score ? c : p));
      const want = best.bbox.map((v) => v * scale);
      const found = res.filter((d) => d.image_id === big && d.category_id === best.category_id);
      expect(Math.max(0, ...found.map((d) => iou(d.bbox, want)))).toBeGreaterThan(0.6);
      for (const d of res.filter((x) => x.image_id === big)) {
        expect(d.bbox[0] + d.bbox[2]).toBeLessThanOrEqual(side[0] + 1);
        expect(d.bbox[1] + d.bbox[3]).toBeLessThanOrEqual(side[1] + 1);
      }
    }
  }, 300_000);
});
