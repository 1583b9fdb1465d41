import { useEffect, useMemo, useRef, useState } from 'react';
import { imageIdFromFileName } from '../../core/cocoResults';
import { cocoGroundTruthFromJson, rleArea, rleToString, type GroundTruth } from '../../core/eval';
import { area as boxArea, type Size } from '../../core/geometry';
import { boxMaskRle, ellipseMaskRle, type CheckedMask, type MaskMethod } from '../../core/instance/pipelines';
import { instanceColor } from '../../core/instance/render';
import { cropMaskToRle, rleToCropMask, type CropMask } from '../../core/instance/rle';
import { compareWithGt, findGtImage } from '../../core/instance/versusGt';
import { bool, num, oneOf } from '../../core/urlState';
import { useLang, useT } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';
import { pasteMask } from '../../core/instance/paste';
import { COCO_SSD_ID, type CocoSsdAdapter, type Detection } from '../../models/cocoSsd';
import { boxProbs, MASK_HEAD_ID, MASK_SIDE, type MaskHeadAdapter } from '../../models/maskHead';
import { BackendPicker } from '../../ui/BackendPicker';
import { baseName, downloadJson } from '../../ui/download';
import { classColor, type DrawnBox, type DrawnMask } from '../../ui/drawDetections';
import { runFrameLoop } from '../../ui/frameLoop';
import { ImageSource } from '../../ui/ImageSource';
import { ModelStatus } from '../../ui/ModelStatus';
import { Slider } from '../../ui/Slider';
import { sourcePixels, sourceSize, type Source } from '../../ui/source';
import { useModel } from '../../ui/useModel';
import { useFps } from '../../ui/useFps';
import { useUrlState } from '../../ui/useUrlState';
import { Cutout } from './Cutout';
import { Diagram } from './Diagram';
import { imageDataOf } from '../../ui/readPixels';
import { OverlayCanvas } from '../../ui/OverlayCanvas';
import { classicMasks } from './masksClient';
import { MEASURED } from './measured';
import { instanceMeta } from './meta';
import { instanceTexts } from './texts';
import './instance.css';

const PAGE_METHODS = ['learned', 'classic', 'ellipse', 'box'] as const satisfies readonly MaskMethod[];
type PageMethod = (typeof PAGE_METHODS)[number];

/** Every control in the URL (`#/instance?method=classic&score=0.4&pick=2&only=1`). */
const SCHEMA = {
  method: oneOf<PageMethod>(PAGE_METHODS, MEASURED.best),
  score: num(0.5, 0.05, 1),
  max: num(20, 1, 50, true),
  opacity: num(0.6, 0.1, 1),
  only: bool(false),
  pick: num(0, 0, 49, true),
};

const METHOD_KEY = { box: 'methodBox', ellipse: 'methodEllipse', classic: 'methodClassic', learned: 'methodLearned' } as const;
const MADE_BY_KEY = { box: 'madeByBox', ellipse: 'madeByEllipse', classic: 'madeByClassic', learned: 'madeByLearned' } as const;
/** The semantic view draws masks only. */
const NO_BOXES: readonly DrawnBox[] = [];
const rgb = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

interface MaskResult {
  readonly source: Source;
  readonly detections: readonly Detection[];
  readonly masks: readonly CropMask[];
  /** Per instance: GrabCut's cut was rejected and the ellipse used (classic only). */
  readonly fallback: readonly boolean[];
  readonly method: PageMethod;
  /** Learned only: the head's 28×28 probabilities per instance, and the RoI features of instance `explained`. */
  readonly probs?: readonly Float32Array[];
  readonly aligned?: Float32Array;
  readonly explained?: number;
}

interface Made {
  readonly masks: readonly CheckedMask[];
  readonly probs?: readonly Float32Array[];
  readonly aligned?: Float32Array;
  readonly explained?: number;
}

interface Models {
  readonly detector: CocoSsdAdapter;
  readonly head: MaskHeadAdapter | null;
}

/**
 * The masks of `dets` by `method`, in pixels of `size` (the classical step in the worker; the learned
 * head on the detector's backbone: box → RoI Align 14×14 → head → 28×28 → threshold 0.5 → paste).
 */
