import { describe, expect, it } from 'vitest';
import { jsonLogger } from '../http/log.js';

// Items 9–10: logs are JSON lines; a newline in a value cannot forge a line; keys, Authorization headers and SQL
// parameters never reach them.
function capture() {
  const chunks: string[] = [];
  const log = jsonLogger('debug', { write: (s: string) => void chunks.push(s) });
  return { log, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('structured logs', () => {
  it('one JSON object per line, whatever the values contain', () => {
    const { log, lines } = capture();
    log.warn('user said "hi"\n{"level":"error","msg":"forged"}', { value: 'a\nb\r\nc' });
    const out = lines();
    expect(out).toHaveLength(1);
    const entry = JSON.parse(out[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'warn',
      msg: 'user said "hi"\n{"level":"error","msg":"forged"}',
      detail: { value: 'a\nb\r\nc' },
    });
  });
  it('redacts API keys, Authorization headers and SQL parameters', () => {
    const { log, lines } = capture();
    const secret = 'strat_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
    const sqlError = Object.assign(
      new Error(`Failed query: select * from api_keys where key_hash = $1\nparams: ${secret}`),
      {
        query: 'select * from api_keys where key_hash = $1',
        params: [secret],
      },
    );
    log.error('internal error', {
      headers: { authorization: `Bearer ${secret}`, 'x-other': 'fine' },
      error: sqlError,
      note: `token was ${secret}`,
      apiKey: secret,
      nested: { variables: { key: secret } },
    });
    const text = lines().join('\n');
    expect(text).not.toContain(secret);
    const entry = JSON.parse(lines()[0]!) as { detail: Record<string, unknown> };
    expect(entry.detail).toMatchObject({
      headers: { authorization: '[Redacted]', 'x-other': 'fine' },
      error: {
        type: 'Error',
        message: 'Failed query: select * from api_keys where key_hash = $1\nparams: [Redacted]',
      },
      note: 'token was [Redacted]',
      apiKey: '[Redacted]',
      nested: { variables: '[Redacted]' },
    });
  });
});
