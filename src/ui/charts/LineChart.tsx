import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  readonly color: string;
  /** y values, aligned with the chart's x values; null leaves a gap. */
  readonly y: ArrayLike<number | null>;
  /** Fill the area under the curve (e.g. AP as the area under the PR curve). */
  readonly fill?: boolean;
  /** Draw as steps (e.g. an interpolated PR curve). */
  readonly stepped?: boolean;
  readonly dash?: readonly number[];
}

export interface LineChartProps {
  readonly x: ArrayLike<number>;
  readonly series: readonly Series[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** Text alternative: what the chart shows, in words (pages also give the numbers in a table). */
  readonly label: string;
  readonly height?: number;
  readonly xRange?: readonly [number, number];
  readonly yRange?: readonly [number, number];
  readonly testId?: string;
}

/** Everything about a chart except its data: when this changes the chart is rebuilt, otherwise only `setData`. */
function shapeKey(p: Pick<LineChartProps, 'series' | 'xLabel' | 'yLabel' | 'height' | 'xRange' | 'yRange'>): string {
  return JSON.stringify([p.xLabel, p.yLabel, p.height, p.xRange, p.yRange, p.series.map((s) => [s.label, s.color, s.fill, s.stepped, s.dash])]);
}

function alignedData(x: ArrayLike<number>, series: readonly Series[]): uPlot.AlignedData {
  return [Array.from(x), ...series.map((s) => Array.from(s.y))] as uPlot.AlignedData;
}

/**
 * A line chart (uPlot: small, fast enough for live training curves). Resizes with its container.
 * New data goes through uPlot's `setData` (no rebuild per training step); the chart is re-created only
 * when its series, labels or ranges change. The canvas is hidden from assistive tech; `label` is
 * announced instead.
 */
export function LineChart({ x, series, xLabel, yLabel, label, height = 260, xRange, yRange, testId }: LineChartProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ x, series, xLabel, yLabel, height, xRange, yRange });
  const key = shapeKey({ series, xLabel, yLabel, height, xRange, yRange });

  useEffect(() => {
    latest.current = { x, series, xLabel, yLabel, height, xRange, yRange };
  });

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const { x, series, xLabel, yLabel, height, xRange, yRange } = latest.current;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, ...(xRange ? { range: [xRange[0], xRange[1]] as uPlot.Range.MinMax } : {}) },
        y: yRange ? { range: [yRange[0], yRange[1]] as uPlot.Range.MinMax } : {},
      },
      axes: [{ label: xLabel }, { label: yLabel }],
      series: [
        { label: xLabel },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          ...(s.fill ? { fill: `${s.color}33` } : {}),
          ...(s.dash ? { dash: [...s.dash] } : {}),
          ...(s.stepped ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
        })),
      ],
    };
    const u = new uPlot(opts, alignedData(x, series), el);
    plot.current = u;
    el.dataset['builds'] = String(Number(el.dataset['builds'] ?? 0) + 1);
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [key]);

  useEffect(() => {
    plot.current?.setData(alignedData(x, series));
  }, [x, series, key]);

  return (
    <figure className="chart" role="img" aria-label={label} data-testid={testId}>
      <div ref={wrap} aria-hidden="true" />
    </figure>
  );
}
