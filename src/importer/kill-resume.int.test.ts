import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../test-utils/db.js';
import { childEnv, makeChildTarget, type ChildTarget } from '../test-utils/child-target.js';
import { importRelease } from './index.js';
import {
  defaultLabelNames,
  makeReleaseRow,
  noisePng,
  writeReleaseArrow,
  writeReleaseParquet,
  type ReleaseRow,
} from '../test-utils/release-writer.js';
import { createTestRuntime, dumpCorpus } from '../test-utils/runtime.js';

const entry = fileURLToPath(new URL('../test-utils/import-main.ts', import.meta.url));

type RunResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs `stratum import`; with `killOn`, SIGKILLs the child as soon as stderr contains that line. */
function runImport(
  dir: string,
  target: ChildTarget,
  extra: Record<string, string>,
  killOn?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', entry, 'import', dir, '--revision', 'r1', '--benchmark', 'kill'];
    const child = spawn(process.execPath, args, { env: childEnv(target, extra), stdio: ['ignore', 'pipe', 'pipe'] });
    // Never hang the suite: a child that neither finishes nor reaches the kill point in time is killed and the
    // test fails on its output.
    const guard = setTimeout(() => {
      stderr += '\n[test] no progress within 400 s: killed\n';
      child.kill('SIGKILL');
    }, 400_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (killOn && stderr.includes(killOn)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function corpusRows(): Promise<ReleaseRow[]> {
  const rows: ReleaseRow[] = [];
  for (let i = 0; i < 60; i++) rows.push(makeReleaseRow(i, await noisePng(i, 16)));
  rows[13] = { ...rows[13]!, modality: 'x-ray microscopy' };
  rows[27] = { ...rows[27]!, institution: `['A', 'B']` };
  rows[50] = { ...rows[50]!, image_id: rows[3]!.image_id }; // repeated id, other content, in the second file
  return rows;
}

describe(`kill -9 mid-import, then resume (${testDriver})`, () => {
  let dir: string;
  let target: ChildTarget;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stratum-kill-src-'));
    mkdirSync(dir, { recursive: true });
    const rows = await corpusRows();
    await writeReleaseArrow(join(dir, 'shard-0.arrow'), rows.slice(0, 40), {
      labelNames: defaultLabelNames,
      batchSize: 5,
    });
    await writeReleaseParquet(join(dir, 'shard-1.parquet'), rows.slice(40), {
      labelNames: defaultLabelNames,
      batchSize: 5,
    });
    target = await makeChildTarget('kill');
  });
  afterAll(async () => {
    await target?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'ends in the same state as an uninterrupted import, with no duplicates and no gaps',
    { timeout: 1_500_000 },
    async () => {
      // 1: killed while the 4th batch's transaction is open (its rows written, not committed).
      const first = await runImport(
        dir,
        target,
        { STRATUM_IMPORT_HOOK_IN_TX_MS: '1500' },
        'import-test-hook: in transaction shard-0.arrow batch 3\n',
      );
      expect(first.stderr).toContain('import-test-hook: in transaction shard-0.arrow batch 3');
      expect(first.signal).toBe('SIGKILL');
      let handle = await target.open();
      expect(await handle.query(`select file, batch_index from import_batches order by file, batch_index`)).toEqual([
        { file: 'shard-0.arrow', batch_index: 0 },
        { file: 'shard-0.arrow', batch_index: 1 },
        { file: 'shard-0.arrow', batch_index: 2 },
      ]);
      // 15 rows read, one of them (row 13) skipped: the open transaction left nothing behind.
      expect(await handle.query(`select count(*)::int as n from images`)).toEqual([{ n: 14 }]);
      await handle.close();

      // 2: killed between two committed batches of the second file.
      const second = await runImport(
        dir,
        target,
        { STRATUM_IMPORT_BATCH_DELAY_MS: '1500' },
        'import-test-hook: committed shard-1.parquet batch 1\n',
      );
      expect(second.stderr).toContain('import-test-hook: committed shard-1.parquet batch 1');
      expect(second.signal).toBe('SIGKILL');

      // 3: runs to the end.
      const third = await runImport(dir, target, {});
      expect(third.stderr).not.toContain('Error');
      expect(third.code).toBe(0);
      expect(third.stdout).toContain('rows read:     60');
      expect(third.stdout).toContain('rows imported: 58');

      handle = await target.open();
      const resumed = await dumpCorpus(handle, 'kill');
      await handle.close();

      const clean = await createTestRuntime();
      try {
        await importRelease(clean, {
          sources: [dir],
          benchmark: { slug: 'kill', name: 'kill', source: 'test' },
          revision: 'r1',
        });
        const expected = await dumpCorpus(clean.handle, 'kill');
        expect(expected.images!.length).toBe(58);
        expect(resumed).toEqual(expected);
      } finally {
        await clean.destroy();
      }
    },
  );
});
