import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { EmbeddingError } from '../../errors.js';
import { listModelVersions } from '../../db/queries/model-versions.js';
import { registerModel } from '../../embeddings/registry.js';
import { openRuntime } from '../../runtime.js';
import { isDomainError } from '../../errors.js';
import { registerEndpointModel } from '../../generative/register.js';

const int = (v: string) => Number(v);

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
    .command('add-endpoint <slug>')
    .description(
      'Register an OpenAI-compatible Chat Completions endpoint (vLLM, Ollama, llama.cpp, LM Studio, LiteLLM, a hosted ' +
        'API) as a generative model, evaluated with the μ-Bench closed-VQA protocol (docs/generative.md).',
    )
    .requiredOption('--base-url <url>', 'base URL of the API, e.g. http://127.0.0.1:8000/v1')
    .requiredOption('--remote-model <name>', 'the model name the endpoint serves')
    .option('--name <name>', 'display name')
    .option('--api-key-env <VAR>', 'NAME of the environment variable holding the API key (the key is never stored)')
    .option('--temperature <t>', 'sampling temperature (default 1, as eVLLM)', Number)
    .option('--top-p <p>', 'nucleus sampling (default 1)', Number)
    .option('--max-tokens <n>', 'completion budget (default 2048)', int)
    .option('--seed <n>', 'sampling seed (default 0)', int)
    .option('--logprobs', 'ask for top-10 logprobs as eVLLM does (many servers do not implement it)')
    .option('--image-format <png|jpeg>', 'image encoding (default png, lossless as the authors)')
    .option('--image-max-side <px>', 'downscale so the longest side is at most this', int)
    .option('--image-detail <high|low|auto>', 'OpenAI detail hint (default high)')
    .option('--concurrency <n>', 'calls in flight (default 4)', int)
    .option('--requests-per-minute <n>', 'request rate limit', int)
    .option('--tokens-per-minute <n>', 'token rate limit', int)
    .option('--timeout-ms <ms>', 'per attempt (default 120000)', int)
    .option('--max-retries <n>', 'retries on 408/409/429/5xx and timeouts (default 4)', int)
    .option('--letter-rule <rule>', 'STANDARD (default) or EVLLM_EXACT (parity with the authors scorer)')
    .action(async (slug: string, opts: Record<string, unknown>) => {
      const runtime = await openRuntime(loadConfig());
      try {
        const { version, created, spec } = await registerEndpointModel(runtime.handle.db, { slug, ...opts });
        console.log(
          `${created ? 'registered' : 'updated'}: ${version.slug} version ${version.id} → ${spec.baseUrl} ` +
            `(${spec.remoteModel}; temperature ${spec.sampling.temperature}, ${spec.image.format}` +
            `${spec.image.maxSide ? ` ≤${spec.image.maxSide}px` : ''}, concurrency ${spec.limits.concurrency}, ` +
            `letter rule ${spec.letterRule}${spec.apiKeyEnv ? `, key from $${spec.apiKeyEnv}` : ''})`,
        );
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const field = error.path?.slice(1).join('.') ?? '';
        console.error(`error ${error.code}${field ? ` (${field})` : ''}: ${error.message}`);
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
            `${v.slug}\tversion ${v.id}\t${v.dimensions ? `${v.dimensions}d` : v.kind}\tweights ${v.weightsHash.slice(0, 12)}\t` +
              `${v.path ?? (v.config?.endpoint as { baseUrl?: string } | undefined)?.baseUrl ?? ''}`,
          );
        }
      } finally {
        await runtime.close();
      }
    });
}
