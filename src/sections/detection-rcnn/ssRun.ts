/** The worker's job, also callable on the main thread. */
import { FAST_STRATEGIES, SINGLE_STRATEGY, selectiveSearch, type ProposalBox } from '../../core/selectiveSearch';
import type { Merge, Region } from '../../core/selectiveSearch';

export interface SsRequest {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  readonly mode: 'fast' | 'single';
  readonly maxProposals: number;
}

export interface SsResponse {
  readonly boxes: readonly ProposalBox[];
  /** The first strategy's FH labels and merges, for the step viewer. */
  readonly labels: Int32Array;
  readonly count: number;
  readonly merges: readonly Merge[];
  readonly regions: readonly Region[];
  readonly strategies: number;
  readonly ms: number;
}

export function runSelectiveSearch(req: SsRequest, onProgress?: (done: number, total: number, stage: string) => void): SsResponse {
  const t0 = performance.now();
  const r = selectiveSearch(
    { width: req.width, height: req.height, data: req.rgba },
    { strategies: req.mode === 'single' ? SINGLE_STRATEGY : FAST_STRATEGIES, maxProposals: req.maxProposals },
    onProgress,
  );
  const first = r.runs[0]!;
  return {
    boxes: r.boxes, labels: first.segmentation.labels, count: first.segmentation.count, merges: first.hierarchy.merges,
    regions: first.hierarchy.regions, strategies: r.runs.length, ms: performance.now() - t0,
  };
}
