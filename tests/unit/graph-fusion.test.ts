/**
 * Operator fusion (`src/models/graphFusion.ts`): the fused graph must compute what the graph as
 * converted computes. References: the unfused graph itself, run by tfjs (hand-built graphs on the CPU
 * backend; the real coco-ssd graph on WASM on real photos), and the node counts read from model.json
 * by this test, not by the code under test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fuseGraphArtifacts, type GraphNodeDef } from '../../src/models/graphFusion';
import { CocoSsdAdapter, COCO_SSD_ID } from '../../src/models/cocoSsd';
import { BACKBONE_NODE } from '../../src/models/fastRcnn';
import { loadImageTensor, modelFileUrl, MODELS_PUBLIC_DIR, pixelsOf, SHARED_DIR } from '../../scripts/lib/nodeTf';
import { assertCocoSsdWeights, loadRealCocoSsd } from './lib/cocoSsdWeights';

// ---------- hand-built graphs ----------

const str = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const ints = (...v: number[]) => ({ list: { i: v.map(String) } });
const convAttr = (stride = 1) => ({ strides: ints(1, stride, stride, 1), padding: { s: str('SAME') }, data_format: { s: str('NHWC') }, dilations: ints(1, 1, 1, 1), T: { type: 1 } });

/** A deterministic pseudo-random float in [-1, 1). */
function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

class GraphBuilder {
  readonly nodes: GraphNodeDef[] = [{ name: 'input', op: 'Placeholder', attr: { dtype: { type: 1 }, shape: { shape: { dim: [1, 6, 6, 2].map((size) => ({ size: String(size) })) } } as never } }];
  readonly specs: tf.io.WeightsManifestEntry[] = [];
  readonly values: Float32Array[] = [];
  private r = rand(7);

  const(name: string, shape: number[], fill?: (i: number) => number): string {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = fill ? fill(i) : this.r();
    this.specs.push({ name, shape, dtype: 'float32' });
    this.values.push(v);
    this.nodes.push({ name, op: 'Const', input: [], attr: { dtype: { type: 1 }, value: { tensor: { dtype: 1, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } } } } });
    return name;
  }

  op(name: string, op: string, input: string[], attr: GraphNodeDef['attr'] = {}): string {
    this.nodes.push({ name, op, input, attr: { T: { type: 1 }, ...attr } });
    return name;
  }

  artifacts(): tf.io.ModelArtifacts {
    let total = 0;
    for (const v of this.values) total += v.byteLength;
    const data = new Uint8Array(total);
    let at = 0;
    for (const v of this.values) {
      data.set(new Uint8Array(v.buffer), at);
      at += v.byteLength;
    }
    return { modelTopology: { node: this.nodes, versions: { producer: 27 } }, weightSpecs: this.specs, weightData: data.buffer, format: 'graph-model' };
  }
}

/**
 * input [1,6,6,2]
 *  → Conv2D 3×3 (2→4) → Add(b) → Relu6 = a                           (conv + bias + relu6)
 *  → Depthwise 3×3 ×2 (4→8) → Mul(s) → Add(c) → Relu6 = d             (BN scale folded into the filter)
 *  → Depthwise 3×3 ×1 stride 2 → FusedBatchNorm → Relu6 = e           (whole BN folded)
 *  → Conv2D 1×1 (8→8) → AddN(·, e) → Add(c2) = res                    (residual: bias moved before the sum)
 *  → Conv2D 1×1 (8→3) → BiasAdd(b3) = out
 * and a conv whose output is read twice (must stay unfused): Conv2D(a) → [Add(b4) = twice1, Relu6 = twice2].
 */
function buildGraph(): GraphBuilder {
  const g = new GraphBuilder();
  const pos = (i: number) => 0.5 + ((i * 37) % 11) / 10;
  g.op('c1', 'Conv2D', ['input', g.const('w1', [3, 3, 2, 4])], convAttr());
  g.op('add1', 'Add', ['c1', g.const('b1', [4])]);
  const a = g.op('relu1', 'Relu6', ['add1']);
  g.op('dw1', 'DepthwiseConv2dNative', [a, g.const('f1', [3, 3, 4, 2])], convAttr());
  g.op('mul2', 'Mul', [g.const('s2', [8], pos), 'dw1']);
  g.op('add2', 'Add', ['mul2', g.const('c2', [8])]);
  const d = g.op('relu2', 'Relu6', ['add2']);
  g.op('dw3', 'DepthwiseConv2dNative', [d, g.const('f3', [3, 3, 8, 1])], convAttr(2));
  g.op('bn3', 'FusedBatchNorm', ['dw3', g.const('gamma', [8], pos), g.const('beta', [8]), g.const('mean', [8]), g.const('var', [8], (i) => pos(i) * 0.3)], {
    epsilon: { f: 0.001 },
    is_training: { b: false },
    data_format: { s: str('NHWC') },
  });
  const e = g.op('relu3', 'Relu6', ['bn3']);
  g.op('c4', 'Conv2D', [e, g.const('w4', [1, 1, 8, 8])], convAttr());
  g.op('sum4', 'AddN', ['c4', e], { N: { i: '2' } });
  const res = g.op('res4', 'Add', [g.const('b4', [8]), 'sum4']);
  g.op('c5', 'Conv2D', [res, g.const('w5', [1, 1, 8, 3])], convAttr());
  g.op('out', 'BiasAdd', ['c5', g.const('b5', [3])], { data_format: { s: str('NHWC') } });
  g.op('c6', 'Conv2D', [a, g.const('w6', [1, 1, 4, 4])], convAttr());
  g.op('twice1', 'Add', ['c6', g.const('b6', [4])]);
  g.op('twice2', 'Relu6', ['c6']);
  return g;
}

