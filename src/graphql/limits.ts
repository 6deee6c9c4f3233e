import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { Kind, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Context } from '../context.js';
import { DomainError, formatPath } from '../errors.js';
import { AppError, isGraphQLError } from './errors.js';
import { assertFilterSize } from '../catalog/filter.js';
import { stableStringify } from '../loaders/keys.js';

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

/** Statistics fields: their work grows with resamples × slices × models, not with the selection. */
const STATISTICS_FIELDS = new Set(['results', 'compare', 'leaderboard']);
/** Base cost of one statistics field (its grouping SQL), before any resampling. */
export const STATISTICS_BASE_COST = 100;
/** Slices assumed per `groupBy` axis (μ-Bench axes have 2–24 values) and for a preset. */
export const SLICES_PER_AXIS = 10;
export const SLICES_PER_PRESET = 30;
/** Models assumed when a statistics field names none (all registered models). */
export const MODELS_WHEN_UNNAMED = 10;
/** Resample × slice × model draws that cost one point: 1,000 aliases × 100,000 resamples is far over MAX_COST. */
export const DRAWS_PER_POINT = 100;
/** Cost of a filter: per sub-filter, and per 100 list entries (each becomes a bound parameter). */
export const FILTER_NODE_COST = 10;
export const FILTER_VALUES_PER_POINT = 100;

/**
 * Estimated work of a `results` / `compare` / `leaderboard` field: STATISTICS_BASE_COST plus, where it resamples
 * (compare always; the others with a bootstrap interval), resamples × slices × models / DRAWS_PER_POINT, with
 * slices = SLICES_PER_AXIS^axes (or SLICES_PER_PRESET), plus marginals and the overall row.
 */
export function statisticsCost(fieldName: string, args: Record<string, unknown>): number {
  const axes = Array.isArray(args.groupBy) ? args.groupBy.length : 0;
  let slices = args.preset ? SLICES_PER_PRESET : SLICES_PER_AXIS ** Math.min(axes, 6);
  if (args.marginals === true) slices += SLICES_PER_AXIS * axes;
  if (args.overall === true || slices === 0) slices += 1;
  const models =
    fieldName === 'compare' ? 2 : Array.isArray(args.models) ? Math.max(1, args.models.length) : MODELS_WHEN_UNNAMED;
  const bootstraps = fieldName === 'compare' || (typeof args.interval === 'string' && args.interval !== 'WILSON');
  const resamples = typeof args.resamples === 'number' && args.resamples > 0 ? args.resamples : 0;
  const draws = bootstraps ? resamples * slices * models : slices * models;
  return STATISTICS_BASE_COST + Math.ceil(draws / DRAWS_PER_POINT);
}

/**
 * Cost of a field: 1 plus its children's cost, times `first` for paginated fields (the page can be that long)
 * and times UNPAGED_LIST_FACTOR for other list fields. The `edges`/`nodes` lists of a connection are not
 * multiplied again: their connection field already was. On top: `statisticsCost` for statistics fields, and for
 * an `ImageFilter` argument FILTER_NODE_COST per sub-filter plus one point per FILTER_VALUES_PER_POINT list
 * entries; a filter beyond its hard limits (`assertFilterSize`) is refused here, before anything runs.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  let own = 1;
  for (const arg of field.args) {
    if (String(arg.type) !== 'ImageFilter' || args[arg.name] == null) continue;
    const size = assertFilterSize(args[arg.name], [arg.name]);
    own += FILTER_NODE_COST * size.nodes + Math.ceil(size.values / FILTER_VALUES_PER_POINT);
  }
  if (STATISTICS_FIELDS.has(field.name)) own += statisticsCost(field.name, args);
  if (type.name.endsWith('Connection')) return own + childComplexity;
  if (typeof args.first === 'number') return own + Math.max(0, args.first) * childComplexity;
  // Type printed as `[X]` or `[X]!`: string test, because graphql's isListType fails across the ESM/CJS copies.
  if (String(field.type).startsWith('[') && childComplexity > 0) return own + UNPAGED_LIST_FACTOR * childComplexity;
  return own + childComplexity;
};

/**
 * Where a NUL character (U+0000) hides in `value` (a variables object or a document AST), as a path, or undefined.
 * PostgreSQL text cannot hold it; finding it here names the variable instead of failing in the driver.
 */