async function makeMasks(method: PageMethod, pixels: HTMLCanvasElement | HTMLVideoElement, dets: readonly Detection[], size: Size, models: Models, explain?: number): Promise<Made> {
  if (method === 'box') return { masks: dets.map((d) => ({ mask: rleToCropMask(boxMaskRle(d.box, size)), fallback: false })) };
  if (method === 'ellipse') return { masks: dets.map((d) => ({ mask: rleToCropMask(ellipseMaskRle(d.box, size)), fallback: false })) };
  if (method === 'learned') {
    if (!models.head) throw new Error('mask head not loaded');
    const raw = await models.head.runBoxes(models.detector, pixels, dets.map((d) => d.box), { imageSize: size, ...(explain !== undefined ? { explain } : {}) });
    const probs = dets.map((_, i) => boxProbs(raw, i));
    return {
      masks: dets.map((d, i) => ({ mask: pasteMask(probs[i]!, MASK_SIDE, MASK_SIDE, d.box, size), fallback: false })),
      probs,
      ...(raw.aligned ? { aligned: raw.aligned, explained: explain } : {}),
    };
  }
  const img = imageDataOf(pixels);
  return { masks: await classicMasks({ width: img.width, height: img.height, data: img.data }, dets.map((d) => [d.box.x1, d.box.y1, d.box.x2, d.box.y2] as const), size) };
}

function resultOf(source: Source, detections: readonly Detection[], r: Made, method: PageMethod): MaskResult {
  return {
    source, detections, method,
    masks: r.masks.map((m) => m.mask),
    fallback: r.masks.map((m) => m.fallback),
    ...(r.probs ? { probs: r.probs } : {}),
    ...(r.aligned ? { aligned: r.aligned, explained: r.explained } : {}),
  };
}

let gtPromise: Promise<GroundTruth | null> | null = null;
function loadSampleGt(): Promise<GroundTruth | null> {
  gtPromise ??= fetch(new URL('samples/annotations.json', document.baseURI), { headers: { Accept: 'application/json' } })
    .then(async (r) => (r.ok ? cocoGroundTruthFromJson(await r.json(), 'annotations.json', { iouType: 'segm' }) : null))
    .catch(() => null);
  return gtPromise;
}

