import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { COCO_CATEGORIES, ssdColumnToCocoId } from '../../core/cocoClasses';
import { decodeBoxes } from '../../core/ssd/boxCoder';
import { cellAnchors, cellHeat, COCO_SSD_LAYOUT } from '../../core/ssd/cells';
import { traceNms } from '../../core/nms';
import { normalizedBox, yxyxToXyxy } from '../../core/coords';
import { cocoSsdPriors } from '../../core/ssd/priors';
import { bool, num, type Schema } from '../../core/urlState';
import { useLang, useT } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';
import { COCO_SSD_ID } from '../../models/cocoSsd';
import { readSsdInternals, type SsdInternals } from '../../models/ssdInternals';
import { BackendPicker } from '../../ui/BackendPicker';
import { ImageSource } from '../../ui/ImageSource';
import { ModelStatus } from '../../ui/ModelStatus';
import { Slider } from '../../ui/Slider';
import { freezeFrame, type Source, type StillSource } from '../../ui/source';
import { useModel } from '../../ui/useModel';
import { useUrlState } from '../../ui/useUrlState';
import { TableHead } from '../../ui/TableHead';
import { CellDetail } from './CellDetail';
import { sci } from '../../core/format';
import { FinalDetections } from './FinalDetections';
import { xrayMeta } from './meta';
import { NmsStepper } from './NmsStepper';
import { xrayTexts } from './texts';
import { strokeYxyx, XrayCanvas, type Painter } from './XrayCanvas';
import './xray.css';

export interface XrayState {
  readonly score: number;
  readonly iou: number;
  readonly max: number;
  readonly agnostic: boolean;
  readonly map: number;
  readonly cls: number;
  readonly row: number;
  readonly col: number;
  readonly k: number;
  readonly step: number;
}

/** Every control in the URL: `#/detection/xray?map=1&row=4&col=5&step=7&agnostic=1`. */
const SCHEMA: Schema<XrayState> = {
  score: num(0.5, 0.01, 1),
  iou: num(0.5, 0.05, 1),
  max: num(20, 1, 100, true),
  agnostic: bool(false),
  /** Feature map 0..5 (19×19 … 1×1). */
  map: num(0, 0, 5, true),
  /** Class column filter for the heatmap, −1 = all classes. */
  cls: num(-1, -1, 89, true),
  /** Selected cell; −1 = the hottest cell of the map. */
  row: num(-1, -1, 18, true),
  col: num(-1, -1, 18, true),
  /** Prior k of the cell whose arithmetic is shown; −1 = the cell's best prior. */
  k: num(-1, -1, 5, true),
  /** NMS step, 1-based. */
  step: num(1, 1, 1_000_000, true),
};

interface Tagged<T> {
  readonly source: StillSource;
  readonly value: T;
}

