/** The one dataset type every annotation format is parsed into; `gt` is what src/core/eval reads. */
import type { GroundTruth } from '../eval/types';

export type AnnotationFormat = 'coco' | 'voc' | 'yolo';

export interface UnmappedClass {
  /** The class name as written in the annotation files / class list. */
  readonly name: string;
  /** How many boxes had this class (they are left out of the evaluation). */
  readonly boxes: number;
  /** Up to a few file names where it occurs. */
  readonly files: readonly string[];
}

export interface AnnotationSet {
  readonly format: AnnotationFormat;
  /** Annotation files that were read (COCO: 1; VOC: one per image; YOLO: labels + the class list). */
  readonly sourceFiles: readonly string[];
  /**
   * COCO ground truth with official COCO category ids. Image `fileName`s are what the images are
   * matched by (VOC: `<filename>`, else the XML's name; YOLO: the label file's name, matched by stem).
   * With `units: 'normalized'` (YOLO) boxes are fractions of the image size and image sizes are 0
   * until `resolveImageSizes` fills them in from the decoded images.
   */
  readonly gt: GroundTruth;
  readonly units: 'pixels' | 'normalized';
  /** Classes that have no COCO counterpart: their boxes are not evaluated. */
  readonly unmapped: readonly UnmappedClass[];
  /** The class list file (YOLO) or format detail, for the UI to show. */
  readonly classListFile?: string;
}
