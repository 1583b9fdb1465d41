/**
 * A small, strict XML parser for annotation files (PASCAL VOC and alike). Pure TS: DOMParser exists
 * neither in Node nor in workers. Supports elements, attributes (single or double quotes), the five
 * predefined entities and numeric character references, comments, CDATA, processing instructions
 * and a DOCTYPE (skipped, internal subset included). No namespaces, no external entities.
 *
 * Every error is an `AnnotationError` naming the file, the line and the column.
 */
import { AnnotationError } from './errors';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside this element (entities decoded, CDATA included). */
  readonly text: string;
  /** 1-based position of the `<` of the start tag. */
  readonly line: number;
  readonly column: number;
}

interface MutableElement {
  name: string;
  attrs: Record<string, string>;
  children: MutableElement[];
  text: string;
  line: number;
  column: number;
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Deepest element nesting accepted (VOC needs 4). */
export const MAX_DEPTH = 256;

export function parseXml(text: string, file: string): XmlElement {
  let pos = 0;
  // line starts, for positions
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const where = (p: number): { line: number; column: number } => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: p - lineStarts[lo]! + 1 };
  };
  const fail = (p: number, message: string): never => {
    const { line, column } = where(p);
    throw new AnnotationError(file, `line ${line}, column ${column}`, message);
  };
  const show = (p: number): string => (p >= text.length ? 'the end of the file' : JSON.stringify(text.slice(p, p + 12)));

  const decode = (raw: string, start: number): string => {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&<\s]*);?/g, (whole: string, ent: string, off: number) => {
      const p = start + off;
      if (!whole.endsWith(';')) fail(p, `"&" must start an entity such as &amp; (write & as &amp;)`);
      if (ent.startsWith('#')) {
        const hex = ent[1] === 'x' || ent[1] === 'X';
        const digits = hex ? ent.slice(2) : ent.slice(1);
        const ok = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const cp = ok ? parseInt(digits, hex ? 16 : 10) : NaN;
        if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff) fail(p, `invalid character reference &${ent};`);
        return String.fromCodePoint(cp);
      }
      const v = PREDEFINED[ent];
      if (v === undefined) fail(p, `unknown entity &${ent}; (only &lt; &gt; &amp; &quot; &apos; and &#...; are allowed)`);
      return v!;
    });
  };

  const skipWs = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const readName = (what: string): string => {
    const start = pos;
    if (pos >= text.length || !NAME_START.test(text[pos]!)) fail(pos, `expected ${what}, found ${show(pos)}`);
    pos++;
    while (pos < text.length && NAME_CHAR.test(text[pos]!)) pos++;
    return text.slice(start, pos);
  };
  const expectClose = (close: string, from: number, what: string): number => {
    const end = text.indexOf(close, pos);
    if (end < 0) fail(from, `${what} is never closed (missing "${close}")`);
    return end;
  };

  /** Comments, PIs, DOCTYPE: skipped. Returns true when something was skipped. */
  const skipMisc = (allowDoctype: boolean): boolean => {
    if (text.startsWith('<!--', pos)) {
      const start = pos;
      pos += 4;
      const end = expectClose('-->', start, 'comment');
      if (text.slice(pos, end).includes('--')) fail(start, '"--" is not allowed inside a comment');
      pos = end + 3;
      return true;
    }
    if (text.startsWith('<?', pos)) {
      const start = pos;
      pos += 2;
      const target = readName('a processing instruction name');
      if (target.toLowerCase() === 'xml' && start !== 0 && text.slice(0, start).trim() !== '') {
        fail(start, 'the XML declaration <?xml ...?> must be at the very start of the file');
      }
      pos = expectClose('?>', start, 'processing instruction') + 2;
      return true;
    }
    if (text.startsWith('<!DOCTYPE', pos)) {
      if (!allowDoctype) fail(pos, 'a DOCTYPE is only allowed before the root element');
      const start = pos;
      let depth = 0;
      for (pos += 9; pos < text.length; pos++) {
        const c = text[pos];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) {
          pos++;
          return true;
        }
      }
      fail(start, 'DOCTYPE is never closed');
    }
    return false;
  };

  const parseElement = (depth = 0): MutableElement => {
    const start = pos;
    // a VOC file nests 4 levels; 100k-deep nesting would overflow the stack (issue #15): refuse it by name
    if (depth >= MAX_DEPTH) fail(start, `elements nested deeper than ${MAX_DEPTH} levels`);
    pos++; // '<'
    const name = readName('an element name after "<"');
    const { line, column } = where(start);
    const el: MutableElement = { name, attrs: {}, children: [], text: '', line, column };
    for (;;) {
      const before = pos;
      skipWs();
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (text[pos] === '>') {
        pos++;
        break;
      }
      if (pos >= text.length) fail(start, `start tag <${name}> is never closed (missing ">")`);
      if (pos === before) fail(pos, `expected whitespace, ">" or "/>" in <${name}>, found ${show(pos)}`);
      const attrPos = pos;
      const attr = readName(`an attribute name or ">" in <${name}>`);
      skipWs();
      if (text[pos] !== '=') fail(pos, `expected "=" after attribute ${attr} of <${name}>, found ${show(pos)}`);
      pos++;
      skipWs();
      const q = text[pos];
      if (q !== '"' && q !== "'") fail(pos, `the value of attribute ${attr} of <${name}> must be quoted`);
      const vStart = pos + 1;
      const vEnd = text.indexOf(q!, vStart);
      if (vEnd < 0) fail(pos, `the value of attribute ${attr} of <${name}> is never closed`);
      const raw = text.slice(vStart, vEnd);
      const lt = raw.indexOf('<');
      if (lt >= 0) fail(vStart + lt, `"<" is not allowed in the value of attribute ${attr}`);
      if (Object.prototype.hasOwnProperty.call(el.attrs, attr)) fail(attrPos, `attribute ${attr} appears twice in <${name}>`);
      el.attrs[attr] = decode(raw, vStart);
      pos = vEnd + 1;
    }
    // content
    for (;;) {
      if (pos >= text.length) fail(start, `element <${name}> is never closed (missing </${name}>)`);
      if (text.startsWith('</', pos)) {
        const closePos = pos;
        pos += 2;
        const closeName = readName('an element name after "</"');
        skipWs();
        if (text[pos] !== '>') fail(pos, `expected ">" to end </${closeName}>, found ${show(pos)}`);
        if (closeName !== name) {
          fail(closePos, `</${closeName}> does not match <${name}> opened at line ${line}, column ${column}`);
        }
        pos++;
        return el;
      }
      if (text.startsWith('<![CDATA[', pos)) {
        const s = pos;
        pos += 9;
        const end = expectClose(']]>', s, 'CDATA section');
        el.text += text.slice(pos, end);
        pos = end + 3;
        continue;
      }
      if (text[pos] === '<') {
        if (skipMisc(false)) continue;
        el.children.push(parseElement(depth + 1));
        continue;
      }
      const s = pos;
      const next = text.indexOf('<', pos);
      const end = next < 0 ? text.length : next;
      const raw = text.slice(s, end);
      const bad = raw.indexOf(']]>');
      if (bad >= 0) fail(s + bad, '"]]>" is not allowed in text');
      el.text += decode(raw, s);
      pos = end;
    }
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1; // BOM
  let root: MutableElement | undefined;
  for (;;) {
    skipWs();
    if (pos >= text.length) break;
    if (text[pos] !== '<') fail(pos, root ? `unexpected text after the root element </${root.name}>: ${show(pos)}` : `expected "<" (the file does not start with an XML element), found ${show(pos)}`);
    if (skipMisc(root === undefined)) continue;
    if (text.startsWith('</', pos)) fail(pos, 'closing tag without a matching start tag');
    if (root) fail(pos, `a second root element after </${root.name}> (an XML file has exactly one)`);
    root = parseElement();
  }
  if (!root) fail(pos, 'no XML element found (the file is empty)');
  return root!;
}

/** First child element named `name`, or undefined. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
