/**
 * Training on the tfjs WASM backend: the gradient kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks,
 * built from the backend's own fast kernels (XNNPACK convolutions, transposes, matmuls), so that
 * `optimizer.minimize(...)` on a small conv net runs on WASM instead of failing.
 *
 * Added (missing in tfjs-backend-wasm 4.22):
 *  - Conv2DBackpropFilter — the filter gradient is itself a convolution: with the input transposed to
 *    [Ci, H, W, N] and dy transposed to a "filter" [Ho, Wo, N, Co], a stride-1 Conv2D dilated by the
 *    forward stride gives [Ci, kh, kw, Co]. (Conv3DBackpropFilterV2 with depth 1 would also work, but
 *    WASM's is a naive loop 3–20× slower and gives wrong numbers for strides > 1.)
 *  - DepthwiseConv2dNativeBackpropFilter — likewise one convolution: x as a single image with N·C
 *    channels, depthwise-convolved with dy as the filter (dilated by the stride), then summed over N.
 *  - DepthwiseConv2dNativeBackpropInput — a depthwise convolution of the zero-stuffed dy with the
 *    spatially flipped filter.
 *  - UnsortedSegmentSum (the gradient of tf.gather) — oneHot(segmentIds)ᵀ · x, one matmul.
 * Replaced:
 *  - Conv2DBackpropInput (slow) — WASM's own is a naive loop (≈5–10× slower than the forward Conv2D);
 *    here it is the XNNPACK Conv2D of the zero-stuffed dy with the flipped, transposed filter. NCHW
 *    falls back to the original kernel.
 *  - MaxPoolGrad (wrong) — WASM's routes the gradient to the wrong pixels (e.g. 2×2 windows, stride 2);
 *    here: each window's first maximum (row-major, as the CPU backend); windows that tile the input
 *    (2×2/2) via rank-3 transposes, ArgMax and a one-hot × dy; others via strided slices and one
 *    ScatterNd.
 *    (WASM's MaxPoolWithArgmax is wrong too with 'same' padding, so it is not used.)
 *
 * Checked and fine on WASM as is: AvgPoolGrad, ResizeBilinearGrad, ResizeNearestNeighborGrad (the CPU
 * backend's is the wrong one for batches > 1), the activations, moments/batchNorm, concat/slice,
 * softmax/sigmoid cross-entropy, and the Adam/SGD/RMSProp optimizer ops.
 *
 * Not supported by tfjs-core itself on any backend (so not here either): gradients of dilated
 * convolutions (conv2d/depthwiseConv2d with dilation > 1 throw in the gradient), of stridedSlice, of
 * gatherND; the gradient of cumsum is wrong for non-last axes.
 *
 * Usage (browser or Node), once, before training:
 *   import { registerWasmTrainingKernels } from '…/models/train/wasmKernels';
 *   registerWasmTrainingKernels();
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

type Info = tf.TensorInfo;
type Attrs = tf.NamedAttrMap;
type Pair = [number, number];
type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];
type Pad = 'valid' | 'same' | number | ExplicitPad;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

const BACKEND = 'wasm';

/** The part of the WASM backend the kernels use: reference-counted disposal of intermediate data. */
interface DisposingBackend {
  disposeData(dataId: object, force?: boolean): boolean;
  write(values: Int32Array | Float32Array, shape: number[], dtype: tf.DataType): object;
}

function asBackend(b: unknown): DisposingBackend {
  if (typeof b === 'object' && b !== null && 'disposeData' in b && typeof b.disposeData === 'function') {
    return b as DisposingBackend;
  }
  throw new Error('wasmKernels: the kernel was called without a tfjs backend');
}

/**
 * Runs other WASM kernels directly (no engine bookkeeping, no gradient tape) and frees every
 * intermediate result when the composed kernel returns, except the one it returns.
 */
class Scope {
  private readonly temps: Info[] = [];
  constructor(readonly backend: DisposingBackend) {}

