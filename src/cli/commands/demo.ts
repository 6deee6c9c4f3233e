import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    }
    return n;
  };
}

type GenerateOpts = {
  out: string;
  seed: number;
  count: number;
  format: 'arrow' | 'parquet' | 'both';
  imageSize: number;
  shardRows: number;
  contactSheet?: string;
};

export function register(program: Command): void {
  const demo = program
    .command('demo')
    .description('The generated demo corpus (μ-Bench release format, procedurally drawn images).');
  demo
    .command('generate')
    .description(
      'Write a demo corpus as Arrow stream shards (and/or the Parquet layout) in the μ-Bench release schema.',
    )
    .requiredOption('-o, --out <dir>', 'output folder (created if missing)')
    .option(
      '--seed <n>',
      'seed (the shipped demo corpus uses 1; use >= 1000 for training data)',
      integer('--seed', 0, 2 ** 32 - 1),
      1,
    )
    .option('--count <n>', 'number of rows / images', integer('--count', 1, 10_000_000), 1200)
    .option(
      '--format <format>',
      'arrow | parquet | both',
      (v: string) => {
        if (v !== 'arrow' && v !== 'parquet' && v !== 'both')
          throw new InvalidArgumentError('--format must be arrow, parquet or both');
        return v;
      },
      'arrow',
    )
    .option('--image-size <px>', 'image side in pixels', integer('--image-size', 32, 2048), 192)
    .option('--shard-rows <n>', 'rows per shard file', integer('--shard-rows', 1, 10_000_000), 500)
    .option('--contact-sheet <png>', 'also write a contact sheet of a few images per class (needs Arrow output)')
    .action(async (opts: GenerateOpts) => {
      const { generateDemoCorpus } = await import('../../../seeds/demo/index.js');
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'demo [{bar}] {percentage}% | {value}/{total} images | ETA {eta_formatted}',
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 2000,
        },
        cliProgress.Presets.shades_classic,
      );
      const t0 = performance.now();
      bar.start(opts.count, 0);
      const result = await generateDemoCorpus({
        outDir: resolve(opts.out),
        seed: opts.seed,
        count: opts.count,
        format: opts.format,
        imageSize: opts.imageSize,
        shardRows: opts.shardRows,
        onProgress: (done) => bar.update(done),
      }).finally(() => bar.stop());
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `${result.rows} rows in ${result.files.length} files (revision ${result.revision}), ${seconds.toFixed(1)} s`,
      );
      for (const file of result.files) console.log(`  ${file}`);
      if (opts.contactSheet) {
        const arrowFiles = result.files.filter((f) => f.endsWith('.arrow'));
        if (arrowFiles.length === 0) throw new InvalidArgumentError('--contact-sheet needs --format arrow or both');
        const { writeContactSheet } = await import('../../../seeds/demo/contact-sheet.js');
        await writeContactSheet(arrowFiles, resolve(opts.contactSheet));
        console.log(`contact sheet: ${resolve(opts.contactSheet)}`);
      }
    });
}
