/**
 * The lecture's result tables as data, each number with its source, and where the lecture's number
 * differs from (or has no) primary source, the primary figure beside it. Every primary figure says
 * whether it was checked against a copy of the source's text, and where (table/section, which copy).
 * Texts (notes) live with the page (`sections/detection-results/texts.ts`, keyed by row id); numbers here.
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
  dpm5: { id: 'dpm5', cite: 'Girshick, Felzenszwalb, McAllester: DPM release 5 (voc-release5, 2012), a software release; its VOC07 mAP is tabulated in the R-CNN paper (Table 2)' },
  rcnn: { id: 'rcnn', cite: 'Girshick et al., Rich feature hierarchies… (R-CNN), CVPR 2014 / arXiv v5', url: 'https://arxiv.org/abs/1311.2524' },
  fastrcnn: { id: 'fastrcnn', cite: 'Girshick, Fast R-CNN, ICCV 2015', url: 'https://arxiv.org/abs/1504.08083' },
  fasterrcnn: { id: 'fasterrcnn', cite: 'Ren, He, Girshick, Sun, Faster R-CNN, NeurIPS 2015', url: 'https://arxiv.org/abs/1506.01497' },
  yolo: { id: 'yolo', cite: 'Redmon et al., You Only Look Once, CVPR 2016', url: 'https://arxiv.org/abs/1506.02640' },
  yolo2: { id: 'yolo2', cite: 'Redmon, Farhadi, YOLO9000: Better, Faster, Stronger, CVPR 2017 (Tables 3–4)', url: 'https://arxiv.org/abs/1612.08242' },
  yolo3: { id: 'yolo3', cite: 'Redmon, Farhadi, YOLOv3: An Incremental Improvement, 2018 (COCO only)', url: 'https://arxiv.org/abs/1804.02767' },
  resnet: { id: 'resnet', cite: 'He, Zhang, Ren, Sun, Deep Residual Learning, CVPR 2016 / arXiv (detection appendix, Tables 10–11)', url: 'https://arxiv.org/abs/1512.03385' },
  rfcn: { id: 'rfcn', cite: 'Dai, Li, He, Sun, R-FCN, NeurIPS 2016', url: 'https://arxiv.org/abs/1605.06409' },
  ssd: { id: 'ssd', cite: 'Liu et al., SSD: Single Shot MultiBox Detector, ECCV 2016', url: 'https://arxiv.org/abs/1512.02325' },
  maskrcnn: { id: 'maskrcnn', cite: 'He, Gkioxari, Dollár, Girshick, Mask R-CNN, ICCV 2017 (Table 1)', url: 'https://arxiv.org/abs/1703.06870' },
  voc: { id: 'voc', cite: 'Everingham et al., The PASCAL VOC Challenge (2007 and 2012 dataset statistics)', url: 'http://host.robots.ox.ac.uk/pascal/VOC/' },
  coco: { id: 'coco', cite: 'Lin et al., Microsoft COCO (2014); COCO 2017 split as published at cocodataset.org', url: 'https://cocodataset.org/#download' },
};

/**
 * A copy of a primary source that was read (session 4) to check figures. The copies were found with the
 * project's search tool: its GitHub file index holds text extractions of the arXiv PDFs (named here by the
 * index's file id, as the index gives no repository path), its page corpus holds copies of abstracts. `url`
 * is the primary document itself (the arXiv version the copy is of, or the official page).
 */
export interface SourceCopy {
  readonly id: string;
  /** What was read, language-neutral. */
  readonly what: string;
  /** The primary document the copy is of. */
  readonly url: string;
  /** Where the copy was read: a page URL, or the search index's file id(s). */
  readonly readAt: string;
}

