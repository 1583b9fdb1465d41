import { defineTexts } from '../../i18n/texts';

export const captioningMeta = {
  path: '/captioning',
  part: 'captioning',
  texts: defineTexts('section.captioning.meta', {
    ru: {
      title: 'Подписи к изображениям: пять подписей COCO и метрики BLEU, ROUGE-L, CIDEr',
      summary:
        'Два описателя работают на вашем фото поверх детектора (шаблон из детекций и поиск похожей подписи COCO); их оценки по официальным метрикам COCO рядом с тем, как один человек оценивается по четырём другим.',
    },
    en: {
      title: 'Image captioning: COCO’s five captions and the BLEU, ROUGE-L, CIDEr metrics',
      summary:
        'Two captioners run on your photo on top of the detector (a template from detections and retrieval of a similar COCO caption), scored with the official COCO metrics next to how one human scores against the other four.',
    },
  }),
} as const;
