import { defineTexts } from '../../i18n/texts';

export const liveDetectionMeta = {
  path: '/detection/live',
  part: 'detection',
  texts: defineTexts('section.detection-live.meta', {
    ru: {
      title: 'Детектор на вашем фото и веб-камере',
      summary:
        'COCO-SSD находит 80 классов объектов: пороги уверенности и IoU, NMS по классам или общий, сравнение с постобработкой самого пакета.',
    },
    en: {
      title: 'A detector on your photo and webcam',
      summary:
        'COCO-SSD finds 80 object classes: score and IoU thresholds, per-class or class-agnostic NMS, compared with the package’s own post-processing.',
    },
  }),
} as const;
