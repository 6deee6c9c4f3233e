// Child process for the lock test: opens the embedded database in argv[2], says "ready", holds it until killed.
import { createDb } from '../db/client.js';

const handle = await createDb({ pgliteDir: process.argv[2]! });
await handle.query('select 1');
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
