import { defineTexts } from '../../i18n/texts';

export const instanceMeta = {
  path: '/instance',
  part: 'instance',
  texts: defineTexts('section.instance.meta', {
    ru: {
      title: 'Инстанс-сегментация: маска для каждого объекта',
      summary:
        'Детектор находит рамки, шаг масок строит маску внутри каждой: закрашенная рамка, GrabCut из рамки; семантическая и инстанс-сегментация рядом, идея Mask R-CNN на вашем фото, mask AP против разметки.',
    },
    en: {
      title: 'Instance segmentation: a mask for every object',
      summary:
        'The detector finds boxes, the mask step builds a mask inside each: the filled box, GrabCut from the box; semantic vs instance segmentation side by side, Mask R-CNN’s idea on your photo, mask AP against the annotations.',
    },
  }),
} as const;