  run(kernelName: string, inputs: tf.NamedTensorInfoMap | Info[], attrs: Attrs = {}): Info {
    const config = tf.getKernel(kernelName, BACKEND);
    if (config === undefined) throw new Error(`wasmKernels: the WASM backend has no '${kernelName}' kernel`);
    // Concat takes its inputs as an array, like tfjs-core's own ops pass them.
    const out = config.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs });
    if (Array.isArray(out)) throw new Error('wasmKernels: a kernel returned several tensors');
    this.temps.push(out);
    return out;
  }

  /** A small constant. */
  constant(values: number[], shape: number[], dtype: 'int32' | 'float32'): Info {
    const dataId = this.backend.write(dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values), shape, dtype);
    const t: Info = { dataId, shape, dtype };
    this.temps.push(t);
    return t;
  }

  reshape(x: Info, shape: number[]): Info {
    return this.run('Reshape', { x }, { shape });
  }
  transpose(x: Info, perm: number[]): Info {
    return this.run('Transpose', { x }, { perm });
  }
  slice(x: Info, begin: number[], size: number[]): Info {
    const same = x.shape.every((d, i) => begin[i] === 0 && size[i] === d);
    return same ? x : this.run('Slice', { x }, { begin, size });
  }
  pad(x: Info, paddings: Pair[]): Info {
    return paddings.every(([a, b]) => a === 0 && b === 0) ? x : this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  /** Frees the intermediates (not `keep`) and hands `keep` to the engine. */
  finish(keep: Info): Info {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
    return keep;
  }
  abort(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

function compose(backend: unknown, body: (s: Scope) => Info): Info {
  const s = new Scope(asBackend(backend));
  try {
    return s.finish(body(s));
  } catch (e) {
    s.abort();
    throw e;
  }
}

function input(inputs: tf.NamedTensorInfoMap, name: string): Info {
  const t = inputs[name];
  if (t === undefined) throw new Error(`wasmKernels: missing input '${name}'`);
  return t;
}

function shape4(s: readonly number[], what: string): [number, number, number, number] {
  if (s.length !== 4) throw new Error(`wasmKernels: ${what} must be rank 4, got shape [${s.join(', ')}]`);
  return [s[0]!, s[1]!, s[2]!, s[3]!];
}

interface ConvAttrs {
  strides: Pair | number;
  dilations: Pair | number;
  pad: Pad;
  dimRoundingMode: Rounding;
  dataFormat: 'NHWC' | 'NCHW';
}

function convAttrs(attrs: Attrs | undefined): ConvAttrs {
  const a = (attrs ?? {}) as Partial<Record<keyof ConvAttrs, unknown>>;
  return {
    strides: (a.strides ?? 1) as Pair | number,
    dilations: (a.dilations ?? 1) as Pair | number,
    pad: a.pad as Pad,
    dimRoundingMode: a.dimRoundingMode as Rounding,
    dataFormat: a.dataFormat === 'NCHW' ? 'NCHW' : 'NHWC',
  };
}

function shapeAttr(attrs: Attrs | undefined, name: 'filterShape' | 'inputShape'): [number, number, number, number] {
  const v = attrs?.[name];
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'number')) throw new Error(`wasmKernels: missing attribute '${name}'`);
  return shape4(v as number[], name);
}

function checkFloat(...ts: Info[]): void {
  for (const t of ts) {
    if (t.dtype !== 'float32') throw new Error(`wasmKernels: gradient kernels need float32 tensors, got ${t.dtype}`);
  }
}

