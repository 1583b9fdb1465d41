import { defineTexts } from '../../i18n/texts';

export const yoloMeta = {
  path: '/detection/yolo',
  part: 'detection',
  texts: defineTexts('section.detection-yolo.meta', {
    ru: {
      title: 'YOLO изнутри: сетка, якоря, кодирование, функция потерь',
      summary:
        'Сетка S×S и выходной тензор с настоящими числами, якоря k-means по (w, h) с расстоянием 1 − IoU, кодирование σ(t)+c и p·eᵗ, слагаемые функции потерь — и TinyYOLO: обученную заранее сеть можно проверить и дообучить прямо в браузере (с нуля до того же качества — десятки минут).',
    },
    en: {
      title: 'YOLO inside: grid, priors, encoding, loss',
      summary:
        'The S×S grid and the output tensor with real numbers, k-means priors on (w, h) with the 1 − IoU distance, the σ(t)+c and p·eᵗ encoding, the loss terms — and TinyYOLO: the net trained beforehand is tested and trained further right in the browser (from scratch to the same quality: tens of minutes).',
    },
  }),
} as const;
