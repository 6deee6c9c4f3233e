import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from './gql/graphql';

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The API key for writes, kept for this browser tab only (sessionStorage), never in the URL. */
export const apiKey = {
  get: () => sessionStorage.getItem('stratum.apiKey') ?? '',
  set: (key: string) =>
    key ? sessionStorage.setItem('stratum.apiKey', key) : sessionStorage.removeItem('stratum.apiKey'),
};

/**
 * Runs a typed document against /graphql: queries as GET (cacheable: the server answers with an ETag), mutations
 * as POST with the bearer key. Throws GraphQLRequestError with the first error's message and code.
 */
export async function request<R, V>(doc: TypedDocumentString<R, V>, variables: V, signal?: AbortSignal): Promise<R> {
  const query = doc.toString();
  const isMutation = /^\s*mutation\b/.test(query);
  const key = apiKey.get();
  const headers: Record<string, string> = { accept: 'application/graphql-response+json, application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  let res: Response;
  if (isMutation) {
    headers['content-type'] = 'application/json';
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } else {
    const params = new URLSearchParams({ query, variables: JSON.stringify(variables ?? {}) });
    res = await fetch(`/graphql?${params}`, { headers, signal });
  }
  const body = (await res.json()) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new GraphQLRequestError(body.errors[0]!.message, body.errors[0]!.extensions?.code);
  if (!body.data) throw new GraphQLRequestError(`HTTP ${res.status}`);
  return body.data;
}

export type QueryState<R> = { data?: R; error?: Error; loading: boolean; refetch: () => void };

/**
 * Runs a query whenever its variables change (compared as JSON); keeps the last data while the next loads.
 * `poll(data)` returning a number of milliseconds refetches after that delay (live progress).
 */
export function useQuery<R, V>(
  doc: TypedDocumentString<R, V>,
  variables: V,
  options: { skip?: boolean; poll?: (data: R) => number | null } = {},
): QueryState<R> {
  const [state, setState] = useState<{ data?: R; error?: Error; loading: boolean }>({ loading: !options.skip });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  const pollRef = useRef(options.poll);
  pollRef.current = options.poll;
  useEffect(() => {
    if (options.skip) return;
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true }));
    request(doc, JSON.parse(key) as V, ctrl.signal).then(
      (data) => {
        setState({ data, loading: false });
        const delay = pollRef.current?.(data);
        if (delay != null) timer = setTimeout(() => setTick((t) => t + 1), delay);
      },
      (error: Error) => {
        if (!ctrl.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => {
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [doc, key, options.skip, tick]);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, refetch };
}
