/** Both captioners on one photo, as the page and the benchmark run them (one code path). */
import type { Size } from '../geometry';
import { countByName, retrieveCaption, type RetrievalIndex, type RetrievalResult } from './retrieval';
import { templateCaption, type SceneObject, type TemplateCaption } from './template';

export interface PhotoCaptions {
  readonly template: TemplateCaption;
  readonly retrieval: RetrievalResult | null;
  /** What is scored: the template's English sentence, and the retrieved caption (the template's when there is none). */
  readonly scored: { readonly template: string; readonly retrieval: string };
}

export function captionPhoto(objects: readonly SceneObject[], image: Size, index: RetrievalIndex, opts: { exclude?: ReadonlySet<string>; k?: number } = {}): PhotoCaptions {
  const template = templateCaption(objects, image);
  const retrieval = retrieveCaption(index, countByName(objects.map((o) => o.name)), opts);
  return { template, retrieval, scored: { template: template.en, retrieval: retrieval ? retrieval.caption : template.en } };
}
