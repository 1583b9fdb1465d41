/**
 * Tiny IndexedDB wrapper (no library) for ground-truth annotations the student draws on a photo.
 * Shared with the dataset evaluation section: keep this API stable.
 *
 * When IndexedDB is refused (private mode, file://, old browsers) every call falls back to an
 * in-memory map for the lifetime of the page, so the UI keeps working; `storageAvailable()` lets the
 * UI say so.
 */

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
const DB_VERSION = 1;
const STORE = 'annotations';

const memory = new Map<string, StoredAnnotations>();
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
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
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

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  return openDb().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        if (!db) {
          resolve(undefined);
          return;
        }
        try {
          const tx = db.transaction(STORE, mode);
          const req = op(tx.objectStore(STORE));
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

export async function saveAnnotations(a: StoredAnnotations): Promise<void> {
  const copy: StoredAnnotations = {
    key: a.key,
    updatedAt: a.updatedAt,
    imageName: a.imageName,
    width: a.width,
    height: a.height,
    boxes: a.boxes.map((b) => ({
      categoryId: b.categoryId,
      bbox: [b.bbox[0], b.bbox[1], b.bbox[2], b.bbox[3]] as const,
      ...(b.iscrowd ? { iscrowd: true } : {}),
    })),
  };
  memory.set(copy.key, copy);
  if (await storageAvailable()) await run('readwrite', (s) => s.put(copy));
}

export async function loadAnnotations(key: string): Promise<StoredAnnotations | undefined> {
  if (await storageAvailable()) {
    const v = await run<unknown>('readonly', (s) => s.get(key));
    if (isStored(v)) return v;
  }
  return memory.get(key);
}

export async function listAnnotations(): Promise<StoredAnnotations[]> {
  if (await storageAvailable()) {
    const all = (await run<unknown[]>('readonly', (s) => s.getAll())) ?? [];
    return all.filter(isStored).sort((a, b) => b.updatedAt - a.updatedAt);
  }
  return [...memory.values()].sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function deleteAnnotations(key: string): Promise<void> {
  memory.delete(key);
  if (await storageAvailable()) await run('readwrite', (s) => s.delete(key));
}

/** Whether IndexedDB works here (private mode / file:// may refuse): the UI says so and keeps working in memory. */
export async function storageAvailable(): Promise<boolean> {
  return (await openDb()) !== undefined;
}
