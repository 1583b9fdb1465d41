/**
 * Receptive fields of a chain of layers (one axis), by the standard recurrence
 * (Araujo et al., "Computing receptive fields of convolutional neural networks", Distill 2019):
 *
 *   r_out = r_in + (k − 1)·d·j_in,   j_out = j_in·s,   start_out = start_in + ((k − 1)·d/2 − p)·j_in
 *
 * r: receptive field in input pixels; j: jump (distance in input pixels between adjacent outputs,
 * the effective stride); start: centre of the first output's field (with symmetric padding p).
 */
export interface RfLayer {
  readonly name: string;
  readonly k: number;
  readonly s?: number;
  readonly d?: number;
  /** Symmetric padding, for `start`; defaults to "same"-style ⌊(k_eff − 1)/2⌋. */
  readonly p?: number;
}

export interface RfRow {
  readonly name: string;
  readonly k: number;
  readonly s: number;
  readonly d: number;
  readonly rf: number;
  readonly jump: number;
  readonly start: number;
}

export function receptiveFields(layers: readonly RfLayer[]): RfRow[] {
  let r = 1;
  let j = 1;
  let start = 0.5;
  const out: RfRow[] = [];
  for (const l of layers) {
    const s = l.s ?? 1;
    const d = l.d ?? 1;
    const ke = l.k + (l.k - 1) * (d - 1);
    const p = l.p ?? Math.floor((ke - 1) / 2);
    r += (l.k - 1) * d * j;
    start += ((ke - 1) / 2 - p) * j;
    j *= s;
    out.push({ name: l.name, k: l.k, s, d, rf: r, jump: j, start });
  }
  return out;
}

/** Receptive field of the last layer (1 for an empty chain). */
export function receptiveField(layers: readonly RfLayer[]): number {
  return receptiveFields(layers).at(-1)?.rf ?? 1;
}

const conv3 = (name: string, d = 1): RfLayer => ({ name, k: 3, d });
const pool2 = (name: string): RfLayer => ({ name, k: 2, s: 2, p: 0 });

/** VGG16 up to pool5 (conv5_3 has RF 196, pool5 212). */
export const VGG16: readonly RfLayer[] = [
  conv3('conv1_1'), conv3('conv1_2'), pool2('pool1'),
  conv3('conv2_1'), conv3('conv2_2'), pool2('pool2'),
  conv3('conv3_1'), conv3('conv3_2'), conv3('conv3_3'), pool2('pool3'),
  conv3('conv4_1'), conv3('conv4_2'), conv3('conv4_3'), pool2('pool4'),
  conv3('conv5_1'), conv3('conv5_2'), conv3('conv5_3'), pool2('pool5'),
];

/**
 * ResNet-50 trunk along the receptive-field path (1×1 convs add nothing but may carry the stride).
 * `strideIn`: where a stage's stride-2 sits — '1x1' (original Caffe ResNet: 1×1 of the first unit,
 * final RF 483) or '3x3' (torchvision ResNet v1.5: 3×3 of the first unit, final RF 427).
 */
export function resnet50(strideIn: '1x1' | '3x3'): RfLayer[] {
  const layers: RfLayer[] = [
    { name: 'conv1', k: 7, s: 2, p: 3 },
    { name: 'pool1', k: 3, s: 2, p: 1 },
  ];
  const stages: [string, number, number][] = [['conv2', 3, 1], ['conv3', 4, 2], ['conv4', 6, 2], ['conv5', 3, 2]];
  for (const [stage, units, stride] of stages) {
    for (let u = 1; u <= units; u++) {
      const s = u === 1 ? stride : 1;
      layers.push({ name: `${stage}_${u}a`, k: 1, s: strideIn === '1x1' ? s : 1, p: 0 });
      layers.push({ name: `${stage}_${u}b`, k: 3, s: strideIn === '3x3' ? s : 1, p: 1 });
      layers.push({ name: `${stage}_${u}c`, k: 1, p: 0 });
    }
  }
  return layers;
}

/** n plain 3×3 convolutions. */
export function plainStack(n: number): RfLayer[] {
  return Array.from({ length: n }, (_, i) => conv3(`conv${i + 1}`));
}

/** 3×3 convolutions with rates 1, 2, 4, 8, … (Yu & Koltun's context module): RF 2^(n+1) − 1. */
export function dilatedStack(n: number): RfLayer[] {
  return Array.from({ length: n }, (_, i) => conv3(`conv${i + 1} (r=${2 ** i})`, 2 ** i));
}

/** 3×3 convolution then 2×2 stride-2 pooling, repeated: the RF grows fast but the map shrinks. */
export function pooledStack(n: number): RfLayer[] {
  const out: RfLayer[] = [];
  for (let i = 0; i < n; i++) {
    out.push(i % 2 === 0 ? conv3(`conv${i / 2 + 1}`) : pool2(`pool${(i + 1) / 2}`));
  }
  return out;
}
