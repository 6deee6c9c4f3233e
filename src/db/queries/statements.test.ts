import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, test } from 'vitest';
import type { Db } from '../client.js';
import * as schema from '../schema/index.js';
import { nearestExactQuery, nearestHnswQuery, similarSetWhere } from './embeddings.js';
import { countQuestionsByTypeAndProtocolQuery } from './status.js';

/** A drizzle instance with no connection: builds statements for `toSQL()` only. */
const db = drizzle.mock({ schema }) as unknown as Db;

const reviewable = (query: { toSQL(): { sql: string; params: unknown[] } }) => {
  const { sql, params } = query.toSQL();
  return `${sql};\n-- params: ${JSON.stringify(params)}\n`;
};

describe('hot statements (reviewable SQL snapshots)', () => {
  const nearest = { modelVersionId: 3, dimensions: 4, vector: [0.5, -0.5, 0.25, 0], k: 20 };

  test('vector search, exact: filtered set, exclusions and minScore', async () => {
    const where = similarSetWhere({ width: { gte: 224 } }, { imageId: 7, sourceDatasetId: 2, contentHash: 'abc' });
    await expect(reviewable(nearestExactQuery(db, { ...nearest, where, minScore: 0.2 }))).toMatchFileSnapshot(
      '__snapshots__/nearest-exact.sql',
    );
  });

  test('vector search through the HNSW index', async () => {
    await expect(reviewable(nearestHnswQuery(db, nearest))).toMatchFileSnapshot('__snapshots__/nearest-hnsw.sql');
  });

  test('the vector width must be an integer (it is spliced into the cast)', () => {
    expect(() => nearestHnswQuery(db, { ...nearest, dimensions: 4.5 })).toThrow('bad vector width');
    expect(() => nearestHnswQuery(db, { ...nearest, dimensions: 0 })).toThrow('bad vector width');
  });

  test('an unrestricted search set is no condition at all', () => {
    expect(similarSetWhere(null)).toBeUndefined();
    expect(similarSetWhere({})).toBeUndefined();
  });

  test('db status: questions by type and protocol', async () => {
    await expect(reviewable(countQuestionsByTypeAndProtocolQuery(db))).toMatchFileSnapshot(
      '__snapshots__/status-question-types.sql',
    );
  });
});
