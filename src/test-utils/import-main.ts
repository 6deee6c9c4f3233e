import { Command } from 'commander';
import { register } from '../cli/commands/import.js';

// `stratum import` alone, for the kill-resume tests: the same command code as the CLI, without loading every
// other command module (a broken or slow module elsewhere must not decide whether the importer's tests pass).
const program = new Command('stratum');
register(program);
await program.parseAsync(process.argv);
