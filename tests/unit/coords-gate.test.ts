/**
 * The coordinate gate: src/core/coords.ts is the only file that makes a `Box<S>` or changes a box's
 * coordinate space. TypeScript enforces most of it (the `Box` brand, no exported generic constructor);
 * this scan catches what the types cannot: casts to `Box`, re-introduced generic constructors, and
 * TensorFlow yxyx rows or YOLO centre boxes converted by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as coords from '../../src/core/coords';
import * as geometry from '../../src/core/geometry';

const SRC = path.resolve(__dirname, '../../src');
const GATE = path.join('core', 'coords.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Forbidden outside coords.ts, each with why. */
export const FORBIDDEN: readonly { readonly re: RegExp; readonly why: string }[] = [
  { re: /as\s+(unknown\s+as\s+)?Box\s*</, why: 'a cast to Box<…> makes a box in any space' },
  { re: /\bbox\s*<\s*'/, why: 'a generic box<S>() constructor: use imageBox / normalizedBox / … from core/coords' },
  { re: /function\s+\w+\s*<\s*S\s+extends\s+Space\s*>[^{]*\)\s*:\s*Box\s*<\s*S\s*>/, why: 'a generic function returning Box<S> (only coords.ts may build boxes)' },
  // rows[4 * i + 1], rows[4 * i] …: TensorFlow's (ymin, xmin, …) reordered by hand
  { re: /\[4 \* (\w+) \+ 1\]!?,\s*\w+\[4 \* \1\]!?,\s*\w+\[4 \* \1 \+ 3\]/, why: 'a yxyx row swapped by hand: use yxyxToXyxy / normalizedFromYxyxRow' },
  // cx - w / 2, cy - h / 2: a YOLO centre box converted by hand
  { re: /[\w.]*x\s*-\s*[\w.]*w\s*\/\s*2\s*,\s*[\w.]*y\s*-\s*[\w.]*h\s*\/\s*2/, why: 'a centre box converted by hand: use yoloCentreToXYWH / writeGridCentreRow' },
  // boxes[4 * j]! * w: a normalized row scaled to pixels by hand
  { re: /\w+\[4 \* \w+\]!? \* (w|width)\b/, why: 'a normalized row scaled by hand: use normalizedToImage / painter.fromNormalized' },
];

export function violations(file: string, text: string): string[] {
  return FORBIDDEN.flatMap(({ re, why }) => {
    const m = re.exec(text);
    if (!m) return [];
    const line = text.slice(0, m.index).split('\n').length;
    return [`${file}:${line}: ${why}: ${m[0]}`];
  });
}

describe('coordinate gate', () => {
  it('geometry.ts exports no box constructor; coords.ts exports one per space', () => {
    expect(Object.keys(geometry).filter((k) => /^(box|fromXYWH|clip)$/.test(k))).toEqual([]);
    for (const k of ['imageBox', 'normalizedBox', 'modelBox', 'canvasBox', 'imageFromXYWH', 'clip']) expect(typeof (coords as Record<string, unknown>)[k]).toBe('function');
  });

  it('no file under src/ but core/coords.ts builds a box or converts a space by hand', () => {
    const found = sources(SRC)
      .filter((f) => path.relative(SRC, f) !== GATE)
      .flatMap((f) => violations(path.relative(SRC, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan catches each forbidden construct (hand-made examples)', () => {
    const bad = [
      "const b = { x1: 0, y1: 0, x2: 1, y2: 1 } as Box<'image'>;",
      "const b = box<'normalized'>(0, 0, 1, 1);",
      'export function mk<S extends Space>(a: number): Box<S> { return null!; }',
      'const c = p.toCanvas(make(rows[4 * i + 1]!, rows[4 * i]!, rows[4 * i + 3]!, rows[4 * i + 2]!));',
      'bbox: [b.cx - b.w / 2, b.cy - b.h / 2, b.w, b.h]',
      'ctx.strokeRect(bx[4 * j]! * w, bx[4 * j + 1]! * h, 1, 1);',
    ];
    for (const line of bad) expect(violations('x.ts', line), line).toHaveLength(1);
    expect(violations('x.ts', 'const c = normalizedFromYxyxRow(rows, i); imageBox(0, 0, 1, 1);')).toEqual([]);
  });
});

describe('boxes reported to users are clipped to the image', () => {
  const image = { width: 640, height: 480 };
  it('normalizedToImageClipped clips what normalizedToImage does not', () => {
    // A detector box sticking out left and bottom, as coco-ssd gives for a cat at the edge.
    const n = coords.normalizedBox(-0.00625, 0.5, 0.5, 1.05);
    expect(coords.normalizedToImage(n, image)).toEqual(coords.imageBox(-4, 240, 320, 504));
    expect(coords.normalizedToImageClipped(n, image)).toEqual(coords.imageBox(0, 240, 320, 480));
  });
  it('a normalized row → clipped [x, y, w, h] in pixels', () => {
    const rows = Float32Array.from([0.25, -0.5, 1.5, 0.5]);
    expect(coords.normalizedRowToImageXYWH(rows, 0, { width: 100, height: 200 })).toEqual([25, 0, 75, 100]);
  });
  it('yxyx rows: one reorder, row by row', () => {
    const yx = Float32Array.from([0.125, 0.25, 0.375, 0.5]);
    expect(coords.normalizedFromYxyxRow(yx, 0)).toEqual(coords.normalizedBox(0.25, 0.125, 0.5, 0.375));
    expect(Array.from(coords.yxyxToXyxy(yx))).toEqual([0.25, 0.125, 0.5, 0.375]);
  });
  it('YOLO centre boxes: label (cx, cy, w, h) and grid units', () => {
    expect(coords.yoloCentreToXYWH(0.5, 0.25, 0.2, 0.1)).toEqual([0.4, 0.2, 0.2, 0.1]);
    const out = new Float32Array(4);
    // centre (2, 3) of size 2 × 4 cells on an 8-cell grid: corners (1, 1)–(3, 5) cells = 1/8 … 5/8
    coords.writeGridCentreRow(out, 0, 2, 3, 2, 4, 8);
    expect(Array.from(out)).toEqual([1 / 8, 1 / 8, 3 / 8, 5 / 8]);
    expect(coords.normalizedToGridCentre({ x1: 1 / 8, y1: 1 / 8, x2: 3 / 8, y2: 5 / 8 }, 8)).toEqual({ bx: 2, by: 3, bw: 2, bh: 4 });
    expect(coords.normalizedXYWHToImage([0.4, 0.2, 0.2, 0.1], { width: 50, height: 100 })).toEqual([20, 20, 10, 10]);
  });
});
