import { benjaminiHochberg, mcnemarExact, type PairedCounts } from './paired.js';

/**
 * Standard competition ranks ("1224") of scores, higher first: rank_i = 1 + #{j : s_j > s_i}. Equal scores share
 * the best rank of their run and the next distinct score skips the shared places (41, 41, 38 → 1, 1, 3).
 * Returned in input order. Throws on a non-finite score (a rank of NaN has no meaning).
 */
export function competitionRanks(scores: readonly number[]): number[] {
  for (const s of scores) {
    if (!Number.isFinite(s)) throw new RangeError(`cannot rank a non-finite score: ${s}`);
  }
  return scores.map((s) => 1 + scores.filter((o) => o > s).length);
}

/** One paired comparison between the models at positions `a` < `b` of a ranked list. */
export type RankedPair = { a: number; b: number; counts: PairedCounts };

/** A paired comparison with its exact McNemar p-value and its Benjamini–Hochberg adjustment over the family. */
export type TestedPair = RankedPair & { pValue: number; adjustedPValue: number };

/**
 * Exact McNemar test (`mcnemarExact`) on each pair's discordant counts, then Benjamini–Hochberg over all of
 * them as one family (`benjaminiHochberg`), in input order. Callers pass every pair of every list they rank
 * together, so the false discovery rate holds over everything they report.
 */
export function testPairs<T extends RankedPair>(pairs: readonly T[]): (T & TestedPair)[] {
  const pValues = pairs.map((p) => mcnemarExact(p.counts.n10, p.counts.n01));
  const adjusted = benjaminiHochberg(pValues);
  return pairs.map((p, i) => ({ ...p, pValue: pValues[i]!, adjustedPValue: adjusted[i]! }));
}

/** Significance level of the tie-group rule. */
export const TIE_ALPHA = 0.05;

/**
 * Tie groups of `size` models listed in rank order (best first), from paired tests between them.
 *
 * Rule: the first model not yet in a group heads a new group; the models after it join that group, in rank
 * order, as long as each one is *not* separable from the head (its BH-adjusted paired p-value against the head
 * is above `alpha`); the first model that is separable from the head closes the group and heads the next one.
 *
 * Invariants: groups are numbered 1, 2, … in rank order and are contiguous runs of the ranked list (group
 * numbers never decrease along it); group 1 holds the leader; a model is in its head's group only if no model
 * between them is separable from that head; a missing pair counts as not separable (p = 1: no evidence).
 */
export function tieGroups(
  size: number,
  pairs: readonly { a: number; b: number; adjustedPValue: number }[],
  alpha = TIE_ALPHA,
): number[] {
  const p = new Map<string, number>();
  for (const pair of pairs) {
    const [a, b] = pair.a < pair.b ? [pair.a, pair.b] : [pair.b, pair.a];
    p.set(`${a},${b}`, pair.adjustedPValue);
  }
  const groups = new Array<number>(size);
  let group = 0;
  let head = -1;
  for (let i = 0; i < size; i++) {
    if (head < 0 || (p.get(`${head},${i}`) ?? 1) <= alpha) {
      head = i;
      group++;
    }
    groups[i] = group;
  }
  return groups;
}
