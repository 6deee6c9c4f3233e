import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/client.js';
import { DataDirLockedError } from '../db/lock.js';

// Item 5: PGlite allows one process per data directory. A second process (the CLI while the server runs) must get
// a clear, coded refusal instead of writing alongside and corrupting it; a lock left by a process that died
// (kill -9) is taken over.
const root = fileURLToPath(new URL('../..', import.meta.url));
const holder = fileURLToPath(new URL('../test-utils/hold-db.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'stratum-lock-'));
const dir = join(dataDir, 'pglite');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function hold(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', holder, dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)));
  });
}

describe('embedded data directory lock', () => {
  it('a second process gets DATA_DIR_LOCKED naming the holder; the CLI exits non-zero with one coded line', async () => {
    const first = await hold();
    const error = await createDb({ pgliteDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({ code: 'DATA_DIR_LOCKED', status: 409 });
    expect((error as Error).message).toContain(`in use by process ${first.pid} (`);

    // The real CLI, as a user would run it next to a running server.
    const cli = spawnSync(process.execPath, [join(root, 'bin/stratum.js'), 'db', 'status'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(cli.status).toBe(75);
    expect(cli.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^error \\[DATA_DIR_LOCKED\\]: The embedded database at .* is in use by process ${first.pid} `),
      ),
    ]);

    // The holder dies without releasing (kill -9): the next process takes the lock over and the data is intact.
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const next = await createDb({ pgliteDir: dir });
    try {
      expect(await next.query('select 1 as one')).toEqual([{ one: 1 }]);
      // While this process holds it, a child cannot open it either.
      await expect(hold()).rejects.toThrow(/DATA_DIR_LOCKED|in use by process/);
    } finally {
      await next.close();
    }
    // Released on close: the lock directory is gone and another process opens it.
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const again = await hold();
    again.kill('SIGKILL');
  }, 240_000);
});
