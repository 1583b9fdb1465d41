import { effectiveKernel } from '../../core/convArithmetic';
import { dilatedStack, plainStack, pooledStack, receptiveFields, type RfRow } from '../../core/receptiveField';
import { useT } from '../../i18n/LangContext';
import { Formula } from '../../ui/Formula';
import { Slider } from '../../ui/Slider';
import { ConvLab } from './ConvLab';
import { NumGrid } from './NumGrid';
import { basicsTexts } from './texts';

const COLORS = ['#888', '#d2552a', '#2a7bd2'] as const;

export function DilationSection(props: {
  rate: number;
  layers: number;
  seed: number;
  backend: string | null;
  onRate: (r: number) => void;
  onLayers: (n: number) => void;
}) {
  const t = useT(basicsTexts);
  const { rate, layers, seed, backend } = props;
  const ke = effectiveKernel(3, rate);
  const stacks: { name: string; rows: RfRow[] }[] = [
    { name: t('stackPlain'), rows: receptiveFields(plainStack(layers)) },
    { name: t('stackDilated'), rows: receptiveFields(dilatedStack(layers)) },
    { name: t('stackPooled'), rows: receptiveFields(pooledStack(layers)) },
  ];
  const maxRf = Math.max(...stacks.flatMap((s) => s.rows.map((r) => r.rf)));
  const W = 560;
  const rowH = 26;
  const labelW = 64;
  const barW = (rf: number) => Math.max(2, ((W - labelW - 50) * rf) / maxRf);
  const list = stacks.map((s) => `${s.name}: ${s.rows.map((r) => r.rf).join(', ')}`).join('; ');

  return (
    <section aria-labelledby="dil-h" className="basics-section">
      <h2 id="dil-h">{t('dilH')}</h2>
      <p>{t('dilIntro')}</p>
      <div className="controls-row">
        <Slider label={t('rate')} value={rate} min={1} max={4} step={1} onChange={props.onRate} testId="rate-slider" />
        <Formula tex={`k_e = k + (k-1)(r-1) = 3 + 2\\cdot ${rate - 1} = ${ke}`} />
      </div>
      <div className="grids">
        <NumGrid
          rows={ke}
          cols={ke}
          caption={`${ke}×${ke}`}
          value={(r, c) => (r % rate === 0 && c % rate === 0 ? 1 : 0)}
          faded={(r, c) => !(r % rate === 0 && c % rate === 0)}
          heat
          digits={0}
          label={(r, c, v) => `(${r}, ${c}): ${v === 1 ? 'tap' : '—'}`}
          testId="dilated-footprint"
        />
        <ConvLab cfg={{ mode: 'conv', i: 9, k: 3, s: 1, pad: 'same', d: rate, a: 0, seed }} backend={backend} prefix="dil" />
      </div>
      <h3>{t('rfH')}</h3>
      <p>{t('rfIntro')}</p>
      <Slider label={t('layers')} value={layers} min={1} max={8} step={1} onChange={props.onLayers} testId="layers-slider" />
      <svg
        className="rf-chart"
        viewBox={`0 0 ${W} ${layers * rowH * 3 + 40}`}
        role="img"
        aria-label={t('rfChartLabel', { list })}
        data-testid="rf-chart"
      >
        {stacks.map((s, si) => (
          <g key={s.name}>
            <rect x={labelW + si * 170} y={4} width={10} height={10} fill={COLORS[si]} />
            <text x={labelW + si * 170 + 14} y={13} fontSize={11}>
              {s.name}
            </text>
          </g>
        ))}
        {Array.from({ length: layers }, (_, li) => (
          <g key={li} transform={`translate(0, ${24 + li * rowH * 3})`}>
            <text x={0} y={rowH * 1.6} fontSize={12}>
              {li + 1}
            </text>
            {stacks.map((s, si) => {
              const rf = s.rows[li]!.rf;
              const w = barW(rf);
              const x = labelW + (W - labelW - 50 - w) / 2;
              return (
                <g key={si}>
                  <rect x={x} y={si * rowH * 0.9 + 4} width={w} height={rowH * 0.7} fill={COLORS[si]} opacity={0.8} rx={2} />
                  <text x={x + w + 4} y={si * rowH * 0.9 + 4 + rowH * 0.55} fontSize={11}>
                    {rf}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <table className="rf-table" data-testid="rf-table">
        <thead>
          <tr>
            <th scope="col">{t('colLayer')}</th>
            {stacks.map((s) => (
              <th key={s.name} scope="col">
                {s.name}: {t('colRf')} / {t('colJump')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: layers }, (_, li) => (
            <tr key={li}>
              <th scope="row">{li + 1}</th>
              {stacks.map((s) => (
                <td key={s.name} data-rf={s.rows[li]!.rf}>
                  {s.rows[li]!.name}: {s.rows[li]!.rf} / {s.rows[li]!.jump}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
