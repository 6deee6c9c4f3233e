import { useEffect, useState } from 'react';

/** The whole page state lives in the URL (path + query string): share a link, reload, go back. */
export type Location = { path: string; params: URLSearchParams };

function current(): Location {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

export function navigate(path: string, params?: URLSearchParams | Record<string, string>, replace = false): void {
  const search = params ? new URLSearchParams(params).toString() : '';
  const url = `${path}${search ? `?${search}` : ''}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const on = () => setLoc(current());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return loc;
}

/** Reads and writes one page's state in the query string; defaults are left out of the URL. */
export function useUrlState<T extends Record<string, string>>(defaults: T): [T, (patch: Partial<T>) => void] {
  const { path, params } = useLocation();
  const state = { ...defaults };
  for (const k of Object.keys(defaults)) {
    const v = params.get(k);
    if (v !== null) (state as Record<string, string>)[k] = v;
  }
  const set = (patch: Partial<T>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === defaults[k]) next.delete(k);
      else next.set(k, v as string);
    }
    navigate(path, next);
  };
  return [state, set];
}

export const list = (s: string): string[] => (s ? s.split(',').filter(Boolean) : []);
