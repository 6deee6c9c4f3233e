import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';

/**
 * GraphQL over HTTP semantics for the /graphql endpoint, so that off-the-shelf clients (urql, Apollo Client,
 * graphql-request, plain fetch) work with their defaults and `graphql-http`'s `auditServer` passes.
 *
 * Why Apollo's CSRF prevention is off (`csrfPrevention: false` in server.ts) without opening a cross-site hole:
 * - Credentials are only ever a bearer key in the `Authorization` header, never a cookie. A browser attaches that
 *   header to a cross-site request only after a CORS preflight, which this server does not grant (no CORS headers).
 *   So a cross-site page can send only anonymous requests.
 * - Writes need a key (every mutation calls `requireWriteAccess`), and mutations are never run over GET (Apollo
 *   answers 405). A cross-site form POST (`text/plain`, `application/x-www-form-urlencoded`, `multipart/form-data`)
 *   is not parsed as GraphQL: only `application/json` bodies are (400 otherwise).
 * - Reads are exactly as open as `REQUIRE_KEY_FOR_READS` says: when it is set, an anonymous cross-site GET is 401,
 *   and a cross-site page never sees a response body anyway (no CORS headers).
 */

type Media = { type: string; subtype: string; q: number; index: number };

function parseAccept(accept: string): Media[] {
  return accept.split(',').flatMap((part, index) => {
    const [range = '', ...params] = part.trim().split(';');
    const [type, subtype] = range.trim().toLowerCase().split('/');
    if (!type || !subtype) return [];
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return [{ type, subtype, q: Number.isFinite(q) ? q : 0, index }];
  });
}

/** Quality, specificity and position of the best Accept range matching `type/subtype` (null: not acceptable). */
function match(ranges: Media[], type: string, subtype: string): [number, number, number] | null {
  let best: [number, number, number] | null = null;
  for (const r of ranges) {
    const specificity =
      r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' ? 0 : -1;
    if (specificity < 0) continue;
    if (!best || specificity > best[1]) best = [r.q, specificity, r.index];
  }
  return best && best[0] > 0 ? best : null;
}

/**
 * Whether Apollo will answer `application/graphql-response+json` rather than `application/json` for this Accept
 * header (the same order of preference as Apollo's negotiation: quality, then specificity, then position in the
 * header; `application/json` wins ties and an absent header).
 */
export function prefersGraphqlResponseJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const gql = match(ranges, 'application', 'graphql-response+json');
  if (!gql) return false;
  const json = match(ranges, 'application', 'json');
  if (!json) return true;
  if (gql[0] !== json[0]) return gql[0] > json[0];
  if (gql[1] !== json[1]) return gql[1] > json[1];
  return gql[2] < json[2];
}

/** Error codes of a GraphQL request error raised before execution: the document or the variables are invalid. */
const requestErrorCodes = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

function isRequestError<T extends object>(ctx: GraphQLRequestContext<T>): boolean {
  const body = ctx.response.body;
  if (body?.kind !== 'single' || body.singleResult.data !== undefined) return false;
  const errors = body.singleResult.errors ?? [];
  return errors.length > 0 && errors.every((e) => requestErrorCodes.has(String(e.extensions?.code)));
}

/**
 * - Status codes: under `application/json` a well-formed request whose document fails to parse or validate, or
 *   whose variables do not coerce, is answered 200 with `errors` (GraphQL over HTTP, "application/json": legacy
 *   clients read the body whatever the status). Under `application/graphql-response+json` it stays 400.
 * - Cache headers for GET queries: `Cache-Control: public` (or `private` when the request carries a key or reads
 *   need one), `max-age=0, must-revalidate`, with `Vary: Accept, Authorization`; express adds a weak `ETag` and
 *   answers `If-None-Match` with 304. Results are computed on demand and change as runs complete, so a client always
 *   revalidates, and an unchanged answer costs no bytes. GET responses with errors are `no-store`.
 */
export function graphqlOverHttpPlugin<T extends object>(options: {
  requireKeyForReads: boolean;
}): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(ctx) {
          const http = ctx.request.http;
          if (!http) return;
          if (isRequestError(ctx) && !prefersGraphqlResponseJson(http.headers.get('accept'))) {
            ctx.response.http.status = 200;
          }
          if (http.method !== 'GET') return;
          const body = ctx.response.body;
          const failed = body?.kind !== 'single' || (body.singleResult.errors?.length ?? 0) > 0;
          const status = ctx.response.http.status ?? 200;
          if (failed || status >= 300) {
            ctx.response.http.headers.set('cache-control', 'no-store');
            return;
          }
          const keyed = options.requireKeyForReads || http.headers.has('authorization');
          ctx.response.http.headers.set('cache-control', `${keyed ? 'private' : 'public'}, max-age=0, must-revalidate`);
          ctx.response.http.headers.set('vary', 'Accept, Authorization');
        },
      };
    },
  };
}
