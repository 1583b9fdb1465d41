/**
 * Class names and colour maps of the semantic-segmentation datasets the app can show: PASCAL VOC
 * 2012 (21 classes with background), Cityscapes (19 training classes) and ADE20K (150 classes plus
 * 0 = "other"), as used by DeepLab v3 (`@tensorflow-models/deeplab`, whose config follows the
 * colour maps of tensorflow/models research/deeplab/utils/get_dataset_colormap.py), and the
 * two-class person/background maps of the portrait models. Pure data + tiny helpers.
 */

export type Rgb = readonly [number, number, number];

export type DatasetId = 'person' | 'pascal' | 'cityscapes' | 'ade20k' | 'shapes';

export interface SegDataset {
  readonly id: DatasetId;
  /** English class names, index = class id in the model output. */
  readonly labels: readonly string[];
  /** Colour of each class id (same length as `labels`). */
  readonly colors: readonly Rgb[];
  /** Class id of "person" (what blur and cut-out keep). */
  readonly personClass: number;
  /** Label id ignored by the evaluation (VOC's object borders), or -1. */
  readonly ignoreIndex: number;
}

/** VOC's colour of the ignored label 255 ("void": object borders and difficult pixels). */
export const VOC_VOID_COLOR: Rgb = [224, 224, 192];
export const VOC_IGNORE_INDEX = 255;

/**
 * The PASCAL VOC colour map: bits of the class id spread over the high bits of R, G and B
 * (bit 0 → R, bit 1 → G, bit 2 → B, from bit 7 downwards). The palette of VOC's annotation PNGs.
 */
export function pascalColor(id: number): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  let c = id;
  for (let shift = 7; shift >= 0 && c > 0; shift--) {
    r |= (c & 1) << shift;
    g |= ((c >> 1) & 1) << shift;
    b |= ((c >> 2) & 1) << shift;
    c >>= 3;
  }
  return [r, g, b];
}

export const PASCAL_LABELS: readonly string[] = [
  'background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
];

export const CITYSCAPES_LABELS: readonly string[] = [
  'road', 'sidewalk', 'building', 'wall', 'fence', 'pole', 'traffic light', 'traffic sign', 'vegetation',
  'terrain', 'sky', 'person', 'rider', 'car', 'truck', 'bus', 'train', 'motorcycle', 'bicycle',
];

export const CITYSCAPES_COLORS: readonly Rgb[] = [
  [128, 64, 128], [244, 35, 232], [70, 70, 70], [102, 102, 156], [190, 153, 153], [153, 153, 153],
  [250, 170, 30], [220, 220, 0], [107, 142, 35], [152, 251, 152], [70, 130, 180], [220, 20, 60],
  [255, 0, 0], [0, 0, 142], [0, 0, 70], [0, 60, 100], [0, 80, 100], [0, 0, 230], [119, 11, 32],
];

/** Index 0 is "other" (pixels of none of the 150 classes). */
export const ADE20K_LABELS: readonly string[] = [
  'other', 'wall', 'building', 'sky', 'floor', 'tree', 'ceiling', 'road', 'bed', 'windowpane', 'grass',
  'cabinet', 'sidewalk', 'person', 'earth', 'door', 'table', 'mountain', 'plant', 'curtain', 'chair', 'car',
  'water', 'painting', 'sofa', 'shelf', 'house', 'sea', 'mirror', 'rug', 'field', 'armchair', 'seat',
  'fence', 'desk', 'rock', 'wardrobe', 'lamp', 'bathtub', 'railing', 'cushion', 'base', 'box', 'column',
  'signboard', 'chest of drawers', 'counter', 'sand', 'sink', 'skyscraper', 'fireplace', 'refrigerator',
  'grandstand', 'path', 'stairs', 'runway', 'case', 'pool table', 'pillow', 'screen door', 'stairway',
  'river', 'bridge', 'bookcase', 'blind', 'coffee table', 'toilet', 'flower', 'book', 'hill', 'bench',
  'countertop', 'stove', 'palm', 'kitchen island', 'computer', 'swivel chair', 'boat', 'bar',
  'arcade machine', 'hovel', 'bus', 'towel', 'light', 'truck', 'tower', 'chandelier', 'awning',
  'streetlight', 'booth', 'television receiver', 'airplane', 'dirt track', 'apparel', 'pole', 'land',
  'bannister', 'escalator', 'ottoman', 'bottle', 'buffet', 'poster', 'stage', 'van', 'ship', 'fountain',
  'conveyer belt', 'canopy', 'washer', 'plaything', 'swimming pool', 'stool', 'barrel', 'basket',
  'waterfall', 'tent', 'bag', 'minibike', 'cradle', 'oven', 'ball', 'food', 'step', 'tank', 'trade name',
  'microwave', 'pot', 'animal', 'bicycle', 'lake', 'dishwasher', 'screen', 'blanket', 'sculpture', 'hood',
  'sconce', 'vase', 'traffic light', 'tray', 'ashcan', 'fan', 'pier', 'crt screen', 'plate', 'monitor',
  'bulletin board', 'shower', 'radiator', 'glass', 'clock', 'flag',
];

