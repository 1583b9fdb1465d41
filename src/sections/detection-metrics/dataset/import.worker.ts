/** Parses and validates annotation files off the main thread (issue #15, defect 2); comlink. */
import { expose, type ProxyOrClone } from 'comlink';
import { checkImportSize, importAnnotationTexts, type ImportOutcome, type ImportProgress } from '../../../core/annotations/importJob';
import type { TextFile } from '../../../core/annotations';

export type ImportReply = { readonly ok: true; readonly outcome: ImportOutcome } | { readonly ok: false; readonly message: string };

const api = {
  async importFiles(files: readonly File[], onProgress: ProxyOrClone<(p: ImportProgress) => void>): Promise<ImportReply> {
    try {
      checkImportSize(files.map((f) => ({ name: f.webkitRelativePath || f.name, size: f.size })));
      const texts: TextFile[] = [];
      for (let i = 0; i < files.length; i++) {
        const f = files[i]!;
        void onProgress({ stage: 'reading', done: i, total: files.length });
        texts.push({ name: f.webkitRelativePath || f.name, text: await f.text() });
      }
      const outcome = importAnnotationTexts(texts, (p) => void onProgress(p));
      return { ok: true, outcome };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  },
};

export type ImportWorkerApi = typeof api;

expose(api);
