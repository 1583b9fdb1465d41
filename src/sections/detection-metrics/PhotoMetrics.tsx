import { FileButton } from '../../ui/FileButton';
import { useEffect, useMemo, useRef, useState } from 'react';
import { imageIdFromFileName, toCocoResults, type CocoResult } from '../../core/cocoResults';
import { cocoGroundTruthFromJson, parseCocoGroundTruth } from '../../core/eval';
import { annotationsForImage, evaluatePhoto, operatingPoint, photoCocoJson, type GtBox, type PhotoImage } from '../../core/metrics-lab/photoEval';
import { PHOTO_SCHEMA } from '../../core/metrics-lab/urlSchemas';
import { useLang, useT } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';
import { COCO_SSD_ID, type SsdRaw } from '../../models/cocoSsd';
import { BackendPicker } from '../../ui/BackendPicker';
import { baseName, downloadJson } from '../../ui/download';
import { ImageSource } from '../../ui/ImageSource';
import { ModelStatus } from '../../ui/ModelStatus';
import { OverlayCanvas } from '../../ui/OverlayCanvas';
import { Slider } from '../../ui/Slider';
import { freezeFrame, type Source, type StillSource } from '../../ui/source';
import { useModel } from '../../ui/useModel';
import { useUrlState } from '../../ui/useUrlState';
import { ClassPicker } from './ClassPicker';
import { GtEditor, MARK_COLORS, type ShownDetection } from './GtEditor';
import { MetricsResults } from './MetricsResults';
import { annotationKey, boxProblem, loadAnnotations, saveAnnotations, deleteAnnotations, storageAvailable } from './store';
import { cocoName } from '../../core/cocoClasses';
import { labTexts } from './texts';
import { localizeInputError } from '../../core/annotations/localize';

interface GtState {
  readonly key: string;
  readonly boxes: readonly GtBox[];
  /** Changed by the user (→ save); false when just loaded. */
  readonly dirty: boolean;
}

const MAX_DETECTIONS = 100;

