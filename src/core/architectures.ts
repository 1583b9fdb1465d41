/**
 * Segmentation networks of the lecture as plain data, layer by layer, with shape inference and
 * parameter counts for any input size: FCN-32s/16s/8s (VGG16), SegNet, U-Net, DeepLabv3+ (ResNet-101).
 *
 * Rounding, as the real implementations do it:
 * - FCN 'caffe' (the paper's Caffe models): conv1_1 has padding 100, pooling rounds UP (Caffe ceil
 *   mode), fc6 is a 7×7 'valid' conv, upsampling is a transposed conv (no padding) and the score
 *   maps are cropped with the prototxt offsets (5, 9, 19, 27, 31). Any input ≥ 1 px works.
 * - FCN 'same' (a modern re-implementation): 'same' convs, pooling rounds DOWN, upsampling by
 *   transposed convs (k = 2s, p = s/2, so ×s exactly), then cropped / zero-padded to the skip's size.
 * - SegNet: 'same' 3×3 convs + BN, 2×2 max pooling rounding DOWN and remembering the argmax;
 *   unpooling restores the exact pre-pooling size (PyTorch MaxUnpool2d with output_size).
 * - U-Net 'valid' (the paper): unpadded 3×3 convs, 2×2 pooling (an odd size before a pool is
 *   reported: the paper picks tile sizes so that it never happens), 2×2 up-convs, the skip is
 *   centre-cropped to the up-sampled size. 572 → 388.
 *   U-Net 'same' (common re-implementation): padded convs, pooling rounds down, the up-sampled map
 *   is zero-padded to the skip's size before concatenation.
 * - DeepLabv3+: TF 'SAME' strided convs and pooling (size ⌈H/s⌉ at each stride-2 step, so 513 →
 *   129 at stride 4 and 33 at stride 16); atrous blocks keep the size; bilinear resizes to the
 *   low-level map and to the input.
 *
 * Parameters: weights + biases; BN adds γ and β (trainable) per channel.
 */
export type NetId = 'fcn32s' | 'fcn16s' | 'fcn8s' | 'segnet' | 'unet' | 'deeplabv3p';
export const NET_IDS: readonly NetId[] = ['fcn32s', 'fcn16s', 'fcn8s', 'segnet', 'unet', 'deeplabv3p'];

export type Shape = readonly [h: number, w: number, c: number];

export type OpKind =
  | 'input'
  | 'conv'
  | 'pool'
  | 'gap'
  | 'deconv'
  | 'unpool'
  | 'resize'
  | 'crop'
  | 'pad'
  | 'add'
  | 'concat'
  | 'stage';

export interface Layer {
  readonly id: string;
  readonly op: OpKind;
  /** Short technical description, e.g. "3×3, s1, p1, 64" (language-neutral). */
  readonly spec: string;
  readonly block: string;
  readonly inputs: readonly string[];
  readonly shape: Shape;
  readonly params: number;
}

export type BlockKind = 'input' | 'encoder' | 'bridge' | 'decoder' | 'head' | 'aspp' | 'output';

export interface Block {
  readonly id: string;
  readonly kind: BlockKind;
  readonly layers: readonly Layer[];
  readonly shape: Shape;
  readonly params: number;
  /** Output stride of the block's output relative to the input (log2-rounded level for layout). */
  readonly level: number;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'main' | 'skip';
  /** How the skip is merged at `to`. */
  readonly merge?: 'add' | 'concat' | 'indices';
}

export type Warning =
  | { readonly code: 'floor'; readonly layer: string; readonly size: number }
  | { readonly code: 'fit'; readonly layer: string; readonly from: number; readonly to: number };

export interface Architecture {
  readonly id: NetId;
  readonly input: Shape;
  readonly layers: readonly Layer[];
  readonly blocks: readonly Block[];
  readonly edges: readonly Edge[];
  readonly warnings: readonly Warning[];
  readonly output: Shape;
  readonly params: number;
  /** Set when the input is too small for this net: the layer where a size reached ≤ 0. */
  readonly error?: { readonly layer: string };
}

