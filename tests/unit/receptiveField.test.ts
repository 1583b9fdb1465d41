import { describe, expect, it } from 'vitest';
import { dilatedStack, plainStack, pooledStack, receptiveField, receptiveFields, resnet50, VGG16 } from '../../src/core/receptiveField';

describe('receptive fields', () => {
  it('VGG16: conv5_3 sees 196 px, pool5 212 px at stride 32', () => {
    const rows = receptiveFields(VGG16);
    const by = (n: string) => rows.find((r) => r.name === n)!;
    expect(by('conv1_2').rf).toBe(5);
    expect(by('pool1').rf).toBe(6);
    expect(by('pool2').rf).toBe(16);
    expect(by('pool3').rf).toBe(44);
    expect(by('conv4_3').rf).toBe(92);
    expect(by('pool4').rf).toBe(100);
    expect(by('conv5_3').rf).toBe(196);
    expect(by('pool5')).toMatchObject({ rf: 212, jump: 32 });
  });

  it('ResNet-50: 483 (stride in 1×1, original) and 427 (stride in 3×3, torchvision v1.5), stride 32', () => {
    const orig = receptiveFields(resnet50('1x1'));
    expect(orig.find((r) => r.name === 'pool1')!.rf).toBe(11);
    expect(orig.find((r) => r.name === 'conv2_3c')!.rf).toBe(35);
    expect(orig.find((r) => r.name === 'conv3_4c')!.rf).toBe(99);
    expect(orig.find((r) => r.name === 'conv4_6c')!.rf).toBe(291);
    expect(orig.at(-1)).toMatchObject({ rf: 483, jump: 32 });
    expect(receptiveField(resnet50('3x3'))).toBe(427);
  });

  it('dilated 3×3 stack with rates 1, 2, 4, 8: 3, 7, 15, 31 (2^(n+1) − 1) at stride 1', () => {
    expect(receptiveFields(dilatedStack(4)).map((r) => r.rf)).toEqual([3, 7, 15, 31]);
    expect(receptiveFields(dilatedStack(6)).at(-1)).toMatchObject({ rf: 127, jump: 1 });
  });

  it('plain 3×3 stack grows linearly (2n + 1); conv+pool grows geometrically', () => {
    expect(receptiveFields(plainStack(4)).map((r) => r.rf)).toEqual([3, 5, 7, 9]);
    // conv1 3, pool1 4 (j2), conv2 8, pool2 10 (j4), conv3 18, pool3 22 (j8)
    expect(receptiveFields(pooledStack(6)).map((r) => r.rf)).toEqual([3, 4, 8, 10, 18, 22]);
    expect(receptiveField([])).toBe(1);
  });

  it('start (centre of the first output’s field) with same padding stays at the first pixel centre', () => {
    expect(receptiveFields(plainStack(3)).every((r) => r.start === 0.5)).toBe(true);
    // valid 3×3: the first output is centred on pixel 1 → centre 1.5
    expect(receptiveFields([{ name: 'v', k: 3, p: 0 }])[0]!.start).toBe(1.5);
  });
});
