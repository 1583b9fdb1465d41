/**
 * Annotation imports in a Web Worker (one per import, so cancel = terminate: the parse stops at once
 * and its memory is freed). Without Worker support the same code runs on the main thread.
 */
import { proxy, wrap } from 'comlink';
import { checkImportSize, importAnnotationTexts, type ImportProgress } from '../../../core/annotations/importJob';
import type { ImportReply, ImportWorkerApi } from './import.worker';

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}

export interface ImportJob {
  readonly done: Promise<ImportReply>;
  readonly cancel: () => void;
}

async function onMainThread(files: readonly File[], onProgress: (p: ImportProgress) => void): Promise<ImportReply> {
  try {
    checkImportSize(files.map((f) => ({ name: f.name, size: f.size })));
    const texts = [];
    for (const f of files) texts.push({ name: f.webkitRelativePath || f.name, text: await f.text() });
    return { ok: true, outcome: importAnnotationTexts(texts, onProgress) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

export function startImport(files: readonly File[], onProgress: (p: ImportProgress) => void): ImportJob {
  if (typeof Worker === 'undefined') {
    let cancelled = false;
    const done = onMainThread(files, (p) => !cancelled && onProgress(p)).then((r) => {
      if (cancelled) throw new ImportCancelled();
      return r;
    });
    return { done, cancel: () => (cancelled = true) };
  }
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const remote = wrap<ImportWorkerApi>(worker);
  let settle: ((e: Error) => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    settle = reject;
  });
  const onError = (e: ErrorEvent) => settle?.(new Error(e.message || 'the import worker failed'));
  worker.addEventListener('error', onError);
  const done = Promise.race([remote.importFiles(files as File[], proxy(onProgress)) as Promise<ImportReply>, stopped])
    .finally(() => {
      worker.removeEventListener('error', onError);
      worker.terminate();
    })
    .catch((e: unknown) => {
      if (e instanceof ImportCancelled) throw e;
      return onMainThread(files, onProgress); // the worker could not start: same code, main thread
    });
  return {
    done,
    cancel: () => {
      settle?.(new ImportCancelled());
      worker.terminate();
    },
  };
}