export interface ArchOptions {
  readonly height: number;
  readonly width: number;
  readonly classes?: number;
  /** FCN: 'caffe' (pad 100, ceil pooling) or 'same'. U-Net: 'valid' or 'same'. */
  readonly padding?: 'caffe' | 'same' | 'valid';
  /** DeepLabv3+: 16 or 8. */
  readonly outputStride?: 8 | 16;
}

class ShapeError extends Error {
  constructor(readonly layer: string) {
    super(`size ≤ 0 at ${layer}`);
  }
}

type Pad = number | 'same';

/** Layer-by-layer builder: each method appends a layer, infers its shape and returns its id. */
class Builder {
  readonly layers: Layer[] = [];
  readonly warnings: Warning[] = [];
  private readonly byId = new Map<string, Layer>();
  private block = 'input';
  readonly blockKinds = new Map<string, BlockKind>();

  begin(block: string, kind: BlockKind): void {
    this.block = block;
    this.blockKinds.set(block, kind);
  }

  shape(id: string): Shape {
    const l = this.byId.get(id);
    if (!l) throw new Error(`unknown layer ${id}`);
    return l.shape;
  }

  private push(id: string, op: OpKind, spec: string, inputs: string[], shape: Shape, params: number): string {
    if (shape[0] <= 0 || shape[1] <= 0) throw new ShapeError(id);
    const layer: Layer = { id, op, spec, block: this.block, inputs, shape, params };
    this.layers.push(layer);
    this.byId.set(id, layer);
    return id;
  }

  input(h: number, w: number, c: number): string {
    this.begin('input', 'input');
    return this.push('input', 'input', `${h}×${w}×${c}`, [], [h, w, c], 0);
  }

  conv(id: string, from: string, o: { k: number; s?: number; p: Pad; d?: number; cout: number; bias?: boolean; bn?: boolean }): string {
    const [h, w, cin] = this.shape(from);
    const s = o.s ?? 1;
    const d = o.d ?? 1;
    const ke = o.k + (o.k - 1) * (d - 1);
    const size = (i: number) => (o.p === 'same' ? Math.ceil(i / s) : Math.floor((i + 2 * o.p - ke) / s) + 1);
    const params = o.k * o.k * cin * o.cout + (o.bias === false ? 0 : o.cout) + (o.bn ? 2 * o.cout : 0);
    const spec = `${o.k}×${o.k}${d > 1 ? ` r${d}` : ''}, s${s}, ${o.p === 'same' ? 'same' : `p${o.p}`}, ${o.cout}`;
    return this.push(id, 'conv', spec, [from], [size(h), size(w), o.cout], params);
  }

  pool(id: string, from: string, o: { k: number; s: number; p?: Pad; mode: 'floor' | 'ceil' | 'same' }): string {
    const [h, w, c] = this.shape(from);
    const p = typeof o.p === 'number' ? o.p : 0;
    const size = (i: number) => {
      if (o.mode === 'same') return Math.ceil(i / o.s);
      const x = (i + 2 * p - o.k) / o.s;
      let out = (o.mode === 'ceil' ? Math.ceil(x) : Math.floor(x)) + 1;
      // Caffe: the last window must start inside the (left-padded) image.
      if (o.mode === 'ceil' && p > 0 && (out - 1) * o.s >= i + p) out--;
      return out;
    };
    for (const i of [h, w]) if (o.mode === 'floor' && (i + 2 * p - o.k) % o.s !== 0) this.warnings.push({ code: 'floor', layer: id, size: i });
    return this.push(id, 'pool', `max ${o.k}×${o.k}, s${o.s}${o.mode === 'ceil' ? ', ceil' : o.mode === 'same' ? ', same' : ''}`, [from], [size(h), size(w), c], 0);
  }

  gap(id: string, from: string): string {
    const c = this.shape(from)[2];
    return this.push(id, 'gap', 'global avg', [from], [1, 1, c], 0);
  }

