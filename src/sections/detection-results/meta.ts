import { defineTexts } from '../../i18n/texts';

export const resultsMeta = {
  path: '/detection/results',
  part: 'detection',
  texts: defineTexts('section.detection-results.meta', {
    ru: {
      title: 'Результаты детекторов: таблицы лекции и замер на вашем устройстве',
      summary:
        'mAP и FPS на PASCAL VOC 2007 и 2012, факты о VOC и COCO — у каждого числа источник, расхождения слайдов с первоисточниками показаны; строка «это устройство»: детектор приложения, скорость и AP, измеренные у вас.',
    },
    en: {
      title: 'Detector results: the lecture\'s tables and a measurement on your device',
      summary:
        'mAP and FPS on PASCAL VOC 2007 and 2012, facts about VOC and COCO — every number with its source, where the slides differ from the primary sources shown; a "this device" row: the app\'s detector, speed and AP measured on yours.',
    },
  }),
} as const;
