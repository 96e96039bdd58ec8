import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from './api';
import type { OperationName } from './operations';
import { href, navigate, type Params } from './route';

/** An in-app link: a real href (open in a new tab, copy), navigated without a reload. */
export function Link({ to, children }: { to: Params; children: ComponentChildren }) {
  const url = href(to);
  return (
    <a
      href={url}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
        scrollTo(0, 0);
      }}
    >
      {children}
    </a>
  );
}

export const nodeLink = (id: string) => ({ page: 'node', id });

/** What any node is called: kinds name it by name, title, text or statement. */
export type Named = { id: string; name?: string; title?: string; text?: string; statement?: string };
export const labelOf = (node: Named) => node.name ?? node.title ?? node.text ?? node.statement ?? node.id;

export function NodeLink({ node }: { node: Named }) {
  return <Link to={nodeLink(node.id)}>{labelOf(node)}</Link>;
}

export function ErrorMessage({ error }: { error: unknown }) {
  const words = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError && error.code ? ` (${error.code})` : '';
  return (
    <p class="error" role="alert">
      {words}
      {code}
    </p>
  );
}

export type QueryState<T> = { data?: T; error?: unknown; loading: boolean };

/** Runs an operation whenever its variables change (null: not yet), dropping answers that arrive too late. */
export function useQuery<T>(
  name: OperationName,
  variables: Record<string, unknown> | null,
  options: { withKey?: boolean; refresh?: number } = {},
): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ loading: variables !== null });
  const key = variables === null ? null : JSON.stringify(variables);
  useEffect(() => {
    if (key === null) return setState({ loading: false });
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    request<T>(name, JSON.parse(key), { withKey: options.withKey, signal: controller.signal }).then(
      (data) => setState({ data, loading: false }),
      (error) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [name, key, options.refresh]);
  return state;
}

export function Status<T>({ state, children }: { state: QueryState<T>; children: (data: T) => ComponentChildren }) {
  return (
    <div aria-busy={state.loading}>
      {state.loading && <p class="muted">Loading…</p>}
      {state.error !== undefined && <ErrorMessage error={state.error} />}
      {state.data !== undefined && !state.error && children(state.data)}
    </div>
  );
}

/** Saves text as a file, as a browser download. */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A share of a whole, drawn as a bar and said in words. */
export function Bar({ label, value, total }: { label: string; value: number; total: number }) {
  const share = total ? Math.round((100 * value) / total) : 0;
  return (
    <div class="bar">
      <span>
        {label}: {value} of {total} ({share}%)
      </span>
      <span class="track" aria-hidden="true">
        <span class="fill" style={{ width: `${share}%` }} />
      </span>
    </div>
  );
}

export const hours = (h: number) => `${Math.round(h * 10) / 10} h`;
