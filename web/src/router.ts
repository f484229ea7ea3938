/**
 * A tiny history-based router for the staff screens. The server answers every /app/* path with the
 * app's index page, so deep links and reloads work.
 */
import { useSyncExternalStore, type MouseEvent } from 'react';

export const BASE = '/app';

export type Route =
  | { name: 'worklist'; query: URLSearchParams }
  | { name: 'concern'; reference: string }
  | { name: 'dashboard' }
  | { name: 'import'; id: string | null }
  | { name: 'admin' }
  | { name: 'password' }
  | { name: 'login'; next: string | null }
  | { name: 'notFound' };

export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  if (path === '' || path === '/') return { name: 'worklist', query };
  if (path === '/dashboard' || path === '/dashboard/') return { name: 'dashboard' };
  if (path === '/import' || path === '/import/') return { name: 'import', id: query.get('id') || null };
  if (path === '/verwaltung' || path === '/verwaltung/') return { name: 'admin' };
  if (path === '/passwort' || path === '/passwort/') return { name: 'password' };
  if (path === '/login' || path === '/login/') return { name: 'login', next: query.get('weiter') };
  const m = /^\/anliegen\/([^/]+)\/?$/.exec(path);
  if (m?.[1]) {
    try {
      return { name: 'concern', reference: decodeURIComponent(m[1]) };
    } catch {
      return { name: 'notFound' };
    }
  }
  return { name: 'notFound' };
}

export const paths = {
  worklist: (query?: URLSearchParams) => {
    const q = query?.toString();
    return `${BASE}/${q ? `?${q}` : ''}`;
  },
  dashboard: () => `${BASE}/dashboard`,
  /** The import page; with an id it shows that import's progress and rejected rows. */
  imports: (id?: string) => `${BASE}/import${id ? `?id=${encodeURIComponent(id)}` : ''}`,
  admin: () => `${BASE}/verwaltung`,
  password: () => `${BASE}/passwort`,
  concern: (reference: string) => `${BASE}/anliegen/${encodeURIComponent(reference)}`,
  login: (next?: string) => `${BASE}/login${next ? `?weiter=${encodeURIComponent(next)}` : ''}`,
};

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

window.addEventListener('popstate', notify);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = location.pathname + location.search;
  if (to === current) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
}

/** Only accepts targets inside the app, so a crafted ?weiter= cannot send anyone elsewhere. */
export function safeAppPath(target: string | null): string {
  if (target && target.startsWith(`${BASE}/`) && !target.startsWith('//') && !target.includes('\\'))
    return target;
  return paths.worklist();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return location.pathname + location.search;
}

/** The current location (path + query); components re-render when it changes. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Left-click on an in-app link: navigate without a page load; modified clicks keep browser behaviour. */
export function handleLinkClick(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}
