/**
 * Tiny IndexedDB wrapper (no library) for ground-truth annotations the student draws on a photo.
 * Shared with the dataset evaluation section: keep this API stable.
 *
 * Two sets, never mixed: `annotations` holds what the student drew (only the photo editor writes it),
 * `imported` holds annotation files imported in "Evaluate a dataset". An import can therefore never
 * replace drawn boxes. Boxes that are not valid (non-finite, w/h ≤ 0, outside the image, unknown COCO
 * category) are never stored: `saveAnnotations` drops them and says how many.
 *
 * When IndexedDB is refused (private mode, file://, old browsers) every call falls back to an
 * in-memory map for the lifetime of the page, so the UI keeps working; `storageAvailable()` lets the
 * UI say so.
 */

import { cocoName } from '../../core/cocoClasses';

export interface StoredAnnotations {
  readonly key: string;
  readonly updatedAt: number;
  readonly imageName: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly {
    readonly categoryId: number;
    readonly bbox: readonly [number, number, number, number] /* xywh, original px */;
    /** Optional (a superset of the agreed API): COCO crowd region, only from imported official annotations. */
    readonly iscrowd?: boolean;
  }[];
}

const DB_NAME = 'cv-lecture-companion';
const DB_VERSION = 2;
export type AnnotationStoreName = 'annotations' | 'imported';
const STORE: AnnotationStoreName = 'annotations';
const STORES: readonly AnnotationStoreName[] = ['annotations', 'imported'];

const memories: Record<AnnotationStoreName, Map<string, StoredAnnotations>> = { annotations: new Map(), imported: new Map() };
let dbPromise: Promise<IDBDatabase | undefined> | undefined;

function openDb(): Promise<IDBDatabase | undefined> {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise<IDBDatabase | undefined>((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') {
        resolve(undefined);
        return;
      }
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        for (const name of STORES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(undefined);
      req.onblocked = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
  return dbPromise;
}

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>, store: AnnotationStoreName = STORE): Promise<T | undefined> {
  return openDb().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        if (!db) {
          resolve(undefined);
          return;
        }
        try {
          const tx = db.transaction(store, mode);
          const req = op(tx.objectStore(store));
          tx.oncomplete = () => resolve(req.result);
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
          tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }),
  );
}

function isStored(v: unknown): v is StoredAnnotations {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.key === 'string' && Array.isArray(o.boxes) && typeof o.width === 'number' && typeof o.height === 'number';
}

/** Key for a photo: `${name}:${width}x${height}`. */
export function annotationKey(name: string, width: number, height: number): string {
  return `${name}:${width}x${height}`;
}

export type BoxProblem = 'not-finite' | 'non-positive-size' | 'outside-image' | 'unknown-category';

/** Why a stored box would be invalid, or null. Boxes may stick out of the image by at most 1 px. */
export function boxProblem(b: StoredAnnotations['boxes'][number], width: number, height: number, knownCategory: (id: number) => boolean): BoxProblem | null {
  const [x, y, w, h] = b.bbox;
  if (![x, y, w, h].every(Number.isFinite)) return 'not-finite';
  if (!(w > 0 && h > 0)) return 'non-positive-size';
  if (x < -1 || y < -1 || x + w > width + 1 || y + h > height + 1) return 'outside-image';
  if (!Number.isInteger(b.categoryId) || !knownCategory(b.categoryId)) return 'unknown-category';
  return null;
}

export interface SaveReport {
  readonly saved: number;
  /** Boxes refused (not stored), with why. */
  readonly rejected: readonly { readonly index: number; readonly problem: BoxProblem }[];
}

const knownCategory = (id: number): boolean => cocoName(id) !== undefined;

function cleanCopy(a: StoredAnnotations): { copy: StoredAnnotations; report: SaveReport } {
  const rejected: { index: number; problem: BoxProblem }[] = [];
  const boxes: StoredAnnotations['boxes'][number][] = [];
  a.boxes.forEach((b, index) => {
    const problem = boxProblem(b, a.width, a.height, knownCategory);
    if (problem) rejected.push({ index, problem });
    else boxes.push({ categoryId: b.categoryId, bbox: [b.bbox[0], b.bbox[1], b.bbox[2], b.bbox[3]] as const, ...(b.iscrowd ? { iscrowd: true } : {}) });
  });
  return { copy: { key: a.key, updatedAt: a.updatedAt, imageName: a.imageName, width: a.width, height: a.height, boxes }, report: { saved: boxes.length, rejected } };
}

async function saveTo(store: AnnotationStoreName, a: StoredAnnotations): Promise<SaveReport> {
  const { copy, report } = cleanCopy(a);
  memories[store].set(copy.key, copy);
  if (await storageAvailable()) await run('readwrite', (s) => s.put(copy), store);
  return report;
}

async function loadFrom(store: AnnotationStoreName, key: string): Promise<StoredAnnotations | undefined> {
  if (await storageAvailable()) {
    const v = await run<unknown>('readonly', (s) => s.get(key), store);
    if (isStored(v)) return v;
  }
  return memories[store].get(key);
}

async function listFrom(store: AnnotationStoreName): Promise<StoredAnnotations[]> {
  if (await storageAvailable()) {
    const all = (await run<unknown[]>('readonly', (s) => s.getAll(), store)) ?? [];
    return all.filter(isStored).sort((a, b) => b.updatedAt - a.updatedAt);
  }
  return [...memories[store].values()].sort((a, b) => b.updatedAt - a.updatedAt);
}

async function deleteFrom(store: AnnotationStoreName, key: string): Promise<void> {
  memories[store].delete(key);
  if (await storageAvailable()) await run('readwrite', (s) => s.delete(key), store);
}

/** Drawn ground truth (the photo editor). Invalid boxes are dropped and reported. */
export function saveAnnotations(a: StoredAnnotations): Promise<SaveReport> {
  return saveTo('annotations', a);
}

export function loadAnnotations(key: string): Promise<StoredAnnotations | undefined> {
  return loadFrom('annotations', key);
}

export function listAnnotations(): Promise<StoredAnnotations[]> {
  return listFrom('annotations');
}

export function deleteAnnotations(key: string): Promise<void> {
  return deleteFrom('annotations', key);
}

/** The imported set ("Evaluate a dataset"): replaced as a whole by each import, never touching drawn boxes. */
export async function replaceImported(list: readonly StoredAnnotations[]): Promise<SaveReport> {
  for (const old of await listFrom('imported')) await deleteFrom('imported', old.key);
  let saved = 0;
  const rejected: { index: number; problem: BoxProblem }[] = [];
  for (const a of list) {
    const r = await saveTo('imported', a);
    saved += r.saved;
    rejected.push(...r.rejected);
  }
  return { saved, rejected };
}

export function listImported(): Promise<StoredAnnotations[]> {
  return listFrom('imported');
}

/** Everything stored, both sets, as one JSON-ready object (the "export everything" button). */
export async function exportEverything(now = new Date()): Promise<{ app: string; version: 2; exportedAt: string; drawn: StoredAnnotations[]; imported: StoredAnnotations[] }> {
  return { app: 'cv-lecture-companion', version: 2, exportedAt: now.toISOString(), drawn: await listFrom('annotations'), imported: await listFrom('imported') };
}
/** Whether IndexedDB works here (private mode / file:// may refuse): the UI says so and keeps working in memory. */
export async function storageAvailable(): Promise<boolean> {
  return (await openDb()) !== undefined;
}
