import { EVLLM_SCORED_LETTERS, chosenIndexOfOutput, isCorrectGenerative, type LetterRule } from './letter-rule.js';
import { EndpointError, type EndpointClient } from './client.js';
import type { EndpointModelSpec } from './endpoint-model.js';
import { buildChatRequest, encodeImage, type EncodedImage } from './protocol.js';

/** One closed-VQA question as the generative protocol needs it. */
export type GenerativeQuestion = {
  id: number;
  imageId: number;
  text: string;
  options: string[];
  answerIndex: number;
};

/** What one question's call produced: the answer and its audit trail, or the reason it failed. */
export type GenerativeAnswer = {
  questionId: number;
  status: 'ok' | 'failed';
  /** The raw answer text, exactly as the endpoint returned it. */
  rawOutput: string | null;
  /** The option the answer names (first lettered option found, else a leading letter), for display. */
  chosenIndex: number | null;
  /** The official letter rule (`isCorrectGenerative`); null when the call failed. */
  isCorrect: boolean | null;
  requestId: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  cached: boolean;
  /** `CODE: message` of a failed call. */
  error: string | null;
  /** Whether asking again later may succeed (rate limits, timeouts, 5xx, an unreadable image store). */
  retryable: boolean;
};

/**
 * Answers questions through one endpoint, concurrently up to the client's limits, and scores each answer with
 * the official letter rule. Each image is read and encoded once however many of its questions are asked.
 * Never throws for one question's failure: a failed call or an unreadable image is a failed answer with its
 * code and whether it is retryable; the other questions go on.
 */
export async function answerQuestions(
  client: EndpointClient,
  spec: EndpointModelSpec,
  questions: readonly GenerativeQuestion[],
  readImage: (imageId: number) => Promise<Uint8Array>,
  rule: LetterRule = 'STANDARD',
): Promise<GenerativeAnswer[]> {
  const images = new Map<number, Promise<EncodedImage>>();
  const imageOf = (imageId: number) => {
    let encoded = images.get(imageId);
    if (!encoded) {
      encoded = readImage(imageId).then((bytes) => encodeImage(bytes, spec.image));
      images.set(imageId, encoded);
    }
    return encoded;
  };
  return Promise.all(
    questions.map(async (q): Promise<GenerativeAnswer> => {
      const failed = (error: string, retryable: boolean): GenerativeAnswer => ({
        questionId: q.id,
        status: 'failed',
        rawOutput: null,
        chosenIndex: null,
        isCorrect: null,
        requestId: null,
        promptTokens: null,
        completionTokens: null,
        latencyMs: null,
        cached: false,
        error,
        retryable,
      });
      // Exact parity scores gold letters A–G only (eVLLM's scorer): an H question has no parity answer, so it is
      // not asked at all.
      if (rule === 'EVLLM_EXACT' && q.answerIndex >= EVLLM_SCORED_LETTERS) {
        return failed('PARITY_UNSCORABLE: EVLLM_EXACT scores gold letters A–G only', false);
      }
      let image: EncodedImage;
      try {
        image = await imageOf(q.imageId);
      } catch (error) {
        return failed(`IMAGE_UNAVAILABLE: ${(error as Error).message}`, true);
      }
      const body = buildChatRequest({
        remoteModel: spec.remoteModel,
        question: q.text,
        options: q.options,
        image,
        detail: spec.image.detail,
        sampling: spec.sampling,
      });
      try {
        const out = await client.complete(body);
        return {
          questionId: q.id,
          status: 'ok',
          rawOutput: out.text,
          chosenIndex: chosenIndexOfOutput(out.text, q.options),
          isCorrect: isCorrectGenerative(out.text, q.options, q.answerIndex, rule),
          requestId: out.requestId,
          promptTokens: out.promptTokens,
          completionTokens: out.completionTokens,
          latencyMs: out.latencyMs,
          cached: out.cached,
          error: null,
          retryable: false,
        };
      } catch (error) {
        if (error instanceof EndpointError) return failed(`${error.code}: ${error.message}`, error.retryable);
        throw error;
      }
    }),
  );
}
