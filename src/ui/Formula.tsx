import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/**
 * KaTeX's strict mode warns in the console about Cyrillic letters in math mode (our formulas carry
 * Russian labels on purpose; KaTeX typesets them fine). Only that is silenced; anything else still warns.
 */
const strict = (code: string): 'ignore' | 'warn' => (code === 'unicodeTextInMathMode' ? 'ignore' : 'warn');

/**
 * A typeset formula (KaTeX, rendered to HTML + MathML, so screen readers get the MathML).
 * `tex` is trusted author text from the texts modules, never user input.
 */
export function Formula({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict }), [tex, display]);
  const Tag = display ? 'div' : 'span';
  return <Tag className={display ? 'formula formula-display' : 'formula'} dangerouslySetInnerHTML={{ __html: html }} />;
}
