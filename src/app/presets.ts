/**
 * Prepared links for the lecture's key moments: one per slide that has a demo, in lecture order. Each is
 * a route with its page state (and a shipped sample photo), so it opens the same view on any machine.
 */
export interface Preset {
  readonly id: string;
  readonly path: string;
  readonly query: string;
  readonly title: { readonly ru: string; readonly en: string };
}

export const PRESETS: readonly Preset[] = [
  { id: 'conv', path: '/segmentation/basics', query: '', title: { ru: 'Свёртка и транспонированная свёртка', en: 'Convolution and transposed convolution' } },
  { id: 'person', path: '/segmentation/live', query: 'sample=skimage_astronaut.png', title: { ru: 'Сегментация человека на фото', en: 'Person segmentation on a photo' } },
  // Training presets open the shipped checkpoints (trained beforehand, reproducibly): the lesson is on
  // screen at once and a minute of further training keeps it. From scratch a minute is not enough
  // (issue 13: U-Net is then the worst net, TinyYOLO reaches mAP@.5 0.35 after 120 steps).
  { id: 'seg-train', path: '/segmentation/train', query: 'init=checkpoint&view=errors', title: { ru: 'FCN, U-Net и ASPP рядом: U-Net точнее всех на границах', en: 'FCN, U-Net and ASPP side by side: U-Net is best at boundaries' } },
  { id: 'detect', path: '/detection/live', query: 'sample=000000397133.jpg', title: { ru: 'Детектор COCO-SSD на кухне', en: 'COCO-SSD detector in a kitchen' } },
  { id: 'nms', path: '/detection/live', query: 'sample=000000475678.jpg&iou=0.3', title: { ru: 'Подавление немаксимумов: чемоданы', en: 'Non-maximum suppression: suitcases' } },
  { id: 'metrics', path: '/detection/metrics', query: 'sample=000000397133.jpg', title: { ru: 'IoU, точность, полнота, AP', en: 'IoU, precision, recall, AP' } },
  { id: 'xray', path: '/detection/xray', query: 'sample=000000119828.jpg', title: { ru: 'Внутри SSD: якоря и декодирование', en: 'Inside SSD: priors and decoding' } },
  { id: 'yolo', path: '/detection/yolo', query: 'sample=000000261888.jpg', title: { ru: 'YOLO: сетка и выходной тензор', en: 'YOLO: grid and output tensor' } },
  { id: 'yolo-train', path: '/detection/yolo', query: 'ds=synth', title: { ru: 'TinyYOLO: обученная сеть, проверка mAP и дообучение', en: 'TinyYOLO: the trained net, its mAP and further training' } },
];

export function presetHref(p: Preset): string {
  return `#${p.path}${p.query ? `?${p.query}` : ''}`;
}
