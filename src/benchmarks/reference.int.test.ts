import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceResults } from '../db/schema/index.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { referenceResultsOf, referenceRows, referenceVersion, syncReferenceTables } from './reference.js';
import { ubenchTable1 } from './ubench/reference.js';

describe(`reference tables are versioned and upserted (${testDriver})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('an edited table reaches a database seeded with an older version: figures updated, stale rows removed', async () => {
    // what an earlier build left behind: an older figure, a model since dropped, no version
    await t.db.insert(referenceResults).values([
      { source: ubenchTable1.source, model: 'GPT-4o', split: 'coarse', accuracy: 60, plusMinus: 1, rank: 1 },
      { source: ubenchTable1.source, model: 'Dropped', split: 'fine', accuracy: 99, plusMinus: 1, rank: 1 },
    ]);
    const rows = await referenceResultsOf(t.db);
    expect(rows).toHaveLength(36);
    expect(rows.find((r) => r.model === 'Dropped')).toBeUndefined();
    expect(rows.find((r) => r.model === 'GPT-4o' && r.split === 'coarse')).toEqual({
      source: 'ubench-paper-table1',
      model: 'GPT-4o',
      split: 'coarse',
      accuracy: expect.closeTo(62.68, 4),
      plusMinus: expect.closeTo(0.35, 4),
      rank: 1,
    });
    const versions = await t.query<{ version: string }>('select distinct version from reference_results');
    expect(versions).toEqual([{ version: referenceVersion(ubenchTable1) }]);
    // in sync: a second synchronisation writes nothing
    t.counter.reset();
    await syncReferenceTables(t.db);
    expect(t.counter.count).toBe(0);
  });

  it('ranks each split by its own accuracy (ties share the better rank)', async () => {
    const fine = await referenceResultsOf(t.db, 'fine');
    expect(fine.slice(0, 4).map((r) => [r.model, r.rank])).toEqual([
      ['GPT-4o', 1],
      ['BiomedCLIP', 2],
      ['CONCH', 3],
      ['ALIGN', 4],
    ]);
    const cognition = await referenceResultsOf(t.db, 'cognition');
    expect(cognition.slice(0, 4).map((r) => [r.model, r.rank])).toEqual([
      ['GPT-4o', 1],
      ['CogVLM', 2],
      ['QwenVLM', 2],
      ['OpenCLIP', 4],
    ]);
  });

  it('changes the version whenever a figure changes', () => {
    const edited = {
      ...ubenchTable1,
      rows: ubenchTable1.rows.map((r, i) =>
        i ? r : { ...r, figures: { ...r.figures, fine: [51.74, 0.82] as const } },
      ),
    };
    expect(referenceVersion(edited)).not.toBe(referenceVersion(ubenchTable1));
    expect(referenceRows(edited).find((r) => r.model === 'GPT-4o' && r.split === 'fine')?.accuracy).toBe(51.74);
  });
});
