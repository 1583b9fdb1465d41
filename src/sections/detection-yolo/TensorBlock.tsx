import { PRIOR_COLORS } from './PaintCanvas';

interface Props {
  readonly s: number;
  readonly b: number;
  readonly d: number;
  readonly row: number;
  readonly col: number;
  /** The selected cell's B·D raw numbers (null while computing). */
  readonly values: Float32Array | null;
  readonly label: string;
}

const NAMES = ['t_x', 't_y', 't_w', 't_h', 't_o'];

/**
 * The lecture's picture of the output: an S×S×(B·(5+C)) block in oblique projection with the selected
 * cell's column, and that column unrolled into its B·(5+C) numbers (colour = value).
 */
export function TensorBlock({ s, b, d, row, col, values, label }: Props) {
  const cell = 18;
  const depth = b * d;
  const dz = 3; // px per channel along the depth axis
  const ox = depth * dz * 0.6;
  const oy = depth * dz * 0.45;
  const W = s * cell + ox + 4;
  const H = s * cell + oy + 4;
  const fx = (x: number, z: number) => 2 + x * cell + z * dz * 0.6;
  const fy = (y: number, z: number) => 2 + oy + y * cell - z * dz * 0.45;
  const face = (pts: [number, number][]) => pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const heat = (v: number) => {
    // at most 55 % opaque, so the number printed on the cell keeps a readable contrast (WCAG AA)
    const a = (0.55 * Math.max(-4, Math.min(4, v))) / 4;
    return a >= 0 ? `rgba(214, 39, 40, ${a})` : `rgba(31, 119, 180, ${-a})`;
  };
  return (
    <figure className="yolo-tensor">
      <svg width={W} height={H} role="img" aria-label={label} data-testid="tensor-block">
        {/* top and right faces */}
        <polygon points={face([[fx(0, 0), fy(0, 0)], [fx(s, 0), fy(0, 0)], [fx(s, depth), fy(0, depth)], [fx(0, depth), fy(0, depth)]])} fill="var(--surface, #eee)" stroke="currentColor" strokeWidth={0.5} />
        <polygon points={face([[fx(s, 0), fy(0, 0)], [fx(s, depth), fy(0, depth)], [fx(s, depth), fy(s, depth)], [fx(s, 0), fy(s, 0)]])} fill="var(--surface, #ddd)" stroke="currentColor" strokeWidth={0.5} />
        {/* front face grid */}
        {Array.from({ length: s * s }, (_, i) => (
          <rect
            key={i}
            x={fx(i % s, 0)}
            y={fy(Math.floor(i / s), 0)}
            width={cell}
            height={cell}
            fill={Math.floor(i / s) === row && i % s === col ? '#f5b700' : 'rgba(255, 255, 255, 0.55)'}
            stroke="currentColor"
            strokeWidth={0.5}
          />
        ))}
        {/* the selected cell's column, seen through the (half-transparent) front face: B segments, one per prior */}
        {Array.from({ length: b }, (_, k) => (
          <polygon
            key={k}
            points={face([[fx(col, k * d), fy(row, k * d)], [fx(col + 1, k * d), fy(row, k * d)], [fx(col + 1, (k + 1) * d), fy(row, (k + 1) * d)], [fx(col, (k + 1) * d), fy(row, (k + 1) * d)]])}
            fill={PRIOR_COLORS[k % PRIOR_COLORS.length]}
            opacity={0.8}
            stroke="currentColor"
            strokeWidth={0.5}
          />
        ))}
      </svg>
      <div className="yolo-vector" aria-hidden="true">
        {values &&
          Array.from(values, (v, i) => (
            <span key={i} className="yolo-vcell" style={{ background: heat(v), borderColor: PRIOR_COLORS[Math.floor(i / d) % PRIOR_COLORS.length] }} title={`${i % d < 5 ? NAMES[i % d] : `cls${(i % d) - 4}`} = ${v.toFixed(3)}`}>
              {i % d < 5 ? NAMES[i % d] : `c${(i % d) - 4}`}
            </span>
          ))}
      </div>
    </figure>
  );
}
