/**
 * "Evaluate a dataset": many images + annotations (COCO JSON / VOC XML / YOLO txt) → the detector over
 * every image (main thread, one at a time, cancellable) → COCO/VOC evaluation in a worker → the 12
 * COCO numbers, per-class APs, PR curves, worst images with their TP/FP/FN drawn, exports.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { runtime } from '../../../app/runtime';
import { replaceQuery, useRoute, useSearchParam } from '../../../app/router';
import {
  AnnotationError, cocoNameForId, groundTruthFor, matchImages, parseAnnotationFiles, type AnnotationSet, type ImageMatch, type TextFile,
} from '../../../core/annotations';
import type { CocoResult } from '../../../core/cocoResults';
import type { Detection, GroundTruth } from '../../../core/eval';
import { bool, num, oneOf, readState, writeState } from '../../../core/urlState';
import { useT } from '../../../i18n/LangContext';
import { isBackendName } from '../../../models/backend';
import { COCO_SSD_ID } from '../../../models/cocoSsd';
import { downloadBlob, downloadJson } from '../../../ui/download';
import { ModelStatus } from '../../../ui/ModelStatus';
import { Slider } from '../../../ui/Slider';
import { useRuntime } from '../../../ui/useRuntime';
import { annotationKey, deleteAnnotations, listAnnotations, saveAnnotations, storageAvailable, type StoredAnnotations } from '../store';
import { evaluateInWorker } from './evaluateClient';
import type { DatasetEvaluation as Evaluation } from '../../../core/dataset-eval/evaluation';
import { filesFromDrop, splitFiles } from './files';
import { buildReport, reportToCsv, reportToMarkdown, type RunSettings } from '../../../core/dataset-eval/report';
import { Results } from './Results';
import { runDetections, type DetectorSettings } from './runDetections';
import { datasetTexts } from './texts';
import './dataset.css';

const SCHEMA = {
  dsPost: oneOf(['project', 'package'] as const, 'project'),
  dsScore: num(0.01, 0, 1),
  dsIou: num(0.6, 0.05, 1),
  dsMax: num(100, 1, 300, true),
  dsShow: num(0.5, 0, 1),
  dsSort: oneOf(['f1', 'errors'] as const, 'f1'),
  dsPr75: bool(false),
};
export type DatasetUrlState = { -readonly [K in keyof typeof SCHEMA]: (typeof SCHEMA)[K]['default'] };

type Annotations =
  | { readonly kind: 'none' }
  | { readonly kind: 'reading' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ok'; readonly set: AnnotationSet; readonly origin: 'files' | 'saved' | 'sample' };

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading-model' }
  | { readonly kind: 'running'; readonly done: number; readonly total: number; readonly name: string }
  | { readonly kind: 'evaluating' }
  | { readonly kind: 'error'; readonly message: string };

export interface RunResult {
  readonly ev: Evaluation;
  readonly gt: GroundTruth;
  readonly dets: readonly Detection[];
  readonly results: readonly CocoResult[];
  /** imageId → picked file and its name. */
  readonly files: ReadonlyMap<number, { readonly file: Blob; readonly name: string }>;
  readonly skipped: readonly { name: string; reason: string }[];
  readonly sizeWarnings: readonly string[];
  readonly settings: RunSettings;
  readonly msPerImage: number;
  readonly tensors: { readonly before: number; readonly after: number };
  readonly date: Date;
}

const LIST_MAX = 8;

function storedToSet(list: readonly StoredAnnotations[]): AnnotationSet {
  const images = list.map((s, i) => ({ id: i + 1, width: s.width, height: s.height, fileName: s.imageName }));
  let id = 0;
  const annotations = list.flatMap((s, i) => s.boxes.map((b) => ({
    id: ++id, imageId: i + 1, categoryId: b.categoryId, bbox: b.bbox, area: b.bbox[2] * b.bbox[3], iscrowd: false, difficult: false,
  })));
  const catIds = [...new Set(annotations.map((a) => a.categoryId))].sort((a, b) => a - b);
  return {
    format: 'coco', sourceFiles: [], units: 'pixels', unmapped: [],
    gt: { images, annotations, categories: catIds.map((c) => ({ id: c, name: cocoNameForId(c) })) },
  };
}

