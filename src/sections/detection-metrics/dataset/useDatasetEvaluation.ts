/**
 * The controller of "Evaluate a dataset" (the widgets only render what it returns): picked images and
 * annotations, the stored sets, the run (detector on the main thread, one image at a time, cancellable;
 * evaluation in a worker), the result and the exports.
 *
 * State rules (issue #15): a failed import keeps the annotations in use; non-image files among the
 * picked images never touch the annotations; imports are stored in their own set (`replaceImported`),
 * never over the boxes the student drew; deleting the drawn set can be undone.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useRuntimeInstance } from '../../../ui/RuntimeContext';
import { COCO_SSD_ID } from '../../../models/cocoSsd';
import { replaceQuery, useRoute, useSearchParam } from '../../../app/router';
import {
  cocoNameForId, groundTruthFor, matchImages, parseAnnotationFiles, type AnnotationSet, type ImageMatch,
} from '../../../core/annotations';
import type { CocoResult } from '../../../core/cocoResults';
import type { Detection, GroundTruth } from '../../../core/eval';
import { bool, num, oneOf, readState, writeState } from '../../../core/urlState';
import { useT } from '../../../i18n/LangContext';
import { isBackendName } from '../../../models/backendNames';
import { downloadBlob, downloadJson } from '../../../ui/download';
import { useRuntime } from '../../../ui/useRuntime';
import {
  annotationKey, deleteAnnotations, exportEverything, listAnnotations, listImported, replaceImported, saveAnnotations, storageAvailable, type StoredAnnotations,
} from '../store';
import { evaluateInWorker } from './evaluateClient';
import { applyInvalidDecision, type ImportOutcome, type ImportProgress, type InvalidDecision } from '../../../core/annotations/importJob';
import { localizeInputError } from '../../../core/annotations/localize';
import { useLang } from '../../../i18n/LangContext';
import { IMAGE_LIMITS } from '../../../core/imageFormat';
import { imageSourceTexts } from '../../../ui/imageSource.texts';
import { decodeProblemMessage, noteMessage, renderMessage } from '../../../ui/imageSourceMessages';
import { ImportCancelled, startImport, type ImportJob } from './importClient';
import type { DatasetEvaluation as Evaluation } from '../../../core/dataset-eval/evaluation';
import { filesFromDrop, splitFiles } from './files';
import { buildReport, reportToCsv, reportToMarkdown, type RunSettings } from '../../../core/dataset-eval/report';
import { runDetections, type DetectorSettings } from './runDetections';
import { datasetTexts } from './texts';

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

export type Annotations =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly set: AnnotationSet; readonly origin: 'files' | 'saved' | 'imported' | 'sample' };

/** The import in progress / the last import's failure; never replaces `Annotations` on failure. */
export interface ImportStatus {
  readonly reading: boolean;
  readonly error: string | null;
  /** Invalid boxes that were not stored. */
  readonly rejected: number;
  /** The worker's progress while `reading`. */
  readonly progress?: ImportProgress | null;
  /** A note after the import: cancelled, aborted, n boxes fixed / skipped. */
  readonly note?: string | null;
}

/** A parsed import with invalid boxes: waits for the user's decision (skip / fix / abort). */
export interface PendingImport {
  readonly outcome: ImportOutcome;
}

export type Phase =
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
  /** Processed with a notice (a truncated JPEG, a PNG with wrong checksums, downscaled). */
  readonly noticed: readonly { name: string; reason: string }[];
  readonly sizeWarnings: readonly string[];
  readonly settings: RunSettings;
  readonly msPerImage: number;
  readonly tensors: { readonly before: number; readonly after: number };
  readonly date: Date;
}

export const LIST_MAX = 8;

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

/** Stores an imported set apart from the drawn one; resolves to the number of invalid boxes not stored. */
function persistImported(gt: GroundTruth): Promise<number> {
  return replaceImported(setToStored(gt, Date.now())).then((r) => r.rejected.length, () => 0);
}

export function shortList(names: readonly string[], more: (n: number) => string): string {
  const head = names.slice(0, LIST_MAX).join(', ');
  return names.length > LIST_MAX ? `${head} ${more(names.length - LIST_MAX)}` : head;
}

