import { describe, expect, it } from 'vitest';
import { bearerToken, hashApiKey, KEY_PREFIX } from './api-keys.js';

describe('hashApiKey', () => {
  it('is the hex SHA-256 of the UTF-8 secret (FIPS 180-2 test vectors)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // UTF-8, not UTF-16 or Latin-1: "é" is the two bytes c3 a9
    expect(hashApiKey('é')).toBe(hashApiKey(Buffer.from([0xc3, 0xa9]).toString('utf8')));
    expect(hashApiKey('é')).not.toBe(hashApiKey('e'));
  });
});

describe('bearerToken', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['Bearer strat_abc', 'strat_abc'],
    ['bearer strat_abc', 'strat_abc'],
    ['BEARER   strat_abc  ', 'strat_abc'],
    ['Bearer\tstrat_abc', 'strat_abc'],
    ['Bearer', null],
    ['Bearer ', null],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer a b', null],
    ['strat_abc', null],
    ['xBearer strat_abc', null],
    ['Bearerstrat_abc', null],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
  it('names the key format', () => {
    expect(KEY_PREFIX).toBe('strat_');
  });
});
