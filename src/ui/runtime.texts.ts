import { defineTexts } from '../i18n/texts';

export const runtimeTexts = defineTexts('ui.runtime', {
  ru: {
    backend: 'Вычисления',
    backendHint: 'WebGL — на видеокарте, WASM — быстрый код на процессоре, CPU — запасной вариант на чистом JavaScript.',
    backendFallback: '{failed} недоступен, используется {active}.',
    backendNone: 'Ни один из способов вычислений TensorFlow.js не заработал: {detail}',
    contextLost: 'Видеокарта сбросила контекст WebGL; продолжаем на WASM.',
    switching: 'Переключение…',
    modelLoading: 'Загрузка модели {model}…',
    modelReady: 'Модель {model} готова ({backend}).',
    modelMissing:
      'Файлы модели не найдены ({detail}). Установите модели командой «npm run models» (см. README) и перезагрузите страницу.',
    modelCorrupt:
      'Файл модели повреждён или не совпадает с манифестом ({detail}). Заново установите модели командой «npm run models».',
    modelOther: 'Не удалось загрузить модель: {detail}',
    retry: 'Повторить',
    latency: 'Задержка',
    latencyValue: '{ms} мс на кадр (сеть {infer} мс + постобработка {decode} мс)',
    fps: 'Кадров в секунду',
  },
  en: {
    backend: 'Compute',
    backendHint: 'WebGL runs on the GPU, WASM is fast code on the CPU, CPU is the plain-JavaScript fallback.',
    backendFallback: '{failed} is unavailable, using {active}.',
    backendNone: 'No TensorFlow.js backend works: {detail}',
    contextLost: 'The GPU lost the WebGL context; continuing on WASM.',
    switching: 'Switching…',
    modelLoading: 'Loading the {model} model…',
    modelReady: 'Model {model} is ready ({backend}).',
    modelMissing: 'Model files not found ({detail}). Install the models with “npm run models” (see README) and reload the page.',
    modelCorrupt: 'A model file is damaged or does not match the manifest ({detail}). Install the models again with “npm run models”.',
    modelOther: 'Could not load the model: {detail}',
    retry: 'Retry',
    latency: 'Latency',
    latencyValue: '{ms} ms per frame (network {infer} ms + post-processing {decode} ms)',
    fps: 'Frames per second',
  },
});