  deconv(id: string, from: string, o: { k: number; s: number; p?: number; cout: number; bias?: boolean }): string {
    const [h, w, cin] = this.shape(from);
    const p = o.p ?? 0;
    const size = (i: number) => o.s * (i - 1) + o.k - 2 * p;
    const params = o.k * o.k * cin * o.cout + (o.bias ? o.cout : 0);
    return this.push(id, 'deconv', `${o.k}×${o.k}ᵀ, s${o.s}, p${p}, ${o.cout}`, [from], [size(h), size(w), o.cout], params);
  }

  unpool(id: string, from: string, pooled: string, like: string): string {
    const c = this.shape(from)[2];
    const [h, w] = this.shape(like);
    return this.push(id, 'unpool', `max-unpool ×2 (indices of ${pooled})`, [from, pooled], [h, w, c], 0);
  }

  resize(id: string, from: string, to: readonly [number, number]): string {
    const c = this.shape(from)[2];
    return this.push(id, 'resize', `bilinear → ${to[0]}×${to[1]}`, [from], [to[0], to[1], c], 0);
  }

  /** Crop `from` to `like`'s size at `offset` (Caffe Crop) or centred. */
  crop(id: string, from: string, like: string, offset?: number): string {
    const [h, w, c] = this.shape(from);
    const [th, tw] = this.shape(like);
    const oh = offset ?? Math.floor((h - th) / 2);
    const ow = offset ?? Math.floor((w - tw) / 2);
    if (oh < 0 || ow < 0 || oh + th > h || ow + tw > w) throw new ShapeError(id);
    return this.push(id, 'crop', offset === undefined ? `centre crop → ${th}×${tw}` : `crop offset ${offset} → ${th}×${tw}`, [from], [th, tw, c], 0);
  }

  /** Crop or zero-pad (centred) `from` to `like`'s size; reported when the sizes differ. */
  fit(id: string, from: string, like: string): string {
    const [h, w, c] = this.shape(from);
    const [th, tw] = this.shape(like);
    if (h !== th) this.warnings.push({ code: 'fit', layer: id, from: h, to: th });
    else if (w !== tw) this.warnings.push({ code: 'fit', layer: id, from: w, to: tw });
    return this.push(id, 'pad', `pad/crop → ${th}×${tw}`, [from], [th, tw, c], 0);
  }

  add(id: string, a: string, b: string): string {
    const sa = this.shape(a);
    const sb = this.shape(b);
    if (sa[0] !== sb[0] || sa[1] !== sb[1] || sa[2] !== sb[2]) throw new Error(`add ${id}: ${sa.join('×')} vs ${sb.join('×')}`);
    return this.push(id, 'add', 'sum', [a, b], sa, 0);
  }

  concat(id: string, parts: readonly string[]): string {
    const shapes = parts.map((p) => this.shape(p));
    const [h, w] = shapes[0]!;
    for (const s of shapes) if (s[0] !== h || s[1] !== w) throw new Error(`concat ${id}: spatial sizes differ`);
    return this.push(id, 'concat', `concat (${shapes.map((s) => s[2]).join(' + ')})`, [...parts], [h, w, shapes.reduce((n, s) => n + s[2], 0)], 0);
  }

  /** A ResNet bottleneck stage (TF slim resnet_v1 with 'SAME' strides), as one layer. */
  stage(id: string, from: string, o: { units: number; mid: number; s: number; d: number }): string {
    const [h, w, cin] = this.shape(from);
    const out = 4 * o.mid;
    const m = o.mid;
    const bn = (c: number) => 2 * c;
    let params = cin * m + bn(m) + 9 * m * m + bn(m) + m * out + bn(out) + cin * out + bn(out);
    params += (o.units - 1) * (out * m + bn(m) + 9 * m * m + bn(m) + m * out + bn(out));
    const size = (i: number) => Math.ceil(i / o.s);
    const spec = `${o.units}× bottleneck [1×1 ${m}, 3×3${o.d > 1 ? ` r${o.d}` : ''} ${m}, 1×1 ${out}], s${o.s}`;
    return this.push(id, 'stage', spec, [from], [size(h), size(w), out], params);
  }
}

