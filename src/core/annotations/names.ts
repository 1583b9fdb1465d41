/** Class names of other datasets → official COCO category ids. */
import { COCO_CATEGORIES } from '../cocoClasses';

/** PASCAL VOC names that differ from COCO's. */
export const VOC_TO_COCO_NAME: Readonly<Record<string, string>> = {
  aeroplane: 'airplane',
  motorbike: 'motorcycle',
  sofa: 'couch',
  tvmonitor: 'tv',
  diningtable: 'dining table',
  pottedplant: 'potted plant',
};

/** The 20 PASCAL VOC classes (the label set of a VOC dataset). */
export const VOC_CLASSES: readonly string[] = [
  'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
];

const ID_BY_NAME = new Map<string, number>(COCO_CATEGORIES.map(([id, name]) => [name, id]));

/** Lower case, `_`/`-` as spaces, single spaces: "Traffic_Light" → "traffic light". */
export function normalizeClassName(name: string): string {
  return name.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
}

/** COCO id of a class name (COCO or VOC spelling, any case, `_` for spaces), or undefined. */
export function cocoIdForName(name: string): number | undefined {
  const n = normalizeClassName(name);
  const direct = ID_BY_NAME.get(n);
  if (direct !== undefined) return direct;
  const voc = VOC_TO_COCO_NAME[n.replace(/ /g, '')];
  return voc !== undefined ? ID_BY_NAME.get(voc) : undefined;
}

export function cocoNameForId(id: number): string {
  return COCO_CATEGORIES.find(([i]) => i === id)?.[1] ?? String(id);
}

/** Collects boxes of classes without a COCO id. */
export class UnmappedCollector {
  private readonly map = new Map<string, { boxes: number; files: string[] }>();
  add(name: string, file: string, boxes = 1): void {
    const e = this.map.get(name) ?? { boxes: 0, files: [] };
    e.boxes += boxes;
    if (e.files.length < 5 && !e.files.includes(file)) e.files.push(file);
    this.map.set(name, e);
  }
  list(): { name: string; boxes: number; files: string[] }[] {
    return [...this.map.entries()].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.boxes - a.boxes || (a.name < b.name ? -1 : 1));
  }
}
