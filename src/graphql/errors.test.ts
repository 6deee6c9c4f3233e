import { GraphQLError } from 'graphql';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { badInput, DomainError, formatPath, httpStatusOf, notFound, parseInput, EmbeddingError } from '../errors.js';
import { AppError, createFormatError, toGraphQLError, withDomainErrors } from './errors.js';

describe('formatError', () => {
  const logged: [string, unknown][] = [];
  const format = createFormatError((message, detail) => void logged.push([message, detail]));

  test('masks unexpected errors and logs them with detail', () => {
    const secret = new Error('relation "images" does not exist at character 15');
    const wrapped = new GraphQLError(secret.message, { path: ['images'], originalError: secret });
    expect(format({ message: secret.message, path: ['images'], locations: [{ line: 1, column: 3 }] }, wrapped)).toEqual(
      {
        message: 'Internal server error',
        path: ['images'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    );
    expect(logged).toEqual([['internal error', { error: secret, path: ['images'] }]]);
  });

  test('passes coded errors through, without http or stack details', () => {
    const error = new AppError('UNAUTHENTICATED', 'Unknown or revoked API key');
    expect(format({ message: error.message, extensions: { ...error.extensions, stacktrace: ['x'] } }, error)).toEqual({
      message: 'Unknown or revoked API key',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  test('an AppError reported through validation keeps its own code', () => {
    const app = new AppError('QUERY_TOO_DEEP', 'too deep', { limit: 12 });
    const validation = new GraphQLError('too deep', {
      originalError: app,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(
      format({ message: 'too deep', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 12 } }, validation),
    ).toEqual({ message: 'too deep', extensions: { code: 'QUERY_TOO_DEEP', limit: 12 } });
  });

  test('a DomainError that reaches formatError unmapped is still coded, never masked', () => {
    const domain = badInput(['first'], 'too big');
    const wrapped = new GraphQLError(domain.message, { path: ['images'], originalError: domain });
    expect(format({ message: domain.message, path: ['images'], extensions: { code: 'X' } }, wrapped)).toEqual({
      message: 'first: too big',
      path: ['images'],
      extensions: { code: 'BAD_USER_INPUT', argumentPath: ['first'] },
    });
  });
});

describe('DomainError → GraphQL', () => {
  test('code, path as argumentPath, details as extensions, status only for request-level codes', () => {
    const input = toGraphQLError(badInput(['filter', 'and', 1], 'bad')) as AppError;
    expect([input.message, input.extensions]).toEqual([
      'filter.and[1]: bad',
      { code: 'BAD_USER_INPUT', argumentPath: ['filter', 'and', 1] },
    ]);
    const auth = toGraphQLError(new DomainError('UNAUTHENTICATED', 'no key')) as AppError;
    expect(auth.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    const embedding = toGraphQLError(new EmbeddingError('IMAGE_MISSING', 'gone', { imageId: 3 })) as AppError;
    expect([embedding.message, embedding.extensions]).toEqual(['gone', { code: 'IMAGE_MISSING', imageId: 3 }]);
    const other = new Error('x');
    expect(toGraphQLError(other)).toBe(other);
  });

  test('withDomainErrors maps sync throws and rejections of every resolver, and leaves the rest alone', async () => {
    const scalar = Object.assign(Object.create({ constructor: { name: 'GraphQLScalarType' } }), { name: 'S' });
    const wrapped = withDomainErrors({
      Query: {
        sync: () => {
          throw notFound('image 3');
        },
        async: async () => {
          throw new DomainError('FORBIDDEN', 'no');
        },
        fine: () => 42,
        internal: () => {
          throw new TypeError('boom');
        },
      },
      Image: { url: { resolve: () => Promise.reject(badInput(['size'], 'bad')) } },
      ImageOrderBy: { ID_ASC: 'ID_ASC' },
      DateTime: scalar,
    } as never) as unknown as Record<string, Record<string, unknown>>;
    const q = wrapped.Query as Record<string, () => unknown>;
    expect(() => q.sync!()).toThrow(AppError);
    expect(() => q.sync!()).toThrow('image 3 not found');
    await expect(q.async!()).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
    expect(q.fine!()).toBe(42);
    expect(() => q.internal!()).toThrow(TypeError);
    const url = wrapped.Image!.url as { resolve: () => Promise<unknown> };
    await expect(url.resolve()).rejects.toMatchObject({ message: 'size: bad', extensions: { argumentPath: ['size'] } });
    expect(wrapped.ImageOrderBy).toEqual({ ID_ASC: 'ID_ASC' });
    expect(wrapped.DateTime).toBe(scalar);
  });
});

describe('domain errors', () => {
  test('paths print as the argument path', () => {
    expect(formatPath(['filter', 'and', 1, 'stain', 'in', 0])).toBe('filter.and[1].stain.in[0]');
    const e = badInput(['first'], 'too big');
    expect([e.code, e.path, e.message, e.publicMessage]).toEqual([
      'BAD_USER_INPUT',
      ['first'],
      'too big',
      'first: too big',
    ]);
    expect(notFound('image 3').publicMessage).toBe('image 3 not found');
  });
  test('parseInput reports the first zod issue under the argument', () => {
    const schema = z.object({ ids: z.array(z.string().regex(/^\d+$/, 'expected a numeric id')) });
    expect(() => parseInput(schema, { ids: ['1', 'x'] }, ['filter'])).toThrow(DomainError);
    try {
      parseInput(schema, { ids: ['1', 'x'] }, ['filter']);
    } catch (e) {
      expect((e as DomainError).publicMessage).toBe('filter.ids[1]: expected a numeric id');
    }
    expect(parseInput(schema, { ids: ['1'] }, ['filter'])).toEqual({ ids: ['1'] });
  });
  test('HTTP status per code', () => {
    expect(
      (
        ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'EMBEDDING_UNAVAILABLE'] as const
      ).map(httpStatusOf),
    ).toEqual([400, 401, 403, 404, 409, 503]);
  });
});
