import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { createRequire } from 'node:module';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { requireWriteAccess } from '../../context.js';
import { AppError } from '../errors.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

const dateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO 8601 instant',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${String(value)}`);
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
      throw new AppError('BAD_USER_INPUT', `DateTime: expected an ISO 8601 string, got ${JSON.stringify(value)}`);
    }
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime())) {
      throw new AppError('BAD_USER_INPUT', 'DateTime: expected an ISO 8601 string');
    }
    return new Date(ast.value);
  },
});

function literal(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw new AppError('BAD_USER_INPUT', 'JSON: unsupported literal');
  }
}

const json = new GraphQLScalarType({
  name: 'JSON',
  description: 'Arbitrary JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literal(ast, variables),
});

export const baseResolvers: Resolvers = {
  DateTime: dateTime,
  JSON: json,
  Query: {
    apiVersion: () => version,
    viewer: (_parent, _args, ctx) => ctx.auth.apiKey,
  },
  Mutation: {
    whoami: (_parent, _args, ctx) => requireWriteAccess(ctx).name,
  },
};
