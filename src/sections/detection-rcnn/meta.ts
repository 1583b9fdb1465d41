import { defineTexts } from '../../i18n/texts';

export const rcnnMeta = {
  path: '/detection/rcnn',
  part: 'detection',
  texts: defineTexts('section.detection-rcnn.meta', {
    ru: {
      title: 'Двухстадийные детекторы: selective search, R-CNN, Fast R-CNN, RPN',
      summary:
        'Selective search на вашем фото (сегментация Фельценшвальба–Хуттенлохера и шаги слияния), стоимость R-CNN «сеть на каждый регион» против Fast R-CNN «сеть один раз», RoI Pool против RoI Align на настоящей карте признаков, якоря RPN и их метки.',
    },
    en: {
      title: 'Two-stage detectors: selective search, R-CNN, Fast R-CNN, RPN',
      summary:
        "Selective search on your photo (Felzenszwalb–Huttenlocher segmentation and the merge steps), R-CNN's 'a network per region' cost against Fast R-CNN's 'the network once', RoI Pool against RoI Align on a real feature map, RPN anchors and their labels.",
    },
  }),
} as const;
