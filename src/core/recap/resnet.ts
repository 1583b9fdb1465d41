/**
 * ResNet and ResNeXt as plain data, with parameters and multiply-adds per layer and per stage for any
 * input size (the recap's ResNet / ResNeXt tables).
 *
 * Conventions (documented on the page too):
 * - **Multiply-adds** (what both papers call "FLOPs"): a conv costs k·k·(c_in/groups)·c_out per output
 *   position, the fully connected layer c_in·c_out. BN, ReLU, pooling and the residual additions are
 *   not counted (they are < 1 % of the total).
 * - **Parameters**: conv weights (no conv biases: every conv is followed by BN), the classifier's
 *   weight and bias (1000 classes). BN's γ and β (2 per channel) are counted only with
 *   `countBn: true`; BN's running mean and variance are statistics (buffers), never parameters.
 *   With `countBn: true` the totals equal torchvision's `sum(p.numel() for p in m.parameters())`
 *   exactly (ResNet-50 25 557 032, ResNeXt-50 32×4d 25 028 904). Without BN: ResNet-50 25 503 912,
 *   which rounds to the ResNeXt paper's 25.5×10⁶ (with BN it rounds to 25.6; truncated, 25.5 too —
 *   the paper does not say), ResNeXt-50 24 960 680 ≈ 25.0×10⁶ (25.0 either way). torchvision's
 *   rounded figures include BN: ResNet-101 44.5 M, ResNet-152 60.2 M (44.4 and 60.0 without).
 * - **Shortcuts**: identity, and a 1×1 projection conv (+BN) where the shape changes (the papers'
 *   option B), in the first block of a stage.
 * - **Where the stride sits** in a bottleneck's first block: `'3x3'` (fb.resnet.torch, the ResNeXt
 *   paper, torchvision — "ResNet v1.5"): ResNet-50 4.1×10⁹ multiply-adds, as in ResNeXt Table 1;
 *   `'1x1'` (the original Caffe ResNet of He et al. 2015): the first 1×1 conv is strided, so the 3×3
 *   runs at the lower resolution — ResNet-50 3.86×10⁹, 101 7.57×10⁹, 152 11.28×10⁹ (the ResNet
 *   paper's Table 1 lists 3.8, 7.6, 11.3; with the stride at the 3×3: 4.09, 7.80, 11.51). Parameters do not depend on it.
 * - Output sizes follow PyTorch: conv1 7×7/2 pad 3, max-pool 3×3/2 pad 1, 3×3 convs pad 1, all
 *   rounding down. 224 → 112 → 56 → 28 → 14 → 7.
 */

export type BlockKind = 'basic' | 'bottleneck';
export type StrideAt = '1x1' | '3x3';

export interface ResNetSpec {
  readonly id: string;
  readonly name: string;
  readonly block: BlockKind;
  /** Blocks in the stages conv2_x … conv5_x. */
  readonly blocks: readonly [number, number, number, number];
  /** Groups of the 3×3 conv in a bottleneck (1 = ResNet). */
  readonly cardinality: number;
  /** Channels per group of the 3×3 conv in conv2_x (doubles each stage): 64 for ResNet, 4 for ResNeXt 32×4d. */
  readonly groupWidth: number;
}

export const RESNETS = {
  resnet18: { id: 'resnet18', name: 'ResNet-18', block: 'basic', blocks: [2, 2, 2, 2], cardinality: 1, groupWidth: 64 },
  resnet34: { id: 'resnet34', name: 'ResNet-34', block: 'basic', blocks: [3, 4, 6, 3], cardinality: 1, groupWidth: 64 },
  resnet50: { id: 'resnet50', name: 'ResNet-50', block: 'bottleneck', blocks: [3, 4, 6, 3], cardinality: 1, groupWidth: 64 },
  resnet101: { id: 'resnet101', name: 'ResNet-101', block: 'bottleneck', blocks: [3, 4, 23, 3], cardinality: 1, groupWidth: 64 },
  resnet152: { id: 'resnet152', name: 'ResNet-152', block: 'bottleneck', blocks: [3, 8, 36, 3], cardinality: 1, groupWidth: 64 },
  resnext50: { id: 'resnext50', name: 'ResNeXt-50 (32×4d)', block: 'bottleneck', blocks: [3, 4, 6, 3], cardinality: 32, groupWidth: 4 },
  resnext101: { id: 'resnext101', name: 'ResNeXt-101 (32×8d)', block: 'bottleneck', blocks: [3, 4, 23, 3], cardinality: 32, groupWidth: 8 },
} as const satisfies Record<string, ResNetSpec>;