export default function InstancePage() {
  const t = useT(instanceTexts);
  const tMeta = useT(instanceMeta.texts);
  const lang = useLang();
  const [state, setState] = useUrlState(SCHEMA);
  const { adapter, retry } = useModel(COCO_SSD_ID);
  const headModel = useModel(state.method === 'learned' ? MASK_HEAD_ID : null);
  const head = headModel.adapter;
  /** The models the chosen method needs, or null while one is loading. */
  const models = useMemo<Models | null>(() => (adapter && (state.method !== 'learned' || head) ? { detector: adapter, head } : null), [adapter, head, state.method]);
  const [source, setSource] = useState<Source | null>(null);
  const [detFor, setDetFor] = useState<{ source: Source; value: readonly Detection[] } | null>(null);
  const [maskFor, setMaskFor] = useState<MaskResult | null>(null);
  const [errorFor, setErrorFor] = useState<{ source: Source; value: string } | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [gt, setGt] = useState<GroundTruth | null>(null);
  const [boxFps, tickBoxFps, resetBoxFps] = useFps();
  const [maskFps, tickMaskFps, resetMaskFps] = useFps();
  const optsRef = useRef<{ score: number; max: number; method: PageMethod; models: Models | null }>({ score: state.score, max: state.max, method: state.method, models: null });

  useEffect(() => {
    let live = true;
    void loadSampleGt().then((g) => live && setGt(g));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    optsRef.current = { score: state.score, max: state.max, method: state.method, models };
  }, [state.score, state.max, state.method, models]);

  const fail = (s: Source, e: unknown) => setErrorFor({ source: s, value: e instanceof Error ? e.message : String(e) });

  // Still image: detect once per (image, thresholds), then the masks once per (detections, method).
  const stillSource = source?.kind === 'still' ? source : null;
  useEffect(() => {
    if (!adapter || !stillSource) return;
    let live = true;
    adapter
      .run(stillSource.pixels, { scoreThreshold: state.score, iouThreshold: 0.5, maxDetections: state.max, classAgnostic: false, imageSize: stillSource.size })
      .then(
        (r) => {
          if (!live) return;
          setDetFor({ source: stillSource, value: r.result });
          setHidden(new Set());
        },
        (e: unknown) => live && fail(stillSource, e),
      );
    return () => {
      live = false;
    };
  }, [adapter, stillSource, state.score, state.max]);

  const stillDets = stillSource && detFor?.source === stillSource ? detFor.value : null;
  const explain = state.method === 'learned' ? state.pick : undefined;
  useEffect(() => {
    if (!stillSource || !stillDets || !models) return;
    let live = true;
    const method = state.method;
    makeMasks(method, stillSource.pixels, stillDets, stillSource.size, models, explain).then(
      (r) => live && setMaskFor(resultOf(stillSource, stillDets, r, method)),
      (e: unknown) => live && fail(stillSource, e),
    );
    return () => {
      live = false;
    };
  }, [stillSource, stillDets, state.method, models, explain]);

  // Video: boxes every frame (one inference in flight); a mask job starts only when the previous one is done.
  const videoSource = source?.kind === 'video' ? source : null;
  useEffect(() => {
    if (!adapter || !videoSource) return;
    resetBoxFps();
    resetMaskFps();
    const v = videoSource.video;
    let maskBusy = false;
    let stoppedAll = false;
    const stop = runFrameLoop(v, async (stopped) => {
      try {
        const { score, max, method, models: ms } = optsRef.current;
        const size = { width: v.videoWidth, height: v.videoHeight };
        const r = await adapter.run(v, { scoreThreshold: score, iouThreshold: 0.5, maxDetections: max, classAgnostic: false, imageSize: size });
        if (stopped()) return;
        setDetFor({ source: videoSource, value: r.result });
        setErrorFor(null);
        tickBoxFps();
        if (!maskBusy && ms) {
          maskBusy = true;
          const dets = r.result;
          makeMasks(method, v, dets, size, ms)
            .then(
              (res) => {
                if (stoppedAll) return;
                setMaskFor(resultOf(videoSource, dets, res, method));
                tickMaskFps();
              },
              (e: unknown) => !stoppedAll && fail(videoSource, e),
            )
            .finally(() => {
              maskBusy = false;
            });
        }
      } catch (e) {
        if (!stopped()) fail(videoSource, e);
      }
    });
    return () => {
      stoppedAll = true;
      stop();
    };
  }, [adapter, videoSource, tickBoxFps, resetBoxFps, tickMaskFps, resetMaskFps]);

  const masks = maskFor && maskFor.source === source ? maskFor : null;
  const liveDets = detFor && detFor.source === source ? detFor.value : null;
  const error = errorFor && errorFor.source === source ? errorFor.value : null;
  const size = source ? sourceSize(source) : null;
  const dets = useMemo(() => masks?.detections ?? [], [masks]);
  const visible = useMemo(() => dets.map((_, i) => !hidden.has(i)), [dets, hidden]);

  const rles = useMemo(() => (masks && size ? masks.masks.map((m) => cropMaskToRle(m, size)) : []), [masks, size]);
  // Both views draw through the shared painter (OverlayCanvas): a colour per instance, or per class.
  const instanceMasks = useMemo<DrawnMask[]>(() => rles.flatMap((m, i) => (visible[i] ? [{ mask: m, color: rgb(instanceColor(i)) }] : [])), [rles, visible]);
  const semanticMasks = useMemo<DrawnMask[]>(() => (masks ? rles.flatMap((m, i) => (visible[i] ? [{ mask: m, color: rgb(instanceColor(masks.detections[i]!.categoryId)) }] : [])) : []), [masks, rles, visible]);
  const maskOpacity = state.only ? 1 : state.opacity;

  const instanceBoxes = useMemo<DrawnBox[]>(() => {
    const boxSource = source?.kind === 'video' ? (liveDets ?? []) : dets;
    return boxSource.flatMap((d, i) => (source?.kind === 'video' || visible[i] ? [{ box: d.box, text: `${i + 1} ${cocoLabel(d.categoryId, lang)} ${d.score.toFixed(2)}`, color: source?.kind === 'video' ? classColor(d.categoryId) : rgb(instanceColor(i)) }] : []));
  }, [liveDets, dets, visible, lang, source]);

  const gtImage = useMemo(() => (gt && source?.kind === 'still' ? findGtImage(gt, source.name) : undefined), [gt, source]);
  const versus = useMemo(() => {
    if (!gt || !gtImage || !size || !masks || gtImage.size.width !== size.width || gtImage.size.height !== size.height) return null;
    return compareWithGt(gt, gtImage.id, dets.map((d, i) => ({ box: d.box, score: d.score, categoryId: d.categoryId, rle: rles[i]! })));
  }, [gt, gtImage, size, masks, dets, rles]);

  const pick = Math.min(state.pick, Math.max(0, dets.length - 1));
  const classes = [...new Set(dets.filter((_, i) => visible[i]).map((d) => cocoLabel(d.categoryId, lang)))].join(', ');
  const busy = !!models && !!source && !masks && !error;

  const exportJson = () => {
    if (!source || !masks) return;
    const id = imageIdFromFileName(source.name) ?? 1;
    downloadJson(
      dets.map((d, i) => ({
        image_id: id, category_id: d.categoryId, score: Math.round(d.score * 1e5) / 1e5,
        bbox: [d.box.x1, d.box.y1, d.box.x2 - d.box.x1, d.box.y2 - d.box.y1].map((v) => Math.round(v * 100) / 100),
        segmentation: { size: [rles[i]!.h, rles[i]!.w], counts: rleToString(rles[i]!) },
      })),
      `${baseName(source.name)}.masks.json`,
    );
  };

  const setAll = (show: boolean) => setHidden(show ? new Set() : new Set(dets.map((_, i) => i)));
  const toggle = (i: number) =>
    setHidden((h) => {
      const n = new Set(h);
      if (n.has(i)) n.delete(i);
      else n.add(i);
      return n;
    });

  return (
    <article className="section instance-page">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <p className="note" data-testid="honesty">
        <strong>{t('honesty')}</strong>
      </p>
      <div className="toolbar">
        <BackendPicker />
        <ModelStatus id={COCO_SSD_ID} title="COCO-SSD" onRetry={retry} />
        {state.method === 'learned' && <ModelStatus id={MASK_HEAD_ID} title={t('headTitle')} onRetry={headModel.retry} />}
      </div>
      <div className="live-layout">
        <div className="live-main">
          <ImageSource onSource={setSource} />
          {source ? (
            <>
              <p data-testid="made-by" role="status">
                {t('madeBy', { method: t(MADE_BY_KEY[masks?.method ?? state.method]) })}
              </p>
              <div className="instance-views">
                <figure>
                  <OverlayCanvas source={source} boxes={instanceBoxes} masks={instanceMasks} maskOpacity={maskOpacity} masksOnly={state.only} label={t('canvasInstance', { name: source.name, n: visible.filter(Boolean).length })} testId="instance-view" />
                  <figcaption>{t('viewInstance')}</figcaption>
                </figure>
                <figure>
                  <OverlayCanvas source={source} boxes={NO_BOXES} masks={semanticMasks} maskOpacity={maskOpacity} masksOnly={state.only} label={t('canvasSemantic', { name: source.name, classes })} testId="semantic-view" />
                  <figcaption>{t('viewSemantic')}</figcaption>
                </figure>
              </div>
              {videoSource && <p className="hint" data-testid="webcam-note">{t('webcamNote', { maskFps: maskFps.toFixed(1), boxFps: boxFps.toFixed(1) })}</p>}
            </>
          ) : (
            <p className="empty">{t('noSource')}</p>
          )}
          {error && (
            <p className="error" role="alert" data-testid="infer-error">
              {t('inferError', { detail: error })}
            </p>
          )}
        </div>
        <aside className="live-side">
          <fieldset>
            <legend>{t('pipeline')}</legend>
            <div role="radiogroup" aria-label={t('pipeline')} className="radios">
              {PAGE_METHODS.map((m) => (
                <label key={m}>
                  <input type="radio" name="mask-method" value={m} checked={state.method === m} onChange={() => setState({ method: m })} data-testid={`method-${m}`} /> {t(METHOD_KEY[m])}
                </label>
              ))}
            </div>
            <small className="hint">
              {t('measured', { n: MEASURED.images, box: MEASURED.box.toFixed(3), ellipse: MEASURED.ellipse.toFixed(3), grabcut: MEASURED.grabcut.toFixed(3), classic: MEASURED.classic.toFixed(3), boxAp: MEASURED.boxAp.toFixed(3) })}{' '}
              {t('measuredLearned', { learned: MEASURED.learned.toFixed(3), x: (MEASURED.learned / MEASURED.box).toFixed(2) })}
            </small>
          </fieldset>
          <fieldset>
            <legend>{t('settings')}</legend>
            <Slider label={t('score')} value={state.score} min={0.05} max={1} step={0.01} onChange={(v) => setState({ score: v })} format={(v) => v.toFixed(2)} testId="score-slider" />
            <Slider label={t('max')} value={state.max} min={1} max={50} step={1} onChange={(v) => setState({ max: v })} testId="max-slider" />
            <Slider label={t('opacity')} value={state.opacity} min={0.1} max={1} step={0.05} onChange={(v) => setState({ opacity: v })} format={(v) => v.toFixed(2)} testId="opacity-slider" />
            <label className="check">
              <input type="checkbox" checked={state.only} onChange={(e) => setState({ only: e.currentTarget.checked })} data-testid="mask-only" /> {t('maskOnly')}
            </label>
          </fieldset>
          {busy && <p role="status">{t('running')}</p>}
          <button type="button" onClick={exportJson} disabled={!masks} data-testid="export-json">
            {t('exportJson')}
          </button>
        </aside>
      </div>
      <section aria-labelledby="instances-h">
        <h2 id="instances-h">{t('instances')}</h2>
        {source?.kind === 'still' && masks && (
          <div data-testid="gt-summary">
            <h3>{t('gtTitle')}</h3>
            <p>{versus ? t('gtLine', { n: versus.gtCount, mask: versus.maskAp.toFixed(3), box: versus.boxAp.toFixed(3) }) : t('gtNone')}</p>
          </div>
        )}
        {masks && dets.length === 0 && <p>{t('none')}</p>}
        {dets.length > 0 && (
          <>
            <div className="row-buttons">
              <button type="button" onClick={() => setAll(true)}>{t('showAll')}</button>
              <button type="button" onClick={() => setAll(false)} data-testid="hide-all">{t('hideAll')}</button>
            </div>
            <div className="table-scroll">
              <table className="instances" data-testid="instances-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('colShow')}</th>
                    <th scope="col">{t('colClass')}</th>
                    <th scope="col">{t('colScore')}</th>
                    <th scope="col">{t('colArea')}</th>
                    {versus && <th scope="col">{t('colIou')}</th>}
                    <th scope="col">{t('colCutout')}</th>
                    <th scope="col">{t('colPick')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dets.map((d, i) => {
                    const [r, g, b] = instanceColor(i);
                    const label = t('instanceLabel', { i: i + 1, cls: cocoLabel(d.categoryId, lang), score: d.score.toFixed(2) });
                    return (
                      <tr key={i} data-testid="instance-row" data-color={`${r},${g},${b}`} data-class={d.label} data-fallback={masks!.fallback[i] ? 1 : 0}>
                        <td>
                          <span className="swatch" style={{ background: `rgb(${r}, ${g}, ${b})` }} aria-hidden="true" /> {i + 1}
                        </td>
                        <td>
                          <input type="checkbox" checked={visible[i]} onChange={() => toggle(i)} aria-label={label} data-testid="instance-toggle" />
                        </td>
                        <td>{cocoLabel(d.categoryId, lang)}</td>
                        <td>{d.score.toFixed(2)}</td>
                        <td data-testid="instance-area">
                          {rleArea(rles[i]!)} / {Math.round(boxArea(d.box))}
                          {masks!.fallback[i] && <small className="hint"> {t('fellBack')}</small>}
                        </td>
                        {versus && <td data-testid="instance-iou">{versus.iou[i]! > 0 ? versus.iou[i]!.toFixed(3) : t('noGtMatch')}</td>}
                        <td>{source && size && <Cutout pixels={sourcePixels(source)} size={size} box={d.box} mask={masks!.masks[i]!} label={label} />}</td>
                        <td>
                          <input type="radio" name="pick" checked={pick === i} onChange={() => setState({ pick: i })} aria-label={label} data-testid="instance-pick" />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="diagram-h">
        <h2 id="diagram-h">{t('diagramTitle')}</h2>
        <p>{t('diagramIntro')}</p>
        {source && size && masks && dets[pick] && masks.masks[pick] ? (
          <Diagram pixels={sourcePixels(source)} size={size} box={dets[pick].box} mask={masks.masks[pick]} count={dets.length} headProbs={masks.probs?.[pick]} aligned={masks.explained === pick ? masks.aligned : undefined} title={t('instanceLabel', { i: pick + 1, cls: cocoLabel(dets[pick].categoryId, lang), score: dets[pick].score.toFixed(2) })} />
        ) : (
          <p className="hint">{t('pickHint')}</p>
        )}
      </section>
    </article>
  );
}
