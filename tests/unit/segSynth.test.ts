/**
 * The synthetic segmentation data set: determinism by seed, valid labels, textures, z-order,
 * disjoint splits, batch packing, the boundary band and the data-set evaluation.
 */
import { describe, expect, it } from 'vitest';
import {
  boundaryBand,
  boundaryOnlyLabels,
  CLASS_HUES,
  DEFAULT_SYNTH,
  evaluateSegmentation,
  generateSample,
  mulberry32,
  packBatch,
  sampleSeed,
  SEG_CLASS_COLORS,
  SEG_CLASS_NAMES,
  SEG_NUM_CLASSES,
  splitSamples,
  TEXTURES,
} from '../../src/core/segSynth';

describe('generateSample', () => {
  it('is deterministic by seed and differs between seeds', () => {
    const a = generateSample(42);
    const b = generateSample(42);
    const c = generateSample(43);
    expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba))).toBe(true);
    expect(Buffer.from(a.labels).equals(Buffer.from(b.labels))).toBe(true);
    expect(Buffer.from(a.rgba).equals(Buffer.from(c.rgba))).toBe(false);
  });

  it('gives a 64×64 RGBA image with opaque pixels and labels in [0, numClasses)', () => {
    for (let seed = 0; seed < 30; seed++) {
      const s = generateSample(seed);
      expect(s.width).toBe(64);
      expect(s.rgba.length).toBe(64 * 64 * 4);
      expect(s.labels.length).toBe(64 * 64);
      let bad = 0;
      for (let p = 0; p < 64 * 64; p++) if (s.rgba[4 * p + 3] !== 255 || s.labels[p]! >= SEG_NUM_CLASSES) bad++;
      expect(bad).toBe(0);
      expect(s.shapes.length).toBeGreaterThanOrEqual(DEFAULT_SYNTH.minShapes);
      expect(s.shapes.length).toBeLessThanOrEqual(DEFAULT_SYNTH.maxShapes);
    }
  });

  it('has 4 classes with a colour each, and over many images every class and texture occurs', () => {
    expect(SEG_CLASS_NAMES).toEqual(['background', 'disk', 'square', 'triangle']);
    expect(SEG_CLASS_COLORS.length).toBe(SEG_NUM_CLASSES);
    const classes = new Set<number>();
    const textures = new Set<string>();
    for (const s of splitSamples('train', 0, 40)) {
      s.labels.forEach((l) => classes.add(l));
      s.shapes.forEach((sh) => textures.add(sh.texture));
    }
    expect([...classes].sort()).toEqual([0, 1, 2, 3]);
    expect([...textures].sort()).toEqual([...TEXTURES].sort());
  });

  it('draws each class from its own hue band (colour correlates with class), squares and triangles barely rotated', () => {
    const hue = ([r, g, b]: readonly number[]) => {
      const max = Math.max(r!, g!, b!);
      const d = max - Math.min(r!, g!, b!);
      const h = max === r ? ((g! - b!) / d) % 6 : max === g ? (b! - r!) / d + 2 : (r! - g!) / d + 4;
      return (h * 60 + 360) % 360;
    };
    for (const s of splitSamples('train', 0, 30)) {
      for (const sh of s.shapes) {
        const [centre, half] = CLASS_HUES[sh.cls]!;
        const diff = Math.abs(((hue(sh.color) - centre + 540) % 360) - 180);
        expect(diff).toBeLessThanOrEqual(half + 2);
        const base = sh.cls === 3 ? Math.PI / 2 : 0;
        if (sh.cls !== 1) expect(Math.abs(sh.angle - base)).toBeLessThanOrEqual(DEFAULT_SYNTH.maxRotation);
      }
    }
  });

  it('labels the topmost shape: the last-drawn shape owns its centre pixel (z-order)', () => {
    for (let seed = 100; seed < 140; seed++) {
      const s = generateSample(seed);
      const top = s.shapes.at(-1)!;
      const p = Math.floor(top.cy) * 64 + Math.floor(top.cx);
      // The centre of a triangle/square/disk with radius ≥ 7 is well inside it.
      expect(s.labels[p]).toBe(top.cls);
    }
  });

  it('without texture and noise, the background is one flat colour', () => {
    const s = generateSample(7, { ...DEFAULT_SYNTH, texture: 0, noise: 0 });
    const colours = new Set<string>();
    for (let p = 0; p < 64 * 64; p++) if (s.labels[p] === 0) colours.add(`${s.rgba[4 * p]},${s.rgba[4 * p + 1]},${s.rgba[4 * p + 2]}`);
    expect(colours.size).toBe(1);
    const noisy = generateSample(7);
    const noisyColours = new Set<string>();
    for (let p = 0; p < 64 * 64; p++) if (noisy.labels[p] === 0) noisyColours.add(`${noisy.rgba[4 * p]}`);
    expect(noisyColours.size).toBeGreaterThan(10);
  });

  it('rejects bad options with a clear error', () => {
    expect(() => generateSample(1, { ...DEFAULT_SYNTH, size: 3 })).toThrow(/size/);
    expect(() => generateSample(1, { ...DEFAULT_SYNTH, minShapes: 3, maxShapes: 2 })).toThrow(/shape count/);
    expect(() => generateSample(1, { ...DEFAULT_SYNTH, minRadius: 0 })).toThrow(/radius/);
  });
});

