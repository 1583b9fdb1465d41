/**
 * Hash routing (`#/detection/live?score=0.4`), so the static build works from any folder.
 * Page state lives in the hash query, global settings (`lang`, `backend`) in `location.search`,
 * so every configuration is a link the lecturer can share.
 */
import { useContext, useSyncExternalStore } from 'react';
import { PageContext } from '../ui/pageContext';

export interface Route {
  readonly path: string;
  readonly query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q)) || '/';
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  window.addEventListener('popstate', cb);
  return () => {
    window.removeEventListener('hashchange', cb);
    window.removeEventListener('popstate', cb);
  };
}

const getHash = () => window.location.hash;

/**
 * The current route. Inside a page the shell keeps mounted while another is on screen, the page's own
 * last route, so its URL state does not change while hidden.
 */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  const page = useContext(PageContext);
  if (!page.active && page.route) return page.route;
  return parseHash(hash);
}

/** The route of the address bar, ignoring any page context (for the shell). */
export function useLiveRoute(): Route {
  return parseHash(useSyncExternalStore(subscribe, getHash, () => ''));
}

export function hrefFor(path: string, query?: URLSearchParams): string {
  const qs = query?.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** Replace the current page's hash query without adding a history entry (sliders move often). */
export function replaceQuery(query: URLSearchParams): void {
  const { path } = parseHash(window.location.hash);
  const url = `${window.location.pathname}${window.location.search}${hrefFor(path, query)}`;
  window.history.replaceState(window.history.state, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function setSearchParam(name: string, value: string): void {
  const params = new URLSearchParams(window.location.search);
  params.set(name, value);
  const url = `${window.location.pathname}?${params.toString()}${window.location.hash}`;
  window.history.replaceState(window.history.state, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useSearchParam(name: string): string | null {
  const search = useSyncExternalStore(subscribe, () => window.location.search, () => '');
  return new URLSearchParams(search).get(name);
}

