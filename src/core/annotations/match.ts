/** Matching picked image files to the annotated images by file name, and filling in image sizes. */
import { normalizedXYWHToImage } from '../coords';
import type { GroundTruth, ImageInfo } from '../eval/types';
import type { Size } from '../geometry';
import type { AnnotationSet } from './types';

export function fileBaseName(p: string): string {
  const parts = p.replace(/\\/g, '/').split('/');
  return parts[parts.length - 1] ?? p;
}

export function fileStem(p: string): string {
  const b = fileBaseName(p);
  const dot = b.lastIndexOf('.');
  return (dot > 0 ? b.slice(0, dot) : b).toLowerCase();
}

export interface ImageMatch {
  /** Picked image (index into the given names) ↔ annotated image id, in the order of the names. */
  readonly matched: readonly { readonly index: number; readonly name: string; readonly imageId: number }[];
  /** Picked images with no annotations. */
  readonly imagesWithoutAnnotations: readonly string[];
  /** Annotated images that were not picked (not evaluated). */
  readonly annotationsWithoutImages: readonly string[];
  /** Picked images whose name occurs twice (the later ones are not used). */
  readonly duplicates: readonly string[];
}

/**
 * Exact file name first (last path component); then the stem, case-insensitive (YOLO labels share the
 * image's stem; VOC `<filename>` may differ in extension case).
 */
export function matchImages(set: AnnotationSet, imageNames: readonly string[]): ImageMatch {
  const byName = new Map<string, ImageInfo>();
  const byStem = new Map<string, ImageInfo[]>();
  for (const im of set.gt.images) {
    if (im.fileName === undefined) continue;
    byName.set(fileBaseName(im.fileName), im);
    const s = fileStem(im.fileName);
    byStem.set(s, [...(byStem.get(s) ?? []), im]);
  }
  const used = new Set<number>();
  const seenNames = new Set<string>();
  const matched: { index: number; name: string; imageId: number }[] = [];
  const without: string[] = [];
  const duplicates: string[] = [];
  imageNames.forEach((raw, index) => {
    const name = fileBaseName(raw);
    if (seenNames.has(name)) {
      duplicates.push(name);
      return;
    }
    seenNames.add(name);
    let im = byName.get(name);
    if (!im || used.has(im.id)) {
      const cands = (byStem.get(fileStem(name)) ?? []).filter((c) => !used.has(c.id));
      im = cands.length === 1 ? cands[0] : undefined;
    }
    if (!im || used.has(im.id)) {
      without.push(name);
      return;
    }
    used.add(im.id);
    matched.push({ index, name, imageId: im.id });
  });
  const annotationsWithoutImages = set.gt.images.filter((im) => !used.has(im.id)).map((im) => im.fileName ?? `#${im.id}`);
  return { matched, imagesWithoutAnnotations: without, annotationsWithoutImages, duplicates };
}

/**
 * The ground truth restricted to `imageIds` (the images actually run), with pixel boxes: normalized
 * (YOLO) boxes are scaled by the decoded size; missing sizes (0) are filled in. Categories are kept.
 */
export function groundTruthFor(set: AnnotationSet, imageIds: readonly number[], sizes: ReadonlyMap<number, Size>): GroundTruth {
  const keep = new Set(imageIds);
  const images = set.gt.images.filter((im) => keep.has(im.id)).map((im): ImageInfo => {
    const s = sizes.get(im.id);
    if (!s || (im.width > 0 && im.height > 0)) return im;
    return { ...im, width: s.width, height: s.height };
  });
  const annotations = set.gt.annotations.filter((a) => keep.has(a.imageId)).map((a) => {
    if (set.units === 'pixels' || !a.bbox) return a;
    const s = sizes.get(a.imageId);
    if (!s) return a;
    const bbox = normalizedXYWHToImage(a.bbox, s);
    return { ...a, bbox, area: bbox[2] * bbox[3] };
  });
  return { images, categories: set.gt.categories, annotations };
}