export type ResNetId = keyof typeof RESNETS;
export const RESNET_IDS = Object.keys(RESNETS) as ResNetId[];

/** A ResNeXt-50-shaped bottleneck net with any cardinality C and group width d (ResNeXt Table 2). */
export function resnext50Variant(cardinality: number, groupWidth: number): ResNetSpec {
  return { id: `resnext50-${cardinality}x${groupWidth}d`, name: `ResNeXt-50 (${cardinality}×${groupWidth}d)`, block: 'bottleneck', blocks: [3, 4, 6, 3], cardinality, groupWidth };
}

export interface CountOptions {
  /** Input height and width (224 in the papers). */
  readonly height: number;
  readonly width: number;
  readonly strideAt: StrideAt;
  readonly countBn: boolean;
  readonly classes: number;
}

export const DEFAULT_COUNT: CountOptions = { height: 224, width: 224, strideAt: '3x3', countBn: false, classes: 1000 };

export type LayerRole = 'stem' | 'a' | 'b' | 'c' | 'shortcut' | 'fc';

export interface LayerCount {
  readonly role: LayerRole;
  readonly kernel: number;
  readonly stride: number;
  readonly cin: number;
  readonly cout: number;
  readonly groups: number;
  readonly outH: number;
  readonly outW: number;
  /** Weights (+ bias for the fc layer). */
  readonly params: number;
  /** BN γ, β after this layer (0 for fc). */
  readonly bnParams: number;
  readonly macs: number;
}

export interface BlockCount {
  readonly layers: readonly LayerCount[];
  readonly params: number;
  readonly bnParams: number;
  readonly macs: number;
}

export interface StageCount {
  /** 'conv1' (stem + max-pool), 'conv2'…'conv5', 'fc' (global average pool + classifier). */
  readonly name: 'conv1' | 'conv2' | 'conv3' | 'conv4' | 'conv5' | 'fc';
  readonly outH: number;
  readonly outW: number;
  readonly outC: number;
  readonly blocks: readonly BlockCount[];
  /** For conv2…conv5: the bottleneck's (or basic block's) widths, [in-stage width, out channels]. */
  readonly width: number;
  /** Parameters, as configured (`countBn` adds BN's γ, β). */
  readonly params: number;
  readonly bnParams: number;
  readonly macs: number;
}

export interface NetCount {
  readonly spec: ResNetSpec;
  readonly stages: readonly StageCount[];
  readonly params: number;
  readonly bnParams: number;
  readonly macs: number;
}

