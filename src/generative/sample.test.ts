import { describe, expect, it } from 'vitest';
import { sampleRank, stratifiedAccuracy, stratifiedSample } from './sample.js';

const corpus = Array.from({ length: 300 }, (_, i) => ({ questionId: i + 1, cell: ['a', 'b', 'c'][i % 3]! }));

describe('stratifiedSample', () => {
  it('takes perCell questions from every cell (all of a smaller cell)', () => {
    const items = [...corpus, { questionId: 1000, cell: 'tiny' }];
    const chosen = stratifiedSample(items, 7, 42);
    const counts = Object.fromEntries(
      ['a', 'b', 'c', 'tiny'].map((c) => [c, chosen.filter((x) => x.cell === c).length]),
    );
    expect(counts).toEqual({ a: 7, b: 7, c: 7, tiny: 1 });
  });

  it('is repeatable for a seed, independent of row order, and differs across seeds', () => {
    const ids = (xs: { questionId: number }[]) => xs.map((x) => x.questionId);
    const once = ids(stratifiedSample(corpus, 5, 7));
    expect(ids(stratifiedSample([...corpus].reverse(), 5, 7))).toEqual(once);
    expect(ids(stratifiedSample(corpus, 5, 8))).not.toEqual(once);
  });

  it('a larger sample keeps every question of a smaller one; a new question only affects its own cell', () => {
    const small = new Set(stratifiedSample(corpus, 4, 3).map((x) => x.questionId));
    const large = new Set(stratifiedSample(corpus, 9, 3).map((x) => x.questionId));
    for (const id of small) expect(large.has(id)).toBe(true);
    const grown = stratifiedSample([...corpus, { questionId: 5000, cell: 'a' }], 4, 3);
    const before = stratifiedSample(corpus, 4, 3);
    expect(grown.filter((x) => x.cell !== 'a')).toEqual(before.filter((x) => x.cell !== 'a'));
  });

  it('ranks by sha256 of "seed:questionId"', () => {
    // int(hashlib.sha256(b'42:1').hexdigest()[:12], 16) in Python
    expect(sampleRank(42, 1)).toBe(4251888718461);
    expect(() => stratifiedSample(corpus, 0, 1)).toThrow(RangeError);
  });
});

describe('stratifiedAccuracy', () => {
  it('weights cells by population with the finite-population correction (hand-computed)', () => {
    // W = (.25, .75); p = .25·.7 + .75·.4 = .475;
    // Var = .25²·.9·.21/9 + .75²·(29/30)·.24/9 = .0158125; ±1.959964·√Var
    const r = stratifiedAccuracy([
      { population: 100, n: 10, correct: 7 },
      { population: 300, n: 10, correct: 4 },
    ]);
    expect(r.estimate).toBeCloseTo(0.475, 14);
    expect(r.low).toBeCloseTo(0.2285389126003339, 12);
    expect(r.high).toBeCloseTo(0.7214610873996661, 12);
    expect(r.coveredPopulation).toBe(400);
  });

  it('a fully enumerated cell adds no variance; unanswered cells are left out and reported', () => {
    // cells: 3 of 10 answered (2 correct) and 10 of 10 (all correct): p = .5·2/3 + .5·1; Var = .25·.7·(2/9)/2
    const r = stratifiedAccuracy([
      { population: 10, n: 3, correct: 2 },
      { population: 10, n: 10, correct: 10 },
      { population: 50, n: 0, correct: 0 },
    ]);
    expect(r.estimate).toBeCloseTo(0.8333333333333333, 14);
    const half = 1.959963984540054 * Math.sqrt(0.01944444444444444);
    expect(r.low).toBeCloseTo(0.8333333333333333 - half, 12);
    expect(r.high).toBe(Math.min(1, 0.8333333333333333 + half));
    expect(r.coveredPopulation).toBe(20);
    expect(stratifiedAccuracy([{ population: 5, n: 0, correct: 0 }]).estimate).toBeNull();
  });
});