const OUTPUTS = ['out', 'twice1', 'twice2', 'relu1', 'relu2', 'res4'];

async function runGraph(artifacts: tf.io.ModelArtifacts, x: tf.Tensor): Promise<Float32Array[]> {
  const m = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  try {
    const outs = m.execute({ input: x }, OUTPUTS) as tf.Tensor[];
    const data = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    return data;
  } finally {
    m.dispose();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('graphFusion on hand-built graphs (CPU backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('fuses every chain it can, keeps the names read from outside, and computes the same outputs', async () => {
    const g = buildGraph();
    const { artifacts, report } = fuseGraphArtifacts(g.artifacts());
    expect(report.skipped).toBeUndefined();
    // c1, c4 (residual), c5 → _FusedConv2D; c6 is read twice → left alone. dw1, dw3 → fused depthwise.
    expect([report.conv, report.depthwise, report.withActivation]).toEqual([3, 2, 3]);
    const nodes = (artifacts.modelTopology as { node: GraphNodeDef[] }).node;
    const byName = new Map(nodes.map((n) => [n.name, n]));
    expect(byName.get('relu1')?.op).toBe('_FusedConv2D');
    expect(byName.get('relu2')?.op).toBe('FusedDepthwiseConv2dNative');
    expect(byName.get('relu3')?.op).toBe('FusedDepthwiseConv2dNative');
    expect(byName.get('out')?.op).toBe('_FusedConv2D');
    expect(byName.get('c4')?.op).toBe('_FusedConv2D');
    expect(byName.get('res4')?.op).toBe('AddN');
    expect(byName.get('c6')?.op).toBe('Conv2D');
    for (const gone of ['c1', 'add1', 'dw1', 'mul2', 'add2', 'dw3', 'bn3', 'sum4', 'c5', 's2', 'gamma', 'f1']) expect(byName.has(gone)).toBe(false);
    // Every weight left is read by some node, and every constant read has its weight.
    const read = new Set(nodes.flatMap((n) => n.input ?? []));
    for (const s of artifacts.weightSpecs ?? []) expect(read.has(s.name)).toBe(true);

    const x = tf.tensor4d(Float32Array.from({ length: 72 }, rand(3)).map((v) => v * 3), [1, 6, 6, 2]);
    const [ref, got] = [await runGraph(g.artifacts(), x), await runGraph(artifacts, x)];
    x.dispose();
    for (let k = 0; k < OUTPUTS.length; k++) {
      const scale = Math.max(1, ...Array.from(ref[k]!, Math.abs));
      expect(maxAbsDiff(got[k]!, ref[k]!) / scale, OUTPUTS[k]).toBeLessThan(1e-5);
    }
    // Not trivially equal: the relu6 clamps bite somewhere and the outputs are not all zero.
    expect(ref[0]!.some((v) => Math.abs(v) > 0.1)).toBe(true);
    expect(Array.from(ref[3]!).some((v) => v === 6) || Array.from(ref[4]!).some((v) => v === 6) || Array.from(ref[3]!).some((v) => v === 0)).toBe(true);
  });

  it('leaves the input untouched and gives back artifacts it cannot handle as they are', () => {
    const g = buildGraph();
    const original = g.artifacts();
    const before = JSON.stringify(original.modelTopology);
    fuseGraphArtifacts(original);
    expect(JSON.stringify(original.modelTopology)).toBe(before);

    const quantized = g.artifacts();
    quantized.weightSpecs = quantized.weightSpecs!.map((s, i) => (i === 0 ? { ...s, quantization: { dtype: 'uint8', min: 0, scale: 1 } } : s));
    const q = fuseGraphArtifacts(quantized);
    expect(q.artifacts).toBe(quantized);
    expect(q.report.skipped).toMatch(/quantized/);

    const noConv = new GraphBuilder();
    noConv.op('r', 'Relu6', ['input']);
    const n = fuseGraphArtifacts(noConv.artifacts());
    expect(n.report.conv + n.report.depthwise).toBe(0);
    expect(n.report.skipped).toBeDefined();
  });
});

