import { describe, expect, it } from 'vitest';
import { EmbeddingError } from '../errors.js';
import { checkedZeroShot, cosine, optionTexts, zeroShot } from './zero-shot.js';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('zero-shot scoring (μ-Bench contrastive protocol)', () => {
  it('is a softmax over logit_scale · cosine, argmax the choice', () => {
    // cosines 1, 0, −1 at scale 2: logits 2, 0, −2; p = e^{2}, e^{0}, e^{−2} over their sum.
    const { scores, chosenIndex } = zeroShot(v(1, 0), [v(1, 0), v(0, 1), v(-1, 0)], 2);
    const z = Math.exp(2) + 1 + Math.exp(-2);
    expect(scores[0]).toBeCloseTo(Math.exp(2) / z, 12);
    expect(scores[1]).toBeCloseTo(1 / z, 12);
    expect(scores[2]).toBeCloseTo(Math.exp(-2) / z, 12);
    expect(chosenIndex).toBe(0);
  });

  it('stays finite at CLIP scale (100) and picks the first of exact ties', () => {
    const { scores, chosenIndex } = zeroShot(v(0, 1), [v(1, 0), v(0, 1), v(0, 1)], 100);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(scores[1]).toBeCloseTo(0.5, 12);
    expect(chosenIndex).toBe(1);
    expect(scores.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('refuses NaN, infinite and zero vectors instead of scoring them (EMBEDDING_INVALID)', () => {
    const cases: [Float32Array, Float32Array[], RegExp][] = [
      [v(NaN, 0), [v(1, 0), v(0, 1)], /^the image embedding contains NaN$/],
      [v(Infinity, 0), [v(1, 0), v(0, 1)], /^the image embedding contains an infinite value$/],
      [v(0, 0), [v(1, 0), v(0, 1)], /^the image embedding is the zero vector$/],
      [v(1, 0), [v(1, 0), v(NaN, 1)], /^the embedding of option 1 contains NaN$/],
      [v(1, 0), [v(0, 0), v(0, 1)], /^the embedding of option 0 is the zero vector$/],
    ];
    for (const [image, options, message] of cases) {
      expect(() => zeroShot(image, options, 100)).toThrow(message);
      const result = checkedZeroShot(image, options, 100);
      expect(result).toBeInstanceOf(EmbeddingError);
      expect(result).toMatchObject({ code: 'EMBEDDING_INVALID', message: expect.stringMatching(message) });
    }
    expect(checkedZeroShot(v(1, 0), [v(1, 0), v(0, 1)], 100)).toMatchObject({ chosenIndex: 0 });
  });

  it('rejects empty caption sets and mismatched widths', () => {
    expect(() => zeroShot(v(1), [], 1)).toThrow('a caption set needs at least one option');
    expect(() => cosine(v(1, 0), v(1))).toThrow('vector widths differ: 2 vs 1');
  });

  it('compares captions as released, and cognition as question + " " + option', () => {
    expect(
      optionTexts({ type: 'modality', protocol: 'caption', text: 'A {class}.', options: ['A x.', 'A y.'] }),
    ).toEqual(['A x.', 'A y.']);
    expect(optionTexts({ type: 'cognition', protocol: 'vqa', text: 'Why?', options: ['a', 'b'] })).toEqual([
      'Why? a',
      'Why? b',
    ]);
  });
});