function vggEncoder(b: Builder, x: string, o: { caffe: boolean; bn: boolean }): { pools: string[]; prePool: string[] } {
  const cfg: [string, number, number][] = [['1', 2, 64], ['2', 2, 128], ['3', 3, 256], ['4', 3, 512], ['5', 3, 512]];
  const pools: string[] = [];
  const prePool: string[] = [];
  let cur = x;
  for (const [n, reps, c] of cfg) {
    b.begin(`conv${n}`, 'encoder');
    for (let r = 1; r <= reps; r++) {
      const p: Pad = o.caffe ? (n === '1' && r === 1 ? 100 : 1) : 1;
      cur = b.conv(`conv${n}_${r}`, cur, { k: 3, p, cout: c, bn: o.bn });
    }
    prePool.push(cur);
    cur = b.pool(`pool${n}`, cur, { k: 2, s: 2, mode: o.caffe ? 'ceil' : 'floor' });
    pools.push(cur);
  }
  return { pools, prePool };
}

function fcn(b: Builder, H: number, W: number, variant: 'fcn32s' | 'fcn16s' | 'fcn8s', k: number, caffe: boolean): void {
  const x = b.input(H, W, 3);
  const { pools } = vggEncoder(b, x, { caffe, bn: false });
  const [, , pool3, pool4, pool5] = pools as [string, string, string, string, string];
  b.begin('fc6-7', 'bridge');
  let y = b.conv('fc6', pool5, { k: 7, p: caffe ? 0 : 'same', cout: 4096 });
  y = b.conv('fc7', y, { k: 1, p: 0, cout: 4096 });
  b.begin('score', 'head');
  y = b.conv('score_fr', y, { k: 1, p: 0, cout: k });
  const up = (id: string, from: string, s: number) =>
    b.deconv(id, from, caffe ? { k: 2 * s, s, cout: k } : { k: 2 * s, s, p: s / 2, cout: k });
  const merge = (id: string, upId: string, skip: string, offset: number) => {
    const sc = b.conv(`score_${skip}`, skip, { k: 1, p: 0, cout: k });
    const aligned = caffe ? b.crop(`${sc}c`, sc, upId, offset) : b.fit(`${upId}_fit`, upId, sc);
    return caffe ? b.add(id, upId, aligned) : b.add(id, aligned, sc);
  };
  if (variant === 'fcn32s') {
    b.begin('upscore32', 'decoder');
    y = up('upscore', y, 32);
    b.begin('output', 'output');
    if (caffe) b.crop('score', y, x, 19);
    else b.fit('score', y, x);
    return;
  }
  b.begin('fuse_pool4', 'decoder');
  y = up('upscore2', y, 2);
  y = merge('fuse_pool4', y, pool4, 5);
  if (variant === 'fcn16s') {
    b.begin('upscore16', 'decoder');
    y = up('upscore16', y, 16);
    b.begin('output', 'output');
    if (caffe) b.crop('score', y, x, 27);
    else b.fit('score', y, x);
    return;
  }
  y = up('upscore_pool4', y, 2);
  b.begin('fuse_pool3', 'decoder');
  y = merge('fuse_pool3', y, pool3, 9);
  b.begin('upscore8', 'decoder');
  y = up('upscore8', y, 8);
  b.begin('output', 'output');
  if (caffe) b.crop('score', y, x, 31);
  else b.fit('score', y, x);
}

function segnet(b: Builder, H: number, W: number, k: number): void {
  const x = b.input(H, W, 3);
  const { pools, prePool } = vggEncoder(b, x, { caffe: false, bn: true });
  const dec: [string, number[]][] = [['5', [512, 512, 512]], ['4', [512, 512, 256]], ['3', [256, 256, 128]], ['2', [128, 64]], ['1', [64]]];
  let y = pools[4]!;
  dec.forEach(([n, chans], i) => {
    b.begin(`dec${n}`, 'decoder');
    const lvl = 4 - i;
    y = b.unpool(`unpool${n}`, y, pools[lvl]!, prePool[lvl]!);
    chans.forEach((c, r) => {
      y = b.conv(`conv${n}_${chans.length - r}_D`, y, { k: 3, p: 1, cout: c, bn: true });
    });
  });
  b.begin('output', 'output');
  b.conv('classifier', y, { k: 3, p: 1, cout: k });
}

