import { describe, expect, it } from 'vitest';
import {
  argmax,
  buildPrompt,
  chosenIndexOfOutput,
  evllmReplaceNan,
  isCorrectGenerative,
  letteredOptions,
  letterRules,
} from './letter-rule.js';

const options = ['lymphocyte', 'basophil', 'neutrophil', 'none of the above'];

describe('buildPrompt (eVLLM, ubench-corpus.md §3.3)', () => {
  it('builds the prompt byte for byte', () => {
    expect(buildPrompt('Which cell type is shown?', options)).toBe(
      'Answer with a single letter, no extra details.\nQuestion:Which cell type is shown?\n' +
        'A) lymphocyte\nB) basophil\nC) neutrophil\nD) none of the above',
    );
  });
  it('letters at most 8 options', () => {
    expect(letteredOptions(['x', 'y'])).toEqual(['A) x', 'B) y']);
    expect(() => letteredOptions(Array.from({ length: 9 }, (_, i) => `o${i}`))).toThrow(
      new RangeError('at most 8 options can be lettered, got 9'),
    );
    expect(letteredOptions(Array.from({ length: 8 }, (_, i) => `o${i}`)).at(-1)).toBe('H) o7');
  });
});

describe('isCorrectGenerative (check_prediction)', () => {
  const gold = 1; // "B) basophil"
  it.each([
    ['B', true, 'bare gold letter'],
    ['B) basophil', true, 'lettered gold option'],
    ['B.', true, 'first character is the gold letter'],
    ['The answer is B) basophil.', true, 'lettered gold option inside a sentence'],
    ['The answer is B', false, 'letter inside a sentence without the lettered option'],
    ['b', false, 'lower-case letter (first test is case-sensitive, so is the first character)'],
    ['b) basophil', false, 'lower-case lettered option'],
    ['B) Basophil', true, 'starts with B even though the option text case differs'],
    ['Answer: B) basophil', true, 'prefix before the lettered option'],
    ['', false, 'empty output'],
    [' B', false, 'leading space: first character is not the letter'],
    ['A) lymphocyte', false, 'another option'],
    ['basophil', false, 'gold option text without its letter ("b" is not "B")'],
    ['Basophil', true, 'capitalised option text: its first character happens to be the gold letter'],
  ])('%j → %s (%s)', (output, expected) => {
    expect(isCorrectGenerative(output, options, gold)).toBe(expected);
  });
  it('an option text containing another letter marker does not confuse the rule', () => {
    const tricky = ['type A) cells', 'type B cells', 'none of the above'];
    // Output quotes option A's text, which itself contains "A)"; gold is option 1 ("B) type B cells").
    expect(isCorrectGenerative('A) type A) cells', tricky, 1)).toBe(false);
    expect(isCorrectGenerative('I pick B) type B cells', tricky, 1)).toBe(true);
    // Gold option A: "A) type A) cells" must appear in full; "type A) cells" alone is not enough.
    expect(isCorrectGenerative('type A) cells', tricky, 0)).toBe(false);
    expect(isCorrectGenerative('Answer: A) type A) cells', tricky, 0)).toBe(true);
  });
  it('rejects an answer index outside the options', () => {
    expect(() => isCorrectGenerative('A', options, 4)).toThrow(new RangeError('answer index 4 outside the 4 options'));
    expect(() => isCorrectGenerative('A', options, -1)).toThrow(RangeError);
    expect(() => isCorrectGenerative('A', options, 1.5)).toThrow(RangeError);
    expect(isCorrectGenerative('A', options, 0)).toBe(true);
    expect(isCorrectGenerative('D', options, 3)).toBe(true);
  });
});

describe('chosenIndexOfOutput and argmax', () => {
  it('finds the first lettered option, else a leading letter, else null', () => {
    expect(chosenIndexOfOutput('I think C) neutrophil, not B) basophil', options)).toBe(2);
    expect(chosenIndexOfOutput('D', options)).toBe(3);
    expect(chosenIndexOfOutput('E', options)).toBeNull();
    expect(chosenIndexOfOutput('no idea', options)).toBeNull();
    // a lettered option at the very start, a leading A, an empty output
    expect(chosenIndexOfOutput('A) lymphocyte', options)).toBe(0);
    expect(chosenIndexOfOutput('B) basophil or A) lymphocyte', options)).toBe(1);
    expect(chosenIndexOfOutput('A) lymphocyte or B) basophil', options)).toBe(0);
    expect(chosenIndexOfOutput('A', options)).toBe(0);
    expect(chosenIndexOfOutput('', options)).toBeNull();
  });
  it('takes the first maximum and refuses non-finite scores', () => {
    expect(argmax([0.1, 0.7, 0.7, 0.2])).toBe(1);
    expect(argmax([])).toBeNull();
    expect(argmax([0.1, Number.NaN])).toBeNull();
    expect(argmax([Number.POSITIVE_INFINITY])).toBeNull();
    expect(argmax([-1, -2])).toBe(0);
    expect(argmax([-2, -1])).toBe(1);
    expect(argmax([0.5])).toBe(0);
  });
});

describe('EVLLM_EXACT parity (eVLLM eval_utils.py: replace_nan, then check_prediction)', () => {
  const opts = ['benign', 'normal', 'in situ', 'malignant'];
  it('rewrites "nan" in the answer before scoring, as eVLLM does', () => {
    expect(evllmReplaceNan('The answer is D) malignant')).toBe('The answer is D) malignp.nant');
    expect(evllmReplaceNan('banana nanan')).toBe('banp.nana np.nanan');
    expect(evllmReplaceNan('NaN Nan')).toBe('NaN Nan');
    expect(isCorrectGenerative('The answer is D) malignant', opts, 3)).toBe(true);
    expect(isCorrectGenerative('The answer is D) malignant', opts, 3, 'EVLLM_EXACT')).toBe(false);
    // the first-character test is unaffected
    expect(isCorrectGenerative('D) malignant', opts, 3, 'EVLLM_EXACT')).toBe(true);
    expect(isCorrectGenerative('The answer is B) normal', opts, 1, 'EVLLM_EXACT')).toBe(true);
    expect(isCorrectGenerative('The answer is B) normal', opts, 1, 'STANDARD')).toBe(true);
    expect(isCorrectGenerative('', opts, 0, 'EVLLM_EXACT')).toBe(false);
  });
  it('scores gold letters A–G only; H has no parity answer', () => {
    const eight = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect(isCorrectGenerative('H', eight, 7)).toBe(true);
    expect(() => isCorrectGenerative('H', eight, 7, 'EVLLM_EXACT')).toThrow(
      new RangeError('EVLLM_EXACT: eVLLM scores gold letters A–G only; gold option H has no parity answer'),
    );
    expect(isCorrectGenerative('G', eight, 6, 'EVLLM_EXACT')).toBe(true);
    expect(isCorrectGenerative('F', eight, 6, 'EVLLM_EXACT')).toBe(false);
  });
  it('lists both rules', () => {
    expect(letterRules).toEqual(['STANDARD', 'EVLLM_EXACT']);
  });
});