export default function XrayPage() {
  const t = useT(xrayTexts);
  const tMeta = useT(xrayMeta.texts);
  const lang = useLang();
  const [state, setState] = useUrlState(SCHEMA);
  const { adapter, retry } = useModel(COCO_SSD_ID);

  const [source, setSource] = useState<Source | null>(null);
  const [frozen, setFrozen] = useState<{ from: Source; still: StillSource } | null>(null);
  const still: StillSource | null = source?.kind === 'still' ? source : frozen && frozen.from === source ? frozen.still : null;

  const [internalsFor, setInternalsFor] = useState<Tagged<SsdInternals> | null>(null);
  const [errorFor, setErrorFor] = useState<Tagged<string> | null>(null);
  useEffect(() => {
    if (!adapter || !still) return;
    let live = true;
    readSsdInternals(adapter.graphModel, still.pixels).then(
      (r) => live && setInternalsFor({ source: still, value: r }),
      (e: unknown) => live && setErrorFor({ source: still, value: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [adapter, still]);
  const internals = internalsFor && internalsFor.source === still ? internalsFor.value : null;
  const error = errorFor && errorFor.source === still ? errorFor.value : null;

  const priors = cocoSsdPriors();
  const ours = useMemo(() => (internals ? decodeBoxes(internals.encodings, priors.corners) : null), [internals, priors]);
  const parity = useMemo(() => {
    if (!internals || !ours) return null;
    let m = 0;
    for (let i = 0; i < ours.length; i++) m = Math.max(m, Math.abs(ours[i]! - internals.boxes[i]!));
    return m;
  }, [internals, ours]);

  // ---- 1. grid + heatmap ----
  const n = COCO_SSD_LAYOUT.featureMaps[state.map]!;
  const heat = useMemo(
    () => (internals ? cellHeat(COCO_SSD_LAYOUT, state.map, internals.scores, internals.numClasses, state.cls) : null),
    [internals, state.map, state.cls],
  );
  const hottest = useMemo(() => {
    if (!heat) return [];
    const cells = Array.from(heat.values, (v, cell) => ({ cell, v }));
    cells.sort((a, b) => b.v - a.v || a.cell - b.cell);
    return cells.slice(0, 8);
  }, [heat]);
  const autoCell = hottest[0]?.cell ?? 0;
  const row = state.row >= 0 && state.row < n && state.col >= 0 && state.col < n ? state.row : Math.floor(autoCell / n);
  const col = state.row >= 0 && state.row < n && state.col >= 0 && state.col < n ? state.col : autoCell % n;
  const anchors = useMemo(() => cellAnchors(COCO_SSD_LAYOUT, state.map, row, col), [state.map, row, col]);

  const className = useCallback((column: number) => cocoLabel(ssdColumnToCocoId(column), lang), [lang]);

  const paintGrid = useCallback(
    (p: Painter) => {
      const { ctx, dpr } = p;
      if (heat) {
        for (let cell = 0; cell < n * n; cell++) {
          const v = heat.values[cell]!;
          const r = Math.floor(cell / n);
          const c = cell % n;
          const b = p.fromNormalized(normalizedBox(c / n, r / n, (c + 1) / n, (r + 1) / n));
          ctx.fillStyle = `rgba(255, 70, 0, ${Math.max(0, Math.min(1, v)) * 0.7})`;
          ctx.fillRect(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
        }
      }
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.6)';
      ctx.lineWidth = dpr;
      for (let i = 0; i <= n; i++) {
        const v = p.fromNormalized(normalizedBox(i / n, 0, i / n, 1));
        const h = p.fromNormalized(normalizedBox(0, i / n, 1, i / n));
        ctx.beginPath();
        ctx.moveTo(v.x1, v.y1);
        ctx.lineTo(v.x2, v.y2);
        ctx.moveTo(h.x1, h.y1);
        ctx.lineTo(h.x2, h.y2);
        ctx.stroke();
      }
      const sel = p.fromNormalized(normalizedBox(col / n, row / n, (col + 1) / n, (row + 1) / n));
      ctx.strokeStyle = '#f5b700';
      ctx.lineWidth = 3 * dpr;
      ctx.strokeRect(sel.x1, sel.y1, sel.x2 - sel.x1, sel.y2 - sel.y1);
      anchors.forEach((a, k) => {
        const color = `hsl(${(k * 60 + 190) % 360} 90% 60%)`;
        strokeYxyx(p, priors.corners, a, color, 1.5, [5, 4]);
        if (ours) strokeYxyx(p, ours, a, color, 2.5);
      });
    },
    [heat, n, row, col, anchors, priors, ours],
  );

  const onGridPoint = (x: number, y: number) =>
    setState({ row: Math.min(n - 1, Math.floor(y * n)), col: Math.min(n - 1, Math.floor(x * n)), k: -1 });
  const onGridKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const d: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = d[e.key];
    if (!step) return;
    e.preventDefault();
    e.stopPropagation(); // ←/→ would otherwise change the page
    setState({ row: Math.max(0, Math.min(n - 1, row + step[0])), col: Math.max(0, Math.min(n - 1, col + step[1])), k: -1 });
  };

  // ---- 3–5. NMS ----
  const nmsOpts = useMemo(
    () => ({ scoreThreshold: state.score, iouThreshold: state.iou, maxDetections: state.max, classAgnostic: state.agnostic }),
    [state.score, state.iou, state.max, state.agnostic],
  );
  const xyxy = useMemo(() => (internals ? yxyxToXyxy(internals.boxes) : null), [internals]);
  const trace = useMemo(
    () => (internals && xyxy ? traceNms(xyxy, internals.scores, internals.numBoxes, internals.numClasses, nmsOpts) : null),
    [internals, xyxy, nmsOpts],
  );
  const finals = useMemo(() => {
    if (!internals || !adapter || !still) return null;
    const raw = { numBoxes: internals.numBoxes, numClasses: internals.numClasses, scores: internals.scores, boxes: internals.boxes, inputSize: internals.inputSize };
    return adapter.decode(raw, { ...nmsOpts, imageSize: still.size });
  }, [internals, adapter, still, nmsOpts]);

  const heatList = hottest
    .slice(0, 5)
    .map((h) => `(${Math.floor(h.cell / n)}, ${h.cell % n}) ${heat ? className(heat.classes[h.cell]!) : ''} ${h.v.toFixed(2)}`)
    .join('; ');

  return (
    <article className="section xray">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker />
        <ModelStatus id={COCO_SSD_ID} title="COCO-SSD" onRetry={retry} />
      </div>
      <ImageSource onSource={setSource} />
      {source?.kind === 'video' && (
        <p>
          <button
            type="button"
            data-testid="freeze"
            onClick={() => {
              const s = freezeFrame(source.video, t('frozenName'));
              if (s) setFrozen({ from: source, still: s });
            }}
          >
            {t('freeze')}
          </button>{' '}
          <small className="hint">{t('freezeHint')}</small>
        </p>
      )}
      {!still && <p className="empty">{t('noSource')}</p>}
      {error && (
        <p className="error" role="alert" data-testid="infer-error">
          {t('inferError', { detail: error })}
        </p>
      )}
      {still && !internals && !error && adapter && <p role="status">{t('running')}</p>}

      {still && internals && heat && ours && trace && (
        <>
          <fieldset className="xray-controls">
            <legend>{t('settings')}</legend>
            <Slider label={t('score')} value={state.score} min={0.01} max={1} step={0.01} onChange={(v) => setState({ score: v, step: 1 })} format={(v) => v.toFixed(2)} testId="score-slider" />
            <Slider label={t('iou')} value={state.iou} min={0.05} max={1} step={0.05} onChange={(v) => setState({ iou: v, step: 1 })} format={(v) => v.toFixed(2)} testId="iou-slider" />
            <Slider label={t('max')} value={state.max} min={1} max={100} step={1} onChange={(v) => setState({ max: v, step: 1 })} testId="max-slider" />
            <label className="check" title={t('agnosticHint')}>
              <input type="checkbox" checked={state.agnostic} onChange={(e) => setState({ agnostic: e.currentTarget.checked, step: 1 })} data-testid="agnostic" /> {t('agnostic')}
            </label>
          </fieldset>

          <section className="xray-section" aria-labelledby="xray-grid-h">
            <h2 id="xray-grid-h">{t('gridHeading')}</h2>
            <p>{t('gridIntro')}</p>
            <div className="xray-controls">
              <label>
                {t('featureMap')}{' '}
                <select value={state.map} onChange={(e) => setState({ map: Number(e.currentTarget.value), row: -1, col: -1, k: -1 })} data-testid="map-select">
                  {COCO_SSD_LAYOUT.featureMaps.map((m, i) => (
                    <option key={m} value={i}>
                      {t('mapOption', { n: m, boxes: COCO_SSD_LAYOUT.boxesPerCell[i]!, total: COCO_SSD_LAYOUT.offsets[i + 1]! - COCO_SSD_LAYOUT.offsets[i]! })}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('classFilter')}{' '}
                <select value={state.cls} onChange={(e) => setState({ cls: Number(e.currentTarget.value), row: -1, col: -1, k: -1 })} data-testid="class-select">
                  <option value={-1}>{t('allClasses')}</option>
                  {COCO_CATEGORIES.map(([id]) => (
                    <option key={id} value={id - 1}>
                      {cocoLabel(id, lang)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="xray-two">
              <div>
                <XrayCanvas
                  source={still}
                  paint={paintGrid}
                  onPoint={onGridPoint}
                  onKeyDown={onGridKey}
                  testId="grid-canvas"
                  label={t('gridCanvasLabel', { name: still.name, n, list: heatList, row, col })}
                />
                <small className="hint">{t('gridKeys')}</small>
              </div>
              <div>
                <h3>{t('topCells', { n })}</h3>
                <table className="xray-table" data-testid="top-cells">
                  <TableHead columns={[t('colCell'), t('colBest'), t('colScore'), t('colAnchor'), <span className="visually-hidden">{t('select')}</span>]} />
                  <tbody>
                    {hottest.map(({ cell, v }) => {
                      const r = Math.floor(cell / n);
                      const c = cell % n;
                      return (
                        <tr key={cell} aria-current={r === row && c === col}>
                          <td>
                            ({r}, {c})
                          </td>
                          <td>{className(heat.classes[cell]!)}</td>
                          <td>{v.toFixed(3)}</td>
                          <td>{heat.anchors[cell]}</td>
                          <td>
                            <button type="button" onClick={() => setState({ row: r, col: c, k: -1 })} data-testid="select-cell">
                              {t('select')}
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </div>
          </section>

          <CellDetail
            internals={internals}
            priors={priors}
            ours={ours}
            anchors={anchors}
            map={state.map}
            row={row}
            col={col}
            k={state.k}
            classFilter={state.cls}
            onK={(k) => setState({ k })}
            className={className}
          />
          <p className="hint" data-testid="decode-parity" data-diff={parity ?? ''}>
            {t('parity', { d: sci(parity ?? 0) })}
          </p>

          <section className="xray-section" aria-labelledby="xray-pre-h">
            <h2 id="xray-pre-h">{t('preHeading')}</h2>
            <p data-testid="pre-count" data-pairs={trace.candidates} data-boxes={trace.rows.length}>
              {t('preCount', { pairs: trace.candidates, thr: state.score.toFixed(2), boxes: trace.rows.length })}
            </p>
          </section>

          <NmsStepper
            source={still}
            internals={internals}
            trace={trace}
            step={state.step}
            iouThreshold={state.iou}
            onStep={(s) => setState({ step: s })}
            className={className}
          />

          <FinalDetections detections={finals ?? []} trace={trace} />
        </>
      )}
    </article>
  );
}
