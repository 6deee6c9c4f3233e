import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { buildCli } from '../index.js';
import { createDb } from '../../db/client.js';

// The real `stratum models add-endpoint` against an embedded database in a temporary DATA_DIR, as a user's shell
// would run it (each command opens and migrates it: slow on PGlite, hence the long timeout).
const dataDir = mkdtempSync(join(tmpdir(), 'stratum-add-endpoint-'));
const SECRET = 'sk-never-printed-4711';
const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, KEY: process.env.MY_VLM_KEY };

beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  process.env.MY_VLM_KEY = SECRET;
});
afterAll(() => {
  process.env.DATA_DIR = saved.DATA_DIR;
  if (saved.DATABASE_URL) process.env.DATABASE_URL = saved.DATABASE_URL;
  if (saved.KEY === undefined) delete process.env.MY_VLM_KEY;
  else process.env.MY_VLM_KEY = saved.KEY;
  rmSync(dataDir, { recursive: true, force: true });
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

async function storedVersions(): Promise<Record<string, unknown>[]> {
  const db = await createDb({ pgliteDir: join(dataDir, 'pglite') });
  try {
    return await db.query<Record<string, unknown>>(
      'select m.slug, m.kind, v.config from model_versions v join models m on m.id = v.model_id order by v.id',
    );
  } finally {
    await db.close();
  }
}

const args = ['models', 'add-endpoint', 'my-vlm', '--base-url', 'http://127.0.0.1:8000/v1', '--remote-model', 'qwen'];

test(
  'add-endpoint registers every setting; bad input exits non-zero naming the field; the key is never printed nor stored',
  { timeout: 120_000 },
  async () => {
    const bad = await cli(...args.slice(0, 4), 'ftp://nowhere', ...args.slice(5), '--api-key-env', 'MY_VLM_KEY');
    expect(bad.exitCode).toBe(1);
    expect(bad.out).toEqual([]);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0]).toMatch(/^error BAD_USER_INPUT \(baseUrl\): /);
    const badRate = await cli(...args, '--requests-per-minute', '0');
    expect(badRate.exitCode).toBe(1);
    expect(badRate.err[0]).toMatch(/^error BAD_USER_INPUT \(requestsPerMinute\): /);
    expect(await storedVersions()).toEqual([]);

    const ok = await cli(
      ...args,
      '--api-key-env',
      'MY_VLM_KEY',
      '--temperature',
      '0',
      '--concurrency',
      '8',
      '--requests-per-minute',
      '600',
      '--image-max-side',
      '512',
      '--letter-rule',
      'EVLLM_EXACT',
    );
    expect(ok.exitCode).toBeUndefined();
    expect(ok.err).toEqual([]);
    expect(ok.out).toHaveLength(1);
    expect(ok.out[0]).toMatch(
      /^registered: my-vlm version \d+ → http:\/\/127\.0\.0\.1:8000\/v1 \(qwen; temperature 0, png ≤512px, concurrency 8, letter rule EVLLM_EXACT, key from \$MY_VLM_KEY\)$/,
    );
    const rows = await storedVersions();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      slug: 'my-vlm',
      kind: 'generative',
      config: {
        endpoint: {
          baseUrl: 'http://127.0.0.1:8000/v1',
          remoteModel: 'qwen',
          apiKeyEnv: 'MY_VLM_KEY',
          letterRule: 'EVLLM_EXACT',
          limits: { concurrency: 8, requestsPerMinute: 600 },
        },
      },
    });

    // Registering the same identity again updates its settings (no second version).
    const again = await cli(...args, '--api-key-env', 'MY_VLM_KEY', '--temperature', '0', '--image-max-side', '512');
    expect(again.out[0]).toMatch(/^updated: my-vlm version \d+ → /);
    expect(await storedVersions()).toHaveLength(1);

    // The key's value appears in no output and nowhere in the database (only the variable's name does).
    const printed = [bad, badRate, ok, again].flatMap((r) => [...r.out, ...r.err]).join('\n');
    expect(printed).not.toContain(SECRET);
    const db = await createDb({ pgliteDir: join(dataDir, 'pglite') });
    try {
      const dump =
        JSON.stringify(await db.query('select * from model_versions')) +
        JSON.stringify(await db.query('select * from models'));
      expect(dump).toContain('MY_VLM_KEY');
      expect(dump).not.toContain(SECRET);
    } finally {
      await db.close();
    }
  },
);
