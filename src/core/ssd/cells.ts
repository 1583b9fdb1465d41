/**
 * Anchor index ↔ (feature map, row, column, box k) for the SSD grid views, and per-cell
 * aggregates of the score matrix (the objectness heatmap).
 */

export interface GridLayout {
  /** Feature map sides, e.g. [19, 10, 5, 3, 2, 1]. */
  readonly featureMaps: readonly number[];
  /** Boxes per cell on each map, e.g. [3, 6, 6, 6, 6, 6]. */
  readonly boxesPerCell: readonly number[];
  /** Index of the first anchor of each map, plus the total at the end. */
  readonly offsets: readonly number[];
  readonly count: number;
}

export interface CellRef {
  readonly map: number;
  readonly row: number;
  readonly col: number;
  readonly k: number;
}

export function gridLayout(featureMaps: readonly number[], boxesPerCell: readonly number[]): GridLayout {
  if (featureMaps.length !== boxesPerCell.length) throw new RangeError('gridLayout: one boxes-per-cell count per map');
  const offsets = [0];
  for (let m = 0; m < featureMaps.length; m++) offsets.push(offsets[m]! + featureMaps[m]! ** 2 * boxesPerCell[m]!);
  return { featureMaps, boxesPerCell, offsets, count: offsets[offsets.length - 1]! };
}

export const COCO_SSD_LAYOUT: GridLayout = gridLayout([19, 10, 5, 3, 2, 1], [3, 6, 6, 6, 6, 6]);

export function anchorToCell(layout: GridLayout, index: number): CellRef {
  if (!Number.isInteger(index) || index < 0 || index >= layout.count) throw new RangeError(`anchor ${index} outside 0..${layout.count - 1}`);
  let map = 0;
  while (index >= layout.offsets[map + 1]!) map++;
  const n = layout.featureMaps[map]!;
  const b = layout.boxesPerCell[map]!;
  const local = index - layout.offsets[map]!;
  const cell = Math.floor(local / b);
  return { map, row: Math.floor(cell / n), col: cell % n, k: local % b };
}

export function cellToAnchor(layout: GridLayout, ref: CellRef): number {
  const n = layout.featureMaps[ref.map];
  const b = layout.boxesPerCell[ref.map];
  if (n === undefined || b === undefined) throw new RangeError(`no feature map ${ref.map}`);
  if (ref.row < 0 || ref.row >= n || ref.col < 0 || ref.col >= n || ref.k < 0 || ref.k >= b) {
    throw new RangeError(`cell (${ref.row}, ${ref.col}, k=${ref.k}) outside the ${n}×${n}×${b} map`);
  }
  return layout.offsets[ref.map]! + (ref.row * n + ref.col) * b + ref.k;
}

/** All anchor indices of one cell, k = 0..b−1. */
export function cellAnchors(layout: GridLayout, map: number, row: number, col: number): number[] {
  const b = layout.boxesPerCell[map] ?? 0;
  return Array.from({ length: b }, (_, k) => cellToAnchor(layout, { map, row, col, k }));
}

export interface CellHeat {
  /** n × n, row-major: the best score of the cell over its boxes (and the chosen classes). */
  readonly values: Float32Array;
  /** n × n: the class column of that best score. */
  readonly classes: Int32Array;
  /** n × n: the anchor index of that best score. */
  readonly anchors: Int32Array;
}

/**
 * Per-cell "objectness" of one feature map: max over the cell's boxes and over the classes of the
 * [count, numClasses] score matrix; `classFilter` (a class column) restricts it to one class.
 */
export function cellHeat(layout: GridLayout, map: number, scores: Float32Array, numClasses: number, classFilter = -1): CellHeat {
  const n = layout.featureMaps[map];
  const b = layout.boxesPerCell[map];
  if (n === undefined || b === undefined) throw new RangeError(`no feature map ${map}`);
  if (scores.length < layout.count * numClasses) throw new RangeError(`cellHeat: expected ${layout.count} × ${numClasses} scores`);
  const values = new Float32Array(n * n);
  const classes = new Int32Array(n * n).fill(-1);
  const anchors = new Int32Array(n * n).fill(-1);
  const start = layout.offsets[map]!;
  for (let cell = 0; cell < n * n; cell++) {
    let best = -Infinity;
    for (let k = 0; k < b; k++) {
      const a = start + cell * b + k;
      const row = a * numClasses;
      const from = classFilter >= 0 ? classFilter : 0;
      const to = classFilter >= 0 ? classFilter + 1 : numClasses;
      for (let c = from; c < to; c++) {
        const v = scores[row + c]!;
        if (v > best) {
          best = v;
          classes[cell] = c;
          anchors[cell] = a;
        }
      }
    }
    values[cell] = best;
  }
  return { values, classes, anchors };
}

/** The `top` best class columns of one anchor, by descending score. */
export function topClasses(scores: Float32Array, numClasses: number, anchor: number, top: number): { column: number; score: number }[] {
  const row = anchor * numClasses;
  const all = Array.from({ length: numClasses }, (_, c) => ({ column: c, score: scores[row + c]! }));
  all.sort((a, b) => b.score - a.score || a.column - b.column);
  return all.slice(0, top);
}
