import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';

export function register(program: Command): void {
  const db = program.command('db').description('Database maintenance.');
  db.command('migrate')
    .description('Apply pending migrations (PGlite under DATA_DIR, or DATABASE_URL).')
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      console.log(`migrations applied (${runtime.handle.driver})`);
      await runtime.close();
    });
}
