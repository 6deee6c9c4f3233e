import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { EmbeddingError } from '../../errors.js';
import { listModelVersions } from '../../db/queries/model-versions.js';
import { registerModel } from '../../embeddings/registry.js';
import { openRuntime } from '../../runtime.js';

export function register(program: Command): void {
  const models = program.command('models').description('Registered ONNX dual encoders (CLIP-style models).');
  models
    .command('add <dir>')
    .description(
      'Register a model directory: the Hub ONNX CLIP layout (config.json, preprocessor_config.json, tokenizer.json, ' +
        'tokenizer_config.json, onnx/vision_model.onnx, onnx/text_model.onnx) or a stratum.json manifest.',
    )
    .option('--name <name>', 'display name')
    .option('--slug <slug>', 'model slug (default: from the name or directory)')
    .option(
      '--decode <key=value...>',
      'deliberate differences from the reference decode (docs/embeddings.md): highBitDepth=rescale, ' +
        'orientation=exif, colour=icc',
    )
    .action(async (dir: string, opts: { name?: string; slug?: string; decode?: string[] }) => {
      const runtime = await openRuntime(loadConfig());
      try {
        const decode = Object.fromEntries((opts.decode ?? []).map((pair) => pair.split('=', 2)));
        const { version, created, spec } = await registerModel(runtime.handle, {
          dir,
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.slug ? { slug: opts.slug } : {}),
          decode,
        });
        for (const warning of spec.warnings) console.warn(`warning: ${warning}`);
        console.log(
          `${created ? 'registered' : 'already registered'}: ${version.slug} version ${version.id} ` +
            `(weights ${version.weightsHash.slice(0, 12)}, preprocessing ${version.preprocessingHash.slice(0, 12)}, ` +
            `${version.dimensions} dimensions)`,
        );
      } catch (error) {
        if (!(error instanceof EmbeddingError)) throw error;
        console.error(`error ${error.code}: ${error.message}`);
        process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });
  models
    .command('list')
    .description('List registered model versions, newest first.')
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      try {
        const rows = await listModelVersions(runtime.handle.db);
        if (!rows.length) console.log('no models registered (stratum models add <dir>)');
        for (const v of rows) {
          console.log(
            `${v.slug}\tversion ${v.id}\t${v.dimensions}d\tweights ${v.weightsHash.slice(0, 12)}\t${v.path ?? ''}`,
          );
        }
      } finally {
        await runtime.close();
      }
    });
}
