import { defineTexts } from '../../i18n/texts';

export const metricsLabMeta = {
  path: '/detection/metrics',
  part: 'detection',
  texts: defineTexts('section.detection-metrics.meta', {
    ru: {
      title: 'Метрики детекции: IoU, precision/recall, AP и mAP',
      summary:
        'Двигайте рамки и смотрите IoU; разметьте своё фото — детектор получит TP/FP/FN, PR-кривую, AP по правилам VOC и COCO, mAP@.5 и AP[.5:.95].',
    },
    en: {
      title: 'Detection metrics: IoU, precision/recall, AP and mAP',
      summary:
        'Drag boxes and watch IoU; annotate your photo — the detector gets TP/FP/FN, a PR curve, AP under VOC and COCO rules, mAP@.5 and AP[.5:.95].',
    },
  }),
} as const;