export const COPIES = {
  'yolo-v5': { id: 'yolo-v5', what: 'arXiv:1506.02640v5 (YOLO), text of the PDF', url: 'https://arxiv.org/abs/1506.02640v5', readAt: 'search-tool file index, file 57109537838' },
  'yolo2': { id: 'yolo2', what: 'arXiv:1612.08242 (YOLO9000), text of the HTML and of the PDF', url: 'https://arxiv.org/abs/1612.08242', readAt: 'search-tool file index, files 52461607939 and 44528383372' },
  'yolo3-v1': { id: 'yolo3-v1', what: 'arXiv:1804.02767v1 (YOLOv3), text of the PDF', url: 'https://arxiv.org/abs/1804.02767v1', readAt: 'search-tool file index, file 56672742382' },
  'rcnn-v5': { id: 'rcnn-v5', what: 'arXiv:1311.2524v5 (R-CNN), text of the PDF; abstract', url: 'https://arxiv.org/abs/1311.2524v5', readAt: 'search-tool file index, file 57910989235; abstract: https://www.sciencestack.ai/arxiv/1311.2524v5' },
  'fastrcnn': { id: 'fastrcnn', what: 'arXiv:1504.08083 (Fast R-CNN), text of the PDF', url: 'https://arxiv.org/abs/1504.08083', readAt: 'search-tool file index, file 57148429447' },
  'fasterrcnn-v3': { id: 'fasterrcnn-v3', what: 'arXiv:1506.01497v3 (Faster R-CNN, journal version), text of the PDF; v1 abstract', url: 'https://arxiv.org/abs/1506.01497v3', readAt: 'search-tool file index, files 57951197951 and 67270309469; v1 abstract: https://www.scilit.net/publications/ee0d3e1882f93207f39dcef168cff58b' },
  'resnet': { id: 'resnet', what: 'arXiv:1512.03385 (ResNet), text of the PDF incl. the detection appendix', url: 'https://arxiv.org/abs/1512.03385', readAt: 'search-tool file index, files 54626791906 and 69536130757' },
  'rfcn-abs': { id: 'rfcn-abs', what: 'arXiv:1605.06409v2 (R-FCN), abstract (read in session 3)', url: 'https://arxiv.org/abs/1605.06409v2', readAt: 'the arXiv abstract page' },
  'maskrcnn': { id: 'maskrcnn', what: 'arXiv:1703.06870 (Mask R-CNN), text of the PDF', url: 'https://arxiv.org/abs/1703.06870', readAt: 'search-tool file index, files 58105302506 and 67552402709' },
  'voc-pages': { id: 'voc-pages', what: 'the official VOC2007 and VOC2012 pages\' dataset sentences, as quoted word for word in several repositories (no copy of the pages themselves was found)', url: 'http://host.robots.ox.ac.uk/pascal/VOC/voc2012/', readAt: 'search-tool file index, files 6811980502, 20421348389, 15183051834' },
  'coco-pages': { id: 'coco-pages', what: 'cocodataset.org\'s detection challenge and detection-eval pages, as quoted word for word in several repositories', url: 'https://cocodataset.org/#detection-eval', readAt: 'search-tool file index, files 6811980502, 15331878423, 31548863496' },
} as const satisfies Record<string, SourceCopy>;

export type CopyId = keyof typeof COPIES;

/**
 * A number and where it comes from; `value: null` = the source gives no such number. `checked: true` =
 * the value (or, for null, the absence) was found in a copy of the source's text: `where` names the table
 * or section, `copy` the copy read. `checked: false` = written by an earlier session (or the lecture's
 * value carried over) and NOT found in a copy here; `why` says what was looked for. The page marks those.
 */
export type Figure =
  | { readonly value: number | null; readonly source: SourceId; readonly checked: true; readonly where: string; readonly copy: CopyId }
  | { readonly value: number | null; readonly source: SourceId; readonly checked: false; readonly why: string };

