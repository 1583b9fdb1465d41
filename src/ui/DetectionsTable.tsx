import { toXYWH } from '../core/geometry';
import { useLang } from '../i18n/LangContext';
import { cocoLabel } from '../i18n/cocoNames';
import type { Detection } from '../models/cocoSsd';
import { useEffect } from 'react';
import { classColor } from './drawDetections';
import { setHighlight, useHighlight } from './highlight';

export interface DetectionsTableProps {
  readonly detections: readonly Detection[];
  /** Column headers, already translated. */
  readonly headers: { readonly cls: string; readonly score: string; readonly box: string; readonly anchor?: string };
  readonly className?: string;
  readonly testId?: string;
}

/**
 * The text alternative of a detection overlay: one row per detection (`data-testid="detection-row"`)
 * with class (in the UI language), score and box [x, y, w, h] in original image pixels. Hovering or
 * focusing a row outlines its box on the page's OverlayCanvas (highlight.ts).
 */
export function DetectionsTable({ detections, headers, className = 'detections', testId = 'detections-table' }: DetectionsTableProps) {
  const lang = useLang();
  const highlight = useHighlight();
  // Rows that go away take their highlight with them.
  useEffect(() => () => setHighlight(null), [detections]);
  return (
    <table data-testid={testId} className={className}>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{headers.cls}</th>
          <th scope="col">{headers.score}</th>
          {headers.anchor !== undefined && <th scope="col">{headers.anchor}</th>}
          <th scope="col">{headers.box}</th>
        </tr>
      </thead>
      <tbody>
        {detections.map((d, i) => (
          <tr
            key={i}
            data-testid="detection-row"
            data-class={d.label}
            data-score={d.score}
            // Hover or focus a row: its box is outlined on the photo (keyboard: Tab to the row).
            tabIndex={0}
            className={highlight?.box === d.box ? 'is-highlighted' : undefined}
            onPointerEnter={() => setHighlight({ box: d.box, color: classColor(d.categoryId) })}
            onPointerLeave={() => setHighlight(null)}
            onFocus={() => setHighlight({ box: d.box, color: classColor(d.categoryId) })}
            onBlur={() => setHighlight(null)}
          >
            <td>{i + 1}</td>
            <td>
              <span className="swatch" style={{ background: classColor(d.categoryId) }} aria-hidden="true" /> {cocoLabel(d.categoryId, lang)}
            </td>
            <td>{d.score.toFixed(3)}</td>
            {headers.anchor !== undefined && <td>{d.anchor}</td>}
            <td>{toXYWH(d.box).map((v) => Math.round(v)).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
