/**
 * Demo state in the URL (the TensorFlow Playground idea): each page declares one typed table of
 * properties; `readState` parses a query with defaults and clamping, `writeState` writes only what
 * differs from the defaults, so a link holds exactly the lecturer's preset.
 */
export type Prop<T> =
  | { readonly kind: 'number'; readonly default: T & number; readonly min: number; readonly max: number; readonly integer?: boolean }
  | { readonly kind: 'boolean'; readonly default: T & boolean }
  | { readonly kind: 'enum'; readonly default: T & string; readonly values: readonly (T & string)[] };

export type Schema<S> = { readonly [K in keyof S]: Prop<S[K]> };

export function num(def: number, min: number, max: number, integer = false): Prop<number> {
  return { kind: 'number', default: def, min, max, integer };
}

export function bool(def: boolean): Prop<boolean> {
  return { kind: 'boolean', default: def };
}

export function oneOf<T extends string>(values: readonly T[], def: T): Prop<T> {
  return { kind: 'enum', default: def, values };
}

function parseProp<T>(p: Prop<T>, raw: string | null): T {
  if (raw === null) return p.default;
  switch (p.kind) {
    case 'number': {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) return p.default;
      const c = Math.min(p.max, Math.max(p.min, p.integer ? Math.round(v) : v));
      return c as T;
    }
    case 'boolean':
      return (raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : p.default) as T;
    case 'enum':
      return (p.values as readonly string[]).includes(raw) ? (raw as T) : p.default;
  }
}

export function readState<S>(schema: Schema<S>, query: URLSearchParams): S {
  const out = {} as S;
  for (const key of Object.keys(schema) as (keyof S & string)[]) out[key] = parseProp(schema[key], query.get(key));
  return out;
}

/** Writes the non-default values of `state` into a copy of `base` (other keys are kept). */
export function writeState<S>(schema: Schema<S>, state: S, base = new URLSearchParams()): URLSearchParams {
  const q = new URLSearchParams(base);
  for (const key of Object.keys(schema) as (keyof S & string)[]) {
    const v = state[key];
    if (v === schema[key].default) q.delete(key);
    else q.set(key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  return q;
}
