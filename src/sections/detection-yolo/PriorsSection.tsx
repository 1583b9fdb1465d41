import { FileButton } from '../../ui/FileButton';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseAnnotationFiles, type AnnotationSet } from '../../core/annotations';
import { kmeansBoxes, meanIouCurve } from '../../core/yolo/kmeans';
import { boxSizes, generateDataset } from '../../core/yolo/synthData';
import { DEFAULT_SPLITS } from '../../core/yolo/dataset';
import { useT } from '../../i18n/LangContext';
import { LineChart } from '../../ui/charts/LineChart';
import { Slider } from '../../ui/Slider';
import { PaintCanvas, PRIOR_COLORS } from './PaintCanvas';
import type { SetState, YoloPageState } from './state';
import { yoloTexts } from './texts';

interface Props {
  readonly state: YoloPageState;
  readonly setState: SetState;
}

/** Normalized (w, h) pairs of an annotation set (COCO/VOC pixels divided by the image size). */
function setSizes(set: AnnotationSet): Float64Array {
  const size = new Map(set.gt.images.map((im) => [im.id, im]));
  const out: number[] = [];
  for (const a of set.gt.annotations) {
    if (!a.bbox) continue;
    const im = size.get(a.imageId);
    const [, , w, h] = a.bbox;
    if (set.units === 'normalized') out.push(w, h);
    else if (im && im.width > 0 && im.height > 0) out.push(w / im.width, h / im.height);
  }
  return Float64Array.from(out.filter((v) => Number.isFinite(v)));
}

const MAX_K = 9;
const SEED = 42;

