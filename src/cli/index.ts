import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { DatabaseError } from '../db/errors.js';

/** A CLI module under `commands/`: adds its commands to the program. */
export type CommandModule = { register(program: Command): void };

/**
 * `stratum` CLI. Every file in `commands/` (not tests) is a command group exporting `register`, so
 * areas of the code base add commands without touching this file.
 */
export async function buildCli(): Promise<Command> {
  const program = new Command('stratum')
    .description('Stratum: a GraphQL data platform over microscopy vision-language benchmarks (μ-Bench).')
    .showHelpAfterError();
  const dir = fileURLToPath(new URL('./commands/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f))
    .sort();
  for (const file of files) {
    const mod = (await import(new URL(`./commands/${file}`, import.meta.url).href)) as CommandModule;
    mod.register(program);
  }
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  const program = await buildCli();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Classified database conditions (data directory locked, database unreachable) are the user's to act on:
    // one line with the code, no stack trace.
    if (!(error instanceof DatabaseError)) throw error;
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    process.exitCode = error.code === 'DATA_DIR_LOCKED' ? 75 : 69;
  }
}
