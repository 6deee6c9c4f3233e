import type { Db } from '../db/client.js';
import {
  countQuestions as countMatching,
  listQuestions,
  meanChanceOfQuestions,
  type QuestionQuery,
  type QuestionRow,
} from '../db/queries/images.js';

export type { QuestionRow };

/** Which questions: those of the images a filter selects, optionally of one type and protocol. */
export type QuestionScope = Omit<QuestionQuery, 'limit' | 'afterId'>;

/** One page of a scope's questions in id order after `afterId`, and whether another page follows. */
export async function questionPage(
  db: Db,
  scope: QuestionScope & { afterId?: number | undefined; first: number },
): Promise<{ rows: QuestionRow[]; hasNextPage: boolean }> {
  const { first, ...query } = scope;
  const rows = await listQuestions(db, { ...query, limit: first + 1 });
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** How many questions the scope holds. */
export function countQuestions(db: Db, scope: QuestionScope): Promise<number> {
  return countMatching(db, scope);
}

/** The uniform-guess accuracy over the scope's questions (mean of 1 / options); null when it has none. */
export function chanceOfQuestions(db: Db, scope: QuestionScope): Promise<number | null> {
  return meanChanceOfQuestions(db, scope);
}
