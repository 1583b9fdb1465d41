/** Sorting dropped / picked files into images and annotation files; reading dropped folders. */

const IMAGE_EXT = /\.(?:jpe?g|png|webp|bmp|gif|avif)$/i;

export function isImageFile(f: File): boolean {
  return f.type.startsWith('image/') || IMAGE_EXT.test(f.name);
}

export function splitFiles(files: readonly File[]): { images: File[]; annotations: File[] } {
  const images: File[] = [];
  const annotations: File[] = [];
  for (const f of files) (isImageFile(f) ? images : annotations).push(f);
  return { images, annotations };
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = (): void => {
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    };
    next();
  });
}

async function entryFiles(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) {
    const f = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(f);
  } else if (entry.isDirectory) {
    for (const e of await readAllEntries((entry as FileSystemDirectoryEntry).createReader())) await entryFiles(e, out);
  }
}

/** Every file of a drop, folders read recursively (where the browser supports it). */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((it) => (it.kind === 'file' ? it.webkitGetAsEntry?.() ?? null : null));
  if (entries.some((e) => e?.isDirectory === true)) {
    const out: File[] = [];
    for (const e of entries) if (e) await entryFiles(e, out);
    return out;
  }
  return [...dt.files];
}
