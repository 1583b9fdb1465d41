import { defineTexts } from '../../i18n/texts';

export const captioningMeta = {
  path: '/captioning',
  part: 'captioning',
  texts: defineTexts('section.captioning.meta', {
    ru: {
      title: 'Подписи к изображениям: пять подписей COCO и метрики BLEU, ROUGE-L, CIDEr',
      summary:
        'Три описателя работают на вашем фото: шаблон из детекций, поиск похожей подписи COCO и сеть CNN + GRU, обученная на синтетических сценах (с пошаговым декодированием); их оценки по официальным метрикам COCO рядом с тем, как один человек оценивается по четырём другим.',
    },
    en: {
      title: 'Image captioning: COCO’s five captions and the BLEU, ROUGE-L, CIDEr metrics',
      summary:
        'Three captioners run on your photo: a template from detections, retrieval of a similar COCO caption and a CNN + GRU trained on synthetic scenes (decoded step by step), scored with the official COCO metrics next to how one human scores against the other four.',
    },
  }),
} as const;
