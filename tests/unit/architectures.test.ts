import { describe, expect, it } from 'vitest';
import { buildArchitecture, NET_IDS, unetValidSizes, type Architecture } from '../../src/core/architectures';

const shapeOf = (a: Architecture, id: string) => a.layers.find((l) => l.id === id)?.shape;

describe('U-Net (original, valid convolutions)', () => {
  const a = buildArchitecture('unet', { height: 572, width: 572, padding: 'valid' });
  it('572×572×1 → 388×388×2 with the paper’s intermediate sizes', () => {
    expect(a.error).toBeUndefined();
    expect(a.warnings).toEqual([]);
    expect(shapeOf(a, 'enc1_2')).toEqual([568, 568, 64]);
    expect(shapeOf(a, 'enc2_2')).toEqual([280, 280, 128]);
    expect(shapeOf(a, 'enc3_2')).toEqual([136, 136, 256]);
    expect(shapeOf(a, 'enc4_2')).toEqual([64, 64, 512]);
    expect(shapeOf(a, 'enc5_2')).toEqual([28, 28, 1024]);
    expect(shapeOf(a, 'upconv4')).toEqual([56, 56, 512]);
    expect(shapeOf(a, 'crop4')).toEqual([56, 56, 512]);
    expect(shapeOf(a, 'cat4')).toEqual([56, 56, 1024]);
    expect(shapeOf(a, 'dec1_2')).toEqual([388, 388, 64]);
    expect(a.output).toEqual([388, 388, 2]);
  });
  it('has 4 concatenation skips and ~31 M parameters', () => {
    const skips = a.edges.filter((e) => e.kind === 'skip');
    expect(skips).toHaveLength(4);
    expect(skips.every((e) => e.merge === 'concat')).toBe(true);
    // Hand sum: encoder 18,842,048 + decoder 12,188,610 (biases, 1 input channel, 2 classes, no BN).
    expect(a.params).toBe(31_030_658);
  });
  it('reports odd sizes before a pool; 572 is among the sizes that avoid them', () => {
    expect(buildArchitecture('unet', { height: 570, width: 570, padding: 'valid' }).warnings.length).toBeGreaterThan(0);
    const ok = unetValidSizes(540, 600);
    expect(ok).toContain(572);
    // consecutive valid tiles are 16 apart (2^4 pooling levels)
    for (let i = 1; i < ok.length; i++) expect(ok[i]! - ok[i - 1]!).toBe(16);
  });
  it('too small an input is an error at the layer where the size vanishes, not a throw', () => {
    const tiny = buildArchitecture('unet', { height: 60, width: 60, padding: 'valid' });
    expect(tiny.error).toBeDefined();
    expect(tiny.layers.length).toBeGreaterThan(0);
  });
  it("'same' padding keeps the input size (padding the up-sampled map on odd sizes)", () => {
    expect(buildArchitecture('unet', { height: 256, width: 256, padding: 'same' }).output).toEqual([256, 256, 2]);
    const odd = buildArchitecture('unet', { height: 250, width: 250, padding: 'same' });
    expect(odd.output).toEqual([250, 250, 2]);
    expect(odd.warnings.some((w) => w.code === 'fit')).toBe(true);
  });
});

