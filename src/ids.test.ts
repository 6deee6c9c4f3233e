import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DomainError } from './errors.js';
import { decodeCursor, encodeCursor, idCursor, isId, MAX_ID, parseId, parseIds } from './ids.js';

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const d = e as DomainError;
    return [d.code, d.path, d.message];
  }
  throw new Error('expected a DomainError');
};

describe('database ids', () => {
  test('decimal integers 1…2^31-1, as strings or numbers', () => {
    expect(parseId('1', ['id'])).toBe(1);
    expect(parseId(42, ['id'])).toBe(42);
    expect(parseId(String(MAX_ID), ['id'])).toBe(MAX_ID);
    expect(MAX_ID).toBe(2 ** 31 - 1);
  });
  test.each([
    ['0'],
    ['-1'],
    ['007'],
    ['1.0'],
    [1.5],
    ['1e3'],
    [' 1'],
    ['abc'],
    [''],
    [String(2 ** 31)],
    ['99999999999'],
    [null],
    [true],
    [{}],
  ])('%j is refused with the argument path', (value) => {
    expect(isId(value)).toBe(false);
    expect(thrown(() => parseId(value, ['to', 'imageId']))).toEqual([
      'BAD_USER_INPUT',
      ['to', 'imageId'],
      'expected a numeric id',
    ]);
  });
  test('lists name the offending index', () => {
    expect(parseIds(['3', '4'], ['runs'])).toEqual([3, 4]);
    expect(parseIds(undefined, ['runs'])).toBeUndefined();
    expect(thrown(() => parseIds(['3', 'x'], ['runs']))).toEqual([
      'BAD_USER_INPUT',
      ['runs', 1],
      'expected a numeric id',
    ]);
  });
});

describe('cursors', () => {
  test('round-trip', () => {
    expect(decodeCursor(encodeCursor({ id: 7 }), idCursor)).toEqual({ id: 7 });
  });
  test.each([
    ['not base64 JSON', 'bm90IGEgY3Vyc29y'],
    ['garbage', '%%%'],
    ['another shape', encodeCursor({ q: 7 })],
    ['an extra field', encodeCursor({ id: 7, x: 1 })],
    ['an id of the wrong type', encodeCursor({ id: '7' })],
    ['an id out of range', encodeCursor({ id: 2 ** 31 })],
    ['a negative id', encodeCursor({ id: -1 })],
    ['JSON null', encodeCursor(null)],
  ])('%s is BAD_USER_INPUT on the argument', (_what, cursor) => {
    expect(thrown(() => decodeCursor(cursor, idCursor, ['predictions', 'after']))).toEqual([
      'BAD_USER_INPUT',
      ['predictions', 'after'],
      'not a cursor from this API',
    ]);
  });
  test('the schema decides what a well-formed cursor may hold', () => {
    const schema = z.object({ v: z.number().int() }).strict();
    expect(thrown(() => decodeCursor(encodeCursor({ v: 'x' }), schema))).toEqual([
      'BAD_USER_INPUT',
      ['after'],
      'not a cursor from this API',
    ]);
  });
});
