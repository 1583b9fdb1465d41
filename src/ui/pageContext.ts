/**
 * What the shell tells a mounted page: whether it is the page on screen. The shell keeps pages that were
 * visited mounted (hidden), so leaving a section keeps its photo, step and training progress; a hidden
 * page reads its own last route (see router.useRoute) and should pause what only matters on screen.
 */
import { createContext, useContext } from 'react';
import type { Route } from '../app/router';

export interface PageContextValue {
  /** The page is on screen. */
  readonly active: boolean;
  /** The route the page last had while on screen (its URL state while hidden). */
  readonly route: Route | null;
}

export const PageContext = createContext<PageContextValue>({ active: true, route: null });

export function usePageActive(): boolean {
  return useContext(PageContext).active;
}
