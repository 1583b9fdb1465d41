/** Names shown on the live segmentation page: model titles, views, datasets, percentages. */
import type { useT } from '../../i18n/LangContext';
import { deeplabDataset } from '../../models/deeplabInfo';
import { MEET_ID, SELFIE_ID } from '../../models/segDecode';
import type { SegModelId } from './loader';
import type { segLiveTexts } from './texts';

export type T = ReturnType<typeof useT<keyof typeof segLiveTexts.en>>;

const DATASET_KEY = { pascal: 'datasetPascal', cityscapes: 'datasetCityscapes', ade20k: 'datasetAde20k' } as const;
export const VIEW_KEY = { overlay: 'viewOverlay', mask: 'viewMask', blur: 'viewBlur', cutout: 'viewCutout' } as const;

export function modelTitle(id: SegModelId, t: T): string {
  if (id === SELFIE_ID) return t('modelSelfie');
  if (id === MEET_ID) return t('modelMeet');
  return t('modelDeeplab', { dataset: t(DATASET_KEY[deeplabDataset(id)]) });
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