describe('splits and batches', () => {
  it('train, val and test seeds never coincide for the first images', () => {
    const seen = new Set<number>();
    for (const split of ['train', 'val', 'test'] as const) for (let i = 0; i < 2000; i++) seen.add(sampleSeed(split, i));
    expect(seen.size).toBe(6000);
  });

  it('mulberry32 is uniform enough in [0, 1)', () => {
    const r = mulberry32(5);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 10000; i++) {
      const v = r();
      if (v < 0 || v >= 1) outside++;
      sum += v;
    }
    expect(outside).toBe(0);
    expect(sum / 10000).toBeCloseTo(0.5, 1);
  });

  it('packBatch scales RGB to [0, 1] and copies the labels', () => {
    const s = splitSamples('val', 0, 2);
    const b = packBatch(s);
    expect(b.count).toBe(2);
    expect(b.images.length).toBe(2 * 64 * 64 * 3);
    expect(b.images[3 * 64 * 64 * 1 + 0]).toBeCloseTo(s[1]!.rgba[0]! / 255, 6);
    expect(b.labels[64 * 64 + 100]).toBe(s[1]!.labels[100]);
    expect(() => packBatch([])).toThrow(/empty/);
  });
});

describe('boundary band and evaluation', () => {
  // 8×8, left half class 0, right half class 1: the edge lies between columns 3 and 4.
  const halves = new Uint8Array(64).map((_, i) => (i % 8 >= 4 ? 1 : 0));

  it('marks `radius` pixels on each side of an edge', () => {
    const band = boundaryBand(halves, 8, 8, 2);
    for (let y = 0; y < 8; y++) {
      const row = Array.from(band.subarray(y * 8, y * 8 + 8));
      expect(row).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
    }
    expect(Array.from(boundaryBand(halves, 8, 8, 1).subarray(0, 8))).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    expect(boundaryBand(new Uint8Array(64), 8, 8).every((v) => v === 0)).toBe(true);
    expect(() => boundaryBand(halves, 7, 8)).toThrow(/pixels/);
  });

  it('boundaryOnlyLabels ignores (255) everything outside the band', () => {
    const b = boundaryOnlyLabels(halves, 8, 8, 2);
    expect(Array.from(b.subarray(0, 8))).toEqual([255, 255, 0, 0, 1, 1, 255, 255]);
  });

  it('a perfect prediction scores 1 everywhere; a shifted edge hurts the boundary score far more', () => {
    const gts = [halves, halves];
    const perfect = new Uint8Array(128);
    perfect.set(halves, 0);
    perfect.set(halves, 64);
    const ev = evaluateSegmentation(gts, perfect, 8, 2);
    expect(ev.meanIoU).toBe(1);
    expect(ev.boundaryMeanIoU).toBe(1);
    expect(ev.pixelAccuracy).toBe(1);
    // Prediction's edge one column to the right: column 4 is wrong (8 of 64 pixels per image).
    const shifted = new Uint8Array(128).map((_, i) => (i % 8 >= 5 ? 1 : 0));
    const ev2 = evaluateSegmentation(gts, shifted, 8, 2);
    expect(ev2.pixelAccuracy).toBeCloseTo(56 / 64, 10);
    expect(ev2.boundaryPixelAccuracy).toBeCloseTo(24 / 32, 10);
    // Class 1: TP 24 of 32 GT pixels, no FP → IoU 0.75; class 0: TP 32, FP 8 → 0.8.
    expect(ev2.classIoU[0]).toBeCloseTo(32 / 40, 10);
    expect(ev2.classIoU[1]).toBeCloseTo(24 / 32, 10);
    expect(ev2.boundaryMeanIoU).toBeLessThan(ev2.meanIoU);
    expect(() => evaluateSegmentation(gts, new Uint8Array(10), 8, 2)).toThrow(/expected/);
  });
});
