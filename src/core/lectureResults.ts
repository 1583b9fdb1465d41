/**
 * The lecture's result tables as data, each number with its source, and where the lecture's number
 * differs from (or has no) primary source, the primary figure beside it. Texts (notes) live with the
 * page (`sections/detection-results/texts.ts`, keyed by row id); numbers live here.
 */

export type SourceId =
  | 'lecture'
  | 'dpm5'
  | 'rcnn'
  | 'fastrcnn'
  | 'fasterrcnn'
  | 'yolo'
  | 'yolo2'
  | 'yolo3'
  | 'resnet'
  | 'rfcn'
  | 'ssd'
  | 'maskrcnn'
  | 'voc'
  | 'coco';

export interface SourceRef {
  readonly id: SourceId;
  /** Short citation, language-neutral. */
  readonly cite: string;
  readonly url?: string;
}

export const SOURCES: Readonly<Record<SourceId, SourceRef>> = {
  lecture: { id: 'lecture', cite: '«Сегментация, детекция, инстанс-сегментация»: lecture slides / слайды лекции' },
  dpm5: { id: 'dpm5', cite: 'Girshick, Felzenszwalb, McAllester: DPM release 5 (2012); figure as tabulated in Redmon et al. 2016', url: 'https://arxiv.org/abs/1506.02640' },
  rcnn: { id: 'rcnn', cite: 'Girshick et al., Rich feature hierarchies… (R-CNN), CVPR 2014 / arXiv v5', url: 'https://arxiv.org/abs/1311.2524' },
  fastrcnn: { id: 'fastrcnn', cite: 'Girshick, Fast R-CNN, ICCV 2015', url: 'https://arxiv.org/abs/1504.08083' },
  fasterrcnn: { id: 'fasterrcnn', cite: 'Ren, He, Girshick, Sun, Faster R-CNN, NeurIPS 2015', url: 'https://arxiv.org/abs/1506.01497' },
  yolo: { id: 'yolo', cite: 'Redmon et al., You Only Look Once, CVPR 2016', url: 'https://arxiv.org/abs/1506.02640' },
  yolo2: { id: 'yolo2', cite: 'Redmon, Farhadi, YOLO9000: Better, Faster, Stronger, CVPR 2017 (Table 3)', url: 'https://arxiv.org/abs/1612.08242' },
  yolo3: { id: 'yolo3', cite: 'Redmon, Farhadi, YOLOv3: An Incremental Improvement, 2018 (COCO only)', url: 'https://arxiv.org/abs/1804.02767' },
  resnet: { id: 'resnet', cite: 'He, Zhang, Ren, Sun, Deep Residual Learning, CVPR 2016 (detection appendix)', url: 'https://arxiv.org/abs/1512.03385' },
  rfcn: { id: 'rfcn', cite: 'Dai, Li, He, Sun, R-FCN, NeurIPS 2016', url: 'https://arxiv.org/abs/1605.06409' },
  ssd: { id: 'ssd', cite: 'Liu et al., SSD: Single Shot MultiBox Detector, ECCV 2016', url: 'https://arxiv.org/abs/1512.02325' },
  maskrcnn: { id: 'maskrcnn', cite: 'He, Gkioxari, Dollár, Girshick, Mask R-CNN, ICCV 2017 (Table 1)', url: 'https://arxiv.org/abs/1703.06870' },
  voc: { id: 'voc', cite: 'Everingham et al., The PASCAL VOC Challenge (2007 and 2012 dataset statistics)', url: 'http://host.robots.ox.ac.uk/pascal/VOC/' },
  coco: { id: 'coco', cite: 'Lin et al., Microsoft COCO (2014); COCO 2017 split as published at cocodataset.org', url: 'https://cocodataset.org/#download' },
};

/**
 * Whether a copy of the source could be read in this project's session 3 to re-check its figures:
 * 'checked' = the figure was found in the primary text (what was found is in `note`); 'unverified' =
 * written from the papers' tables by an earlier session and NOT re-checked against a copy here (the
 * page marks those figures). Only the primary paper counts, not aggregators or blog posts.
 */
