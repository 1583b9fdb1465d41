/**
 * The fast results reader (`scanCocoResults`: file bytes → columns) against the general path
 * (`JSON.parse` + `cocoResultsFromJson`, the reference here): every metrics fixture and random results files
 * give the same detections field by field (numbers compared bit for bit, including awkward literals), the same
 * evaluation report, and anything outside the reader's subset is handed back (null), never read differently.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  columnsRleCounts, evaluateDetections, parseCocoGroundTruth, parseCocoResults, reportToJson, rleFrPoly, rleToString, scanCocoResults,
  type Detection, type DetectionColumns, type IouType,
} from '../../src/core/eval';
import { mulberry32 } from '../../src/core/random';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/metrics');
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The columns as the general parser's objects (only what the evaluation reads). */
function asDetections(c: DetectionColumns): Detection[] {
  const out: Detection[] = [];
  for (let i = 0; i < c.length; i++) {
    const counts = columnsRleCounts(c, i);
    out.push({
      imageId: c.imageId[i]!, categoryId: c.categoryId[i]!, score: c.score[i]!,
      bbox: c.hasBox[i] ? [c.bbox[4 * i]!, c.bbox[4 * i + 1]!, c.bbox[4 * i + 2]!, c.bbox[4 * i + 3]!] : undefined,
      segmentation: counts === null ? undefined : { size: [c.rleH[i]!, c.rleW[i]!], counts },
    });
  }
  return out;
}

/** What the evaluation reads of the general parser's detections. */
function normal(d: readonly Detection[]): Detection[] {
  return d.map((x) => {
    const seg = x.segmentation as { size: readonly [number, number]; counts: string } | undefined;
    return {
      imageId: x.imageId, categoryId: x.categoryId, score: x.score, bbox: x.bbox ? [...x.bbox] as unknown as Detection['bbox'] : undefined,
      segmentation: seg === undefined ? undefined : { size: [seg.size[0], seg.size[1]], counts: seg.counts },
    };
  });
}

