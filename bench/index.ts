import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench [part ...]`: runs every `bench/<part>.bench.ts` (or only the named parts) in order.
 * Each part exports `run(argv)` and prints its own table; figures go to docs/benchmarks.md by hand,
 * with the command that produced them.
 */
type BenchPart = { run(argv: string[]): Promise<void> };

const dir = fileURLToPath(new URL('./', import.meta.url));
const parts = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? wanted : parts;
for (const name of selected) {
  if (!parts.includes(name)) throw new Error(`unknown bench part "${name}" (have: ${parts.join(', ')})`);
  console.log(`\n## bench: ${name}\n`);
  const part = (await import(new URL(`./${name}.bench.ts`, import.meta.url).href)) as BenchPart;
  await part.run(process.argv.slice(2).filter((a) => a.startsWith('-')));
}