export function PhotoMetrics() {
  const t = useT(labTexts);
  const lang = useLang();
  const [state, setState] = useUrlState(PHOTO_SCHEMA);

  // ---- source: a still image, or a frozen webcam frame
  const [source, setSource] = useState<Source | null>(null);
  const [frozen, setFrozen] = useState<{ from: Source; still: StillSource } | null>(null);
  const still: StillSource | null = source?.kind === 'still' ? source : frozen && frozen.from === source ? frozen.still : null;

  // ---- model: loaded only once there is a photo to detect on (opening the page downloads no model)
  const { adapter, retry } = useModel(still ? COCO_SSD_ID : null);
  const useFrame = () => {
    if (source?.kind !== 'video') return;
    const time = new Date().toLocaleTimeString(lang);
    const s = freezeFrame(source.video, t('frameName', { time }));
    if (s) setFrozen({ from: source, still: s });
  };

  // ---- detector: adapter.run once per (model, image); settings only re-run the project's NMS
  const [rawFor, setRawFor] = useState<{ still: StillSource; raw: SsdRaw } | null>(null);
  const [errorFor, setErrorFor] = useState<{ still: StillSource; msg: string } | null>(null);
  const optsRef = useRef(state);
  useEffect(() => {
    optsRef.current = state;
  }, [state]);
  useEffect(() => {
    if (!adapter || !still) return;
    let live = true;
    const o = optsRef.current;
    adapter
      .run(still.pixels, { scoreThreshold: o.minscore, iouThreshold: o.nms, maxDetections: MAX_DETECTIONS, classAgnostic: o.agnostic, imageSize: still.size })
      .then(
        (r) => live && setRawFor({ still, raw: r.raw }),
        (e: unknown) => live && setErrorFor({ still, msg: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
  }, [adapter, still]);
  const raw = rawFor && rawFor.still === still ? rawFor.raw : null;
  const error = errorFor && errorFor.still === still ? errorFor.msg : null;
  const image = useMemo<PhotoImage | null>(
    () => (still ? { id: imageIdFromFileName(still.name) ?? 1, width: still.size.width, height: still.size.height, fileName: still.name } : null),
    [still],
  );
  const results = useMemo<CocoResult[] | null>(() => {
    if (!raw || !adapter || !still || !image) return null;
    const dets = adapter.decode(raw, { scoreThreshold: state.minscore, iouThreshold: state.nms, maxDetections: MAX_DETECTIONS, classAgnostic: state.agnostic, imageSize: still.size });
    return toCocoResults(dets, image.id);
  }, [raw, adapter, still, image, state.minscore, state.nms, state.agnostic]);

  // ---- ground truth, persisted per photo
  const key = still ? annotationKey(still.name, still.size.width, still.size.height) : '';
  const [gt, setGt] = useState<GtState | null>(null);
  const boxes = useMemo(() => (gt && gt.key === key ? gt.boxes : []), [gt, key]);
  const [selected, setSelected] = useState(-1);
  const [newClass, setNewClass] = useState(1);
  const [message, setMessage] = useState<{ key: string; text: string; error: boolean } | null>(null);
  const [stored, setStored] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void storageAvailable().then((ok) => live && setStored(ok));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (!key) return;
    let live = true;
    loadAnnotations(key).then(
      (a) => live && setGt((cur) => (cur?.key === key ? cur : { key, boxes: a ? a.boxes.map((b) => ({ categoryId: b.categoryId, bbox: b.bbox, iscrowd: b.iscrowd })) : [], dirty: false })),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);
  useEffect(() => {
    if (!gt?.dirty || !still) return;
    const save = gt.boxes.length > 0
      ? saveAnnotations({ key: gt.key, updatedAt: Date.now(), imageName: still.name, width: still.size.width, height: still.size.height, boxes: gt.boxes.map((b) => ({ categoryId: b.categoryId, bbox: b.bbox, iscrowd: b.iscrowd })) })
      : deleteAnnotations(gt.key);
    save.catch(() => undefined);
  }, [gt, still]);
  // every change is undoable (delete, clear, import replace the list): a bounded stack per photo key
  const [undoStack, setUndoStack] = useState<readonly { key: string; boxes: readonly GtBox[] }[]>([]);
  const canUndo = undoStack.some((u) => u.key === key);
  const setBoxes = (next: readonly GtBox[]) => {
    setUndoStack((st) => [...st.slice(-99), { key, boxes }]);
    setGt({ key, boxes: next, dirty: true });
  };
  const undo = () => {
    for (let i = undoStack.length - 1; i >= 0; i--) {
      if (undoStack[i]!.key !== key) continue;
      setGt({ key, boxes: undoStack[i]!.boxes, dirty: true });
      setUndoStack(undoStack.filter((_, j) => j !== i));
      setSelected(-1);
      setMessage({ key, text: t('undone'), error: false });
      return;
    }
  };
  const say = (text: string, isError = false) => setMessage({ key, text, error: isError });

  const importFrom = (parse: () => ReturnType<typeof parseCocoGroundTruth>, file: string) => {
    if (!still) return;
    try {
      const r = annotationsForImage(parse(), still.name, still.size);
      if (!r.ok) say(t(r.reason === 'no-image' ? 'importNoImage' : 'importSize', { file, name: still.name }), true);
      else {
        const problems = r.boxes.map((b) => boxProblem(b, still.size.width, still.size.height, (id) => cocoName(id) !== undefined));
        const valid = r.boxes.filter((_, i) => problems[i] === null);
        setBoxes(valid);
        setSelected(-1);
        const bad = problems.flatMap((p, i) => (p ? [`#${i + 1}: ${t(`problem_${p}`)}`] : []));
        say(`${t('imported', { n: valid.length })}${bad.length > 0 ? ` ${t('importSkipped', { n: bad.length, list: bad.slice(0, 5).join('; ') })}` : ''}`, bad.length > 0);
      }
    } catch (e) {
      say(t('importError', { detail: localizeInputError(e instanceof Error ? e.message : String(e), lang) }), true);
    }
  };
  const loadOfficial = async () => {
    try {
      const base = import.meta.env.BASE_URL;
      const r = await fetch(`${base.endsWith('/') ? base : `${base}/`}samples/annotations.json`, { headers: { Accept: 'application/json' } });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const json: unknown = await r.json();
      importFrom(() => cocoGroundTruthFromJson(json, 'annotations.json'), 'annotations.json');
    } catch (e) {
      say(t('importError', { detail: e instanceof Error ? e.message : String(e) }), true);
    }
  };
  const importFile = async (f: File | undefined) => {
    if (!f) return;
    const text = await f.text();
    importFrom(() => parseCocoGroundTruth(text, f.name), f.name);
  };

  // ---- evaluation (all AP numbers from the engine)
  const evaluation = useMemo(() => (image && results ? evaluatePhoto(boxes, results, image, state.iou) : null), [boxes, results, image, state.iou]);
  const op = useMemo(() => (evaluation ? operatingPoint(boxes, evaluation.explain, state.score) : null), [evaluation, boxes, state.score]);

  const shownDets = useMemo<ShownDetection[]>(() => {
    if (!results || !op) return [];
    const out: ShownDetection[] = [];
    results.forEach((r, i) => {
      const e = op.status.get(i);
      if (!e || e.status === 'over-max-dets') return;
      const verdict = e.status === 'tp' ? `TP ${e.iou.toFixed(2)}` : e.status === 'fp' ? 'FP' : '—';
      out.push({ bbox: r.bbox, status: e.status, index: i, text: `${cocoLabel(r.category_id, lang)} ${r.score.toFixed(2)} · ${verdict}` });
    });
    return out;
  }, [results, op, lang]);

  const gtMatchIou = (i: number): number | null => {
    if (!op) return null;
    for (const e of op.status.values()) if (e.status === 'tp' && e.gtIndex === i) return e.iou;
    return null;
  };
  const gtText = (i: number) => {
    const b = boxes[i];
    return b ? `GT ${cocoLabel(b.categoryId, lang)}` : '';
  };
  const boxDescription = (i: number) => {
    const b = boxes[i];
    if (!b) return '';
    const m = gtMatchIou(i);
    const status = b.iscrowd ? t('gtItemCrowd') : m !== null ? t('gtItemMatched', { iou: m.toFixed(2) }) : t('gtItemMissed');
    return `${t('gtItem', { n: i + 1, cls: cocoLabel(b.categoryId, lang), box: b.bbox.map((v) => Math.round(v)).join(', ') })} — ${status}`;
  };
  const sel = boxes[selected];
  const total = op?.total;
  const msg = message && message.key === key ? message : null;

  return (
    <section
      className="lab-section" aria-labelledby="photo-h"
      onKeyDown={(e) => {
        const tag = (e.target as HTMLElement).tagName;
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && tag !== 'INPUT' && tag !== 'TEXTAREA' && canUndo) {
          e.preventDefault();
          undo();
        }
      }}
    >
      <h2 id="photo-h">{t('photoHeading')}</h2>
      <p className="lead">{t('photoIntro')}</p>
      <div className="toolbar">
        <BackendPicker />
        <ModelStatus id={COCO_SSD_ID} title="COCO-SSD" onRetry={retry} />
      </div>
      <div className="live-layout">
        <div className="live-main">
          <ImageSource onSource={setSource} />
          {source?.kind === 'video' && !still && (
            <>
              <OverlayCanvas source={source} boxes={[]} label={t('notStill')} />
              <p>
                <button type="button" className="primary" onClick={useFrame} data-testid="use-frame">📸 {t('useFrame')}</button>{' '}
                <small className="hint">{t('useFrameHint')}</small>
              </p>
            </>
          )}
          {source?.kind === 'video' && still && (
            <p>
              <button type="button" onClick={useFrame} data-testid="use-frame">📸 {t('useFrame')}</button>
            </p>
          )}
          {!source && <p className="empty">{t('noSource')}</p>}
          {still && (
            <>
              <ul className="legend marks" aria-label="legend">
                <li><span className="sw" style={{ borderColor: MARK_COLORS.tp }} /> {t('legendTp')}</li>
                <li><span className="sw" style={{ borderColor: MARK_COLORS.fp }} /> {t('legendFp')}</li>
                <li><span className="sw dashed" style={{ borderColor: MARK_COLORS.fn }} /> {t('legendFn')}</li>
                <li><span className="sw" style={{ borderColor: '#fff', outline: '2px solid #000' }} /> {t('legendGt')}</li>
              </ul>
              <GtEditor
                still={still}
                boxes={boxes}
                onChange={setBoxes}
                selected={selected}
                onSelect={setSelected}
                newClass={newClass}
                detections={shownDets}
                matched={op?.matchedGt ?? new Set()}
                boxLabel={boxDescription}
                gtText={gtText}
                label={t('editorLabel', { name: still.name, gt: boxes.length, dets: shownDets.length, tp: total?.tp ?? 0, fp: total?.fp ?? 0, fn: total?.fn ?? 0 })}
              />
              <p className="hint">{t('drawHint')}</p>
            </>
          )}
          {error && <p className="error" role="alert">{t('inferError', { detail: error })}</p>}
          {still && adapter && !raw && !error && <p role="status">{t('running')}</p>}
        </div>
        <aside className="live-side">
          <fieldset>
            <legend>{t('gtList')}</legend>
            <ClassPicker label={t('classForNew')} searchLabel={t('classSearch')} value={newClass} onChange={setNewClass} testId="new-class" />
            {sel && (
              <ClassPicker
                label={t('classSelected')}
                searchLabel={t('classSearch')}
                value={sel.categoryId}
                onChange={(id) => setBoxes(boxes.map((b, i) => (i === selected ? { categoryId: id, bbox: b.bbox } : b)))}
                testId="selected-class"
              />
            )}
            <ol className="gt-list" data-testid="gt-list">
              {boxes.map((_, i) => (
                <li key={i} className={i === selected ? 'selected' : undefined}>
                  <button type="button" className="linklike" onClick={() => setSelected(i)} aria-pressed={i === selected}>
                    {boxDescription(i)}
                  </button>{' '}
                  <button type="button" aria-label={`${t('deleteBox')} ${i + 1}`} onClick={() => { setBoxes(boxes.filter((_, j) => j !== i)); setSelected(-1); }}>✕</button>
                </li>
              ))}
            </ol>
            <div className="exports">
              <button type="button" onClick={() => void loadOfficial()} disabled={!still} data-testid="load-official" title={t('loadOfficialHint')}>
                {t('loadOfficial')}
              </button>
              <FileButton label={t('importJson')} accept=".json,application/json" disabled={!still} testId="import-gt" onChange={(e) => { void importFile(e.currentTarget.files?.[0]); e.currentTarget.value = ''; }} />
              <button type="button" disabled={!still || boxes.length === 0} data-testid="export-gt" onClick={() => still && image && downloadJson(photoCocoJson(boxes, image), `${baseName(still.name)}.gt.json`)}>
                {t('exportJson')}
              </button>
              <button type="button" disabled={!still || !results} data-testid="export-dt" onClick={() => still && results && downloadJson(results, `${baseName(still.name)}.detections.json`)}>
                {t('exportDets')}
              </button>
              <button type="button" disabled={!canUndo} data-testid="undo-gt" title={t('undoHint')} onClick={undo}>
                ↶ {t('undo')}
              </button>
              <button type="button" disabled={boxes.length === 0} data-testid="clear-gt" onClick={() => { setBoxes([]); setSelected(-1); }}>
                {t('clearAll')}
              </button>
              <small className="hint">{t('exportNote')}</small>
            </div>
            {msg && <p className={msg.error ? 'error' : 'notice'} role={msg.error ? 'alert' : 'status'} data-testid="gt-message">{msg.text}</p>}
            {stored !== null && <small className="hint">{stored ? t('storageOn') : t('storageOff')}</small>}
          </fieldset>
          <fieldset>
            <legend>{t('detector')}</legend>
            <Slider label={t('iouThr')} hint={t('iouThrHint')} value={state.iou} min={0.05} max={0.95} step={0.05} onChange={(v) => setState({ iou: v })} format={(v) => v.toFixed(2)} testId="iou-thr" />
            <Slider label={t('scoreThr')} hint={t('scoreThrHint')} value={state.score} min={0.01} max={1} step={0.01} onChange={(v) => setState({ score: v })} format={(v) => v.toFixed(2)} testId="score-thr" />
            <Slider label={t('minScore')} hint={t('minScoreHint')} value={state.minscore} min={0.01} max={0.5} step={0.01} onChange={(v) => setState({ minscore: v })} format={(v) => v.toFixed(2)} testId="min-score" />
            <Slider label={t('nms')} value={state.nms} min={0.1} max={1} step={0.05} onChange={(v) => setState({ nms: v })} format={(v) => v.toFixed(2)} testId="nms-thr" />
            <label className="check">
              <input type="checkbox" checked={state.agnostic} onChange={(e) => setState({ agnostic: e.currentTarget.checked })} /> {t('agnostic')}
            </label>
          </fieldset>
        </aside>
      </div>
      {evaluation && op && (
        <MetricsResults
          boxes={boxes}
          evaluation={evaluation}
          op={op}
          scoreThreshold={state.score}
          minScore={state.minscore}
          selectedClass={state.cls}
          onSelectClass={(id) => setState({ cls: id })}
        />
      )}
    </section>
  );
}
