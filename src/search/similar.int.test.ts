import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbedderPool } from '../embeddings/embedder-pool.js';
import { EmbeddingError } from '../errors.js';
import { EmbeddingService } from '../embeddings/service.js';
import { loadEmbeddingSettings, type EmbeddingSettings } from '../embeddings/settings.js';
import { colourPng, createColourCorpus, type ColourCorpus } from '../test-utils/embeddings.js';
import { cosine } from '../predictions/zero-shot.js';
import { registerModel } from '../embeddings/registry.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';
import { eq, sql } from 'drizzle-orm';
import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import { images } from '../db/schema/index.js';
import {
  exactSearch,
  exactSearchQuery,
  similarSetWhere,
  wholeCorpusSearch,
  wholeCorpusSearchQuery,
} from '../db/queries/search.js';
import { similarImages, type SearchDeps } from './similar.js';

describe(`similarImages (${testDriver})`, () => {
  let t: TestDb;
  let corpus: ColourCorpus;
  let version: ModelVersionRow;
  let base: SearchDeps;
  beforeAll(async () => {
    t = await createTestDb();
    corpus = await createColourCorpus(t.db, 12, { corrupt: true });
    const dir = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-search-')));
    version = (await registerModel(t, { dir, slug: 'tiny' })).version;
    const settings = loadEmbeddingSettings({});
    base = { handle: t, embeddings: new EmbeddingService(t, corpus.store, new EmbedderPool()), settings };
  });
  afterAll(async () => t?.destroy());

  const withSettings = (s: Partial<EmbeddingSettings>): SearchDeps => ({
    ...base,
    settings: { ...base.settings, ...s },
  });

  /** Brute-force expected ranking over the given images: cosine with the query, ties by id. */
  async function bruteForce(query: Float32Array, ids: number[], k: number) {
    const vectors = await base.embeddings.imageEmbeddings(version, ids);
    return ids
      .map((imageId, i) => ({ imageId, score: cosine(query, vectors[i] as Float32Array) }))
      .sort((a, b) => b.score - a.score || a.imageId - b.imageId)
      .slice(0, k);
  }
  const readable = () => corpus.images.filter((i) => i.colour);
  const round = (hits: { imageId: number; score: number }[]) =>
    hits.map((h) => ({ imageId: h.imageId, score: Number(h.score.toFixed(5)) }));

  it('finds images by text, computing the missing vectors of the set first; exact scores exposed', async () => {
    const result = await similarImages(base, { version, to: { text: 'red' }, k: 5 });
    expect(result).toMatchObject({ method: 'exact', candidates: 13, embeddedNow: 12, unembeddable: 1 });
    const [query] = await base.embeddings.textEmbeddings(version, ['red']);
    const expected = await bruteForce(
      query!,
      readable().map((i) => i.id),
      5,
    );
    expect(round(result.hits)).toEqual(round(expected));
    const colourOf = new Map(corpus.images.map((i) => [i.id, i.colour]));
    expect(result.hits.slice(0, 4).map((h) => colourOf.get(h.imageId))).toEqual(['red', 'red', 'red', 'red']);
  });

  it('returns k hits under a filter (never fewer when k exist), only from the filtered set', async () => {
    const inB = readable().filter((i) => i.dataset === 'b');
    const result = await similarImages(base, {
      version,
      to: { text: 'blue' },
      filter: { sourceDataset: { in: [corpus.datasets.b] } },
      k: 4,
    });
    const [query] = await base.embeddings.textEmbeddings(version, ['blue']);
    expect(round(result.hits)).toEqual(
      round(
        await bruteForce(
          query!,
          inB.map((i) => i.id),
          4,
        ),
      ),
    );
    expect(result.hits).toHaveLength(4);
    const all = await similarImages(base, {
      version,
      to: { text: 'blue' },
      filter: { sourceDataset: { in: [corpus.datasets.b] } },
      k: 50,
    });
    expect(all.hits).toHaveLength(inB.length);
  });

  it('searches by image (excluding itself) and can exclude its source dataset; minScore cuts', async () => {
    const red = readable().find((i) => i.colour === 'red' && i.dataset === 'a')!;
    const near = await similarImages(base, { version, to: { imageId: red.id }, k: 3 });
    expect(near.hits.map((h) => h.imageId)).not.toContain(red.id);
    const [q] = await base.embeddings.imageEmbeddings(version, [red.id]);
    const others = readable().filter((i) => i.id !== red.id);
    expect(round(near.hits)).toEqual(
      round(
        await bruteForce(
          q as Float32Array,
          others.map((i) => i.id),
          3,
        ),
      ),
    );

    const cross = await similarImages(base, { version, to: { imageId: red.id }, k: 3, excludeSameSource: true });
    const inA = new Set(corpus.images.filter((i) => i.dataset === 'a').map((i) => i.id));
    expect(cross.hits).toHaveLength(3);
    expect(cross.hits.some((h) => inA.has(h.imageId))).toBe(false);

    const close = await similarImages(base, { version, to: { imageId: red.id }, k: 50, minScore: 0.99 });
    expect(close.hits.length).toBeGreaterThan(0);
    expect(close.hits.every((h) => h.score >= 0.99)).toBe(true);
    expect(close.hits.length).toBeLessThan(others.length);
  });

  it('searches by uploaded bytes without storing them', async () => {
    const result = await similarImages(base, { version, to: { upload: await colourPng('green', 3) }, k: 2 });
    const colourOf = new Map(corpus.images.map((i) => [i.id, i.colour]));
    expect(result.hits.map((h) => colourOf.get(h.imageId))).toEqual(['green', 'green']);
    await expect(
      similarImages(base, { version, to: { upload: new TextEncoder().encode('nope') }, k: 2 }),
    ).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
  });

  it('uses the HNSW index only unfiltered and large, with the same answer here', async () => {
    const hnsw = withSettings({ searchHnswMinRows: 1 });
    const viaIndex = await similarImages(hnsw, { version, to: { text: 'green' }, k: 5 });
    expect(viaIndex.method).toBe('hnsw');
    const exact = await similarImages(base, { version, to: { text: 'green' }, k: 5 });
    expect(round(viaIndex.hits)).toEqual(round(exact.hits));
    const filtered = await similarImages(hnsw, {
      version,
      to: { text: 'green' },
      k: 5,
      filter: { sourceDataset: { in: [corpus.datasets.a] } },
    });
    expect(filtered.method).toBe('exact');
  });

  it('bounds k and refuses to embed more than the inline limit in a request', async () => {
    await expect(similarImages(base, { version, to: { text: 'red' }, k: 0 })).rejects.toThrow();
    await expect(similarImages(base, { version, to: { text: 'red' }, k: 201 })).rejects.toThrow();
    const other = (
      await registerModel(t, {
        dir: await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-s2-')), { dim: 12 }),
        slug: 'wide',
      })
    ).version;
    const err = await similarImages(withSettings({ searchInlineEmbedLimit: 3 }), {
      version: other,
      to: { text: 'red' },
      k: 5,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingError);
    expect(err).toMatchObject({
      code: 'EMBEDDING_UNAVAILABLE',
      message:
        '13 of the 13 images in the filter have no wide embedding yet (more than 3 to compute in a request); run `stratum embed --model wide`',
    });
  });

  it('searches in ONE statement once its query vector is known: filtered (exact) and whole corpus (HNSW)', async () => {
    // An unreadable image is retried by every search that covers it; leave it out here so only the search runs.
    const corrupt = corpus.images.find((i) => !i.colour)!;
    await t.db.delete(images).where(eq(images.id, corrupt.id));
    const upload = await colourPng('blue', 5);
    const hnsw = withSettings({ searchHnswMinRows: 1 });
    const runs: { deps: SearchDeps; filter: ImageFilterSpec | null; method: 'exact' | 'hnsw' }[] = [
      { deps: base, filter: { sourceDataset: { in: [corpus.datasets.b] } }, method: 'exact' },
      { deps: base, filter: { stain: { isNull: true }, not: { ids: [corpus.images[0]!.id] } }, method: 'exact' },
      { deps: hnsw, filter: null, method: 'hnsw' },
      { deps: base, filter: null, method: 'exact' },
    ];
    for (const run of runs) {
      await similarImages(run.deps, { version, to: { upload }, k: 3, filter: run.filter });
      t.counter.reset();
      const result = await similarImages(run.deps, { version, to: { upload }, k: 3, filter: run.filter });
      expect(result.method).toBe(run.method);
      expect(t.counter.statements).toHaveLength(1);
    }
    // An image target: its stored vector is one read (the embedding service), then one search statement.
    const red = readable().find((i) => i.colour === 'red')!;
    t.counter.reset();
    const byImage = await similarImages(base, { version, to: { imageId: red.id }, k: 3, excludeSameSource: true });
    expect(byImage.hits).toHaveLength(3);
    expect(t.counter.statements).toHaveLength(2);
  });

  it("reads the version's HNSW index for a whole-corpus search, and answers as the exact ranking here", async () => {
    await similarImages(base, { version, to: { text: 'red' }, k: 1 }); // every readable image embedded
    const [query] = await base.embeddings.textEmbeddings(version, ['red']);
    const nearest = { modelVersionId: version.id, dimensions: version.dimensions!, vector: query!, k: 5 };
    // A 13-row table is cheaper to sort than to walk an index: the planner takes the index once sorting costs more.
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_sort = off`);
      return tx.execute(sql`explain ${wholeCorpusSearchQuery({ ...nearest, minIndexed: 1, efSearch: 40 })}`);
    });
    const lines = ((plan as { rows?: unknown[] }).rows ?? plan) as Record<string, string>[];
    expect(lines.map((r) => Object.values(r)[0]).join('\n')).toContain(`image_embeddings_hnsw_v${version.id}`);
    const viaIndex = await wholeCorpusSearch(t.db, { ...nearest, minIndexed: 1, efSearch: 40 });
    const exact = await exactSearch(t.db, nearest);
    expect(viaIndex).toMatchObject({ indexed: true, missing: exact.missing, total: exact.total });
    expect(round(viaIndex.hits)).toEqual(round(exact.hits));
    const below = await wholeCorpusSearch(t.db, { ...nearest, minIndexed: 1_000_000, efSearch: 40 });
    expect(below.indexed).toBe(false);
    expect(below.hits).toEqual(exact.hits);
  });

  it('plans the filtered exact search without parallel workers, even where parallel plans are free', async () => {
    // A Gather under the branch a one-time filter skips still starts its workers (tens of ms per search).
    // (PGlite has no parallel workers: there the test only checks the statement plans.)
    const [query] = await base.embeddings.textEmbeddings(version, ['red']);
    const nearest = { modelVersionId: version.id, dimensions: version.dimensions!, vector: query!, k: 5 };
    const where = similarSetWhere({ filter: { width: { gte: 1 } } });
    const plan = await t.db.transaction(async (tx) => {
      for (const s of ['parallel_setup_cost = 0', 'parallel_tuple_cost = 0', 'min_parallel_table_scan_size = 0'])
        await tx.execute(sql.raw(`set local ${s}`));
      await tx.execute(sql`set local enable_indexscan = off`); // leaves scans the planner could split
      return tx.execute(sql`explain ${exactSearchQuery({ ...nearest, where })}`);
    });
    const lines = ((plan as { rows?: unknown[] }).rows ?? plan) as Record<string, string>[];
    const text = lines.map((r) => Object.values(r)[0]).join('\n');
    expect(text).toContain('Seq Scan on images'); // the plan was read, and has scans a worker could take
    expect(text).not.toMatch(/Gather|Parallel/);
  });

  it('answers the same whether the filtered ids drive the search (small set) or a join does (large set)', async () => {
    await similarImages(base, { version, to: { text: 'blue' }, k: 1 }); // every readable image embedded
    await t.query('analyze image_embeddings'); // the statement compares the set's size with the table's estimate
    const small = readable().slice(0, 2);
    const [query] = await base.embeddings.textEmbeddings(version, ['blue']);
    for (const ids of [small.map((i) => i.id), readable().map((i) => i.id)]) {
      const found = await similarImages(base, { version, to: { text: 'blue' }, k: 5, filter: { ids } });
      expect(found.candidates).toBe(ids.length);
      expect(round(found.hits)).toEqual(round(await bruteForce(query!, ids, 5)));
    }
  });
});
