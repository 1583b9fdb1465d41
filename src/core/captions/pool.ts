/**
 * The app's compact caption files (public/data/captions/*.json): `{images: [[image_id, caption, …], …]}`,
 * derived from COCO captions (CC BY 4.0, COCO Consortium).
 */
import { EvalInputError } from '../eval/parse';
import type { PoolImage } from './retrieval';

export function parseCompactCaptions(text: string, file: string): PoolImage[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new EvalInputError(file, '', `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const images = (root as { images?: unknown } | null)?.images;
  if (!Array.isArray(images)) throw new EvalInputError(file, 'images', 'missing (expected an array of [image_id, caption, …])');
  return images.map((row, i) => {
    if (!Array.isArray(row) || row.length < 1 || typeof row[0] !== 'number' || !row.slice(1).every((c) => typeof c === 'string')) {
      throw new EvalInputError(file, `images[${i}]`, 'expected [image_id (number), caption (string), …]');
    }
    return { id: String(row[0]), captions: row.slice(1) as string[] };
  });
}