export const ADE20K_COLORS: readonly Rgb[] = [
  [0, 0, 0], [120, 120, 120], [180, 120, 120], [6, 230, 230], [80, 50, 50], [4, 200, 3], [120, 120, 80],
  [140, 140, 140], [204, 5, 255], [230, 230, 230], [4, 250, 7], [224, 5, 255], [235, 255, 7], [150, 5, 61],
  [120, 120, 70], [8, 255, 51], [255, 6, 82], [143, 255, 140], [204, 255, 4], [255, 51, 7], [204, 70, 3],
  [0, 102, 200], [61, 230, 250], [255, 6, 51], [11, 102, 255], [255, 7, 71], [255, 9, 224], [9, 7, 230],
  [220, 220, 220], [255, 9, 92], [112, 9, 255], [8, 255, 214], [7, 255, 224], [255, 184, 6], [10, 255, 71],
  [255, 41, 10], [7, 255, 255], [224, 255, 8], [102, 8, 255], [255, 61, 6], [255, 194, 7], [255, 122, 8],
  [0, 255, 20], [255, 8, 41], [255, 5, 153], [6, 51, 255], [235, 12, 255], [160, 150, 20], [0, 163, 255],
  [140, 140, 140], [250, 10, 15], [20, 255, 0], [31, 255, 0], [255, 31, 0], [255, 224, 0], [153, 255, 0],
  [0, 0, 255], [255, 71, 0], [0, 235, 255], [0, 173, 255], [31, 0, 255], [11, 200, 200], [255, 82, 0],
  [0, 255, 245], [0, 61, 255], [0, 255, 112], [0, 255, 133], [255, 0, 0], [255, 163, 0], [255, 102, 0],
  [194, 255, 0], [0, 143, 255], [51, 255, 0], [0, 82, 255], [0, 255, 41], [0, 255, 173], [10, 0, 255],
  [173, 255, 0], [0, 255, 153], [255, 92, 0], [255, 0, 255], [255, 0, 245], [255, 0, 102], [255, 173, 0],
  [255, 0, 20], [255, 184, 184], [0, 31, 255], [0, 255, 61], [0, 71, 255], [255, 0, 204], [0, 255, 194],
  [0, 255, 82], [0, 10, 255], [0, 112, 255], [51, 0, 255], [0, 194, 255], [0, 122, 255], [0, 255, 163],
  [255, 153, 0], [0, 255, 10], [255, 112, 0], [143, 255, 0], [82, 0, 255], [163, 255, 0], [255, 235, 0],
  [8, 184, 170], [133, 0, 255], [0, 255, 92], [184, 0, 255], [255, 0, 31], [0, 184, 255], [0, 214, 255],
  [255, 0, 112], [92, 255, 0], [0, 224, 255], [112, 224, 255], [70, 184, 160], [163, 0, 255], [153, 0, 255],
  [71, 255, 0], [255, 0, 163], [255, 204, 0], [255, 0, 143], [0, 255, 235], [133, 255, 0], [255, 0, 235],
  [245, 0, 255], [255, 0, 122], [255, 245, 0], [10, 190, 212], [214, 255, 0], [0, 204, 255], [20, 0, 255],
  [255, 255, 0], [0, 153, 255], [0, 41, 255], [0, 255, 204], [41, 0, 255], [41, 255, 0], [173, 0, 255],
  [0, 245, 255], [71, 0, 255], [122, 0, 255], [0, 255, 184], [0, 92, 255], [184, 255, 0], [0, 133, 255],
  [255, 214, 0], [25, 194, 194], [102, 255, 0], [92, 0, 255],
];

export const PERSON_LABELS: readonly string[] = ['background', 'person'];

/** Same names and colours as core/segSynth.ts's SEG_CLASS_NAMES / SEG_CLASS_COLORS (a test checks). */
export const SHAPES_LABELS: readonly string[] = ['background', 'disk', 'square', 'triangle'];
export const SHAPES_COLORS: readonly Rgb[] = [[40, 40, 48], [230, 75, 60], [60, 160, 230], [245, 200, 40]];

export const DATASETS: Readonly<Record<DatasetId, SegDataset>> = {
  person: { id: 'person', labels: PERSON_LABELS, colors: [[0, 0, 0], [0, 200, 255]], personClass: 1, ignoreIndex: -1 },
  pascal: {
    id: 'pascal',
    labels: PASCAL_LABELS,
    colors: PASCAL_LABELS.map((_, i) => pascalColor(i)),
    personClass: 15,
    ignoreIndex: VOC_IGNORE_INDEX,
  },
  cityscapes: { id: 'cityscapes', labels: CITYSCAPES_LABELS, colors: CITYSCAPES_COLORS, personClass: 11, ignoreIndex: -1 },
  ade20k: { id: 'ade20k', labels: ADE20K_LABELS, colors: ADE20K_COLORS, personClass: 13, ignoreIndex: -1 },
  /** The synthetic shapes of core/segSynth.ts (the "train your own" nets); no person class. */
  shapes: { id: 'shapes', labels: SHAPES_LABELS, colors: SHAPES_COLORS, personClass: -1, ignoreIndex: -1 },
};

/** Colour of a class id; ignored / unknown ids get VOC's void colour. */
export function classColor(dataset: SegDataset, id: number): Rgb {
  return dataset.colors[id] ?? VOC_VOID_COLOR;
}

/** `rgb(r, g, b)` for CSS. */
export function cssColor([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}
