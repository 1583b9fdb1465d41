/**
 * Operator fusion for a TF.js GraphModel, done on the model's artifacts before tfjs builds the graph.
 *
 * The coco-ssd graph was converted without fusing: every convolution is followed by its own kernels
 * for the batch-norm scale (`Mul`, depthwise only), the offset (`Add` / `BiasAdd`, or a whole
 * `FusedBatchNorm`) and the activation (`Relu6`) — 391 kernels per frame, of which 164 are these
 * element-wise passes over the feature maps. Here each chain becomes one `_FusedConv2D` /
 * `FusedDepthwiseConv2dNative` with a bias and an optional Relu / Relu6, the ops tfjs runs as one
 * kernel (XNNPACK applies the bias and the clamp in the convolution's own output loop on WASM):
 *
 *   Conv2D → Add|BiasAdd(c) [→ Relu6]                      ⇒ FusedConv(x, W, c) [relu6]
 *   Depthwise → Mul(s) → Add(c) [→ Relu6]                  ⇒ FusedDepthwise(x, W·s, c) [relu6]
 *   Conv|Depthwise → FusedBatchNorm(γ, β, μ, σ²) [→ Relu6] ⇒ Fused(x, W·k, β − μ·k), k = γ / √(σ² + ε)
 *   AddN(Conv2D, r) → Add(c)                               ⇒ AddN(FusedConv(x, W, c), r)   (residuals)
 *
 * A chain is fused only when each intermediate result has exactly one consumer, so nothing else reads
 * a node that disappears; the fused node takes the name of the chain's last node, so every node that
 * was readable from outside the chain (outputs, `Relu6` feature maps, the residual sums) keeps its
 * name. Results equal the unfused graph's up to float rounding (checked on real photos in
 * tests/unit/graph-fusion.test.ts). Anything this code does not know (quantized or non-float32/int32
 * weights, a chain in another shape) is left as it is.
 *
 * Pure TypeScript over the artifacts' JSON and bytes: no tfjs at run time (only its types).
 */
import type { io } from '@tensorflow/tfjs';

interface AttrValue {
  readonly s?: number[] | string;
  readonly i?: string | number;
  readonly f?: number;
  readonly b?: boolean;
  readonly type?: number | string;
  readonly list?: { readonly s?: (number[] | string)[]; readonly i?: (string | number)[] };
  readonly tensor?: { readonly dtype?: number | string; readonly tensorShape?: { readonly dim?: { readonly size?: string | number }[] } };
}

export interface GraphNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
  device?: string;
}

interface GraphDef {
  node?: GraphNodeDef[];
  [key: string]: unknown;
}

export interface FusionReport {
  /** Convolutions turned into `_FusedConv2D`. */
  readonly conv: number;
  /** Depthwise convolutions turned into `FusedDepthwiseConv2dNative`. */
  readonly depthwise: number;
  /** Of those, how many also took a Relu / Relu6. */
  readonly withActivation: number;
  /** Nodes (ops and constants) in the graph before and after. */
  readonly nodesBefore: number;
  readonly nodesAfter: number;
  /** Why nothing was done, when nothing was. */
  readonly skipped?: string;
}

interface Weight {
  spec: io.WeightsManifestEntry;
  data: Float32Array | Int32Array;
}

const bytes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** Base node name of an input reference (`name`, `name:0`, `^name`). */
function baseName(ref: string): string {
  const r = ref.startsWith('^') ? ref.slice(1) : ref;
  const colon = r.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(r.slice(colon + 1)) ? r.slice(0, colon) : r;
}

/** Whether `ref` reads output 0 of a node (not a control edge, not another output). */
function readsFirstOutput(ref: string): boolean {
  if (ref.startsWith('^')) return false;
  const colon = ref.lastIndexOf(':');
  return !(colon > 0 && /^\d+$/.test(ref.slice(colon + 1))) || ref.endsWith(':0');
}