export function PriorsSection({ state, setState }: Props) {
  const t = useT(yoloTexts);
  const synth = useMemo(() => boxSizes(generateDataset(DEFAULT_SPLITS.trainSeed, 400)), []);
  const [coco, setCoco] = useState<Float64Array | null>(null);
  const [imported, setImported] = useState<{ name: string; wh: Float64Array } | null>(null);
  const [importError, setImportError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const base = new URL('.', document.baseURI).href;
    fetch(`${base}samples/annotations.json`)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((text) => {
        const wh = setSizes(parseAnnotationFiles([{ name: 'annotations.json', text }]));
        if (live && wh.length > 0) setCoco(wh);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    try {
      const texts = await Promise.all(Array.from(files, async (f) => ({ name: f.name, text: await f.text() })));
      const wh = setSizes(parseAnnotationFiles(texts));
      if (wh.length === 0) {
        setImportError(t('importEmpty'));
        return;
      }
      setImportError(null);
      setImported({ name: files.length === 1 ? files[0]!.name : `${files.length}`, wh });
      setState({ ds: 'import' });
    } catch (e) {
      setImportError(t('importError', { detail: e instanceof Error ? e.message : String(e) }));
    }
  };

  const wh = state.ds === 'coco' && coco ? coco : state.ds === 'import' && imported ? imported.wh : synth;
  const nBoxes = wh.length / 2;
  const iou = useMemo(() => kmeansBoxes(wh, { k: state.k, distance: 'iou', seed: SEED }), [wh, state.k]);
  const euc = useMemo(() => kmeansBoxes(wh, { k: state.k, distance: 'euclidean', seed: SEED }), [wh, state.k]);
  const curves = useMemo(() => {
    const maxK = Math.min(MAX_K, nBoxes);
    return { iou: meanIouCurve(wh, maxK, 'iou', SEED), euc: meanIouCurve(wh, maxK, 'euclidean', SEED) };
  }, [wh, nBoxes]);

  const paintScatter = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => {
      const pad = 24;
      let top = 0;
      for (let i = 0; i < wh.length; i++) top = Math.max(top, wh[i]!);
      const scale = Math.min(1, Math.max(0.05, top * 1.1));
      ctx.fillStyle = 'rgba(128,128,128,0.08)';
      ctx.fillRect(pad, 0, w - pad, h - pad);
      ctx.fillStyle = '#777';
      ctx.font = '11px sans-serif';
      ctx.fillText(`w → ${scale.toFixed(2)}`, w - 62, h - 6);
      ctx.fillText(`h ↑ ${scale.toFixed(2)}`, 2, 12);
      ctx.fillText('0', pad - 10, h - pad + 12);
      const px = (v: number) => pad + (v / scale) * (w - pad);
      const py = (v: number) => (h - pad) * (1 - v / scale);
      ctx.globalAlpha = 0.5;
      for (let i = 0; i < nBoxes; i++) {
        ctx.fillStyle = PRIOR_COLORS[iou.assignments[i]! % PRIOR_COLORS.length]!;
        ctx.fillRect(px(wh[2 * i]!) - 1.5, py(wh[2 * i + 1]!) - 1.5, 3, 3);
      }
      ctx.globalAlpha = 1;
      // Centroids: filled circles with a white ring (1 − IoU), black crosses (Euclidean).
      for (let q = 0; q < iou.centroids.length / 2; q++) {
        ctx.beginPath();
        ctx.arc(px(iou.centroids[2 * q]!), py(iou.centroids[2 * q + 1]!), 6, 0, 2 * Math.PI);
        ctx.fillStyle = PRIOR_COLORS[q % PRIOR_COLORS.length]!;
        ctx.fill();
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 2;
        ctx.stroke();
      }
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      for (let q = 0; q < euc.centroids.length / 2; q++) {
        const x = px(euc.centroids[2 * q]!), y = py(euc.centroids[2 * q + 1]!);
        ctx.beginPath();
        ctx.moveTo(x - 5, y - 5);
        ctx.lineTo(x + 5, y + 5);
        ctx.moveTo(x + 5, y - 5);
        ctx.lineTo(x - 5, y + 5);
        ctx.stroke();
      }
    },
    [wh, nBoxes, iou, euc],
  );

  const paintPriors = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => {
      ctx.strokeStyle = '#888';
      ctx.strokeRect(0.5, 0.5, w - 1, h - 1);
      for (let q = 0; q < iou.centroids.length / 2; q++) {
        const bw = iou.centroids[2 * q]! * w, bh = iou.centroids[2 * q + 1]! * h;
        ctx.strokeStyle = PRIOR_COLORS[q % PRIOR_COLORS.length]!;
        ctx.lineWidth = 2;
        ctx.strokeRect(w / 2 - bw / 2, h / 2 - bh / 2, bw, bh);
      }
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 1;
      for (let q = 0; q < euc.centroids.length / 2; q++) {
        const bw = euc.centroids[2 * q]! * w, bh = euc.centroids[2 * q + 1]! * h;
        ctx.strokeRect(w / 2 - bw / 2, h / 2 - bh / 2, bw, bh);
      }
      ctx.setLineDash([]);
    },
    [iou, euc],
  );

  const list = (c: Float64Array) => Array.from({ length: c.length / 2 }, (_, q) => `${c[2 * q]!.toFixed(3)}×${c[2 * q + 1]!.toFixed(3)}`).join('; ');
  const xs = curves.iou.map((_, i) => i + 1);

  return (
    <section className="yolo-section" aria-labelledby="yolo-priors-h">
      <h2 id="yolo-priors-h">{t('priorsHeading')}</h2>
      <p>{t('priorsIntro')}</p>
      <div className="yolo-controls">
        <label>
          {t('dataset')}{' '}
          <select value={state.ds} onChange={(e) => setState({ ds: e.currentTarget.value as YoloPageState['ds'] })} data-testid="priors-dataset">
            <option value="synth">{t('datasetSynth', { n: synth.length / 2 })}</option>
            {coco && <option value="coco">{t('datasetCoco', { n: coco.length / 2 })}</option>}
            {imported && <option value="import">{t('datasetImport', { name: imported.name, n: imported.wh.length / 2 })}</option>}
          </select>
        </label>
        <FileButton label={t('importLabel')} multiple accept=".json,.xml,.txt,.names" onChange={(e) => void onFiles(e.currentTarget.files)} testId="priors-import" />
        <Slider label={t('k')} value={state.k} min={1} max={MAX_K} step={1} onChange={(v) => setState({ k: v })} testId="priors-k" />
      </div>
      <small className="hint">{t('importHint')}</small>
      {importError && <p className="error" role="alert">{importError}</p>}
      <p data-testid="priors-mean-iou">{t('meanIou', { iou: iou.meanIou.toFixed(3), eiou: euc.meanIou.toFixed(3) })}</p>
      <div className="yolo-two">
        <div className="yolo-row">
          <PaintCanvas width={260} height={260} paint={paintScatter} label={t('priorsCanvasLabel', { dist: t('distIou'), k: state.k, list: list(iou.centroids), iou: iou.meanIou.toFixed(3) })} testId="priors-scatter" />
          <PaintCanvas width={200} height={200} paint={paintPriors} label={t('priorsCanvasLabel', { dist: t('distEuclid'), k: state.k, list: list(euc.centroids), iou: euc.meanIou.toFixed(3) })} />
          <small className="hint">{t('priorsLegend')}</small>
        </div>
        <LineChart
          x={xs}
          series={[
            { label: t('curveIou'), color: '#00a6ff', y: curves.iou },
            { label: t('curveEuclid'), color: '#444', y: curves.euc, dash: [6, 4] },
          ]}
          xLabel={t('curveX')}
          yLabel={t('curveY')}
          label={t('curveLabel')}
          height={220}
          yRange={[0, 1]}
          testId="priors-curve"
        />
      </div>
      <table className="yolo-table">
        <caption>{t('priorsTable')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('distIou')}</th>
            <th scope="col">{t('distEuclid')}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: iou.centroids.length / 2 }, (_, q) => (
            <tr key={q}>
              <th scope="row" style={{ color: PRIOR_COLORS[q % PRIOR_COLORS.length] }}>{q + 1}</th>
              <td>{iou.centroids[2 * q]!.toFixed(3)} × {iou.centroids[2 * q + 1]!.toFixed(3)}</td>
              <td>{euc.centroids[2 * q] !== undefined ? `${euc.centroids[2 * q]!.toFixed(3)} × ${euc.centroids[2 * q + 1]!.toFixed(3)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
