/**
 * The two-file checkpoints of the project's plain-tf nets (`segNets.ts`, `maskHead.ts`, `captioner.ts`):
 * `checkpoint.json` (the net's own fields + a tfjs weights manifest) and one float32 shard
 * `weights.bin`, in the net's fixed parameter order. Each net adds and checks its own JSON fields
 * (format, config); the weights go through here.
 */
import * as tf from '@tensorflow/tfjs';

export const CHECKPOINT_JSON = 'checkpoint.json';
export const CHECKPOINT_BIN = 'weights.bin';

/** A net as named variables: `names[i]` is the name of `variables[i]`. */
export interface NamedVariables {
  readonly names: readonly string[];
  readonly variables: readonly tf.Variable[];
}

/** The weights as one shard (`CHECKPOINT_BIN`) and the manifest that describes it. */
export async function encodeVariables(net: NamedVariables): Promise<{ data: ArrayBuffer; weightsManifest: tf.io.WeightsManifestConfig }> {
  const named: tf.NamedTensorMap = {};
  net.names.forEach((n, i) => (named[n] = net.variables[i]!));
  const { data, specs } = await tf.io.encodeWeights(named);
  return { data, weightsManifest: [{ paths: [CHECKPOINT_BIN], weights: specs }] };
}

/** Throws unless `data` has the manifest's byte count (float32 weights); returns the manifest's weight specs. */
export function checkShardSize(weightsManifest: tf.io.WeightsManifestConfig, data: ArrayBuffer): tf.io.WeightsManifestEntry[] {
  const specs = weightsManifest.flatMap((g) => g.weights);
  const expected = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (data.byteLength !== expected) throw new Error(`weights file has ${data.byteLength} bytes, expected ${expected}`);
  return specs;
}

/**
 * Copies the shard's weights into `net`: the byte count, every name and every shape are checked before
 * any variable changes (`what` names the net in a shape error). Frees the decoded tensors.
 */
export function assignVariables(net: NamedVariables, weightsManifest: tf.io.WeightsManifestConfig, data: ArrayBuffer, what = 'network'): void {
  const specs = checkShardSize(weightsManifest, data);
  const tensors = tf.io.decodeWeights(data, specs);
  try {
    net.names.forEach((n, i) => {
      const t = tensors[n];
      const v = net.variables[i]!;
      if (!t) throw new Error(`checkpoint lacks ${n}`);
      if (t.shape.join('x') !== v.shape.join('x')) throw new Error(`${n}: checkpoint shape ${t.shape.join('×')}, ${what} ${v.shape.join('×')}`);
    });
    net.names.forEach((n, i) => net.variables[i]!.assign(tensors[n]!));
  } finally {
    Object.values(tensors).forEach((t) => t.dispose());
  }
}

/** Fetches `<folderUrl>checkpoint.json` and the shard its manifest names (any fetch: browser, tests). */
export async function fetchCheckpointFiles<J extends { readonly weightsManifest: tf.io.WeightsManifestConfig }>(
  folderUrl: string,
  fetchFn: typeof fetch,
): Promise<{ json: J; data: ArrayBuffer }> {
  const jr = await fetchFn(new URL(CHECKPOINT_JSON, folderUrl).href);
  if (!jr.ok) throw new Error(`${CHECKPOINT_JSON}: HTTP ${jr.status}`);
  let json: J;
  try {
    json = JSON.parse(await jr.text()) as J;
  } catch {
    // Static servers with an SPA fallback answer a missing file with index.html.
    throw new Error(`${CHECKPOINT_JSON} is missing (the server sent no JSON)`);
  }
  const file = json.weightsManifest[0]?.paths[0] ?? CHECKPOINT_BIN;
  const br = await fetchFn(new URL(file, folderUrl).href);
  if (!br.ok) throw new Error(`${file}: HTTP ${br.status}`);
  return { json, data: await br.arrayBuffer() };
}