export const SOURCE_CHECK: Readonly<Record<SourceId, { readonly status: 'checked' | 'unverified'; readonly note: string }>> = {
  lecture: { status: 'checked', note: 'the lecture slides themselves' },
  dpm5: { status: 'unverified', note: '' },
  rcnn: { status: 'unverified', note: '' },
  fastrcnn: { status: 'unverified', note: 'a third-party listing (wizwand) gives 70.0 on VOC07 test for the paper; the paper itself was not available here' },
  fasterrcnn: { status: 'unverified', note: '' },
  yolo: { status: 'unverified', note: '' },
  yolo2: { status: 'unverified', note: '' },
  yolo3: { status: 'unverified', note: '' },
  resnet: { status: 'unverified', note: 'the paper\'s detection tables (VOC 07+12+COCO) could not be found in a readable copy here' },
  rfcn: { status: 'checked', note: 'arXiv:1605.06409v2 abstract: "83.6% mAP on the 2007 set with the 101-layer ResNet", "170ms per image"' },
  ssd: { status: 'unverified', note: '' },
  maskrcnn: { status: 'unverified', note: '' },
  voc: { status: 'unverified', note: '' },
  coco: { status: 'unverified', note: '' },
};

/** A number and where it comes from; `value: null` = the source gives no such number. */
export interface Figure {
  readonly value: number | null;
  readonly source: SourceId;
}

/** One detector of the lecture's VOC 2007 table. */
export interface Voc07Row {
  readonly id: string;
  readonly name: string;
  /** The lecture's mAP (%) on VOC 2007 test and FPS. */
  readonly lectureMap: number;
  readonly lectureFps: number | null;
  /** The primary source's figures for the same entry (may equal the lecture's). */
  readonly primaryMap: Figure;
  readonly primaryFps: Figure;
  /** True where the lecture's number does not match the primary source (a note is shown). */
  readonly discrepancy: boolean;
}

export const VOC07_ROWS: readonly Voc07Row[] = [
  { id: 'dpm5', name: 'DPM v5', lectureMap: 33.7, lectureFps: 0.07, primaryMap: { value: 33.7, source: 'dpm5' }, primaryFps: { value: 0.07, source: 'yolo' }, discrepancy: false },
  // R-CNN's 66.0 is the VGG16 ("O-Net") model with box regression; the Fast R-CNN paper times that model at 47 s/image.
  { id: 'rcnn', name: 'R-CNN (VGG16)', lectureMap: 66.0, lectureFps: 0.05, primaryMap: { value: 66.0, source: 'rcnn' }, primaryFps: { value: 1 / 47, source: 'fastrcnn' }, discrepancy: true },
  { id: 'fastrcnn', name: 'Fast R-CNN', lectureMap: 70.0, lectureFps: 0.5, primaryMap: { value: 70.0, source: 'fastrcnn' }, primaryFps: { value: 0.5, source: 'yolo2' }, discrepancy: false },
  { id: 'fasterrcnn', name: 'Faster R-CNN (VGG16)', lectureMap: 73.2, lectureFps: 7, primaryMap: { value: 73.2, source: 'fasterrcnn' }, primaryFps: { value: 5, source: 'fasterrcnn' }, discrepancy: true },
  { id: 'frcnn-resnet', name: 'Faster R-CNN (ResNet-101)', lectureMap: 76.4, lectureFps: null, primaryMap: { value: 76.4, source: 'resnet' }, primaryFps: { value: 5, source: 'yolo2' }, discrepancy: false },
  { id: 'frcnn-resnet-coco', name: 'Faster R-CNN (ResNet-101) + COCO', lectureMap: 83.8, lectureFps: null, primaryMap: { value: 85.6, source: 'resnet' }, primaryFps: { value: null, source: 'resnet' }, discrepancy: true },
  { id: 'rfcn', name: 'R-FCN (ResNet-101)', lectureMap: 83.6, lectureFps: 6, primaryMap: { value: 83.6, source: 'rfcn' }, primaryFps: { value: 1 / 0.17, source: 'rfcn' }, discrepancy: true },
  { id: 'yolo', name: 'YOLO', lectureMap: 63.4, lectureFps: 45, primaryMap: { value: 63.4, source: 'yolo' }, primaryFps: { value: 45, source: 'yolo' }, discrepancy: false },
  { id: 'yolo2', name: 'YOLOv2 (544×544)', lectureMap: 78.6, lectureFps: 40, primaryMap: { value: 78.6, source: 'yolo2' }, primaryFps: { value: 40, source: 'yolo2' }, discrepancy: false },
  { id: 'yolo3', name: 'YOLOv3', lectureMap: 83.1, lectureFps: 30, primaryMap: { value: null, source: 'yolo3' }, primaryFps: { value: null, source: 'yolo3' }, discrepancy: true },
];

