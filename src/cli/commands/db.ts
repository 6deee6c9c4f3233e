import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { dbStatus, formatDbStatus } from '../../importer/status.js';

export function register(program: Command): void {
  const db = program.command('db').description('Database maintenance.');
  db.command('migrate')
    .description('Apply pending migrations (PGlite under DATA_DIR, or DATABASE_URL).')
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      console.log(`migrations applied (${runtime.handle.driver})`);
      await runtime.close();
    });
  db.command('status')
    .description('Row counts per table, imported revisions, and image counts per taxonomy axis value.')
    .option('--json', 'print JSON instead of text')
    .action(async (opts: { json?: boolean }) => {
      const runtime = await openRuntime(loadConfig());
      try {
        const status = await dbStatus(runtime.handle);
        console.log(opts.json ? JSON.stringify(status, null, 2) : formatDbStatus(status));
      } finally {
        await runtime.close();
      }
    });
}
