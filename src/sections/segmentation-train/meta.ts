import { defineTexts } from '../../i18n/texts';

export const segTrainMeta = {
  path: '/segmentation/train',
  part: 'segmentation',
  texts: defineTexts('section.segmentation-train.meta', {
    ru: {
      title: 'Обучите сами: FCN, U-Net и ASPP на синтетических фигурах',
      summary:
        'Три маленькие сети сегментации учатся бок о бок прямо в браузере: кривые лосса и mIoU, предсказания на одних и тех же картинках, IoU у границ — и видно, зачем U-Net нужны skip-соединения, а DeepLab — дилатация.',
    },
    en: {
      title: 'Train your own: FCN, U-Net and ASPP on synthetic shapes',
      summary:
        'Three small segmentation networks train side by side in your browser: loss and mIoU curves, predictions on the same images, IoU near the boundaries — see why U-Net needs skip connections and DeepLab needs dilation.',
    },
  }),
} as const;
