/**
 * Fetch a model's files once, check each against the manifest (size, sha256), and hand the very bytes
 * that were checked to tfjs: `tf.loadGraphModel(files.handler())` / `tf.loadLayersModel(…)` then read
 * no URL at all, and loaders that fetch by themselves get `files.fetch`, which answers the checked URLs
 * from memory. Before, the files were fetched to be hashed and fetched again by the loader (the
 * 18.6 MB coco-ssd graph twice on a first visit), and what was loaded was not what had been verified.
 */
import * as tf from '@tensorflow/tfjs';
import { verifiedFetch, type ManifestFile } from './verify';
import { ModelLoadError } from './types';

/**
 * The checked bytes of one model folder. The bytes are handed out once each (`handler()` or `fetch`)
 * and then released, so the JS heap does not keep a second copy of the weights next to the backend's;
 * a later load of the same URL goes to the network (the HTTP cache) again.
 */
export class VerifiedFiles {
  constructor(
    /** The folder URL, ending with '/'. */
    readonly baseUrl: string,
    private readonly bodies: Map<string, ArrayBuffer>,
  ) {}

  /** Manifest paths still held. */
  get paths(): string[] {
    return [...this.bodies.keys()];
  }

  /** The checked bytes of `path` (manifest path), released from this object. */
  take(path: string): ArrayBuffer | undefined {
    const b = this.bodies.get(path);
    this.bodies.delete(path);
    return b;
  }

  /**
   * A tfjs IOHandler for the model JSON at `modelJson` (a manifest path) and the shards it names,
   * from the checked bytes. Shards must be listed in the manifest; a second `load()` reads the URL.
   */
  handler(modelJson = 'model.json'): tf.io.IOHandler {
    const url = this.baseUrl + modelJson;
    return {
      load: async () => {
        const jsonBytes = this.take(modelJson);
        if (!jsonBytes) return tf.io.http(url).load!();
        let json: tf.io.ModelJSON;
        try {
          json = JSON.parse(new TextDecoder().decode(jsonBytes)) as tf.io.ModelJSON;
        } catch (e) {
          throw new ModelLoadError('corrupt', url, `${modelJson}: ${e instanceof Error ? e.message : String(e)}`);
        }
        const dir = modelJson.includes('/') ? modelJson.slice(0, modelJson.lastIndexOf('/') + 1) : '';
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const specs: tf.io.WeightsManifestEntry[] = [];
          const parts: ArrayBuffer[] = [];
          for (const group of manifest) {
            specs.push(...group.weights);
            for (const p of group.paths) {
              const b = this.take(dir + p);
              if (!b) throw new ModelLoadError('missing', this.baseUrl + dir + p, `${dir + p}: named by ${modelJson} but not in the manifest`);
              parts.push(b);
            }
          }
          return [specs, concat(parts)];
        });
      },
    };
  }

  /**
   * A `fetch` for loaders that fetch by themselves: a checked URL is answered once from memory, any
   * other request (or a second one) goes to the network.
   */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const abs = new URL(url, this.baseUrl).href;
    if (abs.startsWith(this.baseUrl)) {
      const b = this.take(decodeURI(abs.slice(this.baseUrl.length)));
      if (b) return new Response(b, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    }
    return fetch(input, init);
  };
}

/** Fetch every listed file once and check it (a `ModelLoadError` names the bad one). */
export async function fetchVerified(baseUrl: string, files: readonly ManifestFile[]): Promise<VerifiedFiles> {
  return new VerifiedFiles(baseUrl, await verifiedFetch(baseUrl, files));
}

/**
 * `modelJson` is the manifest path of the model's JSON (e.g. 'model.json'); the shards it names must
 * be among `files`. Every listed file is fetched exactly once.
 */
export async function verifiedModelHandler(baseUrl: string, files: readonly ManifestFile[], modelJson = 'model.json'): Promise<tf.io.IOHandler> {
  const v = await fetchVerified(baseUrl, files);
  if (!v.paths.includes(modelJson)) throw new ModelLoadError('missing', baseUrl + modelJson, `${modelJson}: not listed in the manifest`);
  return v.handler(modelJson);
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