export function useDatasetEvaluation() {
  const t = useT(datasetTexts);
  const lang = useLang();
  const tImage = useT(imageSourceTexts);
  const runtime = useRuntimeInstance();
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
  const [importStatus, setImportStatus] = useState<ImportStatus>({ reading: false, error: null, rejected: 0 });
  const [ignored, setIgnored] = useState<readonly string[]>([]);
  const [saved, setSaved] = useState<{ count: number; storage: boolean } | null>(null);
  const [importedCount, setImportedCount] = useState(0);
  /** The drawn set just deleted, for undo. */
  const [forgotten, setForgotten] = useState<readonly StoredAnnotations[] | null>(null);
  const [storeNote, setStoreNote] = useState<string | null>(null);
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
  const importJob = useRef<ImportJob | null>(null);
  const [pending, setPending] = useState<PendingImport | null>(null);

  // saved annotations (IndexedDB) and the bundled sample, once
  useEffect(() => {
    let live = true;
    void Promise.all([storageAvailable(), listAnnotations(), listImported()]).then(([storage, list, imported]) => {
      if (!live) return;
      setSaved({ count: list.length, storage });
      setImportedCount(imported.length);
      // the dataset section's own last import first; else the boxes drawn on photos above
      if (imported.length > 0) setAnn((a) => (a.kind === 'none' ? { kind: 'ok', set: storedToSet(imported), origin: 'imported' } : a));
      else if (list.length > 0) setAnn((a) => (a.kind === 'none' ? { kind: 'ok', set: storedToSet(list), origin: 'saved' } : a));
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

  const storeImported = useCallback((gt: GroundTruth) => {
    void persistImported(gt).then((rejected) => {
      setImportStatus((s) => ({ ...s, rejected }));
      return listImported().then((l) => setImportedCount(l.length));
    }).catch(() => undefined);
  }, []);

  const acceptSet = useCallback((set: AnnotationSet, note: string | null) => {
    setAnn({ kind: 'ok', set, origin: 'files' });
    setImportStatus({ reading: false, error: null, rejected: 0, note });
    if (set.units === 'pixels') storeImported(set.gt);
  }, [storeImported]);

  /**
   * Parses annotation files in a worker (progress, cancel); on any failure the annotations in use stay
   * as they are. Invalid boxes wait for the user's decision (`decideInvalid`).
   */
  const importAnnotations = useCallback(async (files: readonly File[]) => {
    const gen = ++annGen.current;
    importJob.current?.cancel();
    setPending(null);
    setImportStatus({ reading: true, error: null, rejected: 0, progress: null });
    const job = startImport(files, (p) => gen === annGen.current && setImportStatus((s) => (s.reading ? { ...s, progress: p } : s)));
    importJob.current = job;
    let reply;
    try {
      reply = await job.done;
    } catch (e) {
      if (gen !== annGen.current) return;
      importJob.current = null;
      if (e instanceof ImportCancelled) setImportStatus({ reading: false, error: null, rejected: 0, note: t('importCancelled') });
      else setImportStatus({ reading: false, error: t('annError', { detail: localizeInputError(e instanceof Error ? e.message : String(e), lang) }), rejected: 0 });
      return;
    }
    if (gen !== annGen.current) return;
    importJob.current = null;
    if (!reply.ok) {
      setImportStatus({ reading: false, error: t('annError', { detail: localizeInputError(reply.message, lang) }), rejected: 0 });
      return;
    }
    if (reply.outcome.invalid.length > 0) {
      setPending({ outcome: reply.outcome });
      setImportStatus({ reading: false, error: null, rejected: 0 });
      return;
    }
    acceptSet(reply.outcome.set, null);
  }, [t, lang, acceptSet]);

  const cancelImport = useCallback(() => {
    importJob.current?.cancel();
  }, []);

  /** The user's decision on the invalid boxes of the pending import. */
  const decideInvalid = useCallback((d: InvalidDecision | 'abort') => {
    if (!pending) return;
    setPending(null);
    annGen.current++;
    if (d === 'abort') {
      setImportStatus({ reading: false, error: null, rejected: 0, note: t('importAborted') });
      return;
    }
    const r = applyInvalidDecision(pending.outcome.set, pending.outcome.invalid, d);
    acceptSet(r.set, d === 'skip' ? t('invalidSkipped', { n: r.dropped }) : t('invalidFixed', { fixed: r.fixed, dropped: r.dropped }));
  }, [pending, t, acceptSet]);

  /** The images field: images only; anything else is named and ignored (the annotations stay). */
  const pickImages = useCallback((files: readonly File[]) => {
    const { images: imgs, annotations } = splitFiles(files);
    if (imgs.length > 0) setImages(imgs);
    setIgnored(annotations.map((f) => f.name));
  }, []);

  /** A drop may hold both: images and annotation files (a dataset folder). */
  const addFiles = useCallback((files: readonly File[]) => {
    const { images: imgs, annotations } = splitFiles(files);
    if (imgs.length > 0) setImages(imgs);
    setIgnored([]);
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
      adapter = await runtime.load(COCO_SSD_ID, preferred);
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
    const skipped = out.skipped.map((s) => ({
      name: s.name, reason: t('decodeFailed', { detail: s.problem ? renderMessage(tImage, decodeProblemMessage(s.problem, IMAGE_LIMITS.maxPixels)) : s.detail }),
    }));
    const noticed = out.noted.map((n) => ({ name: n.name, reason: n.notes.map((x) => renderMessage(tImage, noteMessage(x))).join(' ') }));
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
    if (set.units === 'normalized') storeImported(gt);
    const dets: Detection[] = out.results.map((r) => ({ imageId: r.image_id, categoryId: r.category_id, score: r.score, bbox: r.bbox }));
    setPhase({ kind: 'evaluating' });
    try {
      const ev = await evaluateInWorker(gt, dets);
      const fileMap = new Map(items.filter((it) => out.sizes.has(it.imageId)).map((it) => [it.imageId, { file: it.file, name: it.name }]));
      setResult({
        ev, gt, dets, results: out.results, files: fileMap, skipped, noticed, sizeWarnings, msPerImage: out.msPerImage, tensors: out.tensors, date: new Date(),
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
  }, [runtime, preferred, state.dsPost, state.dsScore, state.dsIou, state.dsMax, t, tImage, result, storeImported]);

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
    setForgotten(list);
    setStoreNote(t('forgotten', { n: list.length }));
    setSaved((s) => (s ? { ...s, count: 0 } : s));
    setAnn((a) => (a.kind === 'ok' && a.origin === 'saved' ? { kind: 'none' } : a));
  }, [t]);

  const undoForget = useCallback(async () => {
    if (!forgotten) return;
    await Promise.all(forgotten.map((s) => saveAnnotations(s)));
    const list = await listAnnotations();
    setForgotten(null);
    setStoreNote(t('restored', { n: list.length }));
    setSaved((s) => (s ? { ...s, count: list.length } : s));
  }, [forgotten, t]);

  const applySaved = useCallback(async () => {
    const list = await listAnnotations();
    if (list.length > 0) setAnn({ kind: 'ok', set: storedToSet(list), origin: 'saved' });
  }, []);

  const applyImported = useCallback(async () => {
    const list = await listImported();
    if (list.length > 0) setAnn({ kind: 'ok', set: storedToSet(list), origin: 'imported' });
  }, []);

  const exportAll = useCallback(async () => {
    const all = await exportEverything();
    downloadJson(all, `annotations-everything-${all.exportedAt.slice(0, 19).replace(/[:T]/g, '-')}.json`);
  }, []);

  const more = useCallback((n: number) => t('andMore', { n }), [t]);
  const fmtName = ann.kind === 'ok'
    ? ann.origin === 'saved' ? t('savedFormat') : ann.origin === 'imported' ? t('importedFormat') : t(ann.set.format === 'coco' ? 'fmtCoco' : ann.set.format === 'voc' ? 'fmtVoc' : 'fmtYolo')
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
  const cancel = useCallback(() => {
    cancelRef.current = true;
  }, []);
  const retryModel = useCallback(() => setModelAttempt((n) => n + 1), []);
  const startRun = useCallback(() => {
    if (ann.kind === 'ok' && match) void run(ann.set, images, match);
  }, [ann, match, images, run]);

  return {
    t, state, setState, snap, images, ann, importStatus, ignored, saved, importedCount, forgotten, storeNote, sample, sampleState,
    phase, result, previous, dragging, setDragging, modelAttempt, match, busy, more, fmtName, cancelled,
    importAnnotations, cancelImport, pending, decideInvalid, pickImages, addFiles, onDrop, loadSample, forgetSaved, undoForget, applySaved, applyImported, exportAll,
    exportReport, cancel, retryModel, startRun,
  };
}

export type DatasetController = ReturnType<typeof useDatasetEvaluation>;

