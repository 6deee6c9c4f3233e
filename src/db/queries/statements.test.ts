import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import type { Db } from '../client.js';
import * as schema from '../schema/index.js';
import { exactSearchQuery, similarSetWhere, wholeCorpusSearchQuery } from './search.js';
import { countQuestionsByTypeAndProtocolQuery } from './status.js';

/** A drizzle instance with no connection: builds statements for `toSQL()` only. */
const db = drizzle.mock({ schema }) as unknown as Db;

const reviewable = (query: { toSQL(): { sql: string; params: unknown[] } }) => {
  const { sql, params } = query.toSQL();
  return `${sql};\n-- params: ${JSON.stringify(params)}\n`;
};

describe('hot statements (reviewable SQL snapshots)', () => {
  const nearest = { modelVersionId: 3, dimensions: 4, vector: [0.5, -0.5, 0.25, 0], k: 20 };

  const statement = (fragment: SQL) => reviewable({ toSQL: () => new PgDialect().sqlToQuery(fragment) });

  test('vector search, exact: filtered set, exclusions and minScore, one statement', async () => {
    const where = similarSetWhere({ filter: { width: { gte: 224 } }, excludeImageId: 7, excludeSourceOf: 7 });
    await expect(statement(exactSearchQuery({ ...nearest, where, minScore: 0.2 }))).toMatchFileSnapshot(
      '__snapshots__/nearest-exact.sql',
    );
  });

  test('vector search over the whole corpus: HNSW index above a size, else exact, one statement', async () => {
    await expect(
      statement(wholeCorpusSearchQuery({ ...nearest, excludeImageId: 7, minIndexed: 50_000, efSearch: 100 })),
    ).toMatchFileSnapshot('__snapshots__/nearest-hnsw.sql');
  });

  test('the vector width, version id and k must be integers (they are spliced into the statement)', () => {
    expect(() => exactSearchQuery({ ...nearest, dimensions: 4.5 })).toThrow('bad vector width');
    expect(() => exactSearchQuery({ ...nearest, dimensions: 0 })).toThrow('bad vector width');
    expect(() => exactSearchQuery({ ...nearest, modelVersionId: 1.5 })).toThrow('bad model version id');
    expect(() => exactSearchQuery({ ...nearest, k: 0 })).toThrow('bad k');
  });

  test('an unrestricted search set is no condition at all', () => {
    expect(similarSetWhere({})).toBeUndefined();
    expect(similarSetWhere({ filter: {} })).toBeUndefined();
  });

  test('db status: questions by type and protocol', async () => {
    await expect(reviewable(countQuestionsByTypeAndProtocolQuery(db))).toMatchFileSnapshot(
      '__snapshots__/status-question-types.sql',
    );
  });
});
