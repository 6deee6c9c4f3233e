import { createHash } from 'node:crypto';

/**
 * Stratified sampling of questions, for estimating an expensive model's accuracy from a few calls per cell.
 *
 * Selection is by seeded rank: each question's rank is the first 48 bits of sha256(`seed:questionId`), and a
 * cell keeps its `perCell` lowest-ranked questions. So a sample is a pure function of (questions, cells,
 * perCell, seed): repeatable, independent of row order, and stable as the corpus grows (a new question only
 * displaces others in its own cell if it ranks lower). Raising `perCell` keeps every question already chosen,
 * so a larger sample only adds calls.
 */
export function stratifiedSample<T extends { questionId: number; cell: string }>(
  items: readonly T[],
  perCell: number,
  seed: number,
): T[] {
  if (!Number.isInteger(perCell) || perCell < 1) throw new RangeError('perCell must be a positive integer');
  const byCell = new Map<string, { item: T; rank: number }[]>();
  for (const item of items) {
    const list = byCell.get(item.cell) ?? [];
    list.push({ item, rank: sampleRank(seed, item.questionId) });
    byCell.set(item.cell, list);
  }
  const chosen: T[] = [];
  for (const list of byCell.values()) {
    list.sort((a, b) => a.rank - b.rank || a.item.questionId - b.item.questionId);
    for (const { item } of list.slice(0, perCell)) chosen.push(item);
  }
  return chosen.sort((a, b) => a.questionId - b.questionId);
}

/** The seeded rank of a question (an integer in [0, 2^48)). */
export function sampleRank(seed: number, questionId: number): number {
  return createHash('sha256').update(`${seed}:${questionId}`).digest().readUIntBE(0, 6);
}

export type SampledCell = {
  /** Questions in the cell's population (the scope), sampled or not. */
  population: number;
  /** Questions answered in the sample. */
  n: number;
  correct: number;
};

/**
 * The stratified estimate of accuracy over cells sampled independently, with a normal 95 % interval:
 *
 *   p̂ = Σ_h W_h p̂_h,  W_h = N_h / N,  p̂_h = c_h / n_h
 *   Var(p̂) = Σ_h W_h² (1 − n_h / N_h) p̂_h (1 − p̂_h) / (n_h − 1)      (finite-population correction)
 *
 * A fully enumerated cell (n_h = N_h) contributes no variance. Cells with no answered question contribute no
 * estimate: the result then covers only the answered cells' population (`coveredPopulation`), and says so.
 * Cells with n_h = 1 use n_h in the denominator (no unbiased variance exists). Bounds are clipped to [0, 1].
 */
export function stratifiedAccuracy(
  cells: readonly SampledCell[],
  z = 1.959963984540054,
): { estimate: number | null; low: number | null; high: number | null; coveredPopulation: number } {
  const answered = cells.filter((c) => c.n > 0);
  const total = answered.reduce((s, c) => s + c.population, 0);
  if (!answered.length || total === 0) return { estimate: null, low: null, high: null, coveredPopulation: 0 };
  let estimate = 0;
  let variance = 0;
  for (const c of answered) {
    if (c.n > c.population) throw new RangeError('a cell cannot answer more questions than it holds');
    const w = c.population / total;
    const p = c.correct / c.n;
    estimate += w * p;
    const fpc = 1 - c.n / c.population;
    variance += (w * w * fpc * p * (1 - p)) / Math.max(1, c.n - 1);
  }
  const half = z * Math.sqrt(variance);
  return {
    estimate,
    low: Math.max(0, estimate - half),
    high: Math.min(1, estimate + half),
    coveredPopulation: total,
  };
}