const chk = (value: number | null, source: SourceId, where: string, copy: CopyId): Figure => ({ value, source, checked: true, where, copy });
const unchecked = (value: number | null, source: SourceId, why: string): Figure => ({ value, source, checked: false, why });

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
  // DPM v5's 33.7 is the R-CNN paper's DPM baseline on VOC07 test; the YOLO paper (arXiv v5) lists 100Hz/30Hz DPM and Fastest DPM, not DPM v5.
  { id: 'dpm5', name: 'DPM v5', lectureMap: 33.7, lectureFps: 0.07, primaryMap: chk(33.7, 'rcnn', 'Table 2 (VOC 2007 test), row "DPM v5"; §3.2 text', 'rcnn-v5'), primaryFps: unchecked(0.07, 'dpm5', 'no speed for DPM v5 in Table 1 of the YOLO paper (arXiv v5) nor in the R-CNN paper; the DPM release notes were not found'), discrepancy: false },
  // R-CNN's 66.0 is the VGG16 ("O-Net") model with box regression; the Fast R-CNN paper times that model at 47 s/image.
  { id: 'rcnn', name: 'R-CNN (VGG16)', lectureMap: 66.0, lectureFps: 0.05, primaryMap: chk(66.0, 'rcnn', 'Table 3, row "R-CNN O-Net BB"', 'rcnn-v5'), primaryFps: chk(1 / 47, 'fastrcnn', 'Table 4: R-CNN, model L, test rate 47.0 s/im (K40)', 'fastrcnn'), discrepancy: true },
  { id: 'fastrcnn', name: 'Fast R-CNN', lectureMap: 70.0, lectureFps: 0.5, primaryMap: chk(70.0, 'fastrcnn', 'Table 1, row "FRCN [ours]", 07+12', 'fastrcnn'), primaryFps: chk(0.5, 'fasterrcnn', 'Table 5: VGG, SS + Fast R-CNN, 1830 ms, 0.5 fps', 'fasterrcnn-v3'), discrepancy: false },
  { id: 'fasterrcnn', name: 'Faster R-CNN (VGG16)', lectureMap: 73.2, lectureFps: 7, primaryMap: chk(73.2, 'fasterrcnn', 'Table 6 (RPN, 300 boxes, 07+12); v1 abstract', 'fasterrcnn-v3'), primaryFps: chk(5, 'fasterrcnn', 'Table 5: VGG, RPN + Fast R-CNN, 198 ms, 5 fps', 'fasterrcnn-v3'), discrepancy: true },
  { id: 'frcnn-resnet', name: 'Faster R-CNN (ResNet-101)', lectureMap: 76.4, lectureFps: null, primaryMap: chk(76.4, 'resnet', 'Table 10, row "baseline ResNet-101", 07+12', 'resnet'), primaryFps: chk(5, 'yolo2', 'Table 3, row "Faster R-CNN ResNet"', 'yolo2'), discrepancy: false },
  { id: 'frcnn-resnet-coco', name: 'Faster R-CNN (ResNet-101) + COCO', lectureMap: 83.8, lectureFps: null, primaryMap: chk(85.6, 'resnet', 'Table 10, row "baseline+++", COCO+07+12 (83.8 is Table 11, VOC 2012)', 'resnet'), primaryFps: unchecked(null, 'resnet', 'the ResNet paper\'s detection tables give no speed; not looked up further'), discrepancy: true },
  { id: 'rfcn', name: 'R-FCN (ResNet-101)', lectureMap: 83.6, lectureFps: 6, primaryMap: chk(83.6, 'rfcn', 'abstract: 83.6 % on VOC 2007 with ResNet-101', 'rfcn-abs'), primaryFps: chk(1 / 0.17, 'rfcn', 'abstract: 170 ms per image', 'rfcn-abs'), discrepancy: true },
  { id: 'yolo', name: 'YOLO', lectureMap: 63.4, lectureFps: 45, primaryMap: chk(63.4, 'yolo', 'Table 1, row "YOLO", 2007+2012', 'yolo-v5'), primaryFps: chk(45, 'yolo', 'Table 1, row "YOLO"', 'yolo-v5'), discrepancy: false },
  { id: 'yolo2', name: 'YOLOv2 (544×544)', lectureMap: 78.6, lectureFps: 40, primaryMap: chk(78.6, 'yolo2', 'Table 3, row "YOLOv2 544 × 544"', 'yolo2'), primaryFps: chk(40, 'yolo2', 'Table 3, row "YOLOv2 544 × 544"', 'yolo2'), discrepancy: false },
  { id: 'yolo3', name: 'YOLOv3', lectureMap: 83.1, lectureFps: 30, primaryMap: chk(null, 'yolo3', 'the report\'s results are COCO only (Fig. 1, Table 3); no VOC number', 'yolo3-v1'), primaryFps: chk(null, 'yolo3', 'Fig. 1: 22 / 29 / 51 ms at 320 / 416 / 608 (COCO); no 30 FPS figure', 'yolo3-v1'), discrepancy: true },
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
  { id: 'rcnn', name: 'R-CNN (AlexNet, BB)', data: '12', map: chk(53.3, 'rcnn', 'abstract (53.3 % on VOC 2012)', 'rcnn-v5') },
  { id: 'yolo', name: 'YOLO', data: '07++12', map: chk(57.9, 'yolo', 'Table 3 and §4.4', 'yolo-v5') },
  { id: 'fastrcnn', name: 'Fast R-CNN (VGG16)', data: '07++12', map: chk(68.4, 'fastrcnn', 'Table 3, row "FRCN [ours]", 07++12', 'fastrcnn') },
  { id: 'fasterrcnn', name: 'Faster R-CNN (VGG16)', data: '07++12', map: chk(70.4, 'fasterrcnn', 'Table 4, "RPN+VGG, shared", 07++12; v1 abstract', 'fasterrcnn-v3') },
  { id: 'yolo2', name: 'YOLOv2 (544×544)', data: '07++12', map: chk(73.4, 'yolo2', '§2 "Further Experiments" and Table 4', 'yolo2') },
  { id: 'frcnn-resnet', name: 'Faster R-CNN (ResNet-101)', data: '07++12', map: chk(73.8, 'resnet', 'Table 11, row "baseline ResNet-101", 07++12', 'resnet') },
  { id: 'frcnn-resnet-coco', name: 'Faster R-CNN (ResNet-101), VOC + COCO', data: '07++12 + COCO', map: chk(83.8, 'resnet', 'appendix text "83.8 % on PASCAL VOC 2012 (Table 11)"', 'resnet') },
];

