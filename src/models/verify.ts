/**
 * Check model files against the manifest before loading them: a missing file or one whose size or
 * sha256 differs is reported by name, instead of a cryptic graph error later.
 */
import { ModelLoadError } from './types';

export interface ManifestFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Fetch every file once and check it; returns the checked bytes by manifest path. `baseUrl` ends with
 * a slash. Skips the hash (not the size) where WebCrypto is unavailable.
 */
export async function verifiedFetch(baseUrl: string, files: readonly ManifestFile[]): Promise<Map<string, ArrayBuffer>> {
  const subtle = globalThis.crypto?.subtle;
  const bodies = new Map<string, ArrayBuffer>();
  await Promise.all(
    files.map(async (f) => {
      const url = baseUrl + f.path;
      let res: Response;
      try {
        res = await fetch(url, { cache: 'force-cache' });
      } catch (e) {
        throw new ModelLoadError('missing', url, `${f.path}: ${e instanceof Error ? e.message : String(e)}`);
      }
      // A SPA server may answer a missing file with index.html: treat HTML as missing too.
      const type = res.headers.get('content-type') ?? '';
      if (!res.ok || type.includes('text/html')) throw new ModelLoadError('missing', url, `${f.path}: HTTP ${res.status}`);
      const body = await res.arrayBuffer();
      if (body.byteLength !== f.bytes) {
        throw new ModelLoadError('corrupt', url, `${f.path}: ${body.byteLength} bytes, expected ${f.bytes}`);
      }
      if (subtle) {
        const sum = hex(await subtle.digest('SHA-256', body));
        if (sum !== f.sha256) throw new ModelLoadError('corrupt', url, `${f.path}: sha256 ${sum.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…`);
      }
      bodies.set(f.path, body);
    }),
  );
  return bodies;
}

/** Check the files without keeping them (see `verifiedModelHandler` to load the checked bytes). */
export async function verifyModelFiles(baseUrl: string, files: readonly ManifestFile[]): Promise<void> {
  await verifiedFetch(baseUrl, files);
}