/** Pixel boxes of a set as store records (sizes needed; crowd regions are not stored). */
function setToStored(gt: GroundTruth, now: number): StoredAnnotations[] {
  const byImage = new Map<number, StoredAnnotations['boxes'][number][]>();
  for (const a of gt.annotations) {
    if (a.iscrowd || !a.bbox) continue;
    const l = byImage.get(a.imageId) ?? [];
    l.push({ categoryId: a.categoryId, bbox: [a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]] });
    byImage.set(a.imageId, l);
  }
  return gt.images.filter((im) => im.fileName !== undefined && im.width > 0 && im.height > 0).map((im) => ({
    key: annotationKey(im.fileName!, im.width, im.height), updatedAt: now, imageName: im.fileName!, width: im.width, height: im.height,
    boxes: byImage.get(im.id) ?? [],
  }));
}

function persist(gt: GroundTruth): void {
  void Promise.all(setToStored(gt, Date.now()).map((s) => saveAnnotations(s))).catch(() => undefined);
}

async function readTextFiles(files: readonly File[]): Promise<TextFile[] | { failed: string }> {
  const out: TextFile[] = [];
  for (const f of files) {
    try {
      out.push({ name: f.webkitRelativePath || f.name, text: await f.text() });
    } catch {
      return { failed: f.name };
    }
  }
  return out;
}

function shortList(names: readonly string[], more: (n: number) => string): string {
  const head = names.slice(0, LIST_MAX).join(', ');
  return names.length > LIST_MAX ? `${head} ${more(names.length - LIST_MAX)}` : head;
}

