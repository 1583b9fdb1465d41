/**
 * The lecture's classic table: one class's detections sorted by score, with cumulative TP / FP,
 * precision and recall after each row, and the interpolated precision (the monotone envelope
 * max_{j >= i} p_j). The TP / FP status of every row comes from the evaluation engine
 * (`cocoExplainImage`), and the AP numbers shown next to it are the engine's; this module only lays
 * the rows out and gives the PR curve points for the chart.
 */

export type RowStatus = 'tp' | 'fp' | 'ignored';

export interface PrInputRow {
  /** Index of the detection in the evaluated detections array. */
  readonly detIndex: number;
  readonly score: number;
  /** Rank within the class (score order, ties in input order) as the engine sorted them. */
  readonly rank: number;
  readonly status: RowStatus;
  readonly iou: number;
}

export interface PrRow extends PrInputRow {
  readonly cumTp: number;
  readonly cumFp: number;
  /** TP / (TP + FP) after this row (carried over on ignored rows; NaN before any counted row). */
  readonly precision: number;
  /** TP / number of (non-crowd) GT boxes; NaN when there is no GT. */
  readonly recall: number;
  /** max precision of this and all later counted rows (the interpolated envelope). */
  readonly interpolated: number;
}

/** Rows in rank order with the running numbers. `npos` = non-crowd GT boxes of the class. */
export function buildPrTable(input: readonly PrInputRow[], npos: number): PrRow[] {
  const sorted = [...input].sort((a, b) => a.rank - b.rank || a.detIndex - b.detIndex);
  let tp = 0, fp = 0;
  const rows = sorted.map((r) => {
    if (r.status === 'tp') tp++;
    else if (r.status === 'fp') fp++;
    const n = tp + fp;
    return { ...r, cumTp: tp, cumFp: fp, precision: n > 0 ? tp / n : NaN, recall: npos > 0 ? tp / npos : NaN, interpolated: NaN };
  });
  let best = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    if (r.status !== 'ignored' && Number.isFinite(r.precision)) best = Math.max(best, r.precision);
    r.interpolated = best;
  }
  return rows;
}

/** Index of the last row whose score is >= `scoreThreshold` (rows in rank order), -1 if none. */
export function operatingIndex(rows: readonly PrRow[], scoreThreshold: number): number {
  let k = -1;
  for (let i = 0; i < rows.length; i++) if (rows[i]!.score >= scoreThreshold) k = i;
  return k;
}

export interface PrCurve {
  /** Recall (ascending, repeated where a false positive leaves it unchanged); starts at 0. */
  readonly x: Float64Array;
  /** Raw precision after each detection: the zig-zag (null at the starting point). */
  readonly raw: (number | null)[];
  /**
   * Interpolated precision for a "step after" line: the value at x[j] holds on [x[j], x[j+1]), and
   * the last value is 0 (the area ends at the final recall). The area under it is all-point AP.
   */
  readonly envelope: number[];
  /** A vertical segment at the operating point (null elsewhere). */
  readonly marker: (number | null)[];
  /** Operating point (recall, precision), if any row passes the threshold. */
  readonly point: { readonly recall: number; readonly precision: number } | null;
}

/**
 * Chart series for one class: skips ignored rows, and inserts two points at the operating recall
 * for the marker (0 → precision there).
 */
export function prCurve(rows: readonly PrRow[], opIndex: number): PrCurve {
  const first = rows.find((r) => r.status !== 'ignored' && Number.isFinite(r.recall));
  const x: number[] = [0];
  const raw: (number | null)[] = [null];
  /** Envelope value of each point's own row (holds on (x[j-1], x[j]]). */
  const own: number[] = [first ? first.interpolated : 0];
  const marker: (number | null)[] = [null];
  let point: PrCurve['point'] = null;
  rows.forEach((r, i) => {
    if (r.status !== 'ignored' && Number.isFinite(r.recall)) {
      x.push(r.recall);
      raw.push(r.precision);
      own.push(r.interpolated);
      marker.push(null);
    }
    if (i === opIndex && Number.isFinite(r.recall) && Number.isFinite(r.precision)) {
      point = { recall: r.recall, precision: r.precision };
      const env = own[own.length - 1] ?? 0;
      for (const m of [0, r.precision]) {
        x.push(r.recall);
        raw.push(r.precision);
        own.push(env);
        marker.push(m);
      }
    }
  });
  const envelope = own.map((_, j) => (j + 1 < own.length ? own[j + 1]! : 0));
  return { x: Float64Array.from(x), raw, envelope, marker, point };
}

/** Area under the step-after envelope (equals VOC2010+ all-point AP; used to check the chart). */
export function envelopeArea(c: PrCurve): number {
  let a = 0;
  for (let j = 0; j + 1 < c.x.length; j++) a += (c.x[j + 1]! - c.x[j]!) * c.envelope[j]!;
  return a;
}
