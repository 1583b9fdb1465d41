/**
 * Photos the lecturer opened, kept in this browser (IndexedDB) so that a reload or a prepared link
 * (`…?photo=<id>`) shows the same photo again. The id is the first 16 hex digits of the photo's
 * SHA-256, so the same file always gets the same link. At most MAX_PHOTOS are kept (oldest out).
 * Every function fails soft: without IndexedDB (private mode) links simply do not restore.
 */
const DB = 'cv-lecture-photos';
const STORE = 'photos';
const MAX_PHOTOS = 30;

interface Stored {
  readonly id: string;
  readonly name: string;
  readonly blob: Blob;
  readonly at: number;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('no IndexedDB'));
      return;
    }
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** A stable id for a photo's bytes. */
export async function photoId(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Stores the photo; returns its id, or null when the browser keeps nothing. */
export async function storePhoto(blob: Blob, name: string): Promise<string | null> {
  try {
    const id = await photoId(blob);
    const db = await open();
    try {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      await done(store.put({ id, name, blob, at: Date.now() } satisfies Stored));
      const all = (await done(store.getAll())) as Stored[];
      if (all.length > MAX_PHOTOS) {
        for (const old of all.sort((a, b) => a.at - b.at).slice(0, all.length - MAX_PHOTOS)) store.delete(old.id);
      }
    } finally {
      db.close();
    }
    return id;
  } catch {
    return null;
  }
}

export async function loadPhoto(id: string): Promise<{ name: string; blob: Blob } | null> {
  if (!/^[0-9a-f]{16}$/.test(id)) return null;
  try {
    const db = await open();
    try {
      const hit = (await done(db.transaction(STORE).objectStore(STORE).get(id))) as Stored | undefined;
      return hit ? { name: hit.name, blob: hit.blob } : null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}
