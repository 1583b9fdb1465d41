/**
 * Hand-rolled argument parsing of the evaluation CLIs (`eval.ts`, `eval-captions.ts`): exit code 2 with
 * the usage line on a UsageError, and an unreadable input file reported like a malformed one.
 */
import { readFileSync } from 'node:fs';
import { EvalInputError } from '../../src/core/eval';

/** Bad usage: the CLI prints the message and its usage line, and exits with 2. */
export class UsageError extends Error {}

/**
 * Walks `argv` once: `on(arg, value)` handles one argument (`value()` takes the next word, or throws
 * "<arg> needs a value") and returns false for one it does not know ("unknown argument <arg>").
 * `--help` / `-h` print `usage` and exit with 0.
 */
export function walkArgs(argv: readonly string[], usage: string, on: (arg: string, value: () => string) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    if (!on(a, value)) throw new UsageError(`unknown argument ${a}`);
  }
}

/** The bytes of an input file; one that cannot be read is an EvalInputError naming it (with the errno code). */
export function readInputBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new EvalInputError(file, '', `cannot read file${code ? ` (${code})` : ''}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The text of an input file (UTF-8); one that cannot be read is an EvalInputError naming it. */
export function readInputText(file: string): string {
  return readInputBytes(file).toString('utf8');
}