export default function DatasetEvaluation() {
  const t = useT(datasetTexts);
  const { query } = useRoute();
  const queryString = query.toString();
  const state = useMemo(() => readState(SCHEMA, new URLSearchParams(queryString)), [queryString]);
  const setState = useCallback(
    (patch: Partial<DatasetUrlState>) => replaceQuery(writeState(SCHEMA, { ...state, ...patch }, new URLSearchParams(queryString))),
    [state, queryString],
  );
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  const snap = useRuntime();

  const [images, setImages] = useState<readonly File[]>([]);
  const [ann, setAnn] = useState<Annotations>({ kind: 'none' });
  const [saved, setSaved] = useState<{ count: number; storage: boolean } | null>(null);
  const [sample, setSample] = useState<{ text: string; names: string[] } | null>(null);
  const [sampleState, setSampleState] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [result, setResult] = useState<RunResult | null>(null);
  /** The run before the current one, for comparison (e.g. our NMS vs the package's detect()). */
  const [previous, setPrevious] = useState<RunResult | null>(null);
  const [dragging, setDragging] = useState(false);
  const [modelAttempt, setModelAttempt] = useState(0);
  const cancelRef = useRef(false);
  const annGen = useRef(0);

  // saved annotations (IndexedDB) and the bundled sample, once
  useEffect(() => {
    let live = true;
    void Promise.all([storageAvailable(), listAnnotations()]).then(([storage, list]) => {
      if (!live) return;
      setSaved({ count: list.length, storage });
      if (list.length > 0) setAnn((a) => (a.kind === 'none' ? { kind: 'ok', set: storedToSet(list), origin: 'saved' } : a));
    }, () => undefined);
    fetch(new URL('samples/annotations.json', document.baseURI))
      .then(async (r) => {
        if (!r.ok) return;
        const text = await r.text();
        const json = JSON.parse(text) as { images?: { file_name?: unknown }[] };
        const names = (json.images ?? []).map((im) => im.file_name).filter((n): n is string => typeof n === 'string');
        if (live && names.length > 0) setSample({ text, names });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const importAnnotations = useCallback(async (files: readonly File[]) => {
    const gen = ++annGen.current;
    setAnn({ kind: 'reading' });
    const texts = await readTextFiles(files);
    if (gen !== annGen.current) return;
    if ('failed' in texts) {
      setAnn({ kind: 'error', message: t('readError', { file: texts.failed }) });
      return;
    }
    try {
      const set = parseAnnotationFiles(texts);
      setAnn({ kind: 'ok', set, origin: 'files' });
      if (set.units === 'pixels') persist(set.gt);
    } catch (e) {
      const detail = e instanceof AnnotationError || e instanceof Error ? e.message : String(e);
      setAnn({ kind: 'error', message: t('annError', { detail }) });
    }
  }, [t]);

  const addFiles = useCallback((files: readonly File[]) => {
    const { images: imgs, annotations } = splitFiles(files);
    if (imgs.length > 0) setImages(imgs);
    if (annotations.length > 0) void importAnnotations(annotations);
  }, [importAnnotations]);

  const onDrop = useCallback((e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    void filesFromDrop(e.dataTransfer).then(addFiles, () => addFiles([...e.dataTransfer.files]));
  }, [addFiles]);

  const match: ImageMatch | null = useMemo(
    () => (ann.kind === 'ok' && images.length > 0 ? matchImages(ann.set, images.map((f) => f.name)) : null),
    [ann, images],
  );

  const busy = phase.kind === 'loading-model' || phase.kind === 'running' || phase.kind === 'evaluating';

  const run = useCallback(async (set: AnnotationSet, files: readonly File[], m: ImageMatch) => {
    cancelRef.current = false;
    if (result) setPrevious(result);
    setResult(null);
    setPhase({ kind: 'loading-model' });
    let adapter;
    try {
      adapter = await runtime.cocoSsd(preferred);
    } catch (e) {
      setPhase({ kind: 'error', message: t('modelError', { detail: e instanceof Error ? e.message : String(e) }) });
      return;
    }
    const settings: DetectorSettings = { post: state.dsPost, score: state.dsScore, iou: state.dsIou, max: state.dsMax };
    const items = m.matched.map((x) => ({ file: files[x.index]!, name: x.name, imageId: x.imageId }));
    setPhase({ kind: 'running', done: 0, total: items.length, name: items[0]?.name ?? '' });
    let out;
    try {
      out = await runDetections(adapter, items, settings, (p) => setPhase({ kind: 'running', ...p }), () => cancelRef.current, () => runtime.memory());
    } catch (e) {
      setPhase({ kind: 'error', message: t('workerError', { detail: e instanceof Error ? e.message : String(e) }) });
      return;
    }
    const nameOf = new Map(items.map((it) => [it.imageId, it.name]));
    const skipped = out.skipped.map((s) => ({ name: s.name, reason: t('decodeFailed', { detail: s.detail }) }));
    if (out.processed.length === 0) {
      setPhase({ kind: 'error', message: t('nothingProcessed') });
      return;
    }
    const sizeWarnings: string[] = [];
    for (const im of set.gt.images) {
      const s = out.sizes.get(im.id);
      if (s && im.width > 0 && im.height > 0 && (s.width !== im.width || s.height !== im.height)) {
        sizeWarnings.push(t('sizeMismatch', { name: nameOf.get(im.id) ?? '', actual: `${s.width}×${s.height}`, expected: `${im.width}×${im.height}` }));
      }
    }
    const gt = groundTruthFor(set, out.processed, out.sizes);
    if (set.units === 'normalized') persist(gt);
    const dets: Detection[] = out.results.map((r) => ({ imageId: r.image_id, categoryId: r.category_id, score: r.score, bbox: r.bbox }));
    setPhase({ kind: 'evaluating' });
    try {
      const ev = await evaluateInWorker(gt, dets);
      const fileMap = new Map(items.filter((it) => out.sizes.has(it.imageId)).map((it) => [it.imageId, { file: it.file, name: it.name }]));
      setResult({
        ev, gt, dets, results: out.results, files: fileMap, skipped, sizeWarnings, msPerImage: out.msPerImage, tensors: out.tensors, date: new Date(),
        settings: {
          detector: 'COCO-SSD (SSDLite MobileNetV2)', postProcessing: settings.post, scoreThreshold: settings.score, nmsIou: settings.iou,
          maxDetections: settings.max, backend: runtime.getSnapshot().backend?.active ?? 'unknown', annotationFormat: set.format,
          imagesProcessed: out.processed.length, imagesRequested: items.length, cancelled: out.cancelled,
        },
      });
      setPhase({ kind: 'idle' });
    } catch (e) {
      setPhase({ kind: 'error', message: t('workerError', { detail: e instanceof Error ? e.message : String(e) }) });
    }
  }, [preferred, state.dsPost, state.dsScore, state.dsIou, state.dsMax, t, result]);

  const loadSample = useCallback(async () => {
    if (!sample) return;
    setSampleState({ loading: true, error: null });
    try {
      const files = await Promise.all(sample.names.map(async (n) => {
        const r = await fetch(new URL(`samples/${n}`, document.baseURI));
        if (!r.ok) throw new Error(`${n}: HTTP ${r.status}`);
        return new File([await r.blob()], n, { type: r.headers.get('content-type') ?? 'image/jpeg' });
      }));
      const set = parseAnnotationFiles([{ name: 'annotations.json', text: sample.text }]);
      annGen.current++;
      setImages(files);
      setAnn({ kind: 'ok', set, origin: 'sample' });
      setSampleState({ loading: false, error: null });
      await run(set, files, matchImages(set, files.map((f) => f.name)));
    } catch (e) {
      setSampleState({ loading: false, error: t('sampleFailed', { detail: e instanceof Error ? e.message : String(e) }) });
    }
  }, [sample, run, t]);

  const forgetSaved = useCallback(async () => {
    const list = await listAnnotations();
    await Promise.all(list.map((s) => deleteAnnotations(s.key)));
    setSaved((s) => (s ? { ...s, count: 0 } : s));
    setAnn((a) => (a.kind === 'ok' && a.origin === 'saved' ? { kind: 'none' } : a));
  }, []);

  const applySaved = useCallback(async () => {
    const list = await listAnnotations();
    if (list.length > 0) setAnn({ kind: 'ok', set: storedToSet(list), origin: 'saved' });
  }, []);

  const more = useCallback((n: number) => t('andMore', { n }), [t]);
  const fmtName = ann.kind === 'ok'
    ? ann.origin === 'saved' ? t('savedFormat') : t(ann.set.format === 'coco' ? 'fmtCoco' : ann.set.format === 'voc' ? 'fmtVoc' : 'fmtYolo')
    : '';

  const exportReport = (kind: 'json' | 'md' | 'csv') => {
    if (!result) return;
    const r = buildReport(result.ev, result.settings, result.skipped, result.date);
    const stamp = result.date.toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (kind === 'json') downloadJson(r, `detection-report-${stamp}.json`);
    else if (kind === 'md') downloadBlob(new Blob([reportToMarkdown(r)], { type: 'text/markdown' }), `detection-report-${stamp}.md`);
    else downloadBlob(new Blob([reportToCsv(r)], { type: 'text/csv' }), `detection-report-${stamp}.csv`);
  };

  const cancelled = result?.settings.cancelled === true;

  return (
    <section className="dataset-eval" aria-labelledby="dataset-eval-heading">
      <h2 id="dataset-eval-heading">{t('heading')}</h2>
      <p>{t('intro')}</p>

      <fieldset className="dataset-eval__pick" disabled={busy}>
        <legend>{t('pick')}</legend>
        <div
          className={`dataset-eval__drop${dragging ? ' is-dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dataset-drop"
        >
          <label className="dataset-eval__file">
            <span>{t('images')}</span>
            <input
              type="file" multiple accept="image/*" data-testid="dataset-images"
              onChange={(e) => {
                const files = [...(e.currentTarget.files ?? [])];
                if (files.length > 0) addFiles(files);
              }}
            />
          </label>
          <label className="dataset-eval__file">
            <span>{t('annotations')}</span>
            <input
              type="file" multiple accept=".json,.xml,.txt,.names,.yaml,.yml,application/json,text/xml,text/plain" data-testid="dataset-annotations"
              onChange={(e) => {
                const files = [...(e.currentTarget.files ?? [])];
                if (files.length > 0) void importAnnotations(files);
              }}
            />
          </label>
          <p className="dataset-eval__hint">{t('drop')}</p>
        </div>
        {sample && (
          <p>
            <button type="button" onClick={() => void loadSample()} disabled={sampleState.loading} data-testid="dataset-sample">
              {sampleState.loading ? t('sampleLoading') : t('sample', { n: sample.names.length })}
            </button>
          </p>
        )}
        {sampleState.error && <p role="alert" className="dataset-eval__error">{sampleState.error}</p>}
        {saved && saved.count > 0 && (
          <p className="dataset-eval__saved">
            {t('saved', { n: saved.count })}{' '}
            {!(ann.kind === 'ok' && ann.origin === 'saved') && <button type="button" onClick={() => void applySaved()}>{t('useSaved')}</button>}{' '}
            <button type="button" onClick={() => void forgetSaved()}>{t('forgetSaved')}</button>
          </p>
        )}
        {saved && !saved.storage && <p className="dataset-eval__note">{t('noStorage')}</p>}
      </fieldset>

      <div className="dataset-eval__status" aria-live="polite" data-testid="dataset-status">
        {images.length > 0 && <p>{t('imagesPicked', { n: images.length })}</p>}
        {ann.kind === 'error' && <p role="alert" className="dataset-eval__error" data-testid="dataset-error">{ann.message}</p>}
        {ann.kind === 'ok' && (
          <p data-testid="dataset-format" data-format={ann.origin === 'saved' ? 'saved' : ann.set.format}>
            {t('detected', { format: fmtName, files: ann.origin === 'saved' ? '' : shortList(ann.set.sourceFiles, more) })}
            {ann.set.classListFile ? `; ${t('classList', { file: ann.set.classListFile })}` : ''}
            {ann.origin === 'files' && saved?.storage === true && ann.set.units === 'pixels' ? ` ${t('savedNote')}` : ''}
          </p>
        )}
        {ann.kind === 'ok' && ann.set.unmapped.length > 0 && (
          <p className="dataset-eval__warn" data-testid="dataset-unmapped">
            {t('unmapped', { list: ann.set.unmapped.map((u) => `${u.name} (${u.boxes})`).join(', ') })}
          </p>
        )}
        {match && (
          <div className="dataset-eval__match" data-testid="dataset-match">
            <p>{t('matched', { n: match.matched.length })}</p>
            {match.imagesWithoutAnnotations.length > 0 && (
              <p className="dataset-eval__warn" data-testid="dataset-unannotated">
                {t('imagesWithout', { n: match.imagesWithoutAnnotations.length, list: shortList(match.imagesWithoutAnnotations, more) })}
              </p>
            )}
            {match.annotationsWithoutImages.length > 0 && (
              <p className="dataset-eval__warn" data-testid="dataset-missing-images">
                {t('annotationsWithout', { n: match.annotationsWithoutImages.length, list: shortList(match.annotationsWithoutImages, more) })}
              </p>
            )}
            {match.duplicates.length > 0 && (
              <p className="dataset-eval__warn">{t('duplicates', { n: match.duplicates.length, list: shortList(match.duplicates, more) })}</p>
            )}
          </div>
        )}
      </div>

      <fieldset className="dataset-eval__settings" disabled={busy}>
        <legend>{t('settings')}</legend>
        <div role="radiogroup" aria-label={t('detector')} className="dataset-eval__radios">
          {(['project', 'package'] as const).map((p) => (
            <label key={p}>
              <input type="radio" name="dataset-post" checked={state.dsPost === p} onChange={() => setState({ dsPost: p })} />
              {t(p === 'project' ? 'postProject' : 'postPackage')}
            </label>
          ))}
        </div>
        <Slider label={t('score')} hint={t('scoreHint')} value={state.dsScore} min={0} max={0.9} step={0.01} onChange={(v) => setState({ dsScore: v })} testId="dataset-score" />
        {state.dsPost === 'project' && (
          <Slider label={t('iou')} value={state.dsIou} min={0.05} max={1} step={0.05} onChange={(v) => setState({ dsIou: v })} testId="dataset-iou" />
        )}
        <Slider label={t('max')} value={state.dsMax} min={1} max={300} step={1} onChange={(v) => setState({ dsMax: v })} format={(v) => String(v)} testId="dataset-max" />
        <p className="dataset-eval__note">{t('cocoSettings')}</p>
      </fieldset>

      <div className="dataset-eval__run">
        <button
          type="button" data-testid="dataset-run" disabled={busy || !match || match.matched.length === 0 || ann.kind !== 'ok'}
          onClick={() => ann.kind === 'ok' && match && void run(ann.set, images, match)}
        >
          {t('run')}
        </button>
        {(phase.kind === 'running' || phase.kind === 'loading-model') && (
          <button type="button" data-testid="dataset-cancel" onClick={() => { cancelRef.current = true; }}>{t('cancel')}</button>
        )}
        {(phase.kind === 'loading-model' || snap.models[COCO_SSD_ID]?.state === 'error') && (
          <ModelStatus id={COCO_SSD_ID} title="COCO-SSD" onRetry={() => setModelAttempt((n) => n + 1)} key={modelAttempt} />
        )}
      </div>

      {phase.kind === 'running' && (
        <div className="dataset-eval__progress">
          <div
            role="progressbar" aria-label={t('progressLabel')} aria-valuemin={0} aria-valuemax={phase.total} aria-valuenow={phase.done}
            aria-valuetext={t('progress', { i: Math.min(phase.done + 1, phase.total), n: phase.total, name: phase.name })}
            data-testid="dataset-progress" className="dataset-eval__bar"
          >
            <div style={{ width: `${phase.total > 0 ? (100 * phase.done) / phase.total : 0}%` }} />
          </div>
          <p aria-live="polite">{t('progress', { i: Math.min(phase.done + 1, phase.total), n: phase.total, name: phase.name })}</p>
        </div>
      )}
      {phase.kind === 'evaluating' && <p aria-live="polite" data-testid="dataset-evaluating">{t('evaluating')}</p>}
      {phase.kind === 'error' && <p role="alert" className="dataset-eval__error" data-testid="dataset-run-error">{phase.message}</p>}

      {result && (
        <div className="dataset-eval__results" data-testid="dataset-results" data-partial={cancelled ? 'true' : 'false'}>
          {cancelled ? (
            <p role="status" className="dataset-eval__partial" data-testid="dataset-cancelled">
              <strong>{t('partialBadge', { done: result.settings.imagesProcessed, total: result.settings.imagesRequested })}</strong>{' '}
              {t('cancelled', { done: result.settings.imagesProcessed, total: result.settings.imagesRequested })}
            </p>
          ) : (
            <p role="status" data-testid="dataset-done" data-tensors-before={result.tensors.before} data-tensors-after={result.tensors.after}>
              {t('done', { n: result.settings.imagesProcessed, dets: result.results.length, ms: Math.round(result.msPerImage) })}{' '}
              {t(result.tensors.after === result.tensors.before ? 'tensors' : 'tensorsLeak', { before: result.tensors.before, after: result.tensors.after })}
            </p>
          )}
          <p className="dataset-eval__note" data-testid="dataset-run-settings">
            {t('runWith', {
              post: t(result.settings.postProcessing === 'project' ? 'postProjectShort' : 'postPackageShort'),
              score: result.settings.scoreThreshold,
              iou: result.settings.postProcessing === 'project' ? result.settings.nmsIou : result.settings.scoreThreshold,
              max: result.settings.maxDetections,
              backend: result.settings.backend,
            })}
          </p>
          {result.skipped.length > 0 && (
            <div className="dataset-eval__warn" data-testid="dataset-skipped">
              <p>{t('skipped', { n: result.skipped.length })}</p>
              <ul>{result.skipped.map((s) => <li key={s.name}>{t('skipReason', { name: s.name, reason: s.reason })}</li>)}</ul>
            </div>
          )}
          {result.sizeWarnings.length > 0 && (
            <ul className="dataset-eval__warn">{result.sizeWarnings.slice(0, LIST_MAX).map((w) => <li key={w}>{w}</li>)}</ul>
          )}
          <Results result={result} previous={previous} state={state} setState={setState} />
          <div className="dataset-eval__export" role="group" aria-label={t('export')}>
            <span>{t('export')}:</span>
            <button type="button" data-testid="dataset-export-dets" onClick={() => downloadJson(result.results, 'detections.coco-results.json')}>{t('exportDets')}</button>
            <button type="button" data-testid="dataset-export-report" onClick={() => exportReport('json')}>{t('exportReport')}</button>
            <button type="button" onClick={() => exportReport('md')}>{t('exportMd')}</button>
            <button type="button" onClick={() => exportReport('csv')}>{t('exportCsv')}</button>
          </div>
        </div>
      )}
    </section>
  );
}
