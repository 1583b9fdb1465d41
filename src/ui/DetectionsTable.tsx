import { toXYWH } from '../core/geometry';
import { useLang } from '../i18n/LangContext';
import { cocoLabel } from '../i18n/cocoNames';
import type { Detection } from '../models/cocoSsd';
import { classColor } from './drawDetections';

export interface DetectionsTableProps {
  readonly detections: readonly Detection[];
  /** Column headers, already translated. */
  readonly headers: { readonly cls: string; readonly score: string; readonly box: string; readonly anchor?: string };
  readonly className?: string;
  readonly testId?: string;
}

/**
 * The text alternative of a detection overlay: one row per detection (`data-testid="detection-row"`)
 * with class (in the UI language), score and box [x, y, w, h] in original image pixels.
 */
export function DetectionsTable({ detections, headers, className = 'detections', testId = 'detections-table' }: DetectionsTableProps) {
  const lang = useLang();
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
          <tr key={i} data-testid="detection-row" data-class={d.label} data-score={d.score}>
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