/** Deep equality where numbers must be the same double (Object.is: -0 ≠ 0, bit-level for finite values). */
function sameDetections(a: readonly Detection[], b: readonly Detection[]): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  const walk = (x: unknown, y: unknown, where: string): string | null => {
    if (typeof x === 'number' || typeof y === 'number') return Object.is(x, y) ? null : `${where}: ${String(x)} vs ${String(y)}`;
    if (x === undefined || y === undefined || typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return x === y ? null : `${where}: ${String(x)} vs ${String(y)}`;
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) {
      const r = walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${where}.${k}`);
      if (r) return r;
    }
    return null;
  };
  for (let i = 0; i < a.length; i++) { const r = walk(a[i], b[i], `[${i}]`); if (r) return r; }
  return null;
}

function compare(text: string, iouType: IouType): void {
  const cols = scanCocoResults(bytesOf(text), iouType);
  expect(cols, 'the fast reader declined the file').not.toBeNull();
  const diff = sameDetections(asDetections(cols!), normal(parseCocoResults(text, 'dt.json', { iouType })));
  expect(diff).toBeNull();
}

describe('scanCocoResults = JSON.parse + cocoResultsFromJson', () => {
  const scenarios = readdirSync(fixtures).filter((f) => f.endsWith('.dt.json')).map((f) => f.replace(/\.dt\.json$/, '')).sort();

  it('every metrics fixture: same detections and the same report (stats, per category, VOC) as the general path', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    for (const name of scenarios) {
      const gt = parseCocoGroundTruth(readFileSync(path.join(fixtures, `${name}.gt.json`), 'utf8'), 'gt.json');
      const bytes = readFileSync(path.join(fixtures, `${name}.dt.json`));
      const cols = scanCocoResults(bytes);
      expect(cols, name).not.toBeNull();
      const general = parseCocoResults(bytes.toString('utf8'), 'dt.json');
      expect(sameDetections(asDetections(cols!), normal(general)), name).toBeNull();
      const fast = evaluateDetections(gt, cols!), ref = evaluateDetections(gt, general);
      expect(JSON.stringify(reportToJson(fast)), name).toBe(JSON.stringify(reportToJson(ref)));
      expect(fast.summaryLines, name).toEqual(ref.summaryLines);
      const exp = JSON.parse(readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8')) as { coco: { stats: number[] } };
      exp.coco.stats.forEach((v, i) => expect(Math.abs(fast.stats[i]! - v), `${name} stats[${i}]`).toBeLessThanOrEqual(1e-9));
    }
  });

  it('number literals: every form JSON allows, each the same double as JSON.parse gives', () => {
    const rnd = mulberry32(314);
    const lits = ['0', '-0', '0.0', '-0.0', '1', '-1', '0.1', '0.3', '1e0', '1E2', '1e+2', '1e-2', '2.5e-3', '-7.0E+1', '123456789012345',
      '1234567890123456', '12345678901234567890', '0.000001', '0.1234567890123456789', '9007199254740993', '1e22', '1e23', '1e-22', '1e-23',
      '4.35', '0.57', '1e308', '2.2250738585072014e-308', '5e-324', '100000', '640', '480', '0.014', '17.000', '1.7976931348623157e308'];
    for (let n = 0; n < 3000; n++) {
      // random decimals of every length, up to 20 digits, with and without exponents
      const int = String(Math.floor(rnd() * 10 ** Math.floor(rnd() * 10)));
      const frac = Array.from({ length: Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 10)).join('');
      const exp = rnd() < 0.3 ? `e${rnd() < 0.5 ? '-' : ''}${Math.floor(rnd() * 30)}` : '';
      lits.push(`${rnd() < 0.3 ? '-' : ''}${int}${frac ? `.${frac}` : ''}${exp}`);
    }
    const text = `[${lits.map((l, i) => `{"image_id":${i},"category_id":${l},"bbox":[${l},0,0,1],"score":${l}}`).join(',\n')}]`;
    compare(text, 'bbox');
  });

  it('random results files: key orders, whitespace, extra keys, empty boxes, RLE with backslashes, bbox and segm', () => {
    const rnd = mulberry32(2718);
    for (let f = 0; f < 40; f++) {
      const iouType: IouType = f % 2 ? 'segm' : 'bbox';
      const ws = () => [' ', '\n', '\t', '\r\n', ''][Math.floor(rnd() * 5)]!;
      const items: string[] = [];
      for (let i = 0; i < 60; i++) {
        const fields: string[] = [
          `"image_id":${ws()}${Math.floor(rnd() * 9)}`, `"category_id":${Math.floor(rnd() * 4)}`, `"score":${(rnd()).toFixed(Math.floor(rnd() * 17))}`,
        ];
        const hasRle = iouType === 'segm' || rnd() < 0.3;
        if (iouType === 'bbox' || rnd() < 0.5) fields.push(rnd() < 0.1 && hasRle ? '"bbox":[]' : `"bbox":[${[0, 0, 0, 0].map(() => (rnd() * 600).toFixed(2)).join(`,${ws()}`)}]`);
        if (hasRle) {
          const h = 8 + Math.floor(rnd() * 60), w = 8 + Math.floor(rnd() * 60);
          const xy = Array.from({ length: 12 }, (_, j) => (j % 2 ? h : w) * rnd());
          const rle = { size: [h, w], counts: rleToString(rleFrPoly(xy, h, w)), extra: [1, { a: 'x\\"y' }] };
          fields.push(`"segmentation":${ws()}${JSON.stringify(rnd() < 0.5 ? rle : { counts: rle.counts, size: rle.size })}`);
        }
        if (rnd() < 0.3) fields.push(`"id":${i},"area":1.5,"note":"a\\u00e9\\n\\"b","ok":true,"x":null,"nested":{"k":[1,-2.5e3,false,[]]}`);
        if (rnd() < 0.2) fields.push('"name":"é ü"'); // non-ASCII bytes in a string that is not read
        for (let j = fields.length - 1; j > 0; j--) { const q = Math.floor(rnd() * (j + 1)); [fields[j], fields[q]] = [fields[q]!, fields[j]!]; }
        items.push(`${ws()}{${ws()}${fields.join(`${ws()},${ws()}`)}${ws()}}`);
      }
      const text = `${ws()}[${items.join(',')}]${ws()}`;
      compare(text, iouType);
    }
    // the RLE alphabet holds the backslash, written \\ in JSON: the counts must come out unescaped
    const counts = '\\\\\\\\1O'; // JSON text for the string \\1O
    compare(`[{"image_id":1,"category_id":1,"score":0.5,"segmentation":{"size":[10,10],"counts":"${counts}"}}]`, 'segm');
    const c = scanCocoResults(bytesOf(`[{"image_id":1,"category_id":1,"score":0.5,"segmentation":{"size":[10,10],"counts":"${counts}"}}]`), 'segm')!;
    expect(columnsRleCounts(c, 0)).toBe('\\\\1O');
  });

  it('hands back (null) what it does not read, whatever the general parser makes of it', () => {
    const ok = '{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":0.5}';
    expect(scanCocoResults(bytesOf(`[${ok}]`))).not.toBeNull();
    expect(scanCocoResults(bytesOf('[]'))!.length).toBe(0);
    const out = [
      `\ufeff[${ok}]`, // byte-order mark (JSON.parse refuses it)
      `[${ok},]`, `[${ok}`, `[${ok}] x`, '{}', '', `[${ok.replace('0.5', '.5')}]`, `[${ok.replace('0.5', '05')}]`, `[${ok.replace('0.5', '0.5e')}]`,
      `[${ok.replace('0.5', '"0.5"')}]`, `[${ok.replace('0.5', '1e400')}]`, `[${ok.replace('"score":0.5', '"score":0.5,"score":0.7')}]`,
      `[${ok.replace('"image_id"', '"image\\u005fid"')}]`, `[${ok.replace('"score":0.5', '"sco\\re":0.5')}]`,
      `[${ok.replace('[0,0,1,1]', '[0,0,1]')}]`, `[${ok.replace('[0,0,1,1]', '[1e308,1e308,1,1]')}]`, `[${ok.replace('[0,0,1,1]', 'null')}]`,
      '[{"image_id":1,"category_id":1,"score":0.5}]', '[null]', '[{"image_id":1,"category_id":1,"score":0.5,"x":tru}]',
      `[${ok.replace('}', ',"x":"a\u0001b"}')}]`,
    ];
    for (const s of out) expect(scanCocoResults(bytesOf(s)), s).toBeNull();
    // segm: polygons and uncompressed RLE are the general parser's; an invalid RLE too (it words the error)
    const seg = (v: string) => bytesOf(`[{"image_id":1,"category_id":1,"score":0.5,"segmentation":${v}}]`);
    for (const v of ['[[0,0,5,0,5,5]]', '{"size":[4,4],"counts":[0,16]}', '{"size":[4,4],"counts":"a b"}', '{"size":[4.5,4],"counts":"04"}', '{"size":[4],"counts":"04"}', '{"counts":"04"}', '{"size":[4,4],"counts":"0\\/4"}']) {
      expect(scanCocoResults(seg(v), 'segm'), v).toBeNull();
    }
    // …but in bbox mode a detection's segmentation is not read when it has a box, so it does not matter
    expect(scanCocoResults(bytesOf(`[${ok.replace('}', ',"segmentation":[[0,0,5,0,5,5]]}')}]`))).not.toBeNull();
  });
});