function unet(b: Builder, H: number, W: number, k: number, valid: boolean): void {
  const x = b.input(H, W, 1);
  const p: Pad = valid ? 0 : 1;
  const double = (name: string, from: string, c: number) => {
    const a = b.conv(`${name}_1`, from, { k: 3, p, cout: c });
    return b.conv(`${name}_2`, a, { k: 3, p, cout: c });
  };
  const skips: string[] = [];
  let y = x;
  [64, 128, 256, 512].forEach((c, i) => {
    b.begin(`down${i + 1}`, 'encoder');
    y = double(`enc${i + 1}`, y, c);
    skips.push(y);
    y = b.pool(`pool${i + 1}`, y, { k: 2, s: 2, mode: 'floor' });
  });
  b.begin('bottom', 'bridge');
  y = double('enc5', y, 1024);
  [512, 256, 128, 64].forEach((c, i) => {
    b.begin(`up${4 - i}`, 'decoder');
    const skip = skips[3 - i]!;
    const up = b.deconv(`upconv${4 - i}`, y, { k: 2, s: 2, cout: c, bias: true });
    const parts = valid ? [b.crop(`crop${4 - i}`, skip, up), up] : [skip, b.fit(`pad${4 - i}`, up, skip)];
    y = b.concat(`cat${4 - i}`, parts);
    y = double(`dec${4 - i}`, y, c);
  });
  b.begin('output', 'output');
  b.conv('out', y, { k: 1, p: 0, cout: k });
}

function deeplabv3p(b: Builder, H: number, W: number, k: number, os: 8 | 16): void {
  const x = b.input(H, W, 3);
  b.begin('stem', 'encoder');
  let y = b.conv('conv1', x, { k: 7, s: 2, p: 'same', cout: 64, bias: false, bn: true });
  y = b.pool('pool1', y, { k: 3, s: 2, mode: 'same' });
  b.begin('block1', 'encoder');
  const low = b.stage('block1', y, { units: 3, mid: 64, s: 1, d: 1 });
  b.begin('block2', 'encoder');
  y = b.stage('block2', low, { units: 4, mid: 128, s: 2, d: 1 });
  b.begin('block3', 'encoder');
  y = b.stage('block3', y, os === 16 ? { units: 23, mid: 256, s: 2, d: 1 } : { units: 23, mid: 256, s: 1, d: 2 });
  b.begin('block4', 'encoder');
  y = b.stage('block4', y, os === 16 ? { units: 3, mid: 512, s: 1, d: 2 } : { units: 3, mid: 512, s: 1, d: 4 });
  b.begin('ASPP', 'aspp');
  const rates = os === 16 ? [6, 12, 18] : [12, 24, 36];
  const [fh, fw] = b.shape(y);
  const branches = [b.conv('aspp_1x1', y, { k: 1, p: 0, cout: 256, bias: false, bn: true })];
  for (const r of rates) branches.push(b.conv(`aspp_r${r}`, y, { k: 3, d: r, p: 'same', cout: 256, bias: false, bn: true }));
  const g = b.gap('image_pool', y);
  const gc = b.conv('image_pool_1x1', g, { k: 1, p: 0, cout: 256, bias: false, bn: true });
  branches.push(b.resize('image_pool_up', gc, [fh, fw]));
  y = b.concat('aspp_cat', branches);
  y = b.conv('aspp_proj', y, { k: 1, p: 0, cout: 256, bias: false, bn: true });
  b.begin('decoder', 'decoder');
  const [lh, lw] = b.shape(low);
  y = b.resize('up4', y, [lh, lw]);
  const l = b.conv('low_1x1', low, { k: 1, p: 0, cout: 48, bias: false, bn: true });
  y = b.concat('dec_cat', [y, l]);
  y = b.conv('dec_conv1', y, { k: 3, p: 'same', cout: 256, bias: false, bn: true });
  y = b.conv('dec_conv2', y, { k: 3, p: 'same', cout: 256, bias: false, bn: true });
  b.begin('output', 'output');
  y = b.conv('logits', y, { k: 1, p: 0, cout: k });
  b.resize('upsample', y, [H, W]);
}

