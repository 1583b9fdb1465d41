import { defineTexts } from '../../i18n/texts';

export const liveSegmentationMeta = {
  path: '/segmentation/live',
  part: 'segmentation',
  texts: defineTexts('section.segmentation-live.meta', {
    ru: {
      title: 'Сегментация человека на вашем фото и веб-камере',
      summary:
        'Маска «человек / фон» моделями MediaPipe Selfie и Google Meet: наложение, размытие фона, вырезание; порог мягкой маски, доля пикселей человека, FPS — и честно о том, где модели ошибаются.',
    },
    en: {
      title: 'Person segmentation on your photo and webcam',
      summary:
        'A person/background mask from the MediaPipe Selfie and Google Meet models: overlay, background blur, cut-out; the soft-mask threshold, the person pixel share, FPS — and an honest look at where the models fail.',
    },
  }),
} as const;
