import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { buildCli } from '../index.js';
import { createDb } from '../../db/client.js';
import { authenticate } from '../../auth/authenticate.js';
import { hashApiKey } from '../../auth/api-keys.js';

// The real `stratum keys …` commands against an embedded database in a temporary DATA_DIR (each command opens
// and migrates it, as a user's shell would: slow on PGlite, hence the long timeout).
const dataDir = mkdtempSync(join(tmpdir(), 'stratum-keys-'));
const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  process.env.DATA_DIR = saved.DATA_DIR;
  if (saved.DATABASE_URL) process.env.DATABASE_URL = saved.DATABASE_URL;
});

async function cli(...args: string[]): Promise<{ out: string[]; err: string[]; exitCode: number | undefined }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  process.exitCode = undefined;
  try {
    await (await buildCli()).parseAsync(['node', 'stratum', ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out, err, exitCode };
}

test('create prints the secret once and stores only its hash; list; revoke by prefix', async () => {
  const created = await cli('keys', 'create', 'ci bot');
  expect(created.out).toHaveLength(1);
  const secret = created.out[0]!;
  expect(secret).toMatch(/^strat_[A-Za-z0-9_-]{43}$/);
  expect(created.err[0]).toBe(
    `created key 1 "ci bot" (prefix ${secret.slice(0, 12)}); store it now: it is shown only once.`,
  );

  const listed = await cli('keys', 'list');
  expect(listed.out[0]).toBe('id\tprefix\tname\tcreated\tlast used\trevoked');
  expect(listed.out[1]).toMatch(
    new RegExp(`^1\\t${secret.slice(0, 12)}\\tci bot\\t\\d{4}-\\d\\d-\\d\\dT[^\\t]+\\t-\\t-$`),
  );

  const db = await createDb({ pgliteDir: join(dataDir, 'pglite') });
  try {
    const rows = await db.query<{ key_hash: string }>('select key_hash from api_keys');
    expect(rows).toEqual([{ key_hash: hashApiKey(secret) }]);
    expect((await authenticate(db.db, `Bearer ${secret}`, false)).apiKey?.name).toBe('ci bot');
  } finally {
    await db.close();
  }

  expect(await cli('keys', 'revoke', secret.slice(0, 12))).toEqual({
    out: [`revoked key 1 "ci bot" (prefix ${secret.slice(0, 12)})`],
    err: [],
    exitCode: undefined,
  });
  expect(await cli('keys', 'revoke', '1')).toEqual({
    out: [],
    err: ['no active key with id or prefix "1"'],
    exitCode: 1,
  });
  const db2 = await createDb({ pgliteDir: join(dataDir, 'pglite') });
  try {
    await expect(authenticate(db2.db, `Bearer ${secret}`, false)).rejects.toThrow('Unknown or revoked API key');
  } finally {
    await db2.close();
  }
}, 300_000);