/** Output size of a conv/pool along one axis (PyTorch, rounding down). */
export function convOut(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/** One conv layer (no bias) followed by BN; `outH/outW` from the input size. */
export function convLayer(role: LayerRole, kernel: number, stride: number, cin: number, cout: number, groups: number, inH: number, inW: number): LayerCount {
  if (cin % groups !== 0 || cout % groups !== 0) throw new Error(`channels ${cin}→${cout} are not divisible by ${groups} groups`);
  const pad = (kernel - 1) >> 1;
  const outH = convOut(inH, kernel, stride, pad);
  const outW = convOut(inW, kernel, stride, pad);
  const params = kernel * kernel * (cin / groups) * cout;
  return { role, kernel, stride, cin, cout, groups, outH, outW, params, bnParams: 2 * cout, macs: params * outH * outW };
}

function sumBlock(layers: LayerCount[]): BlockCount {
  return {
    layers,
    params: layers.reduce((s, l) => s + l.params, 0),
    bnParams: layers.reduce((s, l) => s + l.bnParams, 0),
    macs: layers.reduce((s, l) => s + l.macs, 0),
  };
}

/** Per layer, per stage and total counts of `spec` for the input size and conventions of `opts`. */
export function countResNet(spec: ResNetSpec, opts: Partial<CountOptions> = {}): NetCount {
  const o = { ...DEFAULT_COUNT, ...opts };
  if (!(o.height >= 32 && o.width >= 32)) throw new Error('input must be at least 32×32 (five stride-2 steps)');
  const stages: StageCount[] = [];
  const withBn = (s: { params: number; bnParams: number }) => s.params + (o.countBn ? s.bnParams : 0);

  const stem = convLayer('stem', 7, 2, 3, 64, 1, o.height, o.width);
  let h = convOut(stem.outH, 3, 2, 1);
  let w = convOut(stem.outW, 3, 2, 1);
  const stemBlock = sumBlock([stem]);
  stages.push({ name: 'conv1', outH: h, outW: w, outC: 64, blocks: [stemBlock], width: 64, params: withBn(stemBlock), bnParams: stemBlock.bnParams, macs: stemBlock.macs });

  let cin = 64;
  const names = ['conv2', 'conv3', 'conv4', 'conv5'] as const;
  for (let s = 0; s < 4; s++) {
    const planes = 64 << s;
    const blocks: BlockCount[] = [];
    const width = spec.block === 'basic' ? planes : spec.cardinality * spec.groupWidth * (1 << s);
    const outC = spec.block === 'basic' ? planes : planes * 4;
    for (let b = 0; b < spec.blocks[s]!; b++) {
      const stride = b === 0 && s > 0 ? 2 : 1;
      const layers: LayerCount[] = [];
      if (spec.block === 'basic') {
        const a = convLayer('a', 3, stride, cin, planes, 1, h, w);
        layers.push(a, convLayer('b', 3, 1, planes, planes, 1, a.outH, a.outW));
      } else {
        const a = convLayer('a', 1, o.strideAt === '1x1' ? stride : 1, cin, width, 1, h, w);
        const bl = convLayer('b', 3, o.strideAt === '3x3' ? stride : 1, width, width, spec.cardinality, a.outH, a.outW);
        layers.push(a, bl, convLayer('c', 1, 1, width, outC, 1, bl.outH, bl.outW));
      }
      if (stride !== 1 || cin !== outC) layers.push(convLayer('shortcut', 1, stride, cin, outC, 1, h, w));
      const last = layers[layers.length - 1]!;
      h = last.outH;
      w = last.outW;
      cin = outC;
      blocks.push(sumBlock(layers));
    }
    const sum = { params: blocks.reduce((a, b) => a + b.params, 0), bnParams: blocks.reduce((a, b) => a + b.bnParams, 0), macs: blocks.reduce((a, b) => a + b.macs, 0) };
    stages.push({ name: names[s]!, outH: h, outW: w, outC, blocks, width, params: withBn(sum), bnParams: sum.bnParams, macs: sum.macs });
  }

  const fc: LayerCount = { role: 'fc', kernel: 1, stride: 1, cin, cout: o.classes, groups: 1, outH: 1, outW: 1, params: cin * o.classes + o.classes, bnParams: 0, macs: cin * o.classes };
  stages.push({ name: 'fc', outH: 1, outW: 1, outC: o.classes, blocks: [sumBlock([fc])], width: cin, params: fc.params, bnParams: 0, macs: fc.macs });

  return {
    spec,
    stages,
    params: stages.reduce((a, st) => a + st.params, 0),
    bnParams: stages.reduce((a, st) => a + st.bnParams, 0),
    macs: stages.reduce((a, st) => a + st.macs, 0),
  };
}

/**
 * Published figures the counts are checked against (and shown next to them on the page).
 * ResNet paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016
 * (arXiv 1512.03385), Table 1 — FLOPs for 224×224, no parameter counts.
 * ResNeXt paper: Xie, Girshick, Dollár, Tu, He, "Aggregated Residual Transformations for Deep Neural
 * Networks", CVPR 2017 (arXiv 1611.05431), Table 1 — ResNet-50 vs ResNeXt-50 (32×4d), FLOPs =
 * multiply-adds. torchvision: parameter counts of `torchvision.models.*` (with BN's γ, β).
 */
export const PUBLISHED = {
  resnetPaperGflops: { resnet18: 1.8, resnet34: 3.6, resnet50: 3.8, resnet101: 7.6, resnet152: 11.3 },
  resnextTable1: { resnet50: { params: 25.5e6, macs: 4.1e9 }, resnext50: { params: 25.0e6, macs: 4.2e9 } },
  torchvisionParams: { resnet18: 11_689_512, resnet34: 21_797_672, resnet50: 25_557_032, resnet101: 44_549_160, resnet152: 60_192_808, resnext50: 25_028_904, resnext101: 88_791_336 },
} as const;
