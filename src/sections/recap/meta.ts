import { defineTexts } from '../../i18n/texts';

export const recapGradientsMeta = {
  path: '/recap',
  part: 'recap',
  texts: defineTexts('section.recap.meta', {
    ru: {
      title: 'В предыдущих сериях: затухающие градиенты, батч-нормализация, residual-связи',
      summary:
        'То, что работает с 2 слоями, не работает с 20: нормы градиентов по слоям настоящей сети на tf (сигмоида, tanh, ReLU, масштаб инициализации), та же сеть с батч-нормализацией и с residual-связями, обучение бок о бок на двух спиралях; статистики BN на батче 64×32×32×16.',
    },
    en: {
      title: 'Previously on: vanishing gradients, batch normalization, residual connections',
      summary:
        'What works with 2 layers fails with 20: per-layer gradient norms of a real tf network (sigmoid, tanh, ReLU, init scale), the same network with batch norm and with residual connections, trained side by side on two spirals; BN statistics of a 64×32×32×16 batch.',
    },
  }),
} as const;

export const recapArchitecturesMeta = {
  path: '/recap/architectures',
  part: 'recap',
  texts: defineTexts('section.recap-architectures.meta', {
    ru: {
      title: 'ResNet, группированные свёртки и ResNeXt — посчитано, а не нарисовано',
      summary:
        'ResNet-18…152 и ResNeXt-50 как данные: параметры и умножения-сложения по стадиям для любого размера входа, таблица из статьи ResNeXt; группированная свёртка лекции (32×32×256, 32 группы) на tf против одной плотной свёртки; почему ImageNet «стал скучным».',
    },
    en: {
      title: 'ResNet, grouped convolutions and ResNeXt — computed, not drawn',
      summary:
        'ResNet-18…152 and ResNeXt-50 as data: parameters and multiply-adds per stage for any input size, the ResNeXt paper’s table; the lecture’s grouped convolution (32×32×256, 32 groups) in tf against one dense convolution; why ImageNet “became boring”.',
    },
  }),
} as const;
