import { describe, expect, it } from 'vitest';
import { bool, num, oneOf, readState, writeState } from '../../src/core/urlState';

const schema = { score: num(0.5, 0, 1), max: num(20, 1, 100, true), agnostic: bool(false), post: oneOf(['a', 'b'] as const, 'a') };

describe('URL state', () => {
  it('defaults when absent or invalid; clamps and rounds numbers', () => {
    expect(readState(schema, new URLSearchParams(''))).toEqual({ score: 0.5, max: 20, agnostic: false, post: 'a' });
    const s = readState(schema, new URLSearchParams('score=7&max=3.6&agnostic=yes&post=zzz'));
    expect(s).toEqual({ score: 1, max: 4, agnostic: false, post: 'a' });
    expect(readState(schema, new URLSearchParams('score=&max=abc')).score).toBe(0.5);
    expect(readState(schema, new URLSearchParams('agnostic=1&post=b'))).toMatchObject({ agnostic: true, post: 'b' });
  });
  it('writes only non-defaults and keeps unrelated keys; round-trips', () => {
    const q = writeState(schema, { score: 0.3, max: 20, agnostic: true, post: 'a' }, new URLSearchParams('other=x&max=50'));
    expect(q.toString()).toBe('other=x&score=0.3&agnostic=1');
    expect(readState(schema, q)).toEqual({ score: 0.3, max: 20, agnostic: true, post: 'a' });
  });
});
