import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { importPredictions, importProtocols, type ImportProtocol } from '../../predictions/import.js';

type Options = {
  model: string;
  protocol: ImportProtocol;
  name?: string;
  kind?: 'contrastive' | 'generative' | 'baseline';
  version?: string;
  benchmark?: string;
  format?: 'jsonl' | 'csv';
  prompt?: string;
  param: string[];
};

export function register(program: Command): void {
  const group = program.command('predictions').description('Model predictions: import files of model outputs.');
  group
    .command('import')
    .description(
      'Import a JSONL or CSV file of model outputs as one run. Rows name a question by `question_id` (Stratum id) ' +
        'or `question_uuid` + `key` (released UUID and key), and carry `output` (generative text, scored with the ' +
        'official letter rule), `chosen_index`, or `scores` (per-option scores, argmax). Bad rows are reported ' +
        'with their line and skipped.',
    )
    .argument('<file>', 'a .jsonl or .csv file')
    .requiredOption('--model <slug>', 'model slug (created if new)')
    .requiredOption('--protocol <protocol>', `one of ${importProtocols.join(', ')}`)
    .option('--name <name>', 'model display name for a new model')
    .option('--kind <kind>', 'model kind for a new model: contrastive, generative or baseline')
    .option('--version <version>', 'model version string (weights hash, API snapshot)')
    .option('--benchmark <slug>', 'benchmark slug (disambiguates released question UUIDs)')
    .option('--format <format>', 'jsonl or csv (default: from the file name)')
    .option('--prompt <template>', 'prompt template to record on the run')
    .option('--param <key=value>', 'run parameter (repeatable), e.g. --param temperature=1', collect, [])
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  stratum predictions import gpt4o.jsonl --model gpt-4o --protocol generative --version gpt-4o-2024-05-13\n' +
        '  stratum predictions import clip-scores.csv --model clip --protocol scores\n' +
        '\nLines:\n' +
        '  {"question_id": 17, "output": "B) basophil"}\n' +
        '  {"question_uuid": "0b9e…", "key": "modality", "output": "A"}\n' +
        '  question_id,chosen_index\\n17,2',
    )
    .action(async (file: string, opts: Options) => {
      if (!importProtocols.includes(opts.protocol)) {
        console.error(`error [BAD_USER_INPUT]: --protocol must be one of ${importProtocols.join(', ')}`);
        process.exitCode = 2;
        return;
      }
      const parameters: Record<string, unknown> = {};
      for (const p of opts.param) {
        const at = p.indexOf('=');
        if (at <= 0) {
          console.error(`error [BAD_USER_INPUT]: --param expects key=value, got "${p}"`);
          process.exitCode = 2;
          return;
        }
        const raw = p.slice(at + 1);
        parameters[p.slice(0, at)] =
          /^-?[0-9.]+(e-?[0-9]+)?$/i.test(raw) && Number.isFinite(Number(raw)) ? Number(raw) : raw;
      }
      // Streamed: a large file is read row by row, never held whole.
      const content = createReadStream(file);
      const runtime = await openRuntime(loadConfig());
      try {
        const res = await importPredictions(runtime.handle.db, content, {
          model: opts.model,
          modelName: opts.name,
          modelKind: opts.kind,
          modelVersion: opts.version,
          protocol: opts.protocol,
          benchmark: opts.benchmark,
          format: opts.format,
          promptTemplate: opts.prompt,
          parameters,
          fileName: basename(file),
        });
        for (const issue of res.issues) console.error(`${file}:${issue.line}: ${issue.code}: ${issue.message}`);
        if (res.skipped > res.issues.length) console.error(`… and ${res.skipped - res.issues.length} more`);
        if (res.runId === null) {
          console.error(`nothing imported: ${res.rowsRead} rows read, ${res.skipped} skipped`);
          process.exitCode = 1;
          return;
        }
        const pct = ((100 * res.correct) / res.imported).toFixed(2);
        console.log(
          `run ${res.runId} (model ${opts.model}, revision ${res.benchmarkRevision}): ${res.imported} predictions ` +
            `imported, ${res.skipped} skipped of ${res.rowsRead} rows; accuracy ${pct}% (${res.correct}/${res.imported})`,
        );
        // A partial import is not a success: scripts must notice the skipped rows.
        if (res.skipped > 0) process.exitCode = 1;
      } catch (e) {
        if (e instanceof ZodError) {
          const issue = e.issues[0]!;
          console.error(`error [BAD_USER_INPUT]: --${String(issue.path[0] ?? '')}: ${issue.message}`);
          process.exitCode = 2;
          return;
        }
        throw e;
      } finally {
        await runtime.close();
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
