import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { questionTypes, type QuestionType } from '../../db/schema/index.js';
import { addFilterOptions, filterFromOptions, type FilterOptions } from '../../embeddings/cli-filter.js';
import { EmbeddingError } from '../../errors.js';
import { createEmbeddingsRuntime } from '../../embeddings/runtime.js';
import { evaluate, runEvaluation, runSummary, type EvaluationQueue } from '../../predictions/evaluate.js';
import { findModelVersionByRef } from '../../db/queries/model-versions.js';
import { openRuntime } from '../../runtime.js';

/** `eval` computes its run here, with a progress bar: nothing goes to a background queue. */
const noQueue: EvaluationQueue = {
  kind: 'in-process',
  enqueue: async () => {},
  idle: async () => {},
  stop: async () => {},
};

type EvalOptions = FilterOptions & { model: string; types?: string; template?: string };

export function register(program: Command): void {
  addFilterOptions(
    program
      .command('eval')
      .description(
        'Zero-shot evaluation of a registered model (μ-Bench contrastive protocol) over the filtered images.',
      )
      .requiredOption('-m, --model <model>', 'model slug (or slug@<weights-hash prefix>)')
      .option(
        '--types <types>',
        `question types, comma-separated (${questionTypes.join(', ')}); default: all caption types`,
      )
      .option('--template <k>', 'caption template k, or "all" (default: the template of the benchmark\'s totals)'),
  ).action(async (opts: EvalOptions) => {
    const runtime = await openRuntime(loadConfig());
    const emb = createEmbeddingsRuntime({ handle: runtime.handle, store: runtime.store });
    // Ctrl-C / SIGTERM: stop after the current chunk; what is stored stays, and the next `eval` resumes there.
    let stopping = false;
    const onSignal = () => {
      stopping = true;
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const version = await findModelVersionByRef(runtime.handle.db, opts.model);
      if (!version) throw new EmbeddingError('MODEL_NOT_FOUND', `no registered model "${opts.model}"`);
      const types = opts.types?.split(',').filter(Boolean);
      const unknown = types?.filter((t) => !(questionTypes as readonly string[]).includes(t));
      if (unknown?.length) throw new Error(`bad filter: unknown question type(s) ${unknown.join(', ')}`);
      const template = opts.template === undefined ? undefined : opts.template === 'all' ? null : Number(opts.template);
      if (template != null && !Number.isInteger(template))
        throw new Error('bad filter: --template must be an integer or "all"');
      // The run is created here and executed in this process with a progress bar (no background queue).
      const { run } = await evaluate(
        {
          ...emb,
          settings: { ...emb.settings, evalInlineThreshold: -1 },
          queue: noQueue,
        },
        { version, filter: filterFromOptions(opts), questionTypes: types as QuestionType[] | undefined, template },
      );
      const bar = new cliProgress.SingleBar(
        { format: `eval run ${run.id} [{bar}] {value}/{total} | failed {failed}`, noTTYOutput: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(run.total, run.done, { failed: run.failed });
      const final = await runEvaluation(
        emb,
        run.id,
        (p) => {
          bar.setTotal(p.total);
          bar.update(p.done, { failed: p.failed });
        },
        () => stopping,
      );
      bar.stop();
      if (stopping && final.status !== 'complete') {
        console.log(`run ${final.id} stopped at ${final.done}/${final.total}; the same command resumes it`);
        return;
      }
      // Accuracy over the scope's predictions (facts), whichever run computed each of them.
      const { done, failed, correct } = await runSummary(emb, final);
      const ok = done - failed;
      console.log(
        `run ${final.id} ${final.status}: ${final.done}/${final.total} scored, ${final.failed} failed; ` +
          `accuracy ${ok ? ((100 * correct) / ok).toFixed(2) : '—'}% (${correct}/${ok})`,
      );
    } catch (error) {
      if (!(error instanceof EmbeddingError) && !(error instanceof Error && error.message.startsWith('bad filter')))
        throw error;
      console.error(`error ${error instanceof EmbeddingError ? error.code : 'BAD_USER_INPUT'}: ${error.message}`);
      process.exitCode = 1;
    } finally {
      await emb.close();
      await runtime.close();
    }
  });
}
