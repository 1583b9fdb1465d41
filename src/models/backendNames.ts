/**
 * The tfjs backend names and the runtime's backend state, without importing tfjs: pages, the shell
 * and the backend picker read them before (or without) the ~1 MB tfjs chunk being downloaded.
 * `backend.ts` (which does import tfjs) re-exports them.
 */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(x: unknown): x is BackendName {
  return typeof x === 'string' && (BACKENDS as readonly string[]).includes(x);
}

export interface BackendAttempt {
  readonly name: BackendName;
  readonly ok: boolean;
  readonly error?: string;
}

export interface BackendState {
  readonly active: BackendName;
  readonly attempts: readonly BackendAttempt[];
}
