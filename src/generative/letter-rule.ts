/**
 * The official generative protocol of μ-Bench (eVLLM, ubench-corpus.md §3.3): options are lettered A–H, the
 * prompt is built exactly as the eVLLM code builds it, and an output is correct iff the lettered gold option
 * string (e.g. "B) basophil") is a substring of it (case-sensitive) or its first character is the gold letter.
 */

export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

/** The instruction line that opens every prompt. */
export const PROMPT_PREFIX = 'Answer with a single letter, no extra details.';

/** "A) opt0", "B) opt1", … (eVLLM `add_alphabet`); at most 8 options. */
export function letteredOptions(options: readonly string[]): string[] {
  if (options.length > OPTION_LETTERS.length) {
    throw new RangeError(`at most ${OPTION_LETTERS.length} options can be lettered, got ${options.length}`);
  }
  return options.map((o, i) => `${OPTION_LETTERS[i]}) ${o}`);
}

/**
 * The prompt, byte for byte as eVLLM builds it:
 * `"Answer with a single letter, no extra details." + "\n" + "Question:" + question + "\n" + "\n".join(lettered)`.
 * Note there is no space after "Question:".
 */
export function buildPrompt(question: string, options: readonly string[]): string {
  return PROMPT_PREFIX + '\n' + 'Question:' + question + '\n' + letteredOptions(options).join('\n');
}

/**
 * How a generative output is scored.
 * - `STANDARD` (the default): eVLLM's `check_prediction` as the paper describes it, applied to the output as the
 *   model wrote it, for every option the prompt letters (A–H).
 * - `EVLLM_EXACT`: byte-for-byte parity with the authors' code (eVLLM `eval_utils.py`, `get_results` →
 *   `replace_nan` → `check_prediction`), which differs in two places (docs/statistics.md, "Letter rule"):
 *   1. before scoring, every "nan" in the model's answer is rewritten to "np.nan" (Python `str.replace`, left to
 *      right, non-overlapping), so "The answer is D) malignant" becomes "… D) malignp.nant" and no longer
 *      contains "D) malignant";
 *   2. the gold letter is looked up in A–G only: a question whose gold option is the 8th (H) raises an
 *      `IndexError` there; here it throws a RangeError, since no parity answer exists.
 */
export const letterRules = ['STANDARD', 'EVLLM_EXACT'] as const;
export type LetterRule = (typeof letterRules)[number];

/** Letters eVLLM's `check_prediction` can score (its prompt letters A–H, its scorer A–G). */
export const EVLLM_SCORED_LETTERS = 7;

/**
 * `check_prediction`: correct iff `"<L>) <gold option>"` occurs in the output (case-sensitive), or the output's
 * first character is the gold letter L (also case-sensitive: "b" does not count for "B"). Empty output is wrong.
 * `rule` selects exact parity with the authors' code (see `LetterRule`).
 */
export function isCorrectGenerative(
  output: string,
  options: readonly string[],
  answerIndex: number,
  rule: LetterRule = 'STANDARD',
): boolean {
  if (!Number.isInteger(answerIndex) || answerIndex < 0 || answerIndex >= options.length) {
    throw new RangeError(`answer index ${answerIndex} outside the ${options.length} options`);
  }
  const lettered = letteredOptions(options)[answerIndex]!;
  let text = output;
  if (rule === 'EVLLM_EXACT') {
    if (answerIndex >= EVLLM_SCORED_LETTERS) {
      throw new RangeError(
        `EVLLM_EXACT: eVLLM scores gold letters A–G only; gold option ${OPTION_LETTERS[answerIndex]} has no parity answer`,
      );
    }
    text = evllmReplaceNan(output);
  }
  if (text.includes(lettered)) return true;
  return text.length > 0 && text[0] === OPTION_LETTERS[answerIndex];
}

/** eVLLM's `replace_nan` on the answer text: Python `s.replace("nan", "np.nan")` (all, left to right). */
export function evllmReplaceNan(text: string): string {
  return text.split('nan').join('np.nan');
}

/**
 * The option a generative output most plausibly chose, for display only (scoring uses `isCorrectGenerative`):
 * the first lettered option string found, else a leading letter, else null.
 */
export function chosenIndexOfOutput(output: string, options: readonly string[]): number | null {
  const lettered = letteredOptions(options);
  let best: { index: number; at: number } | null = null;
  lettered.forEach((l, index) => {
    const at = output.indexOf(l);
    if (at >= 0 && (best === null || at < best.at)) best = { index, at };
  });
  if (best) return (best as { index: number }).index;
  const first = OPTION_LETTERS.indexOf(output[0] as (typeof OPTION_LETTERS)[number]);
  return first >= 0 && first < options.length ? first : null;
}

/** Argmax of per-option scores (first maximum wins ties); null for an empty or non-finite list. */
export function argmax(scores: readonly number[]): number | null {
  let best = -1;
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) return null;
    if (best < 0 || scores[i]! > scores[best]!) best = i;
  }
  return best < 0 ? null : best;
}
