import { z } from 'zod';
import { canonicalJson, sha256 } from '../hash.js';
import { DEFAULT_ENDPOINT_LIMITS, type EndpointSettings } from './client.js';
import { letterRules, type LetterRule } from './letter-rule.js';
import {
  GENERATIVE_PROTOCOL_VERSION,
  PROMPT_TEMPLATE_VERSION,
  OFFICIAL_IMAGE_ENCODING,
  OFFICIAL_SAMPLING,
  type ImageEncoding,
  type SamplingParams,
} from './protocol.js';

const positiveOrNull = z.number().int().min(1).max(100_000_000).nullish();

/**
 * What a user gives to register an OpenAI-compatible endpoint as a model (CLI `stratum models add-endpoint`,
 * GraphQL `registerEndpointModel`). The API key is never part of it: only the name of the environment variable
 * that holds it on the machines that run the jobs.
 */
export const endpointModelInputSchema = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'lower-case letters, digits, ".", "_" and "-", at most 80 characters'),
  name: z.string().min(1).max(200).nullish(),
  baseUrl: z
    .string()
    .max(2000)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
    .refine((u) => !new URL(u).username && !new URL(u).password, 'must not contain credentials'),
  remoteModel: z.string().min(1).max(200),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'an environment variable name (upper case, digits, underscores)')
    .nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  topP: z.number().gt(0).max(1).nullish(),
  maxTokens: z.number().int().min(1).max(32_768).nullish(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .nullish(),
  logprobs: z.boolean().nullish(),
  imageFormat: z.enum(['png', 'jpeg']).nullish(),
  imageMaxSide: z.number().int().min(32).max(8192).nullish(),
  imageDetail: z.enum(['high', 'low', 'auto']).nullish(),
  concurrency: z.number().int().min(1).max(256).nullish(),
  requestsPerMinute: positiveOrNull,
  tokensPerMinute: positiveOrNull,
  timeoutMs: z.number().int().min(100).max(3_600_000).nullish(),
  maxRetries: z.number().int().min(0).max(10).nullish(),
  /**
   * How answers are scored: `STANDARD` (the paper's letter rule) or `EVLLM_EXACT` (parity with the authors'
   * code: gold letters A–G only, "nan" rewritten in answers). Part of the protocol configuration.
   */
  letterRule: z.enum(letterRules).nullish(),
});
export type EndpointModelInput = z.input<typeof endpointModelInputSchema>;

/** A registered endpoint model version's settings, as stored in `model_versions.config.endpoint`. */
export type EndpointModelSpec = {
  slug: string;
  name: string;
  baseUrl: string;
  remoteModel: string;
  apiKeyEnv: string | null;
  sampling: SamplingParams;
  image: ImageEncoding;
  letterRule: LetterRule;
  limits: Pick<
    EndpointSettings,
    'concurrency' | 'requestsPerMinute' | 'tokensPerMinute' | 'timeoutMs' | 'maxRetries' | 'breaker'
  >;
};

/** Fills every setting the user left out with the official protocol's value or the default limit. */
export function endpointSpecOf(input: z.output<typeof endpointModelInputSchema>): EndpointModelSpec {
  return {
    slug: input.slug,
    name: input.name ?? input.slug,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    remoteModel: input.remoteModel,
    apiKeyEnv: input.apiKeyEnv ?? null,
    sampling: {
      temperature: input.temperature ?? OFFICIAL_SAMPLING.temperature,
      topP: input.topP ?? OFFICIAL_SAMPLING.topP,
      maxTokens: input.maxTokens ?? OFFICIAL_SAMPLING.maxTokens,
      seed: input.seed === undefined ? OFFICIAL_SAMPLING.seed : input.seed,
      logprobs: input.logprobs ?? OFFICIAL_SAMPLING.logprobs,
    },
    image: {
      format: input.imageFormat ?? OFFICIAL_IMAGE_ENCODING.format,
      maxSide: input.imageMaxSide ?? OFFICIAL_IMAGE_ENCODING.maxSide,
      detail: input.imageDetail ?? OFFICIAL_IMAGE_ENCODING.detail,
      quality: OFFICIAL_IMAGE_ENCODING.quality,
    },
    letterRule: input.letterRule ?? 'STANDARD',
    limits: {
      concurrency: input.concurrency ?? DEFAULT_ENDPOINT_LIMITS.concurrency,
      requestsPerMinute: input.requestsPerMinute ?? DEFAULT_ENDPOINT_LIMITS.requestsPerMinute,
      tokensPerMinute: input.tokensPerMinute ?? DEFAULT_ENDPOINT_LIMITS.tokensPerMinute,
      timeoutMs: input.timeoutMs ?? DEFAULT_ENDPOINT_LIMITS.timeoutMs,
      maxRetries: input.maxRetries ?? DEFAULT_ENDPOINT_LIMITS.maxRetries,
      breaker: DEFAULT_ENDPOINT_LIMITS.breaker,
    },
  };
}

/**
 * The identity of an endpoint model version, in the same two hashes ONNX models use:
 * - `weightsHash`: what answers (base URL and remote model name): a different server or model is another version;
 * - `preprocessingHash`: the protocol configuration that changes answers (protocol version, prompt template,
 *   sampling parameters, image encoding). Limits (concurrency, rates, timeouts) change nothing in the answers
 *   and are not part of it, so tightening a rate limit keeps every prediction.
 */
export function endpointVersionIdentity(spec: EndpointModelSpec): {
  weightsHash: string;
  preprocessingHash: string;
  preprocessing: Record<string, unknown>;
} {
  const preprocessing = {
    protocol: GENERATIVE_PROTOCOL_VERSION,
    sampling: spec.sampling,
    image: spec.image,
  };
  return {
    weightsHash: sha256(JSON.stringify(['endpoint', spec.baseUrl, spec.remoteModel])),
    preprocessingHash: sha256(canonicalJson(preprocessing)),
    preprocessing,
  };
}

/**
 * The client settings for a spec, with the key read from the named environment variable. A missing variable is
 * reported by name, never by value.
 */
export function endpointSettingsOf(spec: EndpointModelSpec, env: NodeJS.ProcessEnv = process.env): EndpointSettings {
  let apiKey: string | null = null;
  if (spec.apiKeyEnv) {
    apiKey = env[spec.apiKeyEnv] ?? null;
    if (!apiKey) throw new Error(`environment variable ${spec.apiKeyEnv} (the API key of ${spec.slug}) is not set`);
  }
  return { baseUrl: spec.baseUrl, remoteModel: spec.remoteModel, apiKey, ...spec.limits };
}

/**
 * The protocol configuration of an endpoint model's predictions: the generative closed-VQA protocol, its prompt
 * template version and the letter rule (`EVLLM_EXACT` is a named option). Predictions are facts keyed by model
 * version and this configuration.
 */
export function generativeProtocolConfig(spec: Pick<EndpointModelSpec, 'letterRule'>) {
  return {
    protocol: 'generative' as const,
    protocolVersion: GENERATIVE_PROTOCOL_VERSION,
    config: { promptTemplate: PROMPT_TEMPLATE_VERSION, letterRule: spec.letterRule },
  };
}

/** The endpoint spec a model version stores (`config.endpoint`), or null for a version that is not an endpoint. */
export function endpointSpecOfVersion(version: { config: Record<string, unknown> | null }): EndpointModelSpec | null {
  const spec = version.config?.endpoint as EndpointModelSpec | undefined;
  if (!spec || typeof spec !== 'object') return null;
  return { ...spec, letterRule: spec.letterRule ?? 'STANDARD' };
}
