import { GraphQLError } from 'graphql';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { AppError, badInput, createFormatError, formatPath, parseArg } from './errors.js';

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
});

describe('bad input helpers', () => {
  test('paths print as the argument path', () => {
    expect(formatPath(['filter', 'and', 1, 'stain', 'in', 0])).toBe('filter.and[1].stain.in[0]');
    expect(badInput(['first'], 'too big').extensions).toEqual({ code: 'BAD_USER_INPUT', argumentPath: ['first'] });
  });
  test('parseArg reports the first zod issue under the argument', () => {
    const schema = z.object({ ids: z.array(z.string().regex(/^\d+$/, 'expected a numeric id')) });
    expect(() => parseArg(schema, { ids: ['1', 'x'] }, ['filter'])).toThrowError(
      'filter.ids[1]: expected a numeric id',
    );
    expect(parseArg(schema, { ids: ['1'] }, ['filter'])).toEqual({ ids: ['1'] });
  });
});
