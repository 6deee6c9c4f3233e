import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { adapters, defaultAdapterKey, findAdapter } from '../../benchmarks/registry.js';
import { ImportError, importRelease, parseHubSpec, revisionFromHubCachePath } from '../../importer/index.js';
import { formatSummary } from '../../importer/summary.js';

type ImportCliOptions = {
  adapter: string;
  benchmark?: string;
  name?: string;
  source?: string;
  description?: string;
  revision?: string;
  config?: string;
  progress: boolean;
};

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import a benchmark release (μ-Bench by default): Arrow shards (IPC stream or file) and/or the Parquet ' +
        'conversion, from files and folders, or from the Hub by dataset id and revision (jnirschl/uBench@<commit>; ' +
        'HF_ENDPOINT overrides the Hub URL). Idempotent and resumable: run it again after an interruption; a ' +
        'revision is complete only when every file imported.',
    )
    .argument('<paths...>', 'files or folders (each folder: its *.arrow / *.parquet files), or one <id>@<revision>')
    .option(
      '--adapter <key>',
      `benchmark adapter that reads the release (${adapters.map((a) => a.key).join(', ')})`,
      defaultAdapterKey,
    )
    .option('--benchmark <slug>', 'benchmark slug (default: the adapter key)')
    .option('--name <name>', "benchmark display name (default: the adapter's name for its own slug, else the slug)")
    .option('--source <source>', 'where the benchmark comes from (default: the Hub id, or "local files")')
    .option('--description <text>', 'benchmark description')
    .option(
      '--revision <rev>',
      'revision id to pin (required for local files, except shards in the Hub cache; a Hub spec carries its own)',
    )
    .option('--config <config>', "release config folder on the Hub (default: the adapter's, perception/0.1.0)")
    .option('--no-progress', 'no progress bar / progress lines')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  stratum import ./fixtures/ubench-format --revision sample-1\n' +
        '  stratum import ./shards/*.arrow --benchmark ubench --revision 3f2c5b590bc7a208d5b60f3527ce4c76a331aa2b\n' +
        '  stratum import jnirschl/uBench@3f2c5b590bc7a208d5b60f3527ce4c76a331aa2b',
    )
    .action(async (paths: string[], opts: ImportCliOptions) => {
      const spec = paths.length === 1 ? parseHubSpec(paths[0]!) : null;
      const cached = paths.map((p) => revisionFromHubCachePath(resolve(p)));
      const derived = cached.every((r) => r !== null && r === cached[0]) ? cached[0] : null;
      const revision = opts.revision ?? spec?.revision ?? derived ?? undefined;
      if (!revision) {
        console.error(
          'error [REVISION_REQUIRED]: --revision is required when importing local files (outside the Hub cache)',
        );
        process.exitCode = 2;
        return;
      }
      const adapter = findAdapter(opts.adapter);
      if (!adapter) {
        console.error(`error [UNKNOWN_ADAPTER]: --adapter must be one of ${adapters.map((a) => a.key).join(', ')}`);
        process.exitCode = 2;
        return;
      }
      const slug = opts.benchmark ?? adapter.key;
      const runtime = await openRuntime(loadConfig());
      try {
        const summary = await importRelease(runtime, {
          sources: paths,
          adapter: adapter.key,
          benchmark: {
            slug,
            name: opts.name ?? (slug === adapter.key ? adapter.name : slug),
            source: opts.source ?? (spec ? spec.repo : 'local files'),
            description: opts.description,
          },
          revision,
          config: opts.config,
          progressBar: opts.progress,
        });
        console.log(formatSummary(summary, 200, adapter.key));
        // an incomplete revision (rejected or truncated files) is a failed import
        if (summary.status !== 'complete') process.exitCode = 1;
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        console.error(`error [${error.code}]: ${error.message}`);
        process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });
}
