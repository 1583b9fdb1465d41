import { defineTexts } from '../../i18n/texts';

export const xrayMeta = {
  path: '/detection/xray',
  part: 'detection',
  texts: defineTexts('section.detection-xray.meta', {
    ru: {
      title: 'Рентген одностадийного детектора',
      summary:
        'Внутри SSD на вашем фото: сетки 19×19 … 1×1, 1917 якорей, сырые смещения и их декодирование с настоящими числами, оценки до NMS и NMS по шагам.',
    },
    en: {
      title: 'Inside a one-stage detector',
      summary:
        'SSD on your photo, opened up: the 19×19 … 1×1 grids, 1917 priors, the raw offsets decoded with the real numbers, the scores before NMS and NMS step by step.',
    },
  }),
} as const;
