/**
 * Fetch a model's files once, check each against the manifest (size, sha256), and hand the very bytes
 * that were checked to tfjs: `tf.loadGraphModel(handler)` / `tf.loadLayersModel(handler)` then read no
 * URL at all. Before, the files were fetched to be hashed and fetched again by the loader (the 18.6 MB
 * coco-ssd graph twice on a first visit), and what was loaded was not what had been verified.
 */
import * as tf from '@tensorflow/tfjs';
import { verifiedFetch, type ManifestFile } from './verify';
import { ModelLoadError } from './types';

/**
 * `modelJson` is the manifest path of the model's JSON (e.g. 'model.json'); the shards it names must
 * be among `files`. Every listed file is fetched exactly once.
 */
export async function verifiedModelHandler(baseUrl: string, files: readonly ManifestFile[], modelJson = 'model.json'): Promise<tf.io.IOHandler> {
  const bodies = await verifiedFetch(baseUrl, files);
  const jsonBytes = bodies.get(modelJson);
  if (!jsonBytes) throw new ModelLoadError('missing', baseUrl + modelJson, `${modelJson}: not listed in the manifest`);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBytes)) as tf.io.ModelJSON;
  } catch (e) {
    throw new ModelLoadError('corrupt', baseUrl + modelJson, `${modelJson}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const dir = modelJson.includes('/') ? modelJson.slice(0, modelJson.lastIndexOf('/') + 1) : '';
  return {
    load: async () =>
      tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const parts: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const b = bodies.get(dir + p);
            if (!b) throw new ModelLoadError('missing', baseUrl + dir + p, `${dir + p}: named by ${modelJson} but not in the manifest`);
            parts.push(b);
          }
        }
        return [specs, concat(parts)];
      }),
  };
}

function concat(parts: readonly ArrayBuffer[]): ArrayBuffer {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out.buffer;
}
