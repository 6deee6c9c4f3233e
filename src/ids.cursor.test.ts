import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DomainError } from './errors.js';
import { decodeCursor, encodeCursor } from './ids.js';

describe('cursor codec edge cases', () => {
  test('a cursor that is not base64url JSON is BAD_USER_INPUT on the argument, not an internal error', () => {
    for (const garbage of ['%%%', 'eyJpZCI6', '']) {
      let error: unknown;
      try {
        decodeCursor(garbage, z.object({ id: z.number() }), ['images', 'after']);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect([(error as DomainError).code, (error as DomainError).path]).toEqual([
        'BAD_USER_INPUT',
        ['images', 'after'],
      ]);
    }
  });
  test('encodes UTF-8 JSON as base64url', () => {
    expect(encodeCursor({ v: 'é' })).toBe(Buffer.from('{"v":"é"}', 'utf8').toString('base64url'));
    expect(encodeCursor({ v: 'é' })).toBe('eyJ2Ijoiw6kifQ');
    expect(decodeCursor(encodeCursor({ v: 'é/+' }), z.object({ v: z.string() }))).toEqual({ v: 'é/+' });
  });
});