/** Dataset facts: the lecture's figure and the primary one. */
export interface DatasetFact {
  readonly id: string;
  readonly lecture: number | string;
  /** null = no primary figure is shown (see the note). */
  readonly primary: Figure | null;
  readonly discrepancy: boolean;
}

export const DATASET_FACTS: readonly DatasetFact[] = [
  { id: 'voc-classes', lecture: 20, primary: chk(20, 'voc', 'VOC2012 page: "20 classes"', 'voc-pages'), discrepancy: false },
  { id: 'voc-images', lecture: 11530, primary: chk(9963, 'voc', 'VOC2007 page: 9,963 images (train/val/test); VOC2012 page: 11,530 trainval images', 'voc-pages'), discrepancy: true },
  { id: 'voc-objects', lecture: 27450, primary: chk(24640, 'voc', 'VOC2007 page: 24,640 annotated objects; VOC2012 page: 27,450 ROI annotated objects', 'voc-pages'), discrepancy: true },
  { id: 'coco-classes', lecture: 80, primary: chk(80, 'coco', 'detection challenge page: "80 object categories"', 'coco-pages'), discrepancy: false },
  { id: 'coco-images', lecture: 117261, primary: unchecked(118287, 'coco', 'the count of train2017 images as widely reported; cocodataset.org only says "118K" and no official copy with the exact count was found'), discrepancy: true },
  { id: 'coco-instances', lecture: 902435, primary: null, discrepancy: false },
  { id: 'coco-metric', lecture: 'AP@[.50:.95]', primary: null, discrepancy: false },
  { id: 'maskrcnn-ap', lecture: 41, primary: chk(37.1, 'maskrcnn', 'Table 1 (mask AP, COCO test-dev), ResNeXt-101-FPN; ResNet-101-FPN 35.7', 'maskrcnn'), discrepancy: true },
];

/** Every figure the page shows from a primary source, with where it appears (for the invariants and the page). */
export function allFigures(): { readonly table: 'voc07' | 'voc12' | 'facts'; readonly id: string; readonly field: string; readonly figure: Figure }[] {
  return [
    ...VOC07_ROWS.flatMap((r) => [
      { table: 'voc07' as const, id: r.id, field: 'map', figure: r.primaryMap },
      { table: 'voc07' as const, id: r.id, field: 'fps', figure: r.primaryFps },
    ]),
    ...VOC12_ROWS.map((r) => ({ table: 'voc12' as const, id: r.id, field: 'map', figure: r.map })),
    ...DATASET_FACTS.flatMap((f) => (f.primary ? [{ table: 'facts' as const, id: f.id, field: 'value', figure: f.primary }] : [])),
  ];
}

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