/** Entries of the PASCAL VOC 2012 test leaderboard, each as its paper reports it (mAP %, VOC 2012 test). */
export interface Voc12Row {
  readonly id: string;
  readonly name: string;
  /** Training data as the paper names it: 12 = VOC12 trainval, 07++12 = VOC07 trainval+test + VOC12 trainval. */
  readonly data: string;
  readonly map: Figure;
}

export const VOC12_ROWS: readonly Voc12Row[] = [
  { id: 'rcnn', name: 'R-CNN (AlexNet, BB)', data: '12', map: { value: 53.3, source: 'rcnn' } },
  { id: 'yolo', name: 'YOLO', data: '07++12', map: { value: 57.9, source: 'yolo' } },
  { id: 'fastrcnn', name: 'Fast R-CNN (VGG16)', data: '07++12', map: { value: 68.4, source: 'fastrcnn' } },
  { id: 'fasterrcnn', name: 'Faster R-CNN (VGG16)', data: '07++12', map: { value: 70.4, source: 'fasterrcnn' } },
  { id: 'yolo2', name: 'YOLOv2 (544×544)', data: '07++12', map: { value: 73.4, source: 'yolo2' } },
  { id: 'frcnn-resnet', name: 'Faster R-CNN (ResNet-101)', data: '07++12', map: { value: 73.8, source: 'resnet' } },
  { id: 'frcnn-resnet-coco', name: 'Faster R-CNN (ResNet-101), VOC + COCO', data: '07++12 + COCO', map: { value: 83.8, source: 'resnet' } },
];

/** Dataset facts: the lecture's figure and the primary one. */
export interface DatasetFact {
  readonly id: string;
  readonly lecture: number | string;
  /** null = the primary figure could not be checked here (see the note). */
  readonly primary: Figure | null;
  readonly discrepancy: boolean;
}

export const DATASET_FACTS: readonly DatasetFact[] = [
  { id: 'voc-classes', lecture: 20, primary: { value: 20, source: 'voc' }, discrepancy: false },
  { id: 'voc-images', lecture: 11530, primary: { value: 9963, source: 'voc' }, discrepancy: true },
  { id: 'voc-objects', lecture: 27450, primary: { value: 24640, source: 'voc' }, discrepancy: true },
  { id: 'coco-classes', lecture: 80, primary: { value: 80, source: 'coco' }, discrepancy: false },
  { id: 'coco-images', lecture: 117261, primary: { value: 118287, source: 'coco' }, discrepancy: true },
  { id: 'coco-instances', lecture: 902435, primary: null, discrepancy: false },
  { id: 'coco-metric', lecture: 'AP@[.50:.95]', primary: null, discrepancy: false },
  { id: 'maskrcnn-ap', lecture: 41, primary: { value: 37.1, source: 'maskrcnn' }, discrepancy: true },
];

export type SortDir = 'asc' | 'desc';

/**
 * Rows sorted by a numeric (or string) key; missing values (null/undefined/NaN) always go last,
 * whatever the direction; ties keep their original order.
 */
export function sortRows<T>(rows: readonly T[], key: (r: T) => number | string | null | undefined, dir: SortDir): T[] {
  const missing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i, v: key(r) }))
    .sort((a, b) => {
      const ma = missing(a.v);
      const mb = missing(b.v);
      if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.r);
}
