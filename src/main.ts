// `npm start`: the CLI's `serve` command (migrate, import the demo corpus into an empty database, serve).
import { runCli } from './cli/index.js';

await runCli([process.argv[0]!, 'stratum', 'serve', ...process.argv.slice(2)]);
