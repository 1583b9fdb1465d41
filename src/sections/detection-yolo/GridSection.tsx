import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { normalizedFromXyxyRow, scaleView } from '../../core/coords';
import { rgbaToInput } from '../../core/yolo/dataset';
import { numPriors } from '../../core/yolo/encoding';
import { generateImage } from '../../core/yolo/synthData';
import { useT } from '../../i18n/LangContext';
import type { TinyYolo } from '../../models/tinyYolo';
import { decodeTinyYolo, gridSpec, yoloRawOf } from '../../models/tinyYolo';
import { ImageSource } from '../../ui/ImageSource';
import { painter } from '../../ui/painter';
import { Slider } from '../../ui/Slider';
import type { Source } from '../../ui/source';
import { CLASS_COLORS, drawLabel, PaintCanvas, PRIOR_COLORS, rgbaCanvas } from './PaintCanvas';
import type { SetState, YoloPageState } from './state';
import { TensorBlock } from './TensorBlock';
import { yoloTexts } from './texts';
import { TEST_SPLIT } from './yoloStore';

interface Props {
  readonly net: TinyYolo;
  readonly version: number;
  readonly state: YoloPageState;
  readonly setState: SetState;
  readonly className: (c: number) => string;
}

interface Input {
  readonly key: string;
  readonly pixels: HTMLCanvasElement;
  readonly width: number;
  readonly height: number;
  readonly synthIndex: number;
}

const fmt = (v: number, d = 2) => (Math.abs(v) < 1e-9 ? '0' : v.toFixed(d));

