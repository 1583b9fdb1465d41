/**
 * ResNet / ResNeXt counts against published figures (torchvision parameter counts exactly; the
 * ResNeXt paper's Table 1 and the ResNet paper's Table 1 to their precision) and against stage
 * counts worked out by hand here, independently of the code.
 */
import { describe, expect, it } from 'vitest';
import { convOut, countResNet, resnext50Variant, RESNETS } from '../../src/core/recap/resnet';
import { blockDiagonalKernel, groupedConvCost, LECTURE_GROUPED } from '../../src/core/recap/groupedConv';

const M = 1e6;
const G = 1e9;

describe('ResNet / ResNeXt parameter and multiply-add counts at 224×224', () => {
  it('ResNeXt paper Table 1: ResNet-50 25.5×10⁶ / 4.1×10⁹, ResNeXt-50 (32×4d) 25.0×10⁶ / 4.2×10⁹ (no BN params, stride at the 3×3)', () => {
    const r50 = countResNet(RESNETS.resnet50);
    const x50 = countResNet(RESNETS.resnext50);
    expect((r50.params / M).toFixed(1)).toBe('25.5');
    expect((r50.macs / G).toFixed(1)).toBe('4.1');
    expect((x50.params / M).toFixed(1)).toBe('25.0');
    expect((x50.macs / G).toFixed(1)).toBe('4.2');
    // Counting BN's γ, β would make ResNet-50 round to 25.6: the paper's 25.5 is without them.
    expect((countResNet(RESNETS.resnet50, { countBn: true }).params / M).toFixed(1)).toBe('25.6');
  });

  it('with BN γ, β the totals equal torchvision exactly (11 689 512 … 88 791 336)', () => {
    const torchvision = { resnet18: 11_689_512, resnet34: 21_797_672, resnet50: 25_557_032, resnet101: 44_549_160, resnet152: 60_192_808, resnext50: 25_028_904, resnext101: 88_791_336 };
    for (const [id, n] of Object.entries(torchvision)) expect(countResNet(RESNETS[id as keyof typeof RESNETS], { countBn: true }).params, id).toBe(n);
  });

  it('ResNet-18/34/101/152: 11.7, 21.8, 44.5, 60.2 M parameters (torchvision, rounded)', () => {
    expect((countResNet(RESNETS.resnet18).params / M).toFixed(1)).toBe('11.7');
    expect((countResNet(RESNETS.resnet34).params / M).toFixed(1)).toBe('21.8');
    expect((countResNet(RESNETS.resnet101, { countBn: true }).params / M).toFixed(1)).toBe('44.5');
    expect((countResNet(RESNETS.resnet152).params / M).toFixed(1)).toBe('60.0');
    expect((countResNet(RESNETS.resnet152, { countBn: true }).params / M).toFixed(1)).toBe('60.2');
  });

  it('ResNet paper Table 1 FLOPs (1.8, 3.6, 3.8, 7.6, 11.3 ×10⁹) with the original stride-in-the-1×1 blocks, within 0.07×10⁹', () => {
    const paper = { resnet18: 1.8, resnet34: 3.6, resnet50: 3.8, resnet101: 7.6, resnet152: 11.3 } as const;
    for (const [id, g] of Object.entries(paper)) expect(Math.abs(countResNet(RESNETS[id as keyof typeof paper], { strideAt: '1x1' }).macs / G - g), id).toBeLessThan(0.07);
  });

  it('torchvision GFLOPS (stride at the 3×3): 1.81, 3.66, 4.09, 7.80, 11.51, ResNeXt-50 4.23', () => {
    const tv = { resnet18: 1.81, resnet34: 3.66, resnet50: 4.09, resnet101: 7.8, resnet152: 11.51, resnext50: 4.23 } as const;
    for (const [id, g] of Object.entries(tv)) expect((countResNet(RESNETS[id as keyof typeof tv]).macs / G).toFixed(2), id).toBe(g.toFixed(2));
  });

  it('ResNet-50 conv2_x by hand: 212 992 weights, 667 942 912 multiply-adds at 56×56', () => {
    // Block 1: 1×1 64→64, 3×3 64→64, 1×1 64→256, projection 1×1 64→256.
    const block1 = 64 * 64 + 9 * 64 * 64 + 64 * 256 + 64 * 256; // 4096 + 36864 + 16384 + 16384 = 73 728
    // Blocks 2, 3: 1×1 256→64, 3×3 64→64, 1×1 64→256.
    const block2 = 256 * 64 + 9 * 64 * 64 + 64 * 256; // 16384 + 36864 + 16384 = 69 632
    const weights = block1 + 2 * block2;
    expect(weights).toBe(212_992);
    const stage = countResNet(RESNETS.resnet50).stages.find((s) => s.name === 'conv2')!;
    expect(stage.params).toBe(212_992);
    expect(stage.macs).toBe(212_992 * 56 * 56);
    expect(stage.macs).toBe(667_942_912);
    expect([stage.outH, stage.outW, stage.outC]).toEqual([56, 56, 256]);
  });

  it('ResNeXt-50 conv2_x by hand: 202 240 weights (3×3 grouped: 3·3·4·128 = 4608)', () => {
    const block1 = 64 * 128 + 9 * (128 / 32) * 128 + 128 * 256 + 64 * 256; // 8192 + 4608 + 32768 + 16384
    const block2 = 256 * 128 + 9 * 4 * 128 + 128 * 256; // 32768 + 4608 + 32768
    expect(block1 + 2 * block2).toBe(202_240);
    const stage = countResNet(RESNETS.resnext50).stages.find((s) => s.name === 'conv2')!;
    expect(stage.params).toBe(202_240);
    expect(stage.macs).toBe(202_240 * 3136);
  });

  it('ResNet-50 stem and classifier by hand: 9408 weights, 118 013 952 multiply-adds; fc 2 049 000', () => {
    const net = countResNet(RESNETS.resnet50);
    expect(net.stages[0]!.params).toBe(7 * 7 * 3 * 64);
    expect(net.stages[0]!.macs).toBe(7 * 7 * 3 * 64 * 112 * 112);
    expect(net.stages.at(-1)!.params).toBe(2048 * 1000 + 1000);
  });

  it('ResNet-34 conv3_x by hand (basic blocks, stride 2 in the first 3×3): 1 116 416 weights', () => {
    const first = 9 * 64 * 128 + 9 * 128 * 128 + 64 * 128; // 73728 + 147456 + 8192
    const rest = 2 * 9 * 128 * 128; // 294 912, ×3
    const stage = countResNet(RESNETS.resnet34).stages.find((s) => s.name === 'conv3')!;
    expect(stage.params).toBe(first + 3 * rest);
    expect(stage.macs).toBe((first + 3 * rest) * 28 * 28);
  });

  it('other input sizes: output sizes round down like PyTorch, counts scale with positions', () => {
    expect(convOut(225, 7, 2, 3)).toBe(113);
    const r = countResNet(RESNETS.resnet50, { height: 448, width: 448 });
    expect(r.params).toBe(countResNet(RESNETS.resnet50).params);
    // Everything but the fc layer scales with the 4× more positions.
    const fc = 2048 * 1000;
    expect(r.macs - fc).toBe(4 * (countResNet(RESNETS.resnet50).macs - fc));
    expect(() => countResNet(RESNETS.resnet50, { height: 16, width: 16 })).toThrow();
  });

  it('ResNeXt Table 2: C×d = 1×64, 2×40, 4×24, 8×14, 32×4 keep complexity ≈ 4.1×10⁹', () => {
    for (const [c, d] of [[1, 64], [2, 40], [4, 24], [8, 14], [32, 4]] as const) {
      const g = countResNet(resnext50Variant(c, d)).macs / G;
      expect(Math.abs(g - 4.15), `${c}×${d}d`).toBeLessThan(0.12);
    }
  });
});

describe('grouped convolution arithmetic', () => {
  it("the lecture's example: 32 groups of 8 input channels with 4 filters 3×3×8 each, 32× fewer weights", () => {
    const c = groupedConvCost(LECTURE_GROUPED);
    expect(c.cinPerGroup).toBe(8);
    expect(c.filtersPerGroup).toBe(4);
    expect(c.weights).toBe(32 * 4 * 3 * 3 * 8); // 9216
    expect(c.denseWeights).toBe(128 * 3 * 3 * 256); // 294 912
    expect(c.macs).toBe(9216 * 32 * 32);
    expect(c.ratio).toBe(32);
    expect(() => groupedConvCost({ ...LECTURE_GROUPED, groups: 3 })).toThrow();
  });

  it('the block-diagonal kernel puts each group in its block and zeros elsewhere', () => {
    // 2 groups, k=1, cin=4, cout=2: group 0 maps ch 0,1 → out 0; group 1 maps ch 2,3 → out 1.
    const k = blockDiagonalKernel([new Float32Array([1, 2]), new Float32Array([3, 4])], 1, 4, 2);
    // HWIO: [in][out]
    expect(Array.from(k)).toEqual([1, 0, 2, 0, 0, 3, 0, 4]);
  });
});
