import { useEffect, useState } from 'preact/hooks';

/** The whole state of a page is its query string, so a shared link opens the same concept, plan or syllabus. */
export type Params = Record<string, string | undefined>;

const CHANGE = 'mlsys-graph:navigate';

export function currentParams(): Params {
  return Object.fromEntries(new URLSearchParams(location.search));
}

export function href(params: Params): string {
  const search = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  ).toString();
  return search ? `/?${search}` : '/';
}

export function navigate(params: Params, { replace = false } = {}): void {
  const url = href(params);
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  dispatchEvent(new Event(CHANGE));
}

export function useParams(): Params {
  const [params, setParams] = useState(currentParams);
  useEffect(() => {
    const update = () => setParams(currentParams());
    addEventListener('popstate', update);
    addEventListener(CHANGE, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(CHANGE, update);
    };
  }, []);
  return params;
}

/** Splits a comma-separated list parameter. */
export const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
