import { afterAll, beforeAll, expect, test } from 'vitest';
import * as s from '../db/schema/index.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories } from '../test-utils/factories.js';
import { createTestServer } from './testing.js';
import { taxonomyCacheFor } from '../loaders/taxonomy-cache.js';

let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;

/** 510 images, each with every taxonomy value set (cycling through several values per axis) and two questions. */
beforeAll(async () => {
  db = await createTestDb();
  t = await createTestServer(db);
  const f = factories(db.db);
  const revision = await f.defaultRevision();
  const pick = async <T>(n: number, make: (i: number) => Promise<T>) => {
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(await make(i));
    return out;
  };
  const domains = await pick(3, () => f.newDomain());
  const subdomains = await pick(6, (i) => f.newSubdomain({ domainId: domains[i % 3]!.id }));
  const modalities = await pick(3, () => f.newModality());
  const submodalities = await pick(6, (i) => f.newSubmodality({ modalityId: modalities[i % 3]!.id }));
  const stains = await pick(7, () => f.newStain());
  const organisms = await pick(5, () => f.newOrganism());
  const scales = await pick(3, () => f.newScale());
  const groups = await pick(3, () => f.newTaxonomyGroup());
  const tasks = await pick(4, (i) => f.newTask({ taxonomyGroupId: groups[i % 3]!.id }));
  const datasets = await pick(8, (i) => f.newSourceDataset({ taskId: tasks[i % 4]!.id }));
  await f.newImageSet({ sourceDatasetIds: [datasets[0]!.id, datasets[1]!.id] });
  await f.newImageSet({ sourceDatasetIds: [datasets[1]!.id, datasets[2]!.id] });
  const rows = Array.from({ length: 510 }, (_, i) => ({
    benchmarkId: revision.benchmarkId,
    revisionId: revision.id,
    sourceImageId: `bulk-${i}`,
    contentHash: (i + 1).toString(16).padStart(64, 'a'),
    byteSize: 1000,
    mimeType: 'image/png',
    width: 224,
    height: 224,
    channels: 3,
    bitDepth: 8,
    labelNames: [`class ${i % 9}`],
    synthetic: i % 10 === 0,
    split: 'test',
    sourceFile: 'bulk.arrow',
    sourceRow: i,
    domainId: subdomains[i % 6]!.domainId,
    subdomainId: subdomains[i % 6]!.id,
    modalityId: submodalities[i % 6]!.modalityId,
    submodalityId: submodalities[i % 6]!.id,
    stainId: stains[i % 7]!.id,
    organismId: organisms[i % 5]!.id,
    scaleId: scales[i % 3]!.id,
    sourceDatasetId: datasets[i % 8]!.id,
  }));
  const inserted = await db.db.insert(s.images).values(rows).returning({ id: s.images.id });
  await db.db.insert(s.questions).values(
    inserted.flatMap(({ id }) => [
      {
        imageId: id,
        key: 'modality',
        type: 'modality' as const,
        protocol: 'vqa' as const,
        text: 'Which?',
        options: ['a', 'b'],
        answerIndex: 1,
      },
      {
        imageId: id,
        key: 'stain_0',
        type: 'stain' as const,
        protocol: 'caption' as const,
        template: 0,
        text: 'A {class} image',
        options: ['x', 'y'],
        answerIndex: 0,
      },
    ]),
  );
});
afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

