/** A small grid of numbers as an HTML table (its own text alternative), optionally a heatmap. */
import type { KeyboardEvent } from 'react';

export interface CellInfo {
  readonly r: number;
  readonly c: number;
}

export interface NumGridProps {
  readonly rows: number;
  readonly cols: number;
  /** Value at (r, c); null = unknown yet. */
  readonly value: (r: number, c: number) => number | null;
  readonly caption: string;
  readonly label: (r: number, c: number, v: number | null) => string;
  readonly highlighted?: (r: number, c: number) => boolean;
  /** Faded cells (padding). */
  readonly faded?: (r: number, c: number) => boolean;
  /** Extra text in the cell's corner (e.g. the kernel weight a padded input is multiplied by). */
  readonly heat?: boolean;
  readonly editable?: (r: number, c: number) => boolean;
  readonly onEdit?: (r: number, c: number, v: number) => void;
  readonly onHover?: (cell: CellInfo | null) => void;
  readonly testId?: string;
  readonly digits?: number;
}

export function heatColor(v: number, max: number): string {
  if (max <= 0 || !Number.isFinite(v)) return 'transparent';
  const a = Math.min(1, Math.abs(v) / max) * 0.75;
  return v >= 0 ? `rgba(220, 80, 40, ${a.toFixed(3)})` : `rgba(40, 110, 220, ${a.toFixed(3)})`;
}

function fmt(v: number, digits: number): string {
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? '0' : String(r);
}

export function NumGrid(p: NumGridProps) {
  const digits = p.digits ?? 2;
  let max = 0;
  if (p.heat) {
    for (let r = 0; r < p.rows; r++) for (let c = 0; c < p.cols; c++) max = Math.max(max, Math.abs(p.value(r, c) ?? 0));
  }
  const onKey = (e: KeyboardEvent<HTMLTableCellElement>, r: number, c: number) => {
    const d: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = d[e.key];
    if (!step) return;
    e.preventDefault();
    e.stopPropagation();
    const nr = Math.min(p.rows - 1, Math.max(0, r + step[0]));
    const nc = Math.min(p.cols - 1, Math.max(0, c + step[1]));
    const table = e.currentTarget.closest('table');
    const next = table?.querySelector<HTMLElement>(`[data-rc="${nr},${nc}"]`);
    next?.focus();
  };
  return (
    <table className="num-grid" data-testid={p.testId} data-rows={p.rows} data-cols={p.cols} onMouseLeave={() => p.onHover?.(null)}>
      <caption>{p.caption}</caption>
      <tbody>
        {Array.from({ length: p.rows }, (_, r) => (
          <tr key={r}>
            {Array.from({ length: p.cols }, (_, c) => {
              const v = p.value(r, c);
              const hl = p.highlighted?.(r, c) ?? false;
              const faded = p.faded?.(r, c) ?? false;
              const editable = p.editable?.(r, c) ?? false;
              const cls = `${hl ? 'hl' : ''} ${faded ? 'faded' : ''}`.trim() || undefined;
              const style = p.heat && v !== null ? { background: heatColor(v, max) } : undefined;
              return (
                <td
                  key={c}
                  className={cls}
                  style={style}
                  data-rc={`${r},${c}`}
                  data-value={v ?? ''}
                  tabIndex={editable || !p.onHover ? undefined : 0}
                  aria-label={editable ? undefined : p.label(r, c, v)}
                  onMouseEnter={() => p.onHover?.({ r, c })}
                  onFocus={() => p.onHover?.({ r, c })}
                  onKeyDown={editable ? undefined : (e) => onKey(e, r, c)}
                >
                  {editable ? (
                    <input
                      type="number"
                      step={1}
                      value={v ?? 0}
                      aria-label={p.label(r, c, v)}
                      onChange={(e) => {
                        const n = Number(e.currentTarget.value);
                        if (Number.isFinite(n) && e.currentTarget.value.trim() !== '') p.onEdit?.(r, c, n);
                      }}
                    />
                  ) : v === null ? (
                    '·'
                  ) : (
                    fmt(v, digits)
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