describe('FCN (VGG16), Caffe version: padding 100, ceil pooling, crops', () => {
  it('500×500: pool5 22, fc6 16, and each of 32s/16s/8s crops back to 500×500×21', () => {
    for (const id of ['fcn32s', 'fcn16s', 'fcn8s'] as const) {
      const a = buildArchitecture(id, { height: 500, width: 500 });
      expect(a.error).toBeUndefined();
      expect(shapeOf(a, 'conv1_1')).toEqual([698, 698, 64]);
      expect(shapeOf(a, 'pool3')).toEqual([88, 88, 256]);
      expect(shapeOf(a, 'pool4')).toEqual([44, 44, 512]);
      expect(shapeOf(a, 'pool5')).toEqual([22, 22, 512]);
      expect(shapeOf(a, 'fc6')).toEqual([16, 16, 4096]);
      expect(a.output).toEqual([500, 500, 21]);
    }
    const a8 = buildArchitecture('fcn8s', { height: 500, width: 500 });
    expect(shapeOf(a8, 'upscore2')).toEqual([34, 34, 21]);
    expect(shapeOf(a8, 'upscore_pool4')).toEqual([70, 70, 21]);
    expect(shapeOf(a8, 'upscore8')).toEqual([568, 568, 21]);
    expect(a8.edges.filter((e) => e.kind === 'skip').map((e) => e.merge)).toEqual(['add', 'add']);
  });
  it('VGG16 parameters: 14,714,688 in conv1–5, 102,764,544 in fc6, 16,781,312 in fc7', () => {
    const a = buildArchitecture('fcn32s', { height: 224, width: 224 });
    const conv = a.layers.filter((l) => /^conv\d_\d$/.test(l.id)).reduce((n, l) => n + l.params, 0);
    expect(conv).toBe(14_714_688);
    expect(a.layers.find((l) => l.id === 'fc6')!.params).toBe(102_764_544);
    expect(a.layers.find((l) => l.id === 'fc7')!.params).toBe(16_781_312);
  });
  it('works for any size ≥ 1 (that is what padding 100 is for) and non-square inputs', () => {
    for (const [h, w] of [[1, 1], [37, 91], [224, 224], [333, 517], [1024, 768]] as const) {
      const a = buildArchitecture('fcn8s', { height: h, width: w });
      expect(a.error).toBeUndefined();
      expect(a.output).toEqual([h, w, 21]);
    }
  });
  it("'same' version: pool5 = ⌊H/32⌋, output = input size", () => {
    const a = buildArchitecture('fcn8s', { height: 500, width: 500, padding: 'same' });
    expect(shapeOf(a, 'pool5')).toEqual([15, 15, 512]);
    expect(a.output).toEqual([500, 500, 21]);
  });
});

describe('SegNet', () => {
  it('unpools to the exact pre-pooling size, even for odd sizes', () => {
    const a = buildArchitecture('segnet', { height: 360, width: 480, classes: 11 });
    expect(shapeOf(a, 'pool5')).toEqual([11, 15, 512]);
    expect(shapeOf(a, 'unpool5')).toEqual([22, 30, 512]);
    expect(shapeOf(a, 'unpool4')).toEqual([45, 60, 512]);
    expect(a.output).toEqual([360, 480, 11]);
    const skips = a.edges.filter((e) => e.kind === 'skip');
    // pool1..pool4 indices jump over the bottleneck; pool5's go straight to unpool5.
    expect(skips).toHaveLength(4);
    expect(skips.every((e) => e.merge === 'indices')).toBe(true);
  });
});

describe('DeepLabv3+ (ResNet-101)', () => {
  it('513 → low-level 129 (stride 4), ASPP at 33 (OS 16) or 65 (OS 8), output 513', () => {
    const a16 = buildArchitecture('deeplabv3p', { height: 513, width: 513 });
    expect(shapeOf(a16, 'block1')).toEqual([129, 129, 256]);
    expect(shapeOf(a16, 'block4')).toEqual([33, 33, 2048]);
    expect(shapeOf(a16, 'aspp_cat')).toEqual([33, 33, 1280]);
    expect(shapeOf(a16, 'dec_cat')).toEqual([129, 129, 304]);
    expect(a16.layers.map((l) => l.id)).toContain('aspp_r18');
    expect(a16.output).toEqual([513, 513, 21]);
    const a8 = buildArchitecture('deeplabv3p', { height: 513, width: 513, outputStride: 8 });
    expect(shapeOf(a8, 'block4')).toEqual([65, 65, 2048]);
    expect(a8.layers.map((l) => l.id)).toContain('aspp_r36');
  });
  it('ResNet-101 trunk ≈ 42.5 M parameters', () => {
    const a = buildArchitecture('deeplabv3p', { height: 513, width: 513 });
    const trunk = a.layers.filter((l) => l.op === 'stage' || l.id === 'conv1').reduce((n, l) => n + l.params, 0);
    expect(trunk).toBeGreaterThan(42_000_000);
    expect(trunk).toBeLessThan(43_000_000);
  });
});

describe('every net, many sizes', () => {
  it('builds 224..1024 without throwing; blocks cover all layers; edges reference blocks', () => {
    for (const id of NET_IDS) {
      for (let n = 224; n <= 1024; n += 97) {
        const a = buildArchitecture(id, { height: n, width: n + 13 });
        expect(a.blocks.reduce((c, b) => c + b.layers.length, 0)).toBe(a.layers.length);
        const ids = new Set(a.blocks.map((b) => b.id));
        for (const e of a.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
        if (id !== 'unet') expect(a.output.slice(0, 2)).toEqual([n, n + 13]);
      }
    }
  });
});
