import { CaptionMetricError } from './errors';
import type { CaptionMap } from './types';

/**
 * The official scorers' assertions, in their order: same image ids in gts and res, then per image
 * (in evaluation order) exactly one candidate and at least one reference.
 */
export function checkInputs(imageIds: readonly string[], gts: CaptionMap, res: CaptionMap): void {
  const gKeys = [...gts.keys()], rKeys = [...res.keys()];
  const onlyG = gKeys.filter((k) => !res.has(k)), onlyR = rKeys.filter((k) => !gts.has(k));
  if (onlyG.length > 0 || onlyR.length > 0) {
    const parts: string[] = [];
    if (onlyG.length > 0) parts.push(`image(s) with references but no candidate: ${list(onlyG)}`);
    if (onlyR.length > 0) parts.push(`candidate(s) for image(s) without references: ${list(onlyR)}`);
    throw new CaptionMetricError('keys-differ', `references and candidates must cover the same images (official check gts.keys() == res.keys()); ${parts.join('; ')}`);
  }
  for (const id of imageIds) {
    const h = res.get(id), r = gts.get(id);
    if (!h || !r) throw new CaptionMetricError('keys-differ', `image ${id} is not in both references and candidates`);
    if (h.length !== 1) throw new CaptionMetricError('not-one-candidate', `image ${id} has ${h.length} candidate captions; exactly one is required (official check len(hypo) == 1)`);
    if (r.length < 1) throw new CaptionMetricError('no-references', `image ${id} has no reference caption; at least one is required (official check len(ref) >= 1)`);
  }
}

function list(ids: string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
}