const PAGE_WITH_EVERYTHING = `query ($first: Int!) {
  images(first: $first) {
    totalCount
    edges {
      cursor
      node {
        id sourceImageId url thumbnailUrl width height labelNames synthetic
        benchmark { slug revisions { revision } }
        domain { slug name subdomains { slug } }
        subdomain { slug domain { slug } }
        modality { slug name }
        submodality { slug modality { slug } }
        stain { slug name }
        organism { slug ncbitaxonId }
        scale { slug rank }
        sourceDataset { slug task { slug taxonomyGroup { slug } } scale { slug } }
        task { slug }
        taxonomyGroup { slug }
        imageSets { slug }
        provenance { file row revision { revision status } }
        questions { key type protocol options answerIndex }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Bench workload A's selection: every taxonomy relation of each image. */
const PAGE_WITH_TAXONOMY = `query ($first: Int!) {
  images(first: $first) {
    edges { node {
      id sourceImageId width height micronsPerPixel labelNames normalAbnormal synthetic license
      domain { id slug name } subdomain { id slug name } modality { id slug name } submodality { id slug name }
      stain { id slug name } organism { id slug name ncbitaxonId } scale { id slug name }
      sourceDataset { id slug name } task { id slug name } taxonomyGroup { id slug name }
      benchmark { id slug } imageSets { id slug }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

test('a page with every taxonomy relation is one statement on a warm taxonomy cache, two on a cold one, at any size', async () => {
  const cache = taxonomyCacheFor(db);
  await cache.whenLive();
  const statementsFor = async (first: number) => {
    db.counter.reset();
    const result = await t.exec(PAGE_WITH_TAXONOMY, { first });
    expect(result.errors).toBeUndefined();
    type Node = { stain: { slug: string }; taxonomyGroup: { slug: string }; imageSets: { slug: string }[] };
    const edges = (result.data as { images: { edges: { node: Node }[] } }).images.edges;
    expect(edges).toHaveLength(first);
    expect(edges.every((e) => e.node.stain.slug && e.node.taxonomyGroup.slug)).toBe(true);
    // Datasets 0–2 are in image sets (dataset 1 in both).
    expect(edges.some((e) => e.node.imageSets.length === 2)).toBe(true);
    return db.counter.statements.slice();
  };
  for (const first of [5, 500]) {
    cache.invalidate();
    const cold = await statementsFor(first);
    expect(cold).toHaveLength(2);
    const warm = await statementsFor(first);
    expect(warm).toHaveLength(1);
    expect(warm[0]).toMatch(/from "images"/);
  }
});

test('a page of 500 images with every field costs the same number of statements as a page of 5', async () => {
  await taxonomyCacheFor(db).whenLive();
  const statementsFor = async (first: number) => {
    db.counter.reset();
    const result = await t.exec(PAGE_WITH_EVERYTHING, { first });
    expect(result.errors).toBeUndefined();
    const edges = (result.data as { images: { edges: { node: { stain: unknown; questions: unknown[] } }[] } }).images
      .edges;
    expect(edges).toHaveLength(first);
    expect(edges.every((e) => e.node.stain && e.node.questions.length === 2)).toBe(true);
    return db.counter.statements.slice();
  };
  await statementsFor(5); // warms the taxonomy cache
  const small = await statementsFor(5);
  const large = await statementsFor(500);
  expect(large.length).toBe(small.length);
  // One statement per loader batch, not per image: the page, the count, benchmark revisions, the children of
  // domains (subdomains), provenance revisions, questions; every taxonomy relation comes from the cache.
  expect(small.length).toBe(6);
});

test('imageCount on a taxonomy list costs one grouped statement per list, not one per value', async () => {
  db.counter.reset();
  const result = await t.exec(`{
    stains { slug imageCount(filter: { synthetic: false }) }
    organisms { slug imageCount(filter: { synthetic: false }) }
    domains { slug imageCount }
  }`);
  expect(result.errors).toBeUndefined();
  const counts = db.counter.statements.filter((q) => q.includes('count(*)'));
  // 15 values in 3 lists: 3 list queries plus at most one grouped count per list (lists resolved in the same
  // tick share one statement per filter, as on PGlite; a pooled PostgreSQL may resolve them a tick apart).
  expect(counts.length).toBeGreaterThanOrEqual(2);
  expect(counts.length).toBeLessThanOrEqual(3);
  expect(db.counter.count).toBe(3 + counts.length);
});

test('ties on the order key break by id, stably across pages', async () => {
  // Every bulk image is 224 px wide: the order is by id alone, in both directions.
  const walk = async (orderBy: string) => {
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const r = (await t.exec(
        `query ($after: String, $orderBy: ImageOrderBy) { images(first: 97, after: $after, orderBy: $orderBy) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after, orderBy },
      )) as { data: { images: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
      seen.push(...r.data.images.nodes.map((n) => Number(n.id)));
      if (!r.data.images.pageInfo.hasNextPage) return seen;
      after = r.data.images.pageInfo.endCursor;
    }
  };
  const asc = await walk('WIDTH_ASC');
  expect(asc).toHaveLength(510);
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  const desc = await walk('WIDTH_DESC');
  expect(desc).toEqual([...asc].reverse());
});