export function findNul(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (!value || typeof value !== 'object' || depth > 64) return undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value as Record<string, unknown>);
  for (const [key, child] of entries) {
    if (key === 'loc') continue;
    const found = findNul(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Arguments the cost never depends on: a cursor says where a page starts, not how much it holds. */
const COST_FREE_ARGUMENTS = new Set(['after', 'before']);

/** What a parsed document (Apollo hands the same object for a repeated query) needs per request, worked out once. */
type DocumentFacts = {
  /** A NUL character in a string literal of the document. */
  nul: boolean;
  /** Variables used only as cursors: left out of the cost cache key. */
  costFree: Set<string>;
  /** Cost by operation name and the other variables (at most COSTS_PER_DOCUMENT entries). */
  costs: Map<string, number | null>;
};
const COSTS_PER_DOCUMENT = 64;
const documentFacts = new WeakMap<DocumentNode, DocumentFacts>();

function factsOf(document: DocumentNode): DocumentFacts {
  let facts = documentFacts.get(document);
  if (facts) return facts;
  const cursorOnly = new Set<string>();
  const elsewhere = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.value.kind === Kind.VARIABLE && COST_FREE_ARGUMENTS.has(node.name.value)) {
        cursorOnly.add(node.value.name.value);
        return false;
      }
      return undefined;
    },
    Variable(node) {
      elsewhere.add(node.name.value);
    },
    VariableDefinition() {
      return false;
    },
  });
  facts = {
    nul: findNul(document.definitions) !== undefined,
    costFree: new Set([...cursorOnly].filter((name) => !elsewhere.has(name))),
    costs: new Map(),
  };
  documentFacts.set(document, facts);
  return facts;
}

/** Apollo plugin rejecting operations whose estimated cost exceeds MAX_COST with QUERY_TOO_COMPLEX. */
export function costLimitPlugin(schema: () => GraphQLSchema, max = MAX_COST): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const nulInVariables = findNul(request.variables ?? {});
          const facts = factsOf(document);
          if (nulInVariables || facts.nul) {
            const where = nulInVariables ? `$${formatPath(nulInVariables)}` : 'a string literal of the query';
            throw new AppError('BAD_USER_INPUT', `${where}: text may not contain NUL (\\u0000) characters`, {
              ...(nulInVariables ? { variablePath: nulInVariables } : {}),
              http: { status: 400 },
            });
          }
          const variables = request.variables ?? {};
          const key = stableStringify([
            request.operationName ?? null,
            Object.fromEntries(Object.entries(variables).filter(([name]) => !facts.costFree.has(name))),
          ]);
          let cost = facts.costs.get(key);
          if (cost === undefined) {
            cost = computeCost(schema(), document, variables, request.operationName ?? undefined);
            if (facts.costs.size >= COSTS_PER_DOCUMENT) facts.costs.clear();
            facts.costs.set(key, cost);
          }
          if (cost === null) return;
          if (cost > max) {
            throw new AppError(
              'QUERY_TOO_COMPLEX',
              `Query cost ${cost} exceeds the limit of ${max}; ask for fewer items (\`first\`), fewer fields, ` +
                'fewer resamples, groupBy axes or models, or a smaller filter.',
              { cost, limit: max },
            );
          }
        },
      };
    },
  };
}

/**
 * The estimated cost of an operation, or null when its variables do not coerce (execution then reports them,
 * BAD_USER_INPUT, before any resolver runs). A filter over its hard limits is refused with its own message and
 * path (400). A pure function of its arguments: the plugin caches it per document and variables.
 */
function computeCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): number | null {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [costEstimator] });
  } catch (error) {
    if (isGraphQLError(error)) return null;
    if (error instanceof DomainError) {
      throw new AppError(error.code, error.publicMessage, {
        ...(error.path ? { argumentPath: [...error.path] } : {}),
        http: { status: 400 },
      });
    }
    throw error;
  }
}
