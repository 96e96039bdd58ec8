import { OPERATIONS, type OperationName } from './operations';

/** An API answer that carries no data: its words, and the code when the API gave one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const KEY_STORAGE = 'mlsys-graph.key';

/** The learner key lives in this tab's session storage only: never in the URL, so a shared link never leaks it. */
export const learnerKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE) ?? '',
  set: (key: string) => (key ? sessionStorage.setItem(KEY_STORAGE, key) : sessionStorage.removeItem(KEY_STORAGE)),
};

/** Runs one of the app's operations over POST /graphql, as any third-party client would. */
export async function request<T>(
  name: OperationName,
  variables: Record<string, unknown> = {},
  options: { withKey?: boolean; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const key = options.withKey ? learnerKey.get() : '';
  if (key) headers.authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ operationName: name, query: OPERATIONS[name].document, variables }),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError('The API could not be reached. Check that the server is running, then try again.');
  }
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${res.status} without a GraphQL response.`);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code);
  if (!body.data) throw new ApiError(`The API answered HTTP ${res.status} with no data.`);
  return body.data;
}
