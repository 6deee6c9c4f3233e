import type { Command } from 'commander';
import { createApiKey } from '../../auth/api-keys.js';
import { loadConfig } from '../../config.js';
import { listApiKeys, revokeApiKeys } from '../../db/queries/api-keys.js';
import { openRuntime, type Runtime } from '../../runtime.js';

async function withRuntime(fn: (runtime: Runtime) => Promise<void>): Promise<void> {
  const runtime = await openRuntime(loadConfig());
  try {
    await fn(runtime);
  } finally {
    await runtime.close();
  }
}

export function register(program: Command): void {
  const keys = program.command('keys').description('API keys (needed for every mutation; stored as sha256 only).');
  keys
    .command('create <name>')
    .description('Create a key and print it once (it cannot be shown again).')
    .action((name: string) =>
      withRuntime(async (runtime) => {
        if (!name.trim()) throw new Error('the key needs a name');
        const { key, secret } = await createApiKey(runtime.handle.db, name.trim());
        console.log(secret);
        console.error(
          `created key ${key.id} "${key.name}" (prefix ${key.prefix}); store it now: it is shown only once.`,
        );
        console.error(`use it as:  Authorization: Bearer ${key.prefix}…`);
      }),
    );
  keys
    .command('list')
    .description('List keys (id, prefix, name, created, last used, revoked).')
    .action(() =>
      withRuntime(async (runtime) => {
        const rows = await listApiKeys(runtime.handle.db);
        if (!rows.length) return console.log('no API keys');
        console.log(['id', 'prefix', 'name', 'created', 'last used', 'revoked'].join('\t'));
        const when = (d: Date | null) => (d ? d.toISOString() : '-');
        for (const k of rows) {
          console.log([k.id, k.prefix, k.name, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)].join('\t'));
        }
      }),
    );
  keys
    .command('revoke <idOrPrefix>')
    .description('Revoke the key with this id or prefix (it stops working at once).')
    .action((idOrPrefix: string) =>
      withRuntime(async (runtime) => {
        const revoked = await revokeApiKeys(runtime.handle.db, idOrPrefix);
        if (!revoked.length) {
          console.error(`no active key with id or prefix "${idOrPrefix}"`);
          process.exitCode = 1;
          return;
        }
        for (const k of revoked) console.log(`revoked key ${k.id} "${k.name}" (prefix ${k.prefix})`);
      }),
    );
}
