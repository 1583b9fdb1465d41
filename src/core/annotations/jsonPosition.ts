/**
 * Where a JSON text first goes wrong, as line and column. `JSON.parse` in current V8 often says only
 * "Unexpected token ..., is not valid JSON" with no position; this scanner finds it.
 */

export interface JsonSyntaxIssue {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Undefined when the text is valid JSON. Iterative (no recursion limit on deep nesting). */
export function findJsonSyntaxError(text: string): JsonSyntaxIssue | undefined {
  let p = 0;
  const n = text.length;
  const issue = (offset: number, message: string): JsonSyntaxIssue => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { offset, line, column: offset - before.lastIndexOf('\n'), message };
  };
  const ws = (): void => {
    while (p < n && (text[p] === ' ' || text[p] === '\t' || text[p] === '\n' || text[p] === '\r')) p++;
  };
  const found = (): string => (p >= n ? 'the end of the file' : JSON.stringify(text[p]));
  const str = (): JsonSyntaxIssue | undefined => {
    const start = p;
    p++;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 34) {
        p++;
        return undefined;
      }
      if (c < 0x20) return issue(p, 'control character (e.g. a line break) inside a string');
      if (c === 92) {
        const e = text[p + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(p + 2, p + 6))) return issue(p, 'bad \\u escape in a string');
          p += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return issue(p, 'bad escape in a string');
        p += 2;
        continue;
      }
      p++;
    }
    return issue(start, 'string is never closed');
  };
  const num = (): JsonSyntaxIssue | undefined => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(p, p + 400));
    if (!m || m[0] === '' || m[0] === '-') return issue(p, `unexpected ${found()}`);
    p += m[0].length;
    return undefined;
  };
  const key = (): JsonSyntaxIssue | undefined => {
    ws();
    if (text[p] !== '"') return issue(p, `expected a property name in double quotes, found ${found()}`);
    const e = str();
    if (e) return e;
    ws();
    if (text[p] !== ':') return issue(p, `expected ":" after the property name, found ${found()}`);
    p++;
    return undefined;
  };
  const stack: string[] = [];
  let needValue = true;
  for (;;) {
    let e: JsonSyntaxIssue | undefined;
    if (needValue) {
      ws();
      const c = text[p];
      needValue = false;
      if (c === '{' || c === '[') {
        p++;
        ws();
        if (text[p] === (c === '{' ? '}' : ']')) p++;
        else {
          stack.push(c);
          needValue = true;
          if (c === '{') e = key();
        }
      } else if (c === '"') e = str();
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) e = num();
      else {
        const lit = ['true', 'false', 'null'].find((l) => text.startsWith(l, p));
        if (lit) p += lit.length;
        else e = issue(p, `expected a value, found ${found()}`);
      }
      if (e) return e;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    ws();
    const close = top === '{' ? '}' : ']';
    if (text[p] === close) {
      stack.pop();
      p++;
    } else if (text[p] === ',') {
      p++;
      needValue = true;
      if (top === '{') e = key();
      if (e) return e;
    } else return issue(p, `expected "," or "${close}", found ${found()}`);
  }
  ws();
  if (p < n) return issue(p, `unexpected ${found()} after the end of the JSON value`);
  return undefined;
}
