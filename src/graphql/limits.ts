import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Context } from '../context.js';
import { AppError, isGraphQLError } from './errors.js';

/** Deepest selection nesting accepted (introspection excluded). */
export const MAX_DEPTH = 12;
/** Largest estimated cost accepted; see `costEstimator`. A full 500-image page with taxonomy fields is ~40k. */
export const MAX_COST = 100_000;
/** Assumed length of list fields that take no `first` (taxonomy lists, an image's questions). */
export const UNPAGED_LIST_FACTOR = 10;

/** Rejects operations nested deeper than MAX_DEPTH with QUERY_TOO_DEEP. */
export function depthLimitRule(max = MAX_DEPTH): ValidationRule {
  return (context) =>
    maxDepthRule({
      n: max,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [
        (_ctx, error) => {
          const found = /found (\d+)/.exec(error.message)?.[1];
          context.reportError(
            new AppError('QUERY_TOO_DEEP', `Query is nested ${found ?? 'too'} levels deep; the limit is ${max}.`, {
              limit: max,
              ...(found ? { found: Number(found) } : {}),
            }),
          );
        },
      ],
    })(context) as never;
}

/**
 * Cost of a field: 1 plus its children's cost, times `first` for paginated fields (the page can be that long)
 * and times UNPAGED_LIST_FACTOR for other list fields. The `edges`/`nodes` lists of a connection are not
 * multiplied again: their connection field already was.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name.endsWith('Connection')) return 1 + childComplexity;
  if (typeof args.first === 'number') return 1 + Math.max(0, args.first) * childComplexity;
  // Type printed as `[X]` or `[X]!`: string test, because graphql's isListType fails across the ESM/CJS copies.
  if (String(field.type).startsWith('[') && childComplexity > 0) return 1 + UNPAGED_LIST_FACTOR * childComplexity;
  return 1 + childComplexity;
};

/** Apollo plugin rejecting operations whose estimated cost exceeds MAX_COST with QUERY_TOO_COMPLEX. */
export function costLimitPlugin(schema: () => GraphQLSchema, max = MAX_COST): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema: schema(),
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [costEstimator],
            });
          } catch (error) {
            // Variables that do not coerce: execution reports them (BAD_USER_INPUT) before any resolver runs.
            if (isGraphQLError(error)) return;
            throw error;
          }
          if (cost > max) {
            throw new AppError(
              'QUERY_TOO_COMPLEX',
              `Query cost ${cost} exceeds the limit of ${max}; ask for fewer items (\`first\`) or fewer fields.`,
              { cost, limit: max },
            );
          }
        },
      };
    },
  };
}
