import { defineTexts } from '../../i18n/texts';

export const yoloMeta = {
  path: '/detection/yolo',
  part: 'detection',
  texts: defineTexts('section.detection-yolo.meta', {
    ru: {
      title: 'YOLO изнутри: сетка, якоря, кодирование, функция потерь',
      summary:
        'Сетка S×S и выходной тензор с настоящими числами, якоря k-means по (w, h) с расстоянием 1 − IoU, кодирование σ(t)+c и p·eᵗ, слагаемые функции потерь — и TinyYOLO, который вы обучаете за минуту прямо в браузере.',
    },
    en: {
      title: 'YOLO inside: grid, priors, encoding, loss',
      summary:
        'The S×S grid and the output tensor with real numbers, k-means priors on (w, h) with the 1 − IoU distance, the σ(t)+c and p·eᵗ encoding, the loss terms — and TinyYOLO, which you train in a minute right in the browser.',
    },
  }),
} as const;
