import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { forgetFirstData } from './first-data.ts';

/** A tiny history router: enough for a dozen pages without a routing library. */

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}) {
  forgetFirstData();
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const l of listeners) l();
}

if (typeof window !== 'undefined')
  window.addEventListener('popstate', () => {
    forgetFirstData();
    for (const l of listeners) l();
  });

/** The address being rendered on the server (there is no `location` there). */
let serverUrl = new URL('http://localhost/');
export function setServerUrl(url: string) {
  serverUrl = new URL(url, 'http://localhost');
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  const where = typeof location === 'undefined' ? serverUrl : location;
  return { path: where.pathname, search: new URLSearchParams(where.search) };
}

/** Matches "/c/:slug/fund" against a path; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const want = p[i] as string;
    const got = s[i] as string;
    if (want.startsWith(':')) params[want.slice(1)] = decodeURIComponent(got);
    else if (want !== got) return null;
  }
  return params;
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
