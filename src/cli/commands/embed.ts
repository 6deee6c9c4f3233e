import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { countImageEmbeddingCoverage, listImagesMissingEmbedding } from '../../db/queries/embeddings.js';
import { imageFilterWhere } from '../../db/queries/image-filter.js';
import { addFilterOptions, filterFromOptions, type FilterOptions } from '../../embeddings/cli-filter.js';
import { EmbeddingError } from '../../errors.js';
import { createEmbeddingsRuntime } from '../../embeddings/runtime.js';
import { findModelVersionByRef } from '../../db/queries/model-versions.js';
import { openRuntime } from '../../runtime.js';

export function register(program: Command): void {
  addFilterOptions(
    program
      .command('embed')
      .description('Compute and store the image embeddings a model is missing over the filtered images.')
      .requiredOption('-m, --model <model>', 'model slug (or slug@<weights-hash prefix>)'),
  ).action(async (opts: FilterOptions & { model: string }) => {
    const runtime = await openRuntime(loadConfig());
    const emb = createEmbeddingsRuntime({ handle: runtime.handle, store: runtime.store });
    try {
      const version = await findModelVersionByRef(runtime.handle.db, opts.model);
      if (!version) throw new EmbeddingError('MODEL_NOT_FOUND', `no registered model "${opts.model}"`);
      const where = imageFilterWhere(filterFromOptions(opts));
      const { total, missing } = await countImageEmbeddingCoverage(runtime.handle.db, version.id, where);
      console.log(`${version.slug}: ${total - missing} of ${total} images embedded; computing ${missing}`);
      const bar = new cliProgress.SingleBar(
        { format: 'embed [{bar}] {value}/{total} | failed {failed} | {rate} img/s', noTTYOutput: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(missing, 0, { failed: 0, rate: '0' });
      const started = Date.now();
      let afterId = 0;
      let done = 0;
      let failed = 0;
      for (;;) {
        const ids = await listImagesMissingEmbedding(runtime.handle.db, version.id, where, 256, afterId);
        if (!ids.length) break;
        afterId = ids[ids.length - 1]!;
        const results = await emb.embeddings.imageEmbeddings(version, ids);
        for (const r of results) {
          if (r instanceof EmbeddingError) {
            failed++;
            bar.stop();
            console.error(`  image ${ids[results.indexOf(r)]}: ${r.code}: ${r.message}`);
            bar.start(missing, done, { failed });
          }
        }
        done += ids.length;
        bar.update(done, { failed, rate: (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1) });
      }
      bar.stop();
      console.log(`done: ${done - failed} embedded, ${failed} failed`);
      if (failed) process.exitCode = 2;
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
