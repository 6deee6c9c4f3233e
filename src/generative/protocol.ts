import { sharpInput } from '../store/image-limits.js';
import { sha256 } from '../hash.js';
import { buildPrompt } from './letter-rule.js';

/**
 * The μ-Bench closed-VQA protocol for generative models, as the authors' evaluation code (eVLLM) runs it against
 * the OpenAI API (`GptApi.call_gpt`), recorded with every run under this version:
 *
 * - one user message, no system prompt; its content is the text part first, then the image part;
 * - the text is `buildPrompt(question, options)` (`"Answer with a single letter, no extra details.\nQuestion:" +
 *   question + "\n" + "A) opt0\nB) opt1…"`);
 * - the image is the released image converted to 8-bit RGB (PIL `convert("RGB")`) and sent as a PNG data URL
 *   with `detail: "high"`;
 * - sampling as eVLLM's defaults: temperature 1, top_p 1, max_tokens 2048, seed 0, n 1, no streaming.
 *
 * Deliberate, named differences (each part of the protocol configuration, so predictions made under different
 * settings never mix): the image may be downscaled to `maxSide` or sent as JPEG (`image` settings); sampling
 * parameters may be overridden; eVLLM also asks for `logprobs` (top 10) to report confidences, which many
 * OpenAI-compatible servers do not implement: off by default, since scoring does not use it.
 */
export const GENERATIVE_PROTOCOL_VERSION = 'ubench-generative/1';

/**
 * The prompt template (eVLLM's closed-VQA prompt and `add_alphabet` lettering, `buildPrompt`), recorded with every
 * generative run (`runs.prompt_template`) and in its protocol configuration.
 */
export const PROMPT_TEMPLATE_VERSION = 'evllm-closed-vqa/1';

export type SamplingParams = {
  temperature: number;
  topP: number;
  maxTokens: number;
  seed: number | null;
  logprobs: boolean;
};

/** eVLLM `GptApi.call_gpt` defaults. */
export const OFFICIAL_SAMPLING: SamplingParams = { temperature: 1, topP: 1, maxTokens: 2048, seed: 0, logprobs: false };

export type ImageEncoding = {
  format: 'png' | 'jpeg';
  /** Longest side in pixels after downscaling (aspect kept, never enlarged); null sends the original size. */
  maxSide: number | null;
  /** OpenAI's `detail` hint; eVLLM sends "high". */
  detail: 'high' | 'low' | 'auto';
  /** JPEG quality (1–100), used only for `format: 'jpeg'`. */
  quality: number;
};

export const OFFICIAL_IMAGE_ENCODING: ImageEncoding = { format: 'png', maxSide: null, detail: 'high', quality: 90 };

export type EncodedImage = { dataUrl: string; width: number; height: number; byteSize: number };

/**
 * Encodes released image bytes for the request: decoded (EXIF orientation is not applied, as PIL's `open` does
 * not), reduced to 8-bit RGB (alpha dropped, greyscale expanded to three channels), downscaled to fit
 * `maxSide` if set, and written as PNG or JPEG.
 *
 * Note: PIL's `convert("RGB")` of a 16-bit greyscale image clips each value at 255; sharp rescales 16-bit to 8-bit.
 * The μ-Bench release stores 8-bit images, so this matters only for corpora with 16-bit images.
 */
export async function encodeImage(bytes: Uint8Array, encoding: ImageEncoding): Promise<EncodedImage> {
  let pipeline = sharpInput(bytes).toColourspace('srgb').removeAlpha();
  if (encoding.maxSide != null) {
    pipeline = pipeline.resize(encoding.maxSide, encoding.maxSide, { fit: 'inside', withoutEnlargement: true });
  }
  const out =
    encoding.format === 'png'
      ? await pipeline.png().toBuffer({ resolveWithObject: true })
      : await pipeline.jpeg({ quality: encoding.quality }).toBuffer({ resolveWithObject: true });
  const mime = encoding.format === 'png' ? 'image/png' : 'image/jpeg';
  return {
    dataUrl: `data:${mime};base64,${out.data.toString('base64')}`,
    width: out.info.width,
    height: out.info.height,
    byteSize: out.data.length,
  };
}

export type ChatContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail: ImageEncoding['detail'] } };

/** The exact Chat Completions request body sent for one question. */
export type ChatRequestBody = {
  model: string;
  messages: { role: 'user'; content: ChatContentPart[] }[];
  temperature: number;
  top_p: number;
  max_tokens: number;
  seed?: number;
  n: 1;
  stream: false;
  logprobs?: true;
  top_logprobs?: number;
};

/** Builds the request body for one closed-VQA question (see `GENERATIVE_PROTOCOL_VERSION`). */
export function buildChatRequest(input: {
  remoteModel: string;
  question: string;
  options: readonly string[];
  image: EncodedImage;
  detail: ImageEncoding['detail'];
  sampling: SamplingParams;
}): ChatRequestBody {
  const { sampling } = input;
  return {
    model: input.remoteModel,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: buildPrompt(input.question, input.options) },
          { type: 'image_url', image_url: { url: input.image.dataUrl, detail: input.detail } },
        ],
      },
    ],
    temperature: sampling.temperature,
    top_p: sampling.topP,
    max_tokens: sampling.maxTokens,
    ...(sampling.seed != null ? { seed: sampling.seed } : {}),
    n: 1,
    stream: false,
    ...(sampling.logprobs ? { logprobs: true as const, top_logprobs: 10 } : {}),
  };
}

/**
 * The parts the response cache key is made of, kept beside each cached answer for inspection: the sha256 of the
 * sampling parameters, of the prompt text and of the encoded image (its data URL).
 */
export function responseCacheParts(body: ChatRequestBody): {
  parametersHash: string;
  promptHash: string;
  imageSha256: string;
} {
  const { messages, ...parameters } = body;
  const parts = messages.flatMap((m) => m.content);
  const text = parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
  const image = parts.map((p) => (p.type === 'image_url' ? p.image_url.url : '')).join('');
  return { parametersHash: sha256(JSON.stringify(parameters)), promptHash: sha256(text), imageSha256: sha256(image) };
}

/**
 * Key of a response in the response cache: sha256 over the endpoint identity (base URL and remote model) and the
 * request body with the image replaced by the sha256 of its encoded bytes, so equal requests share one answer.
 */
export function responseCacheKey(baseUrl: string, body: ChatRequestBody): string {
  const hashed = {
    ...body,
    messages: body.messages.map((m) => ({
      ...m,
      content: m.content.map((part) =>
        part.type === 'image_url'
          ? { ...part, image_url: { ...part.image_url, url: sha256(part.image_url.url) } }
          : part,
      ),
    })),
  };
  return sha256(JSON.stringify([baseUrl.replace(/\/+$/, ''), hashed]));
}