const LEVEL_LOG = (input: Shape, s: Shape) => Math.max(0, Math.round(Math.log2(input[0] / s[0])));

/** Build a network for an input size; never throws for sizes ≥ 1 (too small → `error` + the layers before). */
export function buildArchitecture(id: NetId, opts: ArchOptions): Architecture {
  const b = new Builder();
  const k = opts.classes ?? (id === 'unet' ? 2 : 21);
  const H = Math.max(1, Math.round(opts.height));
  const W = Math.max(1, Math.round(opts.width));
  try {
    switch (id) {
      case 'fcn32s':
      case 'fcn16s':
      case 'fcn8s':
        fcn(b, H, W, id, k, (opts.padding ?? 'caffe') === 'caffe');
        break;
      case 'segnet':
        segnet(b, H, W, k);
        break;
      case 'unet':
        unet(b, H, W, k, (opts.padding ?? 'valid') === 'valid');
        break;
      case 'deeplabv3p':
        deeplabv3p(b, H, W, k, opts.outputStride ?? 16);
        break;
    }
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    return finish(b, id, { layer: e.layer });
  }
  return finish(b, id, undefined);
}

function finish(b: Builder, id: NetId, error: { layer: string } | undefined): Architecture {
  const layers = b.layers;
  const input = layers[0]?.shape ?? ([0, 0, 0] as const);
  const blockOrder: string[] = [];
  const byBlock = new Map<string, Layer[]>();
  for (const l of layers) {
    if (!byBlock.has(l.block)) {
      byBlock.set(l.block, []);
      blockOrder.push(l.block);
    }
    byBlock.get(l.block)!.push(l);
  }
  const blockOf = new Map(layers.map((l) => [l.id, l.block]));
  const blocks: Block[] = blockOrder.map((name) => {
    const ls = byBlock.get(name)!;
    const last = ls.at(-1)!;
    return {
      id: name,
      kind: b.blockKinds.get(name) ?? 'encoder',
      layers: ls,
      shape: last.shape,
      params: ls.reduce((n, l) => n + l.params, 0),
      level: LEVEL_LOG(input, last.shape),
    };
  });
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const l of layers) {
    for (const inp of l.inputs) {
      const from = blockOf.get(inp);
      if (!from || from === l.block) continue;
      const key = `${from}→${l.block}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fi = blockOrder.indexOf(from);
      const ti = blockOrder.indexOf(l.block);
      const ops = new Set(byBlock.get(l.block)!.map((x) => x.op));
      const merge = ops.has('unpool') ? 'indices' : ops.has('add') ? 'add' : ops.has('concat') ? 'concat' : undefined;
      const skip = ti - fi > 1;
      edges.push(skip ? { from, to: l.block, kind: 'skip', ...(merge ? { merge } : {}) } : { from, to: l.block, kind: 'main' });
    }
  }
  const last = layers.at(-1);
  return {
    id,
    input,
    layers,
    blocks,
    edges,
    warnings: b.warnings,
    output: last?.shape ?? input,
    params: layers.reduce((n, l) => n + l.params, 0),
    ...(error ? { error } : {}),
  };
}

/** U-Net ('valid') input sizes near `around` for which no pooling meets an odd size (e.g. 572). */
export function unetValidSizes(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n++) {
    const a = buildArchitecture('unet', { height: n, width: n, padding: 'valid' });
    if (!a.error && a.warnings.length === 0) out.push(n);
  }
  return out;
}
