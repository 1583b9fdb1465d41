import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { adaptiveAvgPool, adaptiveBins, atrousTaps, channelPlane, channelsByVariance, type FeatureMap } from '../../core/pyramidPooling';
import { useT } from '../../i18n/LangContext';
import { ImageSource } from '../../ui/ImageSource';
import type { Source } from '../../ui/source';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { FEATURE_NODE } from './featureNode';
import { heatColor } from './NumGrid';
import { basicsTexts } from './texts';

const BINS = [1, 2, 3, 6] as const;
const RATES = [6, 12, 18] as const;
const RATE_COLORS = ['#ffd23f', '#3fd2ff', '#ff3fd2'] as const;
const VIEW_W = 300;

type Overlay = (ctx: CanvasRenderingContext2D, w: number, h: number) => void;

/** The image stretched to the canvas (as the graph stretches it to 300×300), with an overlay on top. */
function ImageCanvas(props: {
  pixels: HTMLCanvasElement;
  overlay: Overlay;
  label: string;
  testId?: string;
  onClick?: (fx: number, fy: number) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLCanvasElement>) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { pixels, overlay } = props;
  const h = Math.round((VIEW_W * pixels.height) / Math.max(1, pixels.width));
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(VIEW_W * dpr);
    c.height = Math.round(h * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.drawImage(pixels, 0, 0, VIEW_W, h);
    overlay(ctx, VIEW_W, h);
  }, [pixels, overlay, h]);
  return (
    <canvas
      ref={ref}
      style={{ width: VIEW_W, height: h }}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      tabIndex={props.onKeyDown ? 0 : undefined}
      onKeyDown={props.onKeyDown}
      onClick={(e) => {
        if (!props.onClick) return;
        const r = e.currentTarget.getBoundingClientRect();
        props.onClick((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
      }}
    />
  );
}

function Heatmap({ plane, h, w, label, selected, onSelect }: { plane: Float32Array; h: number; w: number; label: string; selected: boolean; onSelect: () => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = w;
    c.height = h;
    let max = 0;
    for (const v of plane) max = Math.max(max, v);
    const img = ctx.createImageData(w, h);
    for (let j = 0; j < plane.length; j++) {
      const a = max > 0 ? plane[j]! / max : 0;
      img.data[4 * j] = Math.round(255 * Math.min(1, a * 1.5));
      img.data[4 * j + 1] = Math.round(255 * Math.max(0, a * 1.5 - 0.5));
      img.data[4 * j + 2] = Math.round(255 * Math.max(0, a * 3 - 2));
      img.data[4 * j + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [plane, h, w]);
  return (
    <button type="button" className={`heatmap ${selected ? 'selected' : ''}`} aria-pressed={selected} onClick={onSelect} data-testid="channel-heatmap">
      <canvas ref={ref} role="img" aria-label={label} />
      <span>{label.split(':')[0]}</span>
    </button>
  );
}

export function PyramidSection({ backend }: { backend: string | null }) {
  const t = useT(basicsTexts);
  const runtime = useRuntimeInstance();
  const [source, setSource] = useState<Source | null>(null);
  const [frame, setFrame] = useState<HTMLCanvasElement | null>(null);
  const still = source?.kind === 'still' ? source.pixels : source?.kind === 'video' ? frame : null;
  const [feat, setFeat] = useState<{ for: HTMLCanvasElement; f: FeatureMap; ms: number } | { for: HTMLCanvasElement; error: string } | null>(null);
  const [pickedChannel, setPickedChannel] = useState<{ for: FeatureMap; c: number } | null>(null);
  const [cell, setCell] = useState<{ r: number; c: number }>({ r: 9, c: 9 });

  useEffect(() => {
    if (!still) return;
    let live = true;
    const t0 = performance.now();
    // tfjs and the model only once there is a photo (the page opens without either)
    import('./featureMap')
      .then(async ({ loadBackbone, runNodes }) => runNodes(await loadBackbone(runtime), still, [FEATURE_NODE]))
      .then(
        (map) => {
          const f = map.get(FEATURE_NODE);
          if (live && f) setFeat({ for: still, f, ms: Math.round(performance.now() - t0) });
        },
        (e: unknown) => live && setFeat({ for: still, error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
  }, [runtime, backend, still]);

  const current = feat && feat.for === still ? feat : null;
  const f = current && 'f' in current ? current.f : null;
  const order = useMemo(() => (f ? channelsByVariance(f) : []), [f]);
  const top = useMemo(() => order.slice(0, 4), [order]);
  const channel = pickedChannel && pickedChannel.for === f ? pickedChannel.c : (order[0] ?? 0);
  const planes = useMemo(() => (f ? top.map((c) => ({ c, plane: channelPlane(f, c) })) : []), [f, top]);
  const pooled = useMemo(() => (f ? BINS.map((b) => ({ b, v: adaptiveAvgPool(f, channel, b) })) : []), [f, channel]);
  const globalMax = pooled.reduce((m, p) => Math.max(m, ...p.v), 0);

  const grab = () => {
    if (source?.kind !== 'video') return;
    const v = source.video;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')?.drawImage(v, 0, 0);
    setFrame(c);
  };

  const moveCell = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!f) return;
    const d: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = d[e.key];
    if (!step) return;
    e.preventDefault();
    e.stopPropagation();
    setCell((p) => ({ r: Math.min(f.height - 1, Math.max(0, p.r + step[0])), c: Math.min(f.width - 1, Math.max(0, p.c + step[1])) }));
  };

  return (
    <section aria-labelledby="spp-h" className="basics-section">
      <h2 id="spp-h">{t('sppH')}</h2>
      <p>{t('sppIntro', { node: FEATURE_NODE })}</p>
      <ImageSource onSource={setSource} />
      {source?.kind === 'video' && (
        <button type="button" onClick={grab} data-testid="grab-frame">
          {t('grabFrame')}
        </button>
      )}
      {!still && <p className="empty">{t('noImage')}</p>}
      {still && !current && <p role="status">{t('loadingFeatures')}</p>}
      {current && 'error' in current && (
        <p className="error" role="alert" data-testid="feature-error">
          {t('featureError', { detail: current.error })}
        </p>
      )}
      {f && still && current && 'ms' in current && (
        <>
          <p role="status" data-testid="features-ready" data-shape={`${f.height}x${f.width}x${f.channels}`}>
            {t('featuresReady', { h: f.height, w: f.width, c: f.channels, ms: current.ms })}
          </p>
          <h3>{t('channels')}</h3>
          <div className="heatmaps">
            {planes.map(({ c, plane }) => (
              <Heatmap
                key={c}
                plane={plane}
                h={f.height}
                w={f.width}
                selected={c === channel}
                onSelect={() => setPickedChannel({ for: f, c })}
                label={t('heatmapLabel', { c, max: Math.max(...plane).toFixed(2) })}
              />
            ))}
          </div>
          <p>{t('sppPyramid')}</p>
          <div className="pyramid" data-testid="pyramid">
            {pooled.map(({ b, v }) => {
              const rows = adaptiveBins(f.height, b);
              const cols = adaptiveBins(f.width, b);
              const overlay: Overlay = (ctx, w, h) => {
                const sx = w / f.width;
                const sy = h / f.height;
                rows.forEach(([y0, y1], by) =>
                  cols.forEach(([x0, x1], bx) => {
                    const val = v[by * b + bx]!;
                    ctx.fillStyle = heatColor(val, globalMax);
                    ctx.fillRect(x0 * sx, y0 * sy, (x1 - x0) * sx, (y1 - y0) * sy);
                    ctx.strokeStyle = '#fff';
                    ctx.lineWidth = 1;
                    ctx.strokeRect(x0 * sx + 0.5, y0 * sy + 0.5, (x1 - x0) * sx - 1, (y1 - y0) * sy - 1);
                    ctx.fillStyle = '#fff';
                    ctx.font = `${b >= 6 ? 10 : 14}px sans-serif`;
                    ctx.textAlign = 'center';
                    ctx.fillText(val.toFixed(2), ((x0 + x1) / 2) * sx, ((y0 + y1) / 2) * sy + 4);
                  }),
                );
              };
              const values = Array.from(v, (x) => x.toFixed(2)).join(', ');
              return (
                <figure key={b} data-testid="pooled-grid" data-bins={b} data-values={Array.from(v, (x) => x.toFixed(4)).join(',')}>
                  <ImageCanvas pixels={still} overlay={overlay} label={t('pooledLabel', { b, c: channel, values })} />
                  <figcaption>{t('bins', { b })}</figcaption>
                </figure>
              );
            })}
          </div>
          <p>{t('sppAspp')}</p>
          <div className="aspp">
            <ImageCanvas
              pixels={still}
              testId="aspp-canvas"
              label={t('asppCanvasLabel', {
                r: cell.r,
                c: cell.c,
                list: RATES.map((r) => t('asppRate', { r, n: atrousTaps(f, cell.r, cell.c, r).filter((q) => q.inside).length })).join('; '),
              })}
              onKeyDown={moveCell}
              onClick={(fx, fy) => setCell({ r: Math.min(f.height - 1, Math.floor(fy * f.height)), c: Math.min(f.width - 1, Math.floor(fx * f.width)) })}
              overlay={(ctx, w, h) => {
                const sx = w / f.width;
                const sy = h / f.height;
                ctx.strokeStyle = 'rgba(255,255,255,0.35)';
                ctx.lineWidth = 0.5;
                for (let x = 0; x <= f.width; x++) {
                  ctx.beginPath();
                  ctx.moveTo(x * sx, 0);
                  ctx.lineTo(x * sx, h);
                  ctx.stroke();
                }
                for (let y = 0; y <= f.height; y++) {
                  ctx.beginPath();
                  ctx.moveTo(0, y * sy);
                  ctx.lineTo(w, y * sy);
                  ctx.stroke();
                }
                RATES.forEach((r, ri) => {
                  for (const q of atrousTaps(f, cell.r, cell.c, r)) {
                    if (!q.inside) continue;
                    ctx.strokeStyle = RATE_COLORS[ri]!;
                    ctx.lineWidth = 2.5;
                    ctx.strokeRect(q.x * sx + 2 + ri * 1.5, q.y * sy + 2 + ri * 1.5, sx - 4 - ri * 3, sy - 4 - ri * 3);
                  }
                });
                ctx.fillStyle = 'rgba(255,255,255,0.8)';
                ctx.fillRect(cell.c * sx, cell.r * sy, sx, sy);
              }}
            />
            <ul className="aspp-legend" data-testid="aspp-legend">
              <li>{t('asppCell', { r: cell.r, c: cell.c })}</li>
              {RATES.map((r, ri) => (
                <li key={r}>
                  <span className="swatch" style={{ background: RATE_COLORS[ri] }} aria-hidden="true" />{' '}
                  {t('asppRate', { r, n: atrousTaps(f, cell.r, cell.c, r).filter((q) => q.inside).length })}
                </li>
              ))}
              <li>{t('imageLevel', { c: channel, v: (pooled[0]?.v[0] ?? 0).toFixed(3) })}</li>
            </ul>
          </div>
        </>
      )}
    </section>
  );
}
