import { useMemo, useState } from 'react';
import { buildArchitecture, NET_IDS, unetValidSizes, type Architecture, type Block, type NetId, type Shape } from '../../core/architectures';
import { useLang, useT } from '../../i18n/LangContext';
import { Slider } from '../../ui/Slider';
import { basicsTexts } from './texts';

const NET_NAMES: Record<NetId, string> = {
  fcn32s: 'FCN-32s',
  fcn16s: 'FCN-16s',
  fcn8s: 'FCN-8s',
  segnet: 'SegNet',
  unet: 'U-Net',
  deeplabv3p: 'DeepLabv3+',
};

const KIND_COLORS: Record<Block['kind'], string> = {
  input: '#bbb',
  encoder: '#7aa7d8',
  bridge: '#9b8ad8',
  decoder: '#e59a6b',
  head: '#c6c26b',
  aspp: '#d86bb4',
  output: '#6bc68a',
};

export interface ArchState {
  readonly net: NetId;
  readonly h: number;
  readonly w: number;
  readonly variant: 'paper' | 'modern';
  readonly os: '16' | '8';
}

const shapeText = (s: Shape) => `${s[0]}×${s[1]}×${s[2]}`;

function Diagram({ arch, fmtParams }: { arch: Architecture; fmtParams: (n: number) => string }) {
  const t = useT(basicsTexts);
  const colW = 112;
  const rowH = 58;
  const boxW = 96;
  const levels = Math.max(...arch.blocks.map((b) => b.level), 0);
  const pos = new Map(arch.blocks.map((b, i) => [b.id, { x: 10 + i * colW, y: 16 + b.level * rowH }]));
  const width = 20 + arch.blocks.length * colW;
  const height = 40 + (levels + 1) * rowH + 30;
  const mergeText = (m: string | undefined) => (m === 'add' ? t('mergeAdd') : m === 'concat' ? t('mergeConcat') : m === 'indices' ? t('mergeIndices') : '');
  return (
    <div className="arch-scroll">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="arch-svg" data-testid="arch-diagram" aria-labelledby="arch-diagram-title">
        <title id="arch-diagram-title">{NET_NAMES[arch.id]}</title>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#666" />
          </marker>
        </defs>
        {arch.edges.map((e) => {
          const a = pos.get(e.from)!;
          const b = pos.get(e.to)!;
          if (e.kind === 'main') {
            return <line key={`${e.from}-${e.to}`} x1={a.x + boxW} y1={a.y + 20} x2={b.x} y2={b.y + 20} stroke="#666" markerEnd="url(#arrow)" />;
          }
          const top = Math.min(a.y, b.y) - 12;
          const d = `M ${a.x + boxW / 2} ${a.y} C ${a.x + boxW / 2} ${top}, ${b.x + boxW / 2} ${top}, ${b.x + boxW / 2} ${b.y}`;
          return (
            <g key={`${e.from}-${e.to}`} className="skip-edge" data-merge={e.merge ?? ''}>
              <path d={d} fill="none" stroke="#c0392b" strokeDasharray="5 3" markerEnd="url(#arrow)" />
              <text x={(a.x + b.x + boxW) / 2} y={top + 10} fontSize={10} textAnchor="middle" fill="#c0392b">
                {mergeText(e.merge)}
              </text>
            </g>
          );
        })}
        {arch.blocks.map((b) => {
          const p = pos.get(b.id)!;
          const aria = t('blockAria', { block: b.id, shape: shapeText(b.shape), params: fmtParams(b.params) });
          return (
            <g key={b.id} transform={`translate(${p.x}, ${p.y})`} tabIndex={0} role="img" aria-label={aria} className="arch-block" data-testid="arch-block" data-block={b.id} data-shape={shapeText(b.shape)}>
              <rect width={boxW} height={40} rx={5} fill={KIND_COLORS[b.kind]} stroke="#333" />
              <text x={boxW / 2} y={15} fontSize={11} textAnchor="middle" fontWeight={600}>
                {b.id}
              </text>
              <text x={boxW / 2} y={30} fontSize={10} textAnchor="middle">
                {shapeText(b.shape)}
              </text>
              {b.params > 0 && (
                <text x={boxW / 2} y={52} fontSize={9} textAnchor="middle" fill="#555">
                  {fmtParams(b.params)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

export function ArchitectureExplorer({ state, onChange }: { state: ArchState; onChange: (p: Partial<ArchState>) => void }) {
  const t = useT(basicsTexts);
  const lang = useLang();
  const [view, setView] = useState<'diagram' | 'table'>('diagram');
  const { net, h, w, variant, os } = state;
  const isFcn = net.startsWith('fcn');
  const arch = useMemo(
    () =>
      buildArchitecture(net, {
        height: h,
        width: w,
        padding: isFcn ? (variant === 'paper' ? 'caffe' : 'same') : net === 'unet' ? (variant === 'paper' ? 'valid' : 'same') : undefined,
        outputStride: os === '8' ? 8 : 16,
      }),
    [net, h, w, variant, os, isFcn],
  );
  const nf = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US');
  const fmtParams = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} K` : String(n));
  const unetSizes = net === 'unet' && variant === 'paper' && arch.warnings.length > 0 ? unetValidSizes(Math.max(64, h - 40), h + 40) : [];
  const diff = isFcn ? t('diffFcn') : net === 'segnet' ? t('diffSegnet') : net === 'unet' ? t('diffUnet') : t('diffDeeplab');

  return (
    <section aria-labelledby="arch-h" className="basics-section">
      <h2 id="arch-h">{t('archH')}</h2>
      <p>{t('archIntro')}</p>
      <div className="arch-controls">
        <div role="radiogroup" aria-label={t('net')} className="radios inline">
          {NET_IDS.map((id) => (
            <label key={id}>
              <input type="radio" name="arch-net" checked={net === id} onChange={() => onChange({ net: id })} data-testid={`net-${id}`} /> {NET_NAMES[id]}
            </label>
          ))}
        </div>
        <Slider label={t('height')} value={h} min={64} max={1024} step={1} onChange={(v) => onChange({ h: v })} testId="arch-h" />
        <Slider label={t('width')} value={w} min={64} max={1024} step={1} onChange={(v) => onChange({ w: v })} testId="arch-w" />
        {(isFcn || net === 'unet') && (
          <div role="radiogroup" aria-label={t('variant')} className="radios">
            <span>{t('variant')}</span>
            {(['paper', 'modern'] as const).map((v) => (
              <label key={v}>
                <input type="radio" name="arch-variant" checked={variant === v} onChange={() => onChange({ variant: v })} data-testid={`variant-${v}`} />{' '}
                {isFcn ? (v === 'paper' ? t('variantPaperFcn') : t('variantModernFcn')) : v === 'paper' ? t('variantPaperUnet') : t('variantModernUnet')}
              </label>
            ))}
          </div>
        )}
        {net === 'deeplabv3p' && (
          <div role="radiogroup" aria-label={t('outputStride')} className="radios">
            <span>{t('outputStride')}</span>
            {(['16', '8'] as const).map((v) => (
              <label key={v}>
                <input type="radio" name="arch-os" checked={os === v} onChange={() => onChange({ os: v })} data-testid={`os-${v}`} /> {v}
              </label>
            ))}
          </div>
        )}
      </div>
      <p className="lead">{diff}</p>
      {arch.error ? (
        <p className="error" role="alert" data-testid="arch-error">
          {t('archError', { layer: arch.error.layer })}
        </p>
      ) : (
        <p data-testid="arch-total" data-output={shapeText(arch.output)}>
          {t('total', { params: nf.format(arch.params), shape: shapeText(arch.output) })}
        </p>
      )}
      {arch.warnings.length > 0 && (
        <ul className="notice arch-warnings" data-testid="arch-warnings">
          {arch.warnings.slice(0, 6).map((wn, j) => (
            <li key={j}>{wn.code === 'floor' ? t('warnFloor', { layer: wn.layer, size: wn.size }) : t('warnFit', { layer: wn.layer, from: wn.from, to: wn.to })}</li>
          ))}
        </ul>
      )}
      {unetSizes.length > 0 && <p className="hint">{t('unetValid', { list: unetSizes.join(', ') })}</p>}
      <div className="view-toggle" role="group">
        <button type="button" aria-pressed={view === 'diagram'} onClick={() => setView('diagram')}>
          {t('showDiagram')}
        </button>
        <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')} data-testid="arch-show-table">
          {t('showTable')}
        </button>
      </div>
      {view === 'diagram' ? (
        <Diagram arch={arch} fmtParams={fmtParams} />
      ) : (
        <table className="arch-table" data-testid="arch-table">
          <thead>
            <tr>
              <th scope="col">{t('colBlock')}</th>
              <th scope="col">{t('colLayer')}</th>
              <th scope="col">{t('colOp')}</th>
              <th scope="col">{t('colShape')}</th>
              <th scope="col">{t('colParams')}</th>
            </tr>
          </thead>
          <tbody>
            {arch.layers.map((l) => (
              <tr key={l.id} data-layer={l.id} data-shape={shapeText(l.shape)}>
                <td>{l.block}</td>
                <td>{l.id}</td>
                <td>{l.spec}</td>
                <td>{shapeText(l.shape)}</td>
                <td>{l.params > 0 ? nf.format(l.params) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