/** Explicit NHWC padding for the XNNPACK Conv2D / DepthwiseConv2dNative kernels. */
function explicitPad(top: number, bottom: number, left: number, right: number): ExplicitPad {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropFilter

function conv2DBackpropFilter({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const a = convAttrs(attrs);
  const filterShape = shapeAttr(attrs, 'filterShape');
  return compose(backend, (s) => {
    let x = input(inputs, 'x');
    let dy = input(inputs, 'dy');
    checkFloat(x, dy);
    if (a.dataFormat === 'NCHW') {
      x = s.transpose(x, [0, 2, 3, 1]);
      dy = s.transpose(dy, [0, 2, 3, 1]);
    }
    const xs = shape4(x.shape, 'x');
    const [, ho, wo] = shape4(dy.shape, 'dy');
    const info = tf.backend_util.computeConv2DInfo(xs, filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const [fh, fw, ci, co] = filterShape;
    const { strideHeight: sh, strideWidth: sw } = info;
    const { top, left } = info.padInfo;
    // dW[i, j, c, o] = Σ_{n,y,x} xPadded[n, y·sh + i, x·sw + j, c] · dy[n, y, x, o]:
    // a correlation of x (batch ← channels, channels ← batch) with dy as the filter, dilated by the stride.
    const bottom = Math.max(0, fh + (ho - 1) * sh - xs[1] - top);
    const right = Math.max(0, fw + (wo - 1) * sw - xs[2] - left);
    const xT = s.transpose(x, [3, 1, 2, 0]); // [Ci, H, W, N]
    const dyT = s.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]
    const r = s.run('Conv2D', { x: xT, filter: dyT }, {
      strides: [1, 1],
      pad: explicitPad(top, bottom, left, right),
      dataFormat: 'NHWC',
      dilations: [sh, sw],
    }); // [Ci, ≥fh, ≥fw, Co]
    const cut = s.slice(r, [0, 0, 0, 0], [ci, fh, fw, co]);
    return s.transpose(cut, [1, 2, 0, 3]);
  });
}

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropInput and DepthwiseConv2dNativeBackpropInput: a stride-1 convolution of the
// zero-stuffed dy with the spatially flipped filter.

/**
 * dy [N, Ho, Wo, C] → the zero-stuffed, padded dy whose stride-1 correlation with the flipped filter
 * (dilated by `dh`, `dw`) gives exactly [N, H, W, ·], plus the explicit padding for that convolution.
 */
function stuffedDy(
  s: Scope,
  dy: Info,
  inH: number,
  inW: number,
  fh: number,
  fw: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  top: number,
  left: number,
): { dy: Info; pad: ExplicitPad; outH: number; outW: number } {
  const [n, ho, wo, c] = shape4(dy.shape, 'dy');
  let z = dy;
  if (sh > 1 || sw > 1) {
    // Interleave zeros: [N, Ho, 1, Wo, 1, C] padded to [N, Ho, sh, Wo, sw, C] = [N, Ho·sh, Wo·sw, C].
    const r6 = s.reshape(dy, [n, ho, 1, wo, 1, c]);
    const p6 = s.pad(r6, [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    z = s.reshape(p6, [n, ho * sh, wo * sw, c]);
  }
  // dx[h] = Σ_k zPadded[h + k·dh] · wFlipped[k], with zPadded[r] = z[r − pt].
  let pt = (fh - 1) * dh - top;
  let pl = (fw - 1) * dw - left;
  let zh = ho * sh;
  let zw = wo * sw;
  if (pt < 0 || pl < 0) {
    // Explicit paddings larger than the filter: drop the dy rows/columns that fall outside.
    const ct = Math.max(0, -pt);
    const cl = Math.max(0, -pl);
    z = s.slice(z, [0, ct, cl, 0], [n, zh - ct, zw - cl, c]);
    zh -= ct;
    zw -= cl;
    pt = Math.max(0, pt);
    pl = Math.max(0, pl);
  }
  const pb = Math.max(0, inH + (fh - 1) * dh - pt - zh);
  const pr = Math.max(0, inW + (fw - 1) * dw - pl - zw);
  return {
    dy: z,
    pad: explicitPad(pt, pb, pl, pr),
    outH: pt + zh + pb - (fh - 1) * dh,
    outW: pl + zw + pr - (fw - 1) * dw,
  };
}

function makeConv2DBackpropInput(original: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const a = convAttrs(attrs);
    if (a.dataFormat !== 'NHWC' && original !== undefined) return original.kernelFunc(args);
    const inputShape = shapeAttr(attrs, 'inputShape');
    return compose(backend, (s) => {
      const dy = input(inputs, 'dy');
      const filter = input(inputs, 'filter');
      checkFloat(dy, filter);
      const fs = shape4(filter.shape, 'filter');
      const info = tf.backend_util.computeConv2DInfo(inputShape, fs, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
      const [n, h, w, ci] = inputShape;
      const [fh, fw] = fs;
      const st = stuffedDy(s, dy, h, w, fh, fw, info.strideHeight, info.strideWidth, 1, 1, info.padInfo.top, info.padInfo.left);
      const flipped = s.transpose(s.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]); // [fh, fw, Co, Ci]
      const dx = s.run('Conv2D', { x: st.dy, filter: flipped }, { strides: [1, 1], pad: st.pad, dataFormat: 'NHWC', dilations: [1, 1] });
      return st.outH === h && st.outW === w ? dx : s.slice(dx, [0, 0, 0, 0], [n, h, w, ci]);
    });
  };
}

function depthwiseConv2dNativeBackpropInput({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const a = convAttrs(attrs);
  const inputShape = shapeAttr(attrs, 'inputShape');
  return compose(backend, (s) => {
    const dy = input(inputs, 'dy');
    const filter = input(inputs, 'filter');
    checkFloat(dy, filter);
    const fs = shape4(filter.shape, 'filter');
    const info = tf.backend_util.computeConv2DInfo(inputShape, fs, a.strides, a.dilations, a.pad, a.dimRoundingMode, true, 'channelsLast');
    const [n, h, w, c] = inputShape;
    const [fh, fw, , m] = fs;
    const dh = info.dilationHeight;
    const dw = info.dilationWidth;
    const st = stuffedDy(s, dy, h, w, fh, fw, info.strideHeight, info.strideWidth, dh, dw, info.padInfo.top, info.padInfo.left);
    // Each of the C·M dy channels is convolved with its own flipped tap set; the M multipliers of
    // an input channel are then summed.
    const flipped = s.reshape(s.run('Reverse', { x: filter }, { dims: [0, 1] }), [fh, fw, c * m, 1]);
    let dx = s.run('DepthwiseConv2dNative', { x: st.dy, filter: flipped }, { strides: [1, 1], pad: st.pad, dilations: [dh, dw] });
    if (st.outH !== h || st.outW !== w) dx = s.slice(dx, [0, 0, 0, 0], [n, h, w, c * m]);
    if (m === 1) return dx;
    return s.run('Sum', { x: s.reshape(dx, [n, h, w, c, m]) }, { axis: [4], keepDims: false });
  });
}

// ---------------------------------------------------------------------------------------------
// DepthwiseConv2dNativeBackpropFilter

function depthwiseConv2dNativeBackpropFilter({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const a = convAttrs(attrs);
  const filterShape = shapeAttr(attrs, 'filterShape');
  return compose(backend, (s) => {
    const x = input(inputs, 'x');
    const dy = input(inputs, 'dy');
    checkFloat(x, dy);
    const xs = shape4(x.shape, 'x');
    const [n, ho, wo] = shape4(dy.shape, 'dy');
    const info = tf.backend_util.computeConv2DInfo(xs, filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true, 'channelsLast');
    const [fh, fw, c, m] = filterShape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const { top, left } = info.padInfo;
    // dW[i, j, c, m] = Σ_n Σ_{y,x} xPadded[n, y·sh + i·dh, x·sw + j·dw, c] · dy[n, y, x, c·M + m]:
    // one depthwise convolution of x as a single image with N·C channels ([1, H, W, N·C]) with dy as
    // the filter ([Ho, Wo, N·C, M]), dilated by the stride and strided by the dilation, then Σ_n.
    const bottom = Math.max(0, (fh - 1) * dh + (ho - 1) * sh + 1 - xs[1] - top);
    const right = Math.max(0, (fw - 1) * dw + (wo - 1) * sw + 1 - xs[2] - left);
    const xT = s.reshape(s.transpose(x, [1, 2, 0, 3]), [1, xs[1], xs[2], n * c]);
    const dyT = s.reshape(s.transpose(dy, [1, 2, 0, 3]), [ho, wo, n * c, m]);
    const r = s.run('DepthwiseConv2dNative', { x: xT, filter: dyT }, {
      strides: [dh, dw],
      pad: explicitPad(top, bottom, left, right),
      dilations: [sh, sw],
    }); // [1, ≥fh, ≥fw, N·C·M]
    const [, rh, rw] = shape4(r.shape, 'result');
    const cut = rh === fh && rw === fw ? r : s.slice(r, [0, 0, 0, 0], [1, fh, fw, n * c * m]);
    if (n === 1) return s.reshape(cut, [fh, fw, c, m]);
    return s.reshape(s.run('Sum', { x: s.reshape(cut, [fh * fw, n, c * m]) }, { axis: [1], keepDims: false }), [fh, fw, c, m]);
  });
}

// ---------------------------------------------------------------------------------------------
// UnsortedSegmentSum (the gradient of gather)

function unsortedSegmentSum({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const numSegments = attrs?.numSegments;
  if (typeof numSegments !== 'number') throw new Error("wasmKernels: missing attribute 'numSegments'");
  return compose(backend, (s) => {
    const x = input(inputs, 'x');
    const ids = input(inputs, 'segmentIds');
    if (ids.shape.length !== 1) throw new Error('wasmKernels: UnsortedSegmentSum supports 1-D segment ids only');
    const len = ids.shape[0]!;
    const rest = x.shape.slice(1);
    const inner = rest.reduce((acc, d) => acc * d, 1);
    const xf = x.dtype === 'float32' ? x : s.run('Cast', { x }, { dtype: 'float32' });
    const ids32 = ids.dtype === 'int32' ? ids : s.run('Cast', { x: ids }, { dtype: 'int32' });
    // Ids outside [0, numSegments) get an all-zero one-hot row: dropped, as in TensorFlow.
    // (WASM's OneHot writes int32 whatever its dtype attribute says, hence the cast.)
    const oh = s.run('Cast', { x: s.run('OneHot', { indices: ids32 }, { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' }) }, { dtype: 'float32' }); // [len, S]
    const r = s.run('BatchMatMul', { a: s.reshape(oh, [1, len, numSegments]), b: s.reshape(xf, [1, len, inner]) }, { transposeA: true, transposeB: false });
    const out = s.reshape(r, [numSegments, ...rest]);
    return x.dtype === 'float32' ? out : s.run('Cast', { x: out }, { dtype: x.dtype });
  });
}

// ---------------------------------------------------------------------------------------------
// MaxPoolGrad (replaces WASM's, which routes the gradient to wrong pixels, e.g. for 2×2 windows):
// the flat index of each window's first maximum (row-major, as the CPU backend), then one ScatterNd.

/**
 * MaxPoolGrad for windows that tile the padded input (stride = window, the usual 2×2/2): two rank-3
 * transposes put each window's taps last ([N·Ho·Wo·C, fh·fw]); ArgMax (the first maximum, row-major,
 * as the CPU backend) → one-hot × dy; two transposes back. (WASM's rank-5/6 transposes, StridedSlice
 * and broadcasting comparisons are slow generic loops, hence this shape of the computation.)
 */
function tiledMaxPoolGrad(s: Scope, dy: Info, xp: Info, xs: [number, number, number, number], ho: number, wo: number, fh: number, fw: number, top: number, left: number): Info {
  const [n, h, w, c] = xs;
  const [, hp, wp] = shape4(xp.shape, 'padded input');
  const a = n * ho;
  const p = a * wo * c;
  const k = fh * fw;
  const cover = hp === ho * fh && wp === wo * fw ? xp : s.slice(xp, [0, 0, 0, 0], [n, ho * fh, wo * fw, c]);
  const t1 = s.transpose(s.reshape(cover, [a, fh, wo * fw * c]), [0, 2, 1]); // [N·Ho, Wo, fw, C, fh]
  const windows = s.reshape(s.transpose(s.reshape(t1, [a * wo, fw, c * fh]), [0, 2, 1]), [p, k]); // [N·Ho·Wo·C, fh·fw]
  const winner = s.run('ArgMax', { x: windows }, { axis: 1 });
  const oneHot = s.run('Cast', { x: s.run('OneHot', { indices: winner }, { depth: k, onValue: 1, offValue: 0, dtype: 'int32' }) }, { dtype: 'float32' });
  const share = s.run('Multiply', { a: oneHot, b: s.reshape(dy, [p, 1]) }); // [N·Ho·Wo·C, fh·fw]
  const b1 = s.transpose(s.reshape(share, [a * wo, c * fh, fw]), [0, 2, 1]); // [N·Ho, Wo, fw, C, fh]
  let full = s.reshape(s.transpose(s.reshape(b1, [a, wo * fw * c, fh]), [0, 2, 1]), [n, ho * fh, wo * fw, c]);
  full = s.pad(full, [
    [0, 0],
    [0, Math.max(0, top + h - ho * fh)],
    [0, Math.max(0, left + w - wo * fw)],
    [0, 0],
  ]);
  return s.slice(full, [0, top, left, 0], [n, h, w, c]);
}

function maxPoolGrad({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const a = (attrs ?? {}) as Partial<Record<'filterSize' | 'strides' | 'pad' | 'dimRoundingMode', unknown>>;
  return compose(backend, (s) => {
    const dy = input(inputs, 'dy');
    const x = input(inputs, 'input');
    checkFloat(dy, x);
    const xs = shape4(x.shape, 'input');
    const info = tf.backend_util.computePool2DInfo(xs, a.filterSize as Pair | number, a.strides as Pair | number, 1, a.pad as Pad, a.dimRoundingMode as Rounding);
    const [n, h, w, c] = xs;
    const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
    const { top, left } = info.padInfo;
    const spanH = (ho - 1) * sh + 1;
    const spanW = (wo - 1) * sw + 1;
    const bottom = Math.max(0, fh - 1 + spanH - h - top);
    const right = Math.max(0, fw - 1 + spanW - w - left);
    const xp = s.run('PadV2', { x }, {
      paddings: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      constantValue: -Infinity,
    });
    if (sh === fh && sw === fw) return tiledMaxPoolGrad(s, dy, xp, xs, ho, wo, fh, fw, top, left);
    // General windows: the flat index of each window's first maximum, then one ScatterNd.
    const y = inputs.output ?? s.run('MaxPool', { x }, attrs); // same attributes as MaxPoolGrad
    let open: Info | undefined; // 1 where no earlier tap (row-major) was the maximum
    let offset: Info | undefined; // Σ taps isFirstMax · (tap offset in x)
    for (let i = 0; i < fh; i++) {
      for (let j = 0; j < fw; j++) {
        const sl = s.run('StridedSlice', { x: xp }, {
          begin: [0, i, j, 0],
          end: [n, i + spanH, j + spanW, c],
          strides: [1, sh, sw, 1],
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
        });
        const eq = s.run('Cast', { x: s.run('Equal', { a: sl, b: y }) }, { dtype: 'int32' });
        const first = open === undefined ? eq : s.run('Multiply', { a: eq, b: open });
        if (i < fh - 1 || j < fw - 1) open = open === undefined ? s.run('Sub', { a: s.constant([1], [], 'int32'), b: eq }) : s.run('Sub', { a: open, b: first });
        const term = s.run('Multiply', { a: first, b: s.constant([(i * w + j) * c], [], 'int32') });
        offset = offset === undefined ? term : s.run('Add', { a: offset, b: term });
      }
    }
    // Flat index of the window's top-left corner: ((b·H + y·sh − top)·W + x·sw − left)·C + ch.
    const range = (len: number, f: (k: number) => number): number[] => Array.from({ length: len }, (_, k) => f(k));
    let base = s.run('Add', { a: s.constant(range(n, (k) => k * h * w * c), [n, 1, 1, 1], 'int32'), b: s.constant(range(ho, (k) => (k * sh - top) * w * c), [1, ho, 1, 1], 'int32') });
    base = s.run('Add', { a: base, b: s.constant(range(wo, (k) => (k * sw - left) * c), [1, 1, wo, 1], 'int32') });
    base = s.run('Add', { a: base, b: s.constant(range(c, (k) => k), [1, 1, 1, c], 'int32') });
    const idx = s.run('Add', { a: base, b: offset! });
    const p = n * ho * wo * c;
    const dx = s.run('ScatterNd', { indices: s.reshape(idx, [p, 1]), updates: s.reshape(dy, [p]) }, { shape: [n * h * w * c] });
    return s.reshape(dx, [n, h, w, c]);
  });
}

// ---------------------------------------------------------------------------------------------

/** The kernels this module adds where WASM has none. */
const ADDED: ReadonlyArray<[string, tf.KernelFunc]> = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseConv2dNativeBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseConv2dNativeBackpropInput],
  ['UnsortedSegmentSum', unsortedSegmentSum],
];

/** The WASM kernels this module replaces (slow or wrong), built from the original when needed. */
const REPLACED: ReadonlyArray<[string, (original: tf.KernelConfig | undefined) => tf.KernelFunc]> = [
  ['Conv2DBackpropInput', (o) => makeConv2DBackpropInput(o)],
  ['MaxPoolGrad', () => maxPoolGrad],
];

const ours = new WeakSet<tf.KernelFunc>();

/** The kernel names this module registers for 'wasm' (for tests and diagnostics). */
export const WASM_TRAINING_KERNELS: readonly string[] = [...ADDED, ...REPLACED].map(([name]) => name);

/**
 * Registers the missing WASM gradient kernels and the replacements of the slow or wrong ones.
 * Idempotent; call it before the first training step. Needs no initialised backend: the kernels it
 * composes are looked up when they run.
 */
export function registerWasmTrainingKernels(): void {
  for (const [kernelName, kernelFunc] of ADDED) {
    if (tf.getKernel(kernelName, BACKEND) !== undefined) continue; // ours already, or a later tfjs that has its own
    ours.add(kernelFunc);
    tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
  }
  for (const [kernelName, make] of REPLACED) {
    const original = tf.getKernel(kernelName, BACKEND);
    if (original !== undefined && ours.has(original.kernelFunc)) continue;
    const kernelFunc = make(original);
    ours.add(kernelFunc);
    if (original !== undefined) tf.unregisterKernel(kernelName, BACKEND);
    // Keep the original's set-up: the replacement may fall back to it.
    tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc, setupFunc: original?.setupFunc, disposeFunc: original?.disposeFunc });
  }
}