export function GridSection({ net, version, state, setState, className }: Props) {
  const t = useT(yoloTexts);
  const cfg = net.config;
  const S = cfg.grid;
  const B = numPriors(gridSpec(cfg));
  const C = cfg.classes.length;
  const D = 5 + C;
  const [photo, setPhoto] = useState<Source | null>(null);

  const input: Input | null = useMemo(() => {
    if (state.src === 'synth') {
      const im = generateImage(TEST_SPLIT.seed, state.img);
      return { key: `s${state.img}`, pixels: rgbaCanvas(im.rgba, im.width, im.height), width: im.width, height: im.height, synthIndex: state.img };
    }
    if (photo?.kind === 'still') return { key: photo.name, pixels: photo.pixels, width: photo.size.width, height: photo.size.height, synthIndex: -1 };
    return null;
  }, [state.src, state.img, photo]);

  const [rawFor, setRawFor] = useState<{ input: Input; version: number; net: TinyYolo; raw: Float32Array } | null>(null);
  useEffect(() => {
    if (!input) return;
    let live = true;
    const run = input.synthIndex >= 0
      ? net.predictRaw(rgbaToInput([generateImage(TEST_SPLIT.seed, input.synthIndex)], cfg.inputSize), 1)
      : net.predictRawPixels(input.pixels);
    run.then((raw) => live && setRawFor({ input, version, net, raw }), () => undefined);
    return () => {
      live = false;
    };
  }, [net, version, input, cfg.inputSize]);
  const raw = rawFor && rawFor.input === input && rawFor.net === net ? rawFor.raw : null;
  // The adapter's decode (grid decoding + threshold + NMS), not a copy of it.
  const result = useMemo(
    () => (raw ? decodeTinyYolo(yoloRawOf(net, raw), { scoreThreshold: state.thr, iouThreshold: state.iou, maxDetections: 20, classAgnostic: false }) : null),
    [raw, net, state.thr, state.iou],
  );
  const decoded = result?.grid ?? null;
  const dets = result?.arrays ?? null;

  // Best P(obj) per cell and the strongest cells.
  const cellObj = useMemo(() => {
    if (!decoded) return null;
    const v = new Float32Array(S * S);
    for (let c = 0; c < S * S; c++) for (let b = 0; b < B; b++) v[c] = Math.max(v[c]!, decoded.objectness[c * B + b]!);
    return v;
  }, [decoded, S, B]);
  const strongest = useMemo(() => {
    if (!cellObj) return [];
    return Array.from(cellObj, (v, cell) => ({ cell, v })).sort((a, b) => b.v - a.v || a.cell - b.cell).slice(0, 5);
  }, [cellObj]);
  const auto = strongest[0]?.cell ?? 0;
  const row = state.row >= 0 && state.col >= 0 ? Math.min(S - 1, state.row) : Math.floor(auto / S);
  const col = state.row >= 0 && state.col >= 0 ? Math.min(S - 1, state.col) : auto % S;

  const size = 384;
  const dispW = input ? (input.width >= input.height ? size : Math.round((size * input.width) / input.height)) : size;
  const dispH = input ? (input.width >= input.height ? Math.round((size * input.height) / input.width) : size) : size;

  const paint = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => {
      if (!input) return;
      const p = painter(ctx, { width: w, height: h }, scaleView(1, { width: w, height: h }));
      ctx.imageSmoothingEnabled = input.synthIndex < 0;
      ctx.drawImage(input.pixels, 0, 0, w, h);
      if (cellObj) {
        for (let c = 0; c < S * S; c++) {
          ctx.fillStyle = `rgba(255, 200, 0, ${0.55 * cellObj[c]!})`;
          ctx.fillRect(((c % S) * w) / S, (Math.floor(c / S) * h) / S, w / S, h / S);
        }
      }
      ctx.strokeStyle = 'rgba(255,255,255,0.7)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i <= S; i++) {
        ctx.moveTo((i * w) / S, 0);
        ctx.lineTo((i * w) / S, h);
        ctx.moveTo(0, (i * h) / S);
        ctx.lineTo(w, (i * h) / S);
      }
      ctx.stroke();
      if (decoded) {
        // The selected cell's B predicted boxes, dashed, coloured by prior.
        for (let b = 0; b < B; b++) {
          const r = (row * S + col) * B + b;
          p.strokeBox(p.fromNormalized(normalizedFromXyxyRow(decoded.boxes, r)), PRIOR_COLORS[b % PRIOR_COLORS.length]!, 1.5, [4, 3]);
        }
      }
      if (dets) {
        for (let j = 0; j < dets.count; j++) {
          const c = p.fromNormalized(normalizedFromXyxyRow(dets.boxes, j));
          p.strokeBox(c, CLASS_COLORS[dets.classes[j]! % CLASS_COLORS.length]!, 2.5);
          drawLabel(ctx, `${className(dets.classes[j]!)} ${dets.scores[j]!.toFixed(2)}`, c.x1, c.y1, CLASS_COLORS[dets.classes[j]! % CLASS_COLORS.length]!, w);
        }
      }
      ctx.strokeStyle = '#f5b700';
      ctx.lineWidth = 3;
      ctx.strokeRect((col * w) / S, (row * h) / S, w / S, h / S);
    },
    [input, cellObj, decoded, dets, S, B, row, col, className],
  );

  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const d: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = d[e.key];
    if (!step) return;
    e.preventDefault();
    e.stopPropagation();
    setState({ row: Math.max(0, Math.min(S - 1, row + step[0])), col: Math.max(0, Math.min(S - 1, col + step[1])) });
  };

  const list = strongest.map((s) => `(${Math.floor(s.cell / S)}, ${s.cell % S}) ${s.v.toFixed(2)}`).join('; ');
  const cellBase = (row * S + col) * B;

  return (
    <section className="yolo-section" aria-labelledby="yolo-grid-h">
      <h2 id="yolo-grid-h">{t('gridHeading')}</h2>
      <p>{t('gridIntro', { d: B * D, b: B, c: C })}</p>
      <div className="yolo-controls" role="radiogroup">
        <label className="check">
          <input type="radio" name="yolo-src" checked={state.src === 'synth'} onChange={() => setState({ src: 'synth', row: -1, col: -1 })} data-testid="src-synth" /> {t('gridSourceSynthetic')}
        </label>
        <label className="check">
          <input type="radio" name="yolo-src" checked={state.src === 'photo'} onChange={() => setState({ src: 'photo', row: -1, col: -1 })} data-testid="src-photo" /> {t('gridSourcePhoto')}
        </label>
        {state.src === 'synth' && (
          <Slider label={t('syntheticIndex')} value={state.img} min={0} max={TEST_SPLIT.count - 1} step={1} onChange={(v) => setState({ img: v, row: -1, col: -1 })} testId="synth-index" />
        )}
        <Slider label={t('threshold')} value={state.thr} min={0.01} max={1} step={0.01} onChange={(v) => setState({ thr: v })} format={(v) => v.toFixed(2)} testId="yolo-thr" />
        <Slider label={t('nmsIou')} value={state.iou} min={0.05} max={1} step={0.05} onChange={(v) => setState({ iou: v })} format={(v) => v.toFixed(2)} />
      </div>
      {state.src === 'photo' && (
        <>
          <ImageSource onSource={setPhoto} />
          <p className="hint">{t('photoNote')}</p>
        </>
      )}
      {!input && <p className="empty">{t('noPhoto')}</p>}
      {input && (
        <div className="yolo-two yolo-grid-two">
          <div>
            <PaintCanvas
              width={dispW}
              height={dispH}
              paint={paint}
              label={t('gridCanvasLabel', { s: S, row, col, list })}
              testId="yolo-grid-canvas"
              onPoint={(x, y) => setState({ row: Math.min(S - 1, Math.floor(y * S)), col: Math.min(S - 1, Math.floor(x * S)) })}
              onKeyDown={onKey}
            />
            <small className="hint">{t('gridKeys')}</small>
            <h3>{t('detections')}</h3>
            {dets && dets.count === 0 && <p>{t('noDetections')}</p>}
            {dets && dets.count > 0 && (
              <ul data-testid="yolo-detections">
                {Array.from({ length: dets.count }, (_, j) => (
                  <li key={j}>
                    {className(dets.classes[j]!)} {dets.scores[j]!.toFixed(3)} — [{Array.from(dets.boxes.subarray(4 * j, 4 * j + 4), (v, k) => Math.round(v * (k % 2 === 0 ? input.width : input.height))).join(', ')}]
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3>{t('tensorHeading', { s: S, d: B * D })}</h3>
            <TensorBlock
              s={S}
              b={B}
              d={D}
              row={row}
              col={col}
              values={raw ? raw.subarray(cellBase * D, (cellBase + B) * D) : null}
              label={t('tensorLabel', { s: S, d: B * D, row, col, b: B })}
            />
            <h3>{t('cellHeading', { row, col, d: B * D })}</h3>
            {raw && decoded && (
              <div className="yolo-scroll">
                <table className="yolo-table" data-testid="cell-vector">
                  <thead>
                    <tr>
                      <th scope="col">{t('colPrior')}</th>
                      <th scope="col">t_x</th>
                      <th scope="col">t_y</th>
                      <th scope="col">t_w</th>
                      <th scope="col">t_h</th>
                      <th scope="col">t_o</th>
                      <th scope="col">{t('colObj')}</th>
                      <th scope="col">{t('colBox')}</th>
                      <th scope="col">{t('colClasses')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Array.from({ length: B }, (_, b) => {
                      const r = cellBase + b;
                      const o = r * D;
                      const bx = decoded.boxes;
                      const W = input.width, H = input.height;
                      const xywh = [((bx[4 * r]! + bx[4 * r + 2]!) / 2) * W, ((bx[4 * r + 1]! + bx[4 * r + 3]!) / 2) * H, (bx[4 * r + 2]! - bx[4 * r]!) * W, (bx[4 * r + 3]! - bx[4 * r + 1]!) * H];
                      return (
                        <tr key={b}>
                          <th scope="row" style={{ borderLeft: `4px solid ${PRIOR_COLORS[b]}` }}>
                            {b + 1} ({fmt(cfg.priors[2 * b]!)}×{fmt(cfg.priors[2 * b + 1]!)})
                          </th>
                          {[0, 1, 2, 3, 4].map((i) => (
                            <td key={i}>{fmt(raw[o + i]!)}</td>
                          ))}
                          <td>{decoded.objectness[r]!.toFixed(3)}</td>
                          <td>{xywh.map((v) => v.toFixed(0)).join(', ')}</td>
                          <td>
                            {Array.from({ length: C }, (_, c) => (
                              <div key={c}>
                                {className(c)} {decoded.classProbs[r * C + c]!.toFixed(2)}
                              </div>
                            ))}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