function joinWeightData(data: io.WeightData): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  let total = 0;
  for (const b of data) total += b.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** The weights as typed arrays by name, or the reason they cannot be handled. */
function decodeWeights(specs: io.WeightsManifestEntry[], data: ArrayBuffer): Map<string, Weight> | string {
  const out = new Map<string, Weight>();
  let at = 0;
  for (const spec of specs) {
    if (spec.quantization) return `quantized weight ${spec.name}`;
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32') return `weight ${spec.name} has dtype ${spec.dtype}`;
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (at + n * 4 > data.byteLength) return `weight data ends before ${spec.name}`;
    const slice = data.slice(at, at + n * 4);
    out.set(spec.name, { spec, data: spec.dtype === 'float32' ? new Float32Array(slice) : new Int32Array(slice) });
    at += n * 4;
  }
  return out;
}

/**
 * Fuse the convolution chains of a graph model's artifacts. Returns new artifacts (the input is not
 * changed) and what was done; artifacts it cannot handle come back as they are, with `skipped`.
 */
export function fuseGraphArtifacts(artifacts: io.ModelArtifacts): { artifacts: io.ModelArtifacts; report: FusionReport } {
  const topology = artifacts.modelTopology as GraphDef | undefined;
  const nodesIn = topology && !(topology instanceof ArrayBuffer) ? topology.node : undefined;
  const none = (skipped: string) => ({
    artifacts,
    report: { conv: 0, depthwise: 0, withActivation: 0, nodesBefore: nodesIn?.length ?? 0, nodesAfter: nodesIn?.length ?? 0, skipped },
  });
  if (!topology || !Array.isArray(nodesIn)) return none('no graph topology');
  if (!artifacts.weightSpecs || !artifacts.weightData) return none('no weights');
  const weights = decodeWeights(artifacts.weightSpecs, joinWeightData(artifacts.weightData));
  if (typeof weights === 'string') return none(weights);

  const nodes = new Map<string, GraphNodeDef>();
  for (const n of nodesIn) nodes.set(n.name, { ...n, input: n.input ? [...n.input] : [] });
  const consumers = new Map<string, { node: string; ref: string }[]>();
  for (const n of nodes.values()) {
    for (const ref of n.input ?? []) {
      const b = baseName(ref);
      const list = consumers.get(b) ?? [];
      list.push({ node: n.name, ref });
      consumers.set(b, list);
    }
  }
  /** The one node reading `name`'s output 0, when it is the only reader of `name` at all. */
  const soleConsumer = (name: string): GraphNodeDef | undefined => {
    const list = consumers.get(name);
    if (!list || list.length !== 1 || !readsFirstOutput(list[0]!.ref)) return undefined;
    return nodes.get(list[0]!.node);
  };
  /** A float32 constant's values, when `ref` names one of length `len`. */
  const floatConst = (ref: string, len: number): Float32Array | undefined => {
    const n = nodes.get(baseName(ref));
    if (!n || n.op !== 'Const') return undefined;
    const w = weights.get(n.name);
    return w && w.data instanceof Float32Array && w.data.length === len && w.spec.shape.length <= 1 ? w.data : undefined;
  };
  /** The input of a two-input op that is not `from` (`n` comes from soleConsumer, so it reads `from` once). */
  const otherInput = (n: GraphNodeDef, from: string): string | undefined => {
    const ins = n.input ?? [];
    return ins.length === 2 ? ins.find((r) => baseName(r) !== from) : undefined;
  };

  const removed = new Set<string>();
  const newWeights: Weight[] = [];
  const newConsts: GraphNodeDef[] = [];
  const usedNames = new Set(nodes.keys());
  const freshName = (base: string): string => {
    let name = base;
    for (let k = 1; usedNames.has(name); k++) name = `${base}_${k}`;
    usedNames.add(name);
    return name;
  };
  const addConst = (base: string, shape: number[], data: Float32Array): string => {
    const name = freshName(base);
    newWeights.push({ spec: { name, shape, dtype: 'float32' }, data });
    newConsts.push({
      name,
      op: 'Const',
      input: [],
      attr: { dtype: { type: 1 }, value: { tensor: { dtype: 1, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } } } },
    });
    return name;
  };

  let conv = 0;
  let depthwise = 0;
  let withActivation = 0;
  for (const c of [...nodes.values()]) {
    const isDepthwise = c.op === 'DepthwiseConv2dNative';
    if (c.op !== 'Conv2D' && !isDepthwise) continue;
    if (removed.has(c.name)) continue;
    const [x, filterRef] = c.input ?? [];
    if (x === undefined || filterRef === undefined || (c.input ?? []).length !== 2) continue;
    const fmt = c.attr?.data_format?.s;
    if (fmt !== undefined && (Array.isArray(fmt) ? String.fromCharCode(...fmt) : fmt) !== 'NHWC' && fmt !== 'TkhXQw==') continue;
    const filterNode = nodes.get(baseName(filterRef));
    const filter = filterNode?.op === 'Const' ? weights.get(filterNode.name) : undefined;
    if (!filter || !(filter.data instanceof Float32Array) || filter.spec.shape.length !== 4) continue;
    const [kh, kw, inC, last] = filter.spec.shape as [number, number, number, number];
    const channels = isDepthwise ? inC * last : last;

    const absorbed: string[] = [];
    let cur = c.name;
    let scale: Float32Array | undefined;
    let bias: Float32Array | undefined;
    let biasRef: string | undefined;
    /** Residual form: the AddN that consumes the conv, renamed after the bias Add that follows it. */
    let residual: { addN: GraphNodeDef; add: GraphNodeDef } | undefined;

    let next = soleConsumer(cur);
    if (next && isDepthwise && next.op === 'Mul') {
      const s = otherInput(next, cur);
      const v = s !== undefined ? floatConst(s, channels) : undefined;
      if (v) {
        scale = v;
        absorbed.push(next.name);
        cur = next.name;
        next = soleConsumer(cur);
      }
    } else if (next && (next.op === 'FusedBatchNorm' || next.op === 'FusedBatchNormV3') && next.attr?.is_training?.b !== true) {
      const ins = next.input ?? [];
      const [g, be, mu, va] = ins.slice(1).map((r) => floatConst(r, channels));
      const onlyFirst = (consumers.get(next.name) ?? []).every((u) => readsFirstOutput(u.ref));
      if (ins.length === 5 && baseName(ins[0]!) === cur && g && be && mu && va && onlyFirst) {
        const eps = next.attr?.epsilon?.f ?? 1e-3;
        scale = new Float32Array(channels);
        bias = new Float32Array(channels);
        for (let k = 0; k < channels; k++) {
          const kk = g[k]! / Math.sqrt(va[k]! + eps);
          scale[k] = kk;
          bias[k] = be[k]! - mu[k]! * kk;
        }
        absorbed.push(next.name);
        cur = next.name;
        next = soleConsumer(cur);
      }
    }
    if (!bias && next && (next.op === 'Add' || next.op === 'AddV2' || next.op === 'BiasAdd')) {
      const b = otherInput(next, cur);
      const v = b !== undefined ? floatConst(b, channels) : undefined;
      if (v && (next.op !== 'BiasAdd' || baseName((next.input ?? [])[0] ?? '') === cur)) {
        biasRef = b;
        absorbed.push(next.name);
        cur = next.name;
        next = soleConsumer(cur);
      }
    } else if (!bias && !scale && !isDepthwise && next && next.op === 'AddN' && (next.input ?? []).length === 2) {
      const addN = next;
      const add = soleConsumer(addN.name);
      const b = add && (add.op === 'Add' || add.op === 'AddV2') ? otherInput(add, addN.name) : undefined;
      if (add && b !== undefined && floatConst(b, channels) && otherInput(addN, cur) !== undefined) {
        residual = { addN, add };
        biasRef = b;
      }
    }
    if (!bias && !biasRef && !scale) continue;

    let activation: string | undefined;
    if (!residual && next && (next.op === 'Relu6' || next.op === 'Relu') && (next.input ?? []).length === 1) {
      activation = next.op;
      absorbed.push(next.name);
      cur = next.name;
    }

    let filterName = filterNode!.name;
    if (scale) {
      const w = filter.data;
      const scaled = new Float32Array(w.length);
      for (let i = 0; i < w.length; i++) scaled[i] = w[i]! * scale[i % channels]!;
      filterName = addConst(`${filterNode!.name}/fused`, [kh, kw, inC, last], scaled);
    }
    if (!biasRef) biasRef = addConst(`${c.name}/fused_bias`, [channels], bias ?? new Float32Array(channels));

    const fusedName = residual ? c.name : cur;
    const attr: Record<string, AttrValue> = { ...c.attr };
    delete attr.use_cudnn_on_gpu;
    attr.fused_ops = { list: { s: activation ? [bytes('BiasAdd'), bytes(activation)] : [bytes('BiasAdd')] } };
    attr.num_args = { i: '1' };
    const fused: GraphNodeDef = {
      name: fusedName,
      op: isDepthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
      input: [x, filterName, biasRef],
      attr,
      ...(c.device !== undefined ? { device: c.device } : {}),
    };
    removed.add(c.name);
    for (const a of absorbed) removed.add(a);
    nodes.set(fusedName, fused);
    removed.delete(fusedName);
    if (residual) {
      // (conv + r) + c  ⇒  (conv + c) + r: the sum keeps the bias Add's name, which its readers use.
      removed.add(residual.add.name);
      removed.add(residual.addN.name);
      const renamed: GraphNodeDef = { ...residual.addN, name: residual.add.name, input: [...(residual.addN.input ?? [])] };
      nodes.set(renamed.name, renamed);
      removed.delete(renamed.name);
    }
    if (isDepthwise) depthwise++;
    else conv++;
    if (activation) withActivation++;
  }

  if (conv + depthwise === 0) return none('no convolution chain to fuse');

  // Keep the original node order (the fused node where its chain's last node was), then drop
  // constants nobody reads any more.
  const ordered: GraphNodeDef[] = [];
  const placed = new Set<string>();
  for (const n of nodesIn) {
    const now = nodes.get(n.name);
    if (!now || removed.has(n.name) || placed.has(n.name)) continue;
    ordered.push(now);
    placed.add(n.name);
  }
  for (const n of nodes.values()) if (!placed.has(n.name) && !removed.has(n.name)) ordered.push(n);
  const all = [...ordered, ...newConsts];
  const read = new Set<string>();
  for (const n of all) for (const r of n.input ?? []) read.add(baseName(r));
  // A constant that was read before and is read no more (a folded scale, an unscaled filter) goes.
  const kept = all.filter((n) => n.op !== 'Const' || read.has(n.name) || !consumers.has(n.name));
  const keptNames = new Set(kept.map((n) => n.name));

  const specs: io.WeightsManifestEntry[] = [];
  const parts: (Float32Array | Int32Array)[] = [];
  for (const w of [...weights.values(), ...newWeights]) {
    if (!keptNames.has(w.spec.name)) continue;
    specs.push(w.spec);
    parts.push(w.data);
  }
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return {
    artifacts: { ...artifacts, modelTopology: { ...topology, node: kept }, weightSpecs: specs, weightData: data.buffer },
    report: { conv, depthwise, withActivation, nodesBefore: nodesIn.length, nodesAfter: kept.length },
  };
}

/** An IOHandler that loads through `source` (a URL or another handler) and fuses what it gets. */
export function fusingHandler(
  source: io.IOHandler,
  onReport?: (report: FusionReport) => void,
): io.IOHandler {
  return {
    load: async () => {
      if (!source.load) throw new Error('model source cannot load');
      const { artifacts, report } = fuseGraphArtifacts(await source.load());
      onReport?.(report);
      return artifacts;
    },
  };
}
