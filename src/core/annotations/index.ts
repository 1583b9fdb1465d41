/** Annotation formats (COCO JSON, PASCAL VOC XML, YOLO txt) → one dataset type the eval engine reads. Pure TS. */
export type { AnnotationFormat, AnnotationSet, UnmappedClass } from './types';
export { AnnotationError, isInputError } from './errors';
export { child, childrenNamed, parseXml, type XmlElement } from './xml';
export { VOC_CLASSES, VOC_TO_COCO_NAME, cocoIdForName, cocoNameForId, normalizeClassName } from './names';
export { parseCocoAnnotations } from './coco';
export { findJsonSyntaxError, type JsonSyntaxIssue } from './jsonPosition';
export { parseVocFiles, parseVocXml, type TextFile, type VocImage } from './voc';
export { isClassListName, parseClassList, parseYoloFiles, parseYoloLabels, type YoloBox } from './yolo';
export { detectFileFormat, parseAnnotationFiles } from './load';
export { fileBaseName, fileStem, groundTruthFor, matchImages, type ImageMatch } from './match';
export { findInvalidBoxes, type InvalidBox, type InvalidBoxProblem } from './validate';
