import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from './demo.js';

function program(): { cli: Command; errors: string[] } {
  const errors: string[] = [];
  const cli = new Command('stratum')
    .exitOverride()
    .configureOutput({ writeErr: (s) => void errors.push(s), writeOut: () => undefined });
  register(cli);
  for (const c of cli.commands) {
    c.exitOverride().configureOutput({ writeErr: (s) => void errors.push(s) });
    for (const sub of c.commands) sub.exitOverride().configureOutput({ writeErr: (s) => void errors.push(s) });
  }
  return { cli, errors };
}

describe('stratum demo generate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the shards and prints the revision and files', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const { cli } = program();
      const out = join(dir, 'a');
      await cli.parseAsync([
        'node',
        'stratum',
        'demo',
        'generate',
        '--out',
        out,
        '--count',
        '30',
        '--image-size',
        '64',
        '--shard-rows',
        '20',
        '--seed',
        '1000',
      ]);
      expect((await readdir(out)).sort()).toEqual([
        'ubench-test-00000-of-00002.arrow',
        'ubench-test-00001-of-00002.arrow',
      ]);
      expect(log.mock.calls[0]![0]).toMatch(
        /^30 rows in 2 files \(revision demo-v1-seed1000-n30-px64-sh20x100\), [\d.]+ s$/,
      );
      expect(log.mock.calls.slice(1).map((c) => c[0])).toEqual([
        `  ${join(out, 'ubench-test-00000-of-00002.arrow')}`,
        `  ${join(out, 'ubench-test-00001-of-00002.arrow')}`,
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it.each([
    [['--count', '0'], "option '--count <n>' argument '0' is invalid. --count must be an integer from 1 to 10000000"],
    [
      ['--count', '1e3'],
      "option '--count <n>' argument '1e3' is invalid. --count must be an integer from 1 to 10000000",
    ],
    [
      ['--image-size', '8'],
      "option '--image-size <px>' argument '8' is invalid. --image-size must be an integer from 32 to 2048",
    ],
    [
      ['--format', 'csv'],
      "option '--format <format>' argument 'csv' is invalid. --format must be arrow, parquet or both",
    ],
  ])('rejects %j with a clear message and writes nothing', async (args, message) => {
    const { cli, errors } = program();
    const out = join(dir, 'bad');
    await expect(cli.parseAsync(['node', 'stratum', 'demo', 'generate', '--out', out, ...args])).rejects.toBeInstanceOf(
      CommanderError,
    );
    expect(errors.join('')).toContain(`error: ${message}`);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('requires --out', async () => {
    const { cli, errors } = program();
    await expect(cli.parseAsync(['node', 'stratum', 'demo', 'generate'])).rejects.toBeInstanceOf(CommanderError);
    expect(errors.join('')).toContain("error: required option '-o, --out <dir>' not specified");
  });
});
