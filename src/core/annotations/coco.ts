/** COCO ground-truth JSON → the common `AnnotationSet` (the eval engine's own validating parser). */
import { cocoGroundTruthFromJson, parseJsonText } from '../eval/parse';
import { AnnotationError } from './errors';
import { findJsonSyntaxError } from './jsonPosition';
import type { AnnotationSet } from './types';

export function parseCocoAnnotations(text: string, file: string): AnnotationSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // V8 does not always say where the JSON breaks: find the spot ourselves
    const issue = findJsonSyntaxError(text);
    if (issue) throw new AnnotationError(file, `line ${issue.line}, column ${issue.column}`, `invalid JSON: ${issue.message}`);
    json = parseJsonText(text, file); // the scanner found nothing: the engine's own message
  }
  const gt = cocoGroundTruthFromJson(json, file);
  return { format: 'coco', sourceFiles: [file], gt, units: 'pixels', unmapped: [] };
}
