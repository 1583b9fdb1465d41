/**
 * Boxes that parse but make no sense: non-finite numbers (1e300 overflowing, 1e400 = Infinity), width
 * or height ≤ 0, boxes outside their image, category ids the file does not define. Each is reported
 * with its position in the file (`annotations[i]`, the annotation id), for the CLI and the importers.
 */
import type { GroundTruth } from '../eval/types';

export type InvalidBoxProblem = 'not-finite' | 'non-positive-size' | 'outside-image' | 'unknown-category';

export interface InvalidBox {
  /** Index in `gt.annotations` (= `annotations[i]` of a COCO file). */
  readonly index: number;
  readonly id: number;
  readonly problem: InvalidBoxProblem;
  /** English, for logs: `annotations[3] (id 17): width or height <= 0 ([10, 10, -5, 30])`. */
  readonly message: string;
}

const WHY: Readonly<Record<InvalidBoxProblem, string>> = {
  'not-finite': 'a number is not finite',
  'non-positive-size': 'width or height <= 0',
  'outside-image': 'outside its image',
  'unknown-category': 'category_id not in categories[]',
};

/** Tolerance in pixels for boxes that stick out of their image (COCO has a few at +1 px). */
const SLACK = 1;

export function findInvalidBoxes(gt: GroundTruth): InvalidBox[] {
  const cats = new Set(gt.categories.map((c) => c.id));
  const sizes = new Map(gt.images.map((im) => [im.id, im]));
  const out: InvalidBox[] = [];
  gt.annotations.forEach((a, index) => {
    let problem: InvalidBoxProblem | null = null;
    const b = a.bbox;
    if (b) {
      const [x, y, w, h] = b;
      const im = sizes.get(a.imageId);
      if (![x, y, w, h].every(Number.isFinite)) problem = 'not-finite';
      else if (!(w > 0 && h > 0)) problem = 'non-positive-size';
      else if (im && im.width > 0 && im.height > 0 && (x < -SLACK || y < -SLACK || x + w > im.width + SLACK || y + h > im.height + SLACK)) problem = 'outside-image';
    }
    if (!problem && !cats.has(a.categoryId)) problem = 'unknown-category';
    if (problem) {
      const box = b ? ` ([${b.map((v) => String(v)).join(', ')}])` : '';
      out.push({ index, id: a.id, problem, message: `annotations[${index}] (id ${a.id}): ${WHY[problem]}${box}` });
    }
  });
  return out;
}