// ---------- the real coco-ssd graph ----------

const IMAGES = path.join(SHARED_DIR, 'images');

describe('graphFusion on the coco-ssd graph (WASM, real photos)', () => {
  let fused: CocoSsdAdapter;
  let plain: CocoSsdAdapter;

  beforeAll(async () => {
    assertCocoSsdWeights();
    fused = await loadRealCocoSsd();
    plain = new CocoSsdAdapter(modelFileUrl(COCO_SSD_ID), undefined, 'as-converted');
    await plain.load();
  });
  afterAll(() => {
    fused?.dispose();
    plain?.dispose();
  });

  it('fuses every convolution of the graph (counted from model.json here) and drops the separate BN / bias / Relu6 nodes', () => {
    const json = JSON.parse(readFileSync(path.join(MODELS_PUBLIC_DIR, COCO_SSD_ID, 'model.json'), 'utf8')) as { modelTopology: { node: GraphNodeDef[] } };
    const count = (op: string) => json.modelTopology.node.filter((n) => n.op === op).length;
    const r = fused.fusionReport;
    expect(plain.fusionReport).toBeNull();
    expect(r?.conv).toBe(count('Conv2D'));
    expect(r?.depthwise).toBe(count('DepthwiseConv2dNative'));
    expect(r?.withActivation).toBe(count('Relu6'));
    expect(r?.nodesBefore).toBe(json.modelTopology.node.length);
    expect(r!.nodesAfter).toBeLessThan(r!.nodesBefore - count('Relu6') - count('FusedBatchNorm') - count('BiasAdd'));
  });

  it('a 300×300 frame (the live size) skips the preprocessor loop: outputs equal the whole graph\'s, bit for bit', async () => {
    const img = await loadImageTensor(path.join(IMAGES, '000000377575.jpg'));
    const small = tf.tidy(() => tf.cast(tf.image.resizeBilinear(img, [300, 300]), 'int32') as tf.Tensor3D);
    img.dispose();
    try {
      const batch = tf.expandDims(small, 0);
      const ref = (await plain.graphModel.executeAsync(batch)) as tf.Tensor[];
      const [refScores, refBoxes] = [await ref[0]!.data(), await ref[1]!.data()];
      tf.dispose([batch, ...ref]);
      const spy = vi.spyOn(plain.graphModel, 'executeAsync');
      const raw = await plain.runRaw(pixelsOf(small));
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
      expect(maxAbsDiff(raw.scores, refScores)).toBe(0);
      expect(maxAbsDiff(raw.boxes, refBoxes)).toBe(0);
      // Another size still runs the whole graph (its resize is not the identity).
      const other = tf.tidy(() => tf.slice(small, [0, 0, 0], [280, 300, 3]) as tf.Tensor3D);
      const spy2 = vi.spyOn(plain.graphModel, 'executeAsync');
      await plain.runRaw(pixelsOf(other));
      expect(spy2).toHaveBeenCalledTimes(1);
      spy2.mockRestore();
      other.dispose();
    } finally {
      small.dispose();
    }
  });

  it.each(['000000377575.jpg', '000000568290.jpg', 'unannotated/skimage_coffee.png'])('%s: scores, boxes, detections and the R-CNN backbone node match the unfused graph', async (file) => {
    const img = await loadImageTensor(path.join(IMAGES, file));
    try {
      const px = pixelsOf(img);
      const [a, b] = [await plain.runRaw(px), await fused.runRaw(px)];
      expect(maxAbsDiff(b.scores, a.scores)).toBeLessThan(1e-4);
      expect(maxAbsDiff(b.boxes, a.boxes)).toBeLessThan(1e-4);
      const opts = { scoreThreshold: 0.3, iouThreshold: 0.5, maxDetections: 20, classAgnostic: false };
      const da = plain.decode(a, opts);
      const db = fused.decode(b, opts);
      expect(da.length).toBeGreaterThan(0);
      expect(db.map((d) => d.categoryId)).toEqual(da.map((d) => d.categoryId));
      db.forEach((d, i) => expect(Math.abs(d.box.x1 - da[i]!.box.x1) + Math.abs(d.box.y2 - da[i]!.box.y2)).toBeLessThan(0.05));
      // An internal feature map that other code reads by name (R-CNN features) is still there, and equal.
      const batch = tf.tidy(() => tf.cast(img, 'int32').expandDims(0));
      const [fa, fb] = [(await plain.graphModel.executeAsync(batch, BACKBONE_NODE)) as tf.Tensor, (await fused.graphModel.executeAsync(batch, BACKBONE_NODE)) as tf.Tensor];
      expect(maxAbsDiff(await fb.data(), await fa.data())).toBeLessThan(1e-3);
      tf.dispose([batch, fa, fb]);
    } finally {
      img.dispose();
    }
  });
});
