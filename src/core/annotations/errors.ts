/** Every annotation parser throws this; the message reads `file: where: what`. */
import { EvalInputError } from '../eval/parse';

export class AnnotationError extends EvalInputError {
  constructor(file: string, where: string, message: string) {
    super(file, where, message);
    this.name = 'AnnotationError';
  }
}

export function isInputError(e: unknown): e is EvalInputError {
  return e instanceof EvalInputError;
}
