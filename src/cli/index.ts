import { Command } from 'commander';
import { registerDbCommands } from './commands/db.js';

/** `stratum` CLI. Each command group lives in its own module under `commands/`. */
export function buildCli(): Command {
  const program = new Command('stratum')
    .description('Stratum: a GraphQL data platform over microscopy vision-language benchmarks (μ-Bench).')
    .showHelpAfterError();
  registerDbCommands(program);
  return program;
}

await buildCli().parseAsync(process.argv);
