import { defineTexts } from '../../i18n/texts';

export const segmentationBasicsMeta = {
  path: '/segmentation/basics',
  part: 'segmentation',
  texts: defineTexts('section.segmentation-basics.meta', {
    ru: {
      title: 'Семантическая сегментация: как сеть размечает каждый пиксель',
      summary:
        'Свёртка и транспонированная свёртка на живых числах, расширенные (atrous) свёртки и рецептивное поле, пирамидальный пулинг и ASPP на признаках вашего фото, архитектуры FCN, SegNet, U-Net и DeepLabv3+ с размерами тензоров.',
    },
    en: {
      title: 'Semantic segmentation: how a network labels every pixel',
      summary:
        'Convolution and transposed convolution on live numbers, dilated (atrous) convolutions and receptive fields, pyramid pooling and ASPP on the features of your photo, FCN, SegNet, U-Net and DeepLabv3+ with their tensor shapes.',
    },
  }),
} as const;
