import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/**
 * A typeset formula (KaTeX, rendered to HTML + MathML, so screen readers get the MathML).
 * `tex` is trusted author text from the texts modules, never user input.
 */
export function Formula({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' }), [tex, display]);
  const Tag = display ? 'div' : 'span';
  return <Tag className={display ? 'formula formula-display' : 'formula'} dangerouslySetInnerHTML={{ __html: html }} />;
}
