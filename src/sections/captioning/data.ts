/** The shipped COCO caption files (public/data/captions), fetched once per page load. */
import { buildRetrievalIndex, parseCompactCaptions, type PoolImage, type RetrievalIndex } from '../../core/captions';

export interface CaptionData {
  readonly samples: readonly PoolImage[];
  readonly index: RetrievalIndex;
  readonly poolSize: number;
}

export class CaptionDataError extends Error {
  constructor(readonly file: string, detail: string) {
    super(detail);
  }
}

async function fetchText(file: string): Promise<string> {
  const url = `${import.meta.env.BASE_URL}data/captions/${file}`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new CaptionDataError(file, e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw new CaptionDataError(file, `HTTP ${res.status}`);
  return res.text();
}

let cached: Promise<CaptionData> | null = null;

export function loadCaptionData(): Promise<CaptionData> {
  cached ??= (async () => {
    const [s, p] = await Promise.all([fetchText('samples.json'), fetchText('coco-val2017-pool.json')]);
    const parse = (text: string, file: string) => {
      try {
        return parseCompactCaptions(text, file);
      } catch (e) {
        throw new CaptionDataError(file, e instanceof Error ? e.message : String(e));
      }
    };
    const samples = parse(s, 'samples.json');
    const pool = parse(p, 'coco-val2017-pool.json');
    return { samples, index: buildRetrievalIndex(pool), poolSize: pool.length };
  })();
  cached.catch(() => {
    cached = null;
  });
  return cached;
}
