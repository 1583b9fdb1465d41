import { useCallback, useMemo } from 'react';
import { replaceQuery, useRoute } from '../app/router';
import { readState, writeState, type Schema } from '../core/urlState';

/** A page's typed demo state, read from and written to the hash query (shareable links). */
export function useUrlState<S>(schema: Schema<S>): [S, (patch: Partial<S>) => void] {
  const { query } = useRoute();
  const qs = query.toString();
  const state = useMemo(() => readState(schema, new URLSearchParams(qs)), [schema, qs]);
  const setState = useCallback(
    (patch: Partial<S>) => replaceQuery(writeState(schema, { ...state, ...patch }, new URLSearchParams(qs))),
    [schema, state, qs],
  );
  return [state, setState];
}
