/**
 * Messages a model worker posts outside comlink (no `id` field: comlink's listener ignores them), shared
 * by the worker and its page-side client without either importing the other's module.
 */

/** The WebGL backend's context in the worker was lost (`webglcontextlost` on its OffscreenCanvas). */
export const CONTEXT_LOST_MESSAGE = 'cvl:webgl-context-lost';

export interface ContextLostMessage {
  readonly type: typeof CONTEXT_LOST_MESSAGE;
}

export function isContextLostMessage(data: unknown): data is ContextLostMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === CONTEXT_LOST_MESSAGE;
}
