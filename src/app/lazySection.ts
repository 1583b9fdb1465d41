/**
 * A lazily imported page that can be imported again: React.lazy keeps a failed import (offline, a
 * chunk removed by a new deployment) forever, so `retry()` swaps in a fresh lazy component. The
 * section boundary (SectionBoundary.tsx) calls it from its Retry button.
 */
import { createElement, lazy, type ComponentType, type FunctionComponent, type LazyExoticComponent } from 'react';

export interface RetryableComponent extends FunctionComponent {
  /** Forget a failed import; the next render imports the chunk again. */
  retry(): void;
}

export function lazySection(load: () => Promise<{ default: ComponentType }>): RetryableComponent {
  let Current: LazyExoticComponent<ComponentType> = lazy(load);
  const Page = Object.assign(() => createElement(Current), { retry: () => undefined }) as RetryableComponent;
  Page.retry = () => {
    Current = lazy(load);
  };
  return Page;
}

/** Whether an error is a chunk that failed to load (offline, missing file), not a bug of the page. */
export function isChunkLoadError(e: unknown): boolean {
  const msg = e instanceof Error ? `${e.name} ${e.message}` : String(e);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported|Unable to preload CSS|ChunkLoadError|Failed to fetch/i.test(msg);
}
